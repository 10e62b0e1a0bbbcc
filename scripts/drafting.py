"""The one convention for drafting notes (起草说明) in the plan's text.

A drafting note explains the draft to its readers inside the drafting process
("数值尚待核定，不得引用"); it is not part of the plan. It is written as an
admonition titled 起草说明, of any type, open or collapsible:

    !!! note "起草说明"

        表中标注“示例”的数值仅为占位……

The readiness gate refuses a 送审稿 or 报批稿 that still has one; the formal
documents and the public site may leave them out. All of them ask this module.
"""
from __future__ import annotations

import re

TITLE = "起草说明"
_MARKER = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s+[\w-]+\s+"' + TITLE + '"')


def is_drafting_note(line: str) -> bool:
    """True for the first line of a drafting-note admonition."""
    return bool(_MARKER.match(line))


def drafting_note_lines(text: str) -> list[int]:
    """1-based numbers of the lines where a drafting note starts."""
    return [n for n, line in enumerate(text.splitlines(), 1) if is_drafting_note(line)]


def strip_drafting_notes(text: str) -> str:
    """The text without its drafting notes (the marker line and its indented body)."""
    out, inside = [], False
    for line in text.split("\n"):
        if is_drafting_note(line):
            inside = True
            continue
        if inside and (not line.strip() or line.startswith(("    ", "\t"))):
            continue
        inside = False
        out.append(line)
    return "\n".join(out)
