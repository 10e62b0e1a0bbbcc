-- Pandoc filter for the 公文 layout, shared by the DOCX and Typst outputs.
-- Each function is one small transformation of the document tree.

local is_typst = FORMAT:match("typst") ~= nil

local function typst_inlines(inlines)
  return pandoc.write(pandoc.Pandoc({pandoc.Plain(inlines)}), "typst"):gsub("%s+$", "")
end

-- An annex starts on a new page with 附件N at top left (黑体), then its
-- title centred like the document title; the title stays in the outline.
-- The new page comes from the Annex Label style (DOCX) or annex-heading (Typst).
function Div(div)
  if not div.classes:includes("annex") then
    return nil
  end
  local label = "附件" .. (div.attributes["number"] or "")
  local blocks = pandoc.List()
  local content = div.content
  local title = nil
  if #content > 0 and content[1].t == "Header" and content[1].level == 1 then
    title = content[1]
    content = pandoc.List({table.unpack(content, 2)})
  end
  if is_typst then
    local title_text = title and typst_inlines(title.content) or ""
    blocks:insert(pandoc.RawBlock("typst", "#annex-heading([" .. label .. "], [" .. title_text .. "])"))
  else
    blocks:insert(pandoc.Div({pandoc.Para({pandoc.Str(label)})}, {["custom-style"] = "Annex Label"}))
    if title then
      blocks:insert(pandoc.Div({pandoc.Para(title.content)}, {["custom-style"] = "Annex Title"}))
    end
  end
  blocks:extend(content)
  return blocks
end
