"""Text → tokens for a Chinese redline.

Each Han character and each punctuation mark is a token, so one changed
character marks one character (not the whole run, as latexdiff would).
Dates, numbers with their percent sign, and Latin words are atomic:
"94%" → "95%" is one replaced token, never a changed digit.
"""
from __future__ import annotations

import re

MARK = "\n"   # a paragraph mark inside a joined group of paragraphs

_TOKEN = re.compile(r"""
    \d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?          # 2021年、2021年8月、2021年8月31日
  | \d{1,2}月(?:\d{1,2}日)?                      # 8月、8月31日
  | \d{4}[-/.]\d{1,2}[-/.]\d{1,2}                # 2021-08-31
  | \d+(?:,\d{3})*(?:\.\d+)?[%％‰]?              # 94%、97.5、1,000
  | [A-Za-z]+(?:['’][A-Za-z]+)*                  # Latin words
  | [ \t]+
  | [\s\S]                                       # one Han character or mark
""", re.VERBOSE)

# boundaries an edit should start after / end at (for readable redlines)
SENTENCE_END = set("。；！？!?;\n")
CLAUSE_END = set("，、：,:）)》”’】")


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


def boundary_score(before: str | None, after: str | None) -> int:
    """How good a place between two tokens is for an edit to start or end."""
    if before is None or after is None:
        return 6
    if before in SENTENCE_END or before[-1] in SENTENCE_END:
        return 5
    if before[-1] in CLAUSE_END:
        return 4
    if before.isspace() or after.isspace():
        return 3
    if after[0] in "（(《“‘【":
        return 2
    return 0
