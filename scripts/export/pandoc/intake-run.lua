-- `pandoc lua intake-run.lua`: one pandoc process converts a batch of
-- submissions (scripts/intake/convert.py), so 50 units' files cost one pandoc
-- start, not 50. Jobs come one JSON line each on standard input; when a job is
-- done, a line is written to standard output. Each job is what one
--   pandoc --defaults intake-<format>.yaml --extract-media <media> <source>
-- would do: read, the intake.lua filters (fresh state per document), media
-- written under <media> with the page's paths, Markdown written to <output>.
-- A file pandoc cannot read is reported in its own report; the others go on.
--
-- A job: {"filter": path of intake.lua, "source", "output", "report",
-- "media" (or ""), "from", "to", "wrap", "track_changes"}

local function read(path, mode)
  local handle = assert(io.open(path, mode))
  local data = handle:read("a")
  handle:close()
  return data
end

local function write(path, text)
  local handle = assert(io.open(path, "wb"))
  handle:write(text)
  handle:close()
end

local filters = {}   -- intake.lua, loaded once; run afresh for each document

local function convert(job)
  pandoc.mediabag.empty()
  local doc = pandoc.read(read(job.source, "rb"), job.from, { track_changes = job.track_changes })
  doc.meta["intake-report"] = job.report
  doc.meta["intake-media"] = job.media ~= "" and "docx" or "none"
  filters[job.filter] = filters[job.filter] or assert(loadfile(job.filter))
  for _, filter in ipairs(filters[job.filter]()) do
    doc = doc:walk(filter)
  end
  if job.media ~= "" then
    -- as --extract-media: the pictures the page still shows, under <media>
    local stored, shown = {}, {}
    for _, item in ipairs(pandoc.mediabag.list()) do stored[item.path] = true end
    doc = doc:walk({ Image = function(img)
      if stored[img.src] then
        shown[img.src] = true
        img.src = job.media .. "/" .. img.src
        return img
      end
    end })
    for path in pairs(shown) do pandoc.mediabag.write(job.media, path) end
  end
  local text = pandoc.write(doc, job.to, { wrap_text = job.wrap })
  write(job.output, text:sub(-1) == "\n" and text or text .. "\n")
end

for line in io.stdin:lines() do
  local job = pandoc.json.decode(line, false)
  local ok, err = pcall(convert, job)
  if not ok then
    os.remove(job.output)
    write(job.report, pandoc.json.encode({ error = tostring(err) }))
  end
  io.stdout:write("done\n")
  io.stdout:flush()
end
