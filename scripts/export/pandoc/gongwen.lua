-- Pandoc filter for the 公文 layout, shared by the DOCX and Typst outputs.
-- Each function is one small transformation of the document tree; the
-- passes at the end say in which order they run.

local is_typst = FORMAT:match("typst") ~= nil
local stringify = pandoc.utils.stringify

-- --- full-width punctuation (Typst) -------------------------------------

-- Full-width punctuation keeps its whole cell, so every line holds exactly
-- chars_per_line characters. Typst would squeeze a mark at the start or end
-- of a line and between two marks (clreq 3.1.6), and has no switch for it.
-- An empty box after each closing mark, and before each opening one, ends the
-- text there: no two marks are shaped together, and a line ends (or starts)
-- with the box, not the mark. A word joiner (in a text of its own, so that it
-- stays out of the mark's copied text) keeps mark and box together. Ending the
-- text costs the mark its tracking, which the box gives back in the body; table
-- text has none (gongwen.typ). A show rule in gongwen.typ boxing each mark
-- did the same at twice the cost of the rest of the compilation.
local WORD_JOINER = utf8.char(0x2060)
local JOINER = "#text(fill: black)[" .. WORD_JOINER .. "]"

local function held_marks(box, joiner)
  local marks = {}
  for _, code in utf8.codes("，。、；：？！）》”’】〕") do
    marks[utf8.char(code)] = utf8.char(code) .. joiner .. box
  end
  for _, code in utf8.codes("（《“‘【〔") do
    marks[utf8.char(code)] = box .. joiner .. utf8.char(code)
  end
  return marks
end

local HELD_MARKS = held_marks("#box(width: tracking);", JOINER)
local TABLE_MARKS = held_marks("#box();", JOINER)
-- a heading's text is also its PDF bookmark, which would show the joiner; a
-- heading is a line or two, where the box alone holds the mark (see above)
local HEADING_MARKS = held_marks("#box(width: tracking);", "")

-- Plain text as Typst markup: every ASCII mark escaped (a backslash before any
-- character but a space is that character), every full-width mark held in its
-- cell, without a pandoc.write per piece.
local function typst_text(text, marks)
  return (text:gsub("%p", "\\%0"):gsub(utf8.charpattern, marks or HELD_MARKS))
end

local function holds_a_mark(text)
  for mark in pairs(HELD_MARKS) do
    if text:find(mark, 1, true) then return true end
  end
  return false
end

local function cells_filter(marks)
  return {Str = function(str)
    if holds_a_mark(str.text) then return pandoc.RawInline("typst", typst_text(str.text, marks)) end
    return nil
  end}
end

local full_cells = cells_filter(HELD_MARKS)
local heading_cells = cells_filter(HEADING_MARKS)

local function typst_inlines(inlines)
  local doc = pandoc.Pandoc({pandoc.Plain(inlines)}):walk(full_cells)
  return pandoc.write(doc, "typst"):gsub("%s+$", "")
end

local function chars(text)
  local list = {}
  for _, code in utf8.codes(text) do
    list[#list + 1] = utf8.char(code)
  end
  return list
end

-- Width of text in full-width cells: CJK and full-width marks 1, ASCII ½.
-- Symbols of East Asian ambiguous width (≥ ≤ ± × ° ‰ — … “ ”) take a full
-- cell in a Chinese font: counted ½, "≥83（示例）" overflowed its column and
-- broke as "≥83（示 / 例）".
local FULL_WIDTH_LATIN1 = {[0xB0] = true, [0xB1] = true, [0xB7] = true, [0xD7] = true, [0xF7] = true}

local function cells(text)
  local width = 0
  for _, code in utf8.codes(text) do
    if code ~= 0x2060 then   -- a word joiner takes no room
      width = width + ((code >= 0x2010 or FULL_WIDTH_LATIN1[code]) and 1 or 0.5)
    end
  end
  return width
end

-- --- titles ------------------------------------------------------------

-- A long title is set in balanced lines, as a 公文 title is: no line
-- breaks inside brackets, so the stage suffix （征求意见稿） and a quoted
-- 《…》 stay whole, and the lines are as even as that allows.
-- `per_line` is how many title characters fit the 版心 width.
local OPENING = {["（"] = true, ["《"] = true, ["〈"] = true, ["“"] = true}
local CLOSING = {["）"] = true, ["》"] = true, ["〉"] = true, ["”"] = true}

local function title_lines(title, per_line)
  local units = chars(title)
  local n = #units
  if n <= per_line then return {title} end
  -- depth[i]: brackets still open after unit i; a line may end after unit i
  -- when it is not an opening mark and the next unit is not a closing one
  local depth, open = {}, 0
  for i, ch in ipairs(units) do
    if OPENING[ch] then open = open + 1 elseif CLOSING[ch] then open = math.max(open - 1, 0) end
    depth[i] = (i < n and not OPENING[ch] and not CLOSING[units[i + 1] or ""]) and open or nil
  end
  local lines, start = {}, 1
  while n - start + 1 > per_line do
    local left = n - start + 1
    local ideal = start + math.floor(left / math.ceil(left / per_line)) - 1
    -- the shallowest break that fits (outside every bracket if possible; when a
    -- 《…》 is longer than a line, before its （…） rather than inside it), then
    -- the one nearest an even split
    local cut = nil
    for c = start, math.min(start + per_line - 1, n - 1) do
      if depth[c] and (cut == nil or depth[c] < depth[cut]
                       or (depth[c] == depth[cut] and math.abs(c - ideal) < math.abs(cut - ideal))) then
        cut = c
      end
    end
    cut = cut or math.min(start + per_line - 1, n - 1)
    lines[#lines + 1] = table.concat(units, "", start, cut)
    start = cut + 1
  end
  lines[#lines + 1] = table.concat(units, "", start, n)
  return lines
end

local title_chars = 20

local function broken_title(text)
  local inlines = pandoc.List()
  for i, line in ipairs(title_lines(text, title_chars)) do
    if i > 1 then inlines:insert(pandoc.LineBreak()) end
    inlines:insert(pandoc.Str(line))
  end
  return inlines
end

function Meta(meta)
  if meta["title-chars"] then
    title_chars = tonumber(stringify(meta["title-chars"])) or title_chars
  end
  if meta["table-cells"] then
    table_cells = tonumber(stringify(meta["table-cells"])) or table_cells
  end
  meta["title-chars"], meta["table-cells"] = nil, nil    -- not document properties
  if meta.title and is_typst then
    local lines = pandoc.List()
    for _, line in ipairs(title_lines(stringify(meta.title), title_chars)) do
      lines:insert(pandoc.MetaInlines({pandoc.RawInline("typst", typst_text(line))}))
    end
    meta["title-lines"] = lines
  elseif meta.title then
    meta.title = pandoc.MetaInlines(broken_title(stringify(meta.title)))
  end
  return meta
end

-- --- annexes ----------------------------------------------------------

-- An annex starts on a new page with 附件N at top left (黑体), then its
-- title centred like the document title, on the third line; the title stays
-- in the outline. The new page comes from the Annex Label style (DOCX) or
-- annex-heading (Typst).
local function annex(div)
  local label = "附件" .. (div.attributes["number"] or "")
  local blocks = pandoc.List()
  local content = div.content
  local title = nil
  if #content > 0 and content[1].t == "Header" and content[1].level == 1 then
    title = content[1]
    content = pandoc.List({table.unpack(content, 2)})
  end
  local title_inlines = title and broken_title(stringify(title.content)) or pandoc.List()
  if is_typst then
    blocks:insert(pandoc.RawBlock("typst", "#annex-heading([" .. label .. "], [" ..
      typst_inlines(title_inlines) .. "], [" .. (title and stringify(title.content) or "") .. "])"))
  else
    blocks:insert(pandoc.Div({pandoc.Para({pandoc.Str(label)})}, {["custom-style"] = "Annex Label"}))
    if title then
      blocks:insert(pandoc.Div({pandoc.Para(title_inlines)}, {["custom-style"] = "Annex Title"}))
    end
  end
  blocks:extend(content)
  return blocks
end

-- The 附件 list after the body (GB/T 9704 7.3.4): 附件：1．… with later items
-- aligned under the first. assemble.py writes it as a `.annex-list` div of
-- one paragraph per annex.
local function annex_list(div)
  local items = pandoc.List()
  for i, block in ipairs(div.content) do
    local text = (i == 1 and "附件：" or "") .. i .. "．" .. stringify(block)
    items:insert(text)
  end
  if is_typst then
    local rows = {}
    for i, text in ipairs(items) do
      rows[#rows + 1] = "[" .. typst_inlines({pandoc.Str(text)}) .. "]"
    end
    return pandoc.RawBlock("typst", "#annex-list((" .. table.concat(rows, ", ") .. ",))")
  end
  local blocks = pandoc.List()
  for i, text in ipairs(items) do
    blocks:insert(pandoc.Div({pandoc.Para({pandoc.Str(text)})},
      {["custom-style"] = i == 1 and "Annex List" or "Annex List Item"}))
  end
  return blocks
end

-- --- drafting notes ---------------------------------------------------

-- Drafting notes are for the internal site only. They are written as a
-- `::: {.drafting-note}` div or as an admonition whose title names them
-- (!!! note "起草说明"); pandoc reads the admonition as a paragraph plus
-- the indented body as a code block.
local DRAFTING_TITLES = {"起草说明", "起草注", "编者注", "起草备注"}

local function is_drafting_admonition(block)
  if block.t ~= "Para" then return false end
  local text = stringify(block)
  if not text:match("^[!?][!?][!?]%+?%s") then return false end
  for _, word in ipairs(DRAFTING_TITLES) do
    if text:find(word, 1, true) then return true end
  end
  return text:match("^[!?]+%+?%s+drafting") ~= nil
end

local function without_drafting_notes(blocks)
  local kept, skipping, dropped = pandoc.List(), false, false
  for _, block in ipairs(blocks) do
    if skipping and block.t == "CodeBlock" then
      dropped = true     -- the admonition's indented body
    elseif is_drafting_admonition(block) then
      skipping, dropped = true, true
    elseif block.t == "Div" and block.classes:includes("drafting-note") then
      skipping, dropped = false, true
    else
      skipping = false
      kept:insert(block)
    end
  end
  if dropped then return kept end
  return nil       -- unchanged: pandoc keeps the list it has
end

-- --- footnotes --------------------------------------------------------

-- A note said once: a later note with the same text as an earlier one is
-- dropped (its mark too), as the reader already has it.
local seen_notes = {}

local function once(note)
  local text = stringify(note.content)
  if seen_notes[text] then return {} end
  seen_notes[text] = true
  return nil
end

-- --- numbering and lists ----------------------------------------------

-- "1.2025年目标" reads as the number 1.2025: the 公文 third level is 1．
-- with a full-width point, which never joins the digits after it.
local function full_width_point(header)
  if header.level ~= 3 then return nil end
  local first = header.content[1]
  if first and first.t == "Str" then
    local number, rest = first.text:match("^(%d+)%.(.*)$")
    if number then
      first.text = number .. "．" .. rest
      return header
    end
  end
  return nil
end

-- A 公文 has no hanging-indent lists: each item is a body paragraph,
-- numbered 1．2．… in the text, in the body size and line pitch.
local function list_paragraphs(list)
  local paragraphs = pandoc.List()
  for i, item in ipairs(list.content) do
    local marker = list.t == "OrderedList" and ((list.start or 1) + i - 1) .. "．" or nil
    for j, block in ipairs(item) do
      if block.t == "Plain" or block.t == "Para" then
        local inlines = pandoc.List(block.content)
        if j == 1 and marker then inlines:insert(1, pandoc.Str(marker)) end
        paragraphs:insert(pandoc.Para(inlines))
      else
        paragraphs:insert(block)
      end
    end
  end
  return paragraphs
end

-- --- line starts ----------------------------------------------------

-- Dashes, ellipses and the middle dot never start a line, and ——, ……
-- never split. In the PDF a Typst show rule boxes each with the word before
-- it, leaving no character in the text (gongwen.typ). In Word a word joiner
-- (U+2060) before each glues it to what precedes: Word also has the marks in
-- its 避头尾 list (reference_docx.py), but LibreOffice ignores a document's
-- list: without the joiner it starts a line with "—15年".
local function glued(str)
  local text = str.text
  for _, mark in ipairs({"—", "…", "·"}) do      -- one by one: Lua patterns are bytes
    text = text:gsub(mark, WORD_JOINER .. mark)
  end
  if text ~= str.text then
    str.text = text
    return str
  end
  return nil
end

-- --- tables -----------------------------------------------------------

-- Column widths from content, as a browser's automatic table layout does:
-- each column gets its longest unbreakable piece, and the room left goes to
-- the columns whose text is longest (the indicator name, the units
-- responsible), so numbers, units and short labels stay on one line.
-- A piece breaks before （ and after 、，；; a piece longer than six cells is
-- running text that may break anywhere (but gets TEXT_MIN cells). Shorter
-- pieces are glued with word joiners, so that the renderer, which may break
-- between any two Chinese characters, keeps them whole as the widths assume:
-- no more 序/号, 2025年目/标 or （示/例）.
local PADDING = 0.6        -- cells of padding per column (3pt each side)
local TEXT_MIN = 4         -- running text gets at least this many cells
local table_cells = 42     -- cells of table text across the 版心 (metadata table-cells)

local function pieces(text)
  -- a NUL at every break, then the text between them (Lua patterns see bytes,
  -- so each mark is replaced on its own)
  local marked = text:gsub("（", "\0（"):gsub("、", "、\0"):gsub("，", "，\0"):gsub("；", "；\0"):gsub(" ", " \0")
  local list = {}
  for piece in marked:gmatch("[^\0]+") do list[#list + 1] = piece end
  return list
end

local function min_max(text)
  local min = 0
  for _, piece in ipairs(pieces(text)) do
    local width = cells(piece)
    min = math.max(min, width > 6 and TEXT_MIN or width)
  end
  return min, cells(text)
end

local function glue_short_pieces(str)
  -- Word: without a bracket there is nothing to glue (pandoc joins the pieces again)
  if not is_typst and not str.text:find("（", 1, true) then return nil end
  local out = pandoc.List()
  for _, piece in ipairs(pieces(str.text)) do
    if cells(piece) > 6 then   -- running text, free to break
      out:insert(is_typst and pandoc.RawInline("typst", typst_text(piece, TABLE_MARKS)) or pandoc.Str(piece))
    elseif is_typst then       -- a box: unbreakable, and the text stays searchable
      out:insert(pandoc.RawInline("typst", "#box[" .. typst_text(piece, TABLE_MARKS) .. "]"))
    elseif not piece:find("^（") then
      -- Word breaks a line only where it must: a piece alone fits its column.
      -- Joiners are kept for bracketed pieces that follow other text.
      out:insert(pandoc.Str(piece))
    else
      local units = {}
      for _, ch in ipairs(chars(piece)) do
        if ch ~= WORD_JOINER then units[#units + 1] = ch end
      end
      out:insert(pandoc.Str(table.concat(units, WORD_JOINER)))
    end
  end
  return out
end

local function rows_of(tbl)
  local rows = pandoc.List()
  rows:extend(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do rows:extend(body.body) end
  return rows
end

local function column_widths(tbl)
  local mins, maxs = {}, {}
  for i = 1, #tbl.colspecs do mins[i], maxs[i] = 1, 1 end
  for _, row in ipairs(rows_of(tbl)) do
    for i, cell in ipairs(row.cells) do
      local lo, hi = min_max(stringify(cell.contents))
      mins[i], maxs[i] = math.max(mins[i], lo), math.max(maxs[i], hi)
    end
  end
  local room = table_cells - PADDING * #mins
  local sum_min, sum_max = 0, 0
  for i = 1, #mins do sum_min, sum_max = sum_min + mins[i], sum_max + maxs[i] end
  local widths = {}
  for i = 1, #mins do
    if sum_max <= room then
      widths[i] = maxs[i] + (room - sum_max) * maxs[i] / sum_max
    elseif sum_min < room then
      widths[i] = mins[i] + (room - sum_min) * (maxs[i] - mins[i]) / (sum_max - sum_min)
    else
      widths[i] = mins[i]
    end
    widths[i] = widths[i] + PADDING
  end
  local total = 0
  for _, w in ipairs(widths) do total = total + w end
  for i, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = {spec[1], widths[i] / total}
  end
end

-- Table text is smaller than the body: in Word it gets its own style
-- (Table Text), so short lists and other compact paragraphs keep the body's.
local TABLE_TEXT = pandoc.Attr("", {}, {{"custom-style", "Table Text"}})

local function table_text(plain)
  return pandoc.Div({pandoc.Para(plain.content)}, TABLE_TEXT)
end

-- The cells (not the caption) in one walk: pieces glued, then, in Word, the text styled.
local table_cells_filter = {Str = glue_short_pieces, Plain = not is_typst and table_text or nil}

-- 表N and a title above each table, centred (the 公文 style). The title is
-- the table's caption, else the heading of the section it sits in; a table
-- of indicators is titled "<section>主要指标". A table that is an annex's
-- whole content is titled by the annex title and not numbered again.
local table_count = 0

local function caption_text(tbl, heading)
  local caption = stringify(tbl.caption.long or {})
  if caption ~= "" then return caption end
  local header = stringify(tbl.head)
  local title = heading or ""
  if header:find("指标", 1, true) and not title:find("指标", 1, true) and not title:find("目标", 1, true) then
    title = title .. "主要指标"
  end
  return title
end

local function numbered_table(tbl, heading)
  table_count = table_count + 1
  local text = "表" .. table_count .. "　" .. caption_text(tbl, heading)
  tbl.caption = {long = {pandoc.Plain({pandoc.Str(text)})}}
  return tbl
end

-- The heading's 公文 number (一、（一）1．（1）) off its text.
local NUMERALS = "一二三四五六七八九十0123456789"

local function strip_number(text)
  local units = chars(text)
  local i = units[1] == "（" and 2 or 1
  local j = i
  while units[j] and NUMERALS:find(units[j], 1, true) do j = j + 1 end
  if j == i then return text end
  local closing = units[j]
  if (i == 2 and closing == "）") or (i == 1 and (closing == "、" or closing == "．" or closing == ".")) then
    return table.concat(units, "", j + 1)
  end
  return text
end

local function caption_tables(blocks)
  local heading = nil
  for i, block in ipairs(blocks) do
    if block.t == "Header" then
      heading = strip_number(stringify(block.content))
    elseif block.t == "Table" then
      blocks[i] = numbered_table(block, heading)
    elseif block.t == "Div" and block.classes:includes("annex") then
      heading = nil
    end
  end
  return blocks
end

-- --- passes -----------------------------------------------------------

-- Each entry is one walk over the whole document: transformations that do
-- not depend on each other share one. In a walk, pandoc calls the inline
-- functions (Str, Note) before the block ones.
return {
  {Meta = Meta},
  {Blocks = without_drafting_notes},     -- before `once`: a note in a drafting note was never said
  {Note = once, Str = not is_typst and glued or nil,
   Header = full_width_point, OrderedList = list_paragraphs, BulletList = list_paragraphs},
  {Pandoc = function(doc)
     doc.blocks = caption_tables(doc.blocks)
     return doc
   end},
  {Table = function(tbl)
     column_widths(tbl)
     local caption = tbl.caption       -- the 表N title keeps its words and its own style
     tbl.caption = {long = {}}
     tbl = tbl:walk(table_cells_filter)
     tbl.caption = caption
     return tbl
   end},
  {Div = function(div)
     if div.classes:includes("annex") then return annex(div) end
     if div.classes:includes("annex-list") then return annex_list(div) end
     return nil
   end},
  -- last, as it leaves the marks' text as Typst markup (the metadata stays text:
  -- the title's lines were held by Meta)
  {Pandoc = is_typst and function(doc)
     doc.blocks = doc.blocks:walk({Header = function(header) return header:walk(heading_cells) end})
     doc.blocks = doc.blocks:walk(full_cells)
     return doc
   end or nil},
}
