"""The one convention for drafting notes (起草说明) in the plan's text.

A drafting note explains the draft to its readers inside the drafting process
("数值尚待核定，不得引用"); it is not part of the plan. Write it as an
admonition titled 起草说明, of any type, open or collapsible:

    !!! note "起草说明"

        表中标注“示例”的数值仅为占位……

The same forms the formal export leaves out (scripts/export/pandoc/gongwen.lua,
DRAFTING_TITLES) are recognised here: the titles 起草说明, 起草注, 编者注,
起草备注, an admonition of type drafting…, and a `::: {.drafting-note}` div.
The readiness gate refuses a 送审稿 or 报批稿 that still has one.
"""
from __future__ import annotations

import re

TITLE = "起草说明"
TITLES = (TITLE, "起草注", "编者注", "起草备注")   # as gongwen.lua's DRAFTING_TITLES
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?)\+?\s+(\S+)(.*)$")
_DIV = re.compile(r"^\s*:::+\s*\{?[^}]*\.?drafting-note\b")


def is_drafting_note(line: str) -> bool:
    """True for the first line of a drafting note."""
    admonition = _ADMONITION.match(line)
    if admonition:
        kind, rest = admonition.groups()
        return kind.startswith("drafting") or any(title in rest for title in TITLES)
    return bool(_DIV.match(line))


def drafting_note_lines(text: str) -> list[int]:
    """1-based numbers of the lines where a drafting note starts."""
    return [n for n, line in enumerate(text.splitlines(), 1) if is_drafting_note(line)]
