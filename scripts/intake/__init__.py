"""Materials intake: unit materials and research reports, from a submitted
file to a page under docs/reports/, a registry entry and target proposals.

files.py     read and sniff the submitted file; refuse bad ones
limits.py    bounds on size, length and pictures, checked before pandoc runs
textboxes.py text boxes lifted into the body before pandoc (which skips them)
convert.py   pandoc (intake.lua) → structured, inert Markdown; one or two pandoc runs per batch
units.py     the unit of a file in a batch, told from its name, title or signature
text.py      plain text, safe strings and the template-delimiter guard
sections.py  the notice's four parts
targets.py   quantified 2025/2035 targets in the text
checks.py    findings against the notice (parts, length, targets, sources)
registry.py  data/submissions.yml and data/proposals.yml: read, validate, append
page.py      the page Markdown (front matter, findings, revisions, body)
submit.py    one intake or a batch: prepare everything, then write it (or, --dry-run, not)
amend.py     --amend: a registration redone with the right unit, kind or topic
templates.py the Word templates units download from the 报送须知 page
adopt.py     a proposal into data/targets.yml, editing the YAML text in place
synthetic.py synthetic unit materials for `plan bench`
"""
