-- Pandoc filter for intake: a submitted Word or Markdown file → structured,
-- inert Markdown for docs/reports/ (see scripts/intake/convert.py).
--
-- Pass 1 (structure): hand-made headings become headings, the document title
-- is taken out, heading levels start at 2 (the page title is level 1), table
-- cells become single lines.
-- Pass 2 (trust): code, raw HTML/TeX and maths become plain text; links keep
-- only http(s)/mailto targets; only images extracted from the Word file stay;
-- every Markdown/HTML/Jinja-significant character of the text is written as
-- a numeric entity, so no submitted text can become syntax or a template.
-- What the filter did is written as JSON to the path in metadata intake-report.

local stringify = pandoc.utils.stringify
local report = { title = "", promoted = 0, links_removed = 0, images_removed = 0, raw_as_text = 0,
                 code_as_text = 0, tables = 0, images = 0, footnotes = 0, alt_generated = 0 }

-- ---------------------------------------------------------------- helpers

local CN_DIGITS = {}
for _, c in utf8.codes("零〇一二三四五六七八九十百") do CN_DIGITS[c] = true end
local IDEO_COMMA, FW_OPEN, FW_CLOSE = utf8.codepoint("、"), utf8.codepoint("（"), utf8.codepoint("）")
local FW_DOT = utf8.codepoint("．")

local function codepoints(text)
  local out = {}
  for _, c in utf8.codes(text) do out[#out + 1] = c end
  return out
end

local function is_digit(c) return c >= 48 and c <= 57 end

-- Heading level implied by a leading 公文-style number, or nil:
-- 一、 → 1 · （一） → 2 · 1. 1． 1、 → 3 · （1） → 4
local function numbering_level(text)
  local cps = codepoints(text)
  local i = 1
  local open = cps[1] == FW_OPEN or cps[1] == 40
  if open then i = 2 end
  local j, cn, digits = i, false, false
  while cps[j] and (CN_DIGITS[cps[j]] or is_digit(cps[j])) do
    if CN_DIGITS[cps[j]] then cn = true else digits = true end
    j = j + 1
  end
  if j == i or (cn and digits) or not cps[j] then return nil end
  local mark = cps[j]
  if open then
    if mark ~= FW_CLOSE and mark ~= 41 then return nil end
    return cn and 2 or 4
  end
  if cn and mark == IDEO_COMMA then return 1 end
  if digits and (mark == 46 or mark == FW_DOT or mark == IDEO_COMMA) and not (cps[j + 1] and is_digit(cps[j + 1])) then
    return 3
  end
  return nil
end

local function length(text) return utf8.len(text) or #text end

local function ends_like_sentence(text)
  return text:match("。%s*$") or text:match("；%s*$") or text:match("，%s*$") or text:match("：%s*$")
end

local function heading_like(text)
  return length(text) > 0 and length(text) <= 40 and not text:find("。", 1, true) and not ends_like_sentence(text)
end

local function bold_only(inlines)
  local strong = false
  for _, el in ipairs(inlines) do
    if el.t == "Strong" then
      strong = true
    elseif el.t ~= "Space" and el.t ~= "SoftBreak" and el.t ~= "LineBreak" then
      if stringify(el):match("%S") then return false end
    end
  end
  return strong
end

local function is_annex_label(text)
  return text:sub(1, #"附件") == "附件" and length(text) <= 30 and not text:find("。", 1, true)
end

-- The level a hand-made heading paragraph deserves, or nil for a paragraph.
local function handmade_level(para)
  local words = para.content:walk({ Note = function() return {} end })
  local text = stringify(words):gsub("^%s+", ""):gsub("%s+$", "")
  if not heading_like(text) then return nil end
  if is_annex_label(text) then return 1 end
  local level = numbering_level(text)
  if level then return level end
  if bold_only(para.content) then return 1 end
  return nil
end

-- ---------------------------------------------------------- pass 1: shape

local one_line = {
  SoftBreak = function() return pandoc.Space() end,
  LineBreak = function() return pandoc.Space() end,
  Note = function(note) return pandoc.Str("（" .. stringify(note.content) .. "）") end,
}

-- A list in a cell keeps its numbering when the cell becomes one line:
-- “1. 第一项 2. 第二项”, “· 要点甲 · 要点乙”.
local function marker(list, n)
  if list.t == "BulletList" then return "·" end
  local start, style = list.start or 1, list.style
  local k = start + n - 1
  if style == "LowerAlpha" or style == "UpperAlpha" then
    local letter = string.char(96 + ((k - 1) % 26) + 1)
    return (style == "UpperAlpha" and letter:upper() or letter) .. "."
  end
  return tostring(k) .. "."
end

local function inline_list(list)
  local out = pandoc.Inlines({})
  for n, item in ipairs(list.content) do
    if #out > 0 then out:insert(pandoc.Space()) end
    out:insert(pandoc.Str(marker(list, n)))
    out:insert(pandoc.Space())
    out:extend(pandoc.utils.blocks_to_inlines(item, { pandoc.Space() }))
  end
  return pandoc.Plain(out)
end

local cell_lists = { OrderedList = inline_list, BulletList = inline_list }

local function flatten_cell(cell)
  local blocks = cell.contents:walk(cell_lists)
  if #blocks == 1 and (blocks[1].t == "Plain" or blocks[1].t == "Para") then
    cell.contents = { pandoc.Plain(blocks[1].content:walk(one_line)) }
  elseif #blocks > 0 then
    cell.contents = { pandoc.Plain(pandoc.utils.blocks_to_inlines(blocks, { pandoc.Space() }):walk(one_line)) }
  end
  -- pipe tables cannot span: the text stays in the first cell
  cell.row_span, cell.col_span = 1, 1
  return cell
end

local function flatten_table(tbl)
  report.tables = report.tables + 1
  local function rows(list)
    for _, row in ipairs(list) do
      for k, cell in ipairs(row.cells) do row.cells[k] = flatten_cell(cell) end
    end
  end
  rows(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do rows(body.head); rows(body.body) end
  rows(tbl.foot.rows)
  tbl.caption = { long = {}, short = nil }
  return tbl
end

local function take_title(doc)
  local title = doc.meta.title and stringify(doc.meta.title) or ""
  doc.meta.title = nil
  if title ~= "" then return title end
  local first = doc.blocks[1]
  if not first or (first.t ~= "Header" and first.t ~= "Para") then return "" end
  -- a footnote on the title is kept as a line of the body, not dropped with the title
  local notes = pandoc.List()
  local words = first.content:walk({ Note = function(note) notes:insert(note); return {} end })
  local text = stringify(words):gsub("^%s+", ""):gsub("%s+$", "")
  if heading_like(text) and not numbering_level(text) and not is_annex_label(text) and length(text) <= 50 then
    doc.blocks:remove(1)
    for n = #notes, 1, -1 do
      doc.blocks:insert(1, pandoc.Para(pandoc.Inlines("〔标题注：" .. stringify(notes[n].content) .. "〕")))
    end
    return text
  end
  return ""
end

-- Text, or something without text worth keeping (a pasted picture, a note).
local function has_content(inlines)
  if stringify(inlines):match("%S") then return true end
  for _, el in ipairs(inlines) do
    if el.t == "Image" or el.t == "Note" then return true end
  end
  return false
end

-- Manual line breaks (Shift+Enter) used as paragraph ends: one Para each.
local function split_lines(para)
  local out, current = pandoc.List(), pandoc.Inlines({})
  for _, el in ipairs(para.content) do
    if el.t == "LineBreak" then
      if has_content(current) then out:insert(pandoc.Para(current)) end
      current = pandoc.Inlines({})
    else
      current:insert(el)
    end
  end
  if has_content(current) then out:insert(pandoc.Para(current)) end
  return out
end

local function shape(doc)
  local blocks = pandoc.Blocks({})
  for _, top in ipairs(doc.blocks) do
    for _, block in ipairs(top.t == "Para" and split_lines(top) or { top }) do
      if block.t == "Para" then
        local level = handmade_level(block)
        if level then
          report.promoted = report.promoted + 1
          block = pandoc.Header(level, block.content)
        end
      end
      blocks:insert(block)
    end
  end
  doc.blocks = blocks
  report.title = take_title(doc)
  local min = 7
  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" and block.level < min then min = block.level end
  end
  doc.blocks = doc.blocks:walk({
    Header = function(h)
      h.level = math.min(6, h.level - min + 2)
      h.identifier, h.classes, h.attributes = "", {}, {}
      -- a heading keeps its words and footnotes, not the submitter's bold or colours
      local notes = pandoc.Inlines({})
      local words = h.content:walk({ Note = function(note) notes:insert(note); return {} end })
      h.content = pandoc.Inlines(stringify(words)) .. notes
      return h
    end,
    Table = flatten_table,
  })
  return doc
end

-- ---------------------------------------------------------- pass 2: trust

-- Characters with a meaning in Markdown, HTML or Jinja: written as entities.
local SPECIAL = "[%&%<%>%{%}%\\%`%*%_%[%]%|%~%^%$%@%#%!%\"%']"

local function entity(ch) return string.format("&#%d;", string.byte(ch)) end

local function inert(text)
  if not text:find(SPECIAL) then return nil end
  local out = pandoc.List()
  local last = 1
  for pos, ch in text:gmatch("()(" .. SPECIAL .. ")") do
    if pos > last then out:insert(pandoc.Str(text:sub(last, pos - 1))) end
    out:insert(pandoc.RawInline("markdown", entity(ch)))
    last = pos + 1
  end
  if last <= #text then out:insert(pandoc.Str(text:sub(last))) end
  return out
end

local function text_inlines(text)
  local out = pandoc.List()
  local first = true
  for line in (text .. "\n"):gmatch("(.-)\r?\n") do
    if not first then out:insert(pandoc.Space()) end
    out:insert(pandoc.Str(line))
    first = false
  end
  return out
end

local SAFE_URL = { "^https?://", "^mailto:" }

local function safe_url(url)
  for _, pattern in ipairs(SAFE_URL) do
    if url:lower():match(pattern) then
      -- characters that could end the destination or start markup
      return (url:gsub("[%s%(%)%<%>%{%}%[%]\"'`\\|%^]", function(c) return string.format("%%%02X", string.byte(c)) end))
    end
  end
  return nil
end

local extracted = {}   -- image sources that came out of the Word file itself

local trust = {
  Code = function(el) report.code_as_text = report.code_as_text + 1; return pandoc.Str(el.text) end,
  CodeBlock = function(el) report.code_as_text = report.code_as_text + 1; return pandoc.Para(text_inlines(el.text)) end,
  RawInline = function(el)
    report.raw_as_text = report.raw_as_text + 1
    return pandoc.Str(el.text)
  end,
  RawBlock = function(el)
    report.raw_as_text = report.raw_as_text + 1
    return pandoc.Para(text_inlines(el.text))
  end,
  Math = function(el) return pandoc.Str(el.text) end,
  Note = function(el) report.footnotes = report.footnotes + 1 end,
  Link = function(el)
    local url = safe_url(el.target)
    if not url then
      report.links_removed = report.links_removed + 1
      return el.content
    end
    -- a Span stops the writer from using <url> autolink syntax
    return pandoc.Link({ pandoc.Span(el.content) }, url, "")
  end,
  Image = function(el)
    if not extracted[el.src] then
      report.images_removed = report.images_removed + 1
      local alt = stringify(el.caption)
      return pandoc.Str("〔图片" .. (alt ~= "" and "：" .. alt or "") .. "〕")
    end
    report.images = report.images + 1
    el.title, el.attr = "", pandoc.Attr()
    if not stringify(el.caption):match("%S") then
      -- a pasted picture has no alt text: without one it is unnamed for screen readers and the 汇编
      report.alt_generated = report.alt_generated + 1
      el.caption = { pandoc.Str("图" .. report.images) }
    end
    return el
  end,
  Div = function(el) return el.content end,
  Span = function(el)
    if #el.classes == 0 and #el.attributes == 0 and el.identifier == "" then return nil end
    return el.content
  end,
}

local escape = {
  Str = function(el) return inert(el.text) end,
}

local function write_report(doc)
  local path = doc.meta["intake-report"] and stringify(doc.meta["intake-report"]) or ""
  doc.meta["intake-report"] = nil
  doc.meta["intake-media"] = nil
  if path ~= "" then
    local handle = assert(io.open(path, "w"))
    handle:write(pandoc.json.encode(report))
    handle:close()
  end
  return doc
end

return {
  { Pandoc = function(doc)
      -- Word media live under media/ inside the package; Markdown brings none.
      if doc.meta["intake-media"] and stringify(doc.meta["intake-media"]) == "docx" then
        doc:walk({ Image = function(img)
          if img.src:match("^media/") then extracted[img.src] = true end
        end })
      end
      return shape(doc)
    end },
  trust,
  escape,
  { Pandoc = write_report },
}
