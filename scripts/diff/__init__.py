"""Stage comparison: a Chinese-aware redline of two versions of the plan.

Pure functions over text, in layers:
  blocks.py    rendered Markdown → sections of blocks (heading numbers stripped)
  tokens.py    text → tokens (Han characters; numbers, percentages, dates atomic)
  textdiff.py  token diff with semantic clean-up
  align.py     blocks within a section: pairs, splits, merges
  sections.py  sections across the plan: by anchor, by similarity; moves, renames
  result.py    the comparison (chapters of paragraphs, rows, moves), its statistics
  targets.py   data/targets.yml deltas and their ambition
  web.py · word.py · summary.py   the three outputs (site pages, tracked DOCX, JSON)
Plumbing (git, builds, files) lives in sources.py and outputs.py.
"""
