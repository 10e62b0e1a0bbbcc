"""Stage comparison: a Chinese-aware redline of two versions of the plan.

Pure functions over text, in layers, each testable alone:
  blocks.py    rendered Markdown → sections of blocks (heading numbers stripped)
  tokens.py    text → tokens (Han characters; numbers, percentages, dates atomic)
  textdiff.py  token diff with semantic clean-up
  align.py     blocks within a section: pairs, splits, merges
  sections.py  sections across the plan: by anchor, page, similarity; moves, renames
  compare.py   the two → chapters of redline items (result.py), with statistics
  targets.py   data/targets.yml deltas and their ambition
  web.py · word.py · summary.py   the three outputs (site pages, tracked DOCX, JSON)
Plumbing: sources.py (git refs, builds, cache), outputs.py (files), stage.py
(what plan release calls).
"""
