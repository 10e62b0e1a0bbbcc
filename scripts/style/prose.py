"""Which characters of a chapter are the reader's prose.

The style rules read only prose. Everything else on a line is masked
(replaced by MASK, one for one, so columns stay where they were): YAML front
matter, fenced code, inline code, Jinja ({{ }}, {% %}, {# #}), HTML tags,
link targets and reference definitions, bare URLs, attribute lists
({#anchor}, {: .class}), footnote labels, and the Markdown markers at the
start of a line (#, -, 1., >, !!!) and the pipes of tables.
"""
from __future__ import annotations

import re

MASK = "\x00"

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INLINE = re.compile(r"""
    `+[^`]*`+                               # inline code
  | \{\{.*?\}\} | \{%.*?%\} | \{\#.*?\#\}      # Jinja
  | </?[A-Za-z][^<>]*>                       # HTML tag
  | \]\([^)]*\) | \]\[[^\]]*\]               # link target: ](url) ][ref]
  | \[\^[^\]]+\]:? | \[ | \]                 # footnote label, link brackets
  | <?(?:https?|mailto|ftp):[^\s<>）]+>?      # bare URL or autolink
  | \{[:#.][^{}]*\}                          # attribute list
  | \*\*|__                                  # strong emphasis markers
""", re.VERBOSE)
_LINE_START = re.compile(r"^(?:[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d+[.)][ \t]+|>[ \t]?)+|[ \t]*(?:!!!|\?\?\?\+?)[ \t]+\S+)")
_ADMONITION_TITLE = re.compile(r'^([ \t]*(?:!!!|\?\?\?\+?)[ \t]+\S+[ \t]+")(.*)("[ \t]*)$')   # Markdown needs "…" here
_REFERENCE = re.compile(r"^[ \t]*\[[^\]^]+\]:[ \t]+\S+")
_TABLE_RULE = re.compile(r"^\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_JINJA_BLOCK_OPEN = re.compile(r"\{[{%#](?!.*[}%#]\})")


def _mask(line: str, start: int, end: int) -> str:
    return line[:start] + MASK * (end - start) + line[end:]


def mask_line(line: str) -> str:
    if _REFERENCE.match(line) or _TABLE_RULE.match(line.strip()):
        return MASK * len(line)
    title = _ADMONITION_TITLE.match(line)
    if title:   # !!! note "起草说明": only the title is prose
        line = MASK * len(title.group(1)) + title.group(2) + MASK * len(title.group(3))
    head = _LINE_START.match(line)
    if head:
        line = _mask(line, 0, head.end())
    for found in _INLINE.finditer(line):
        line = _mask(line, found.start(), found.end())
    return line.replace("|", MASK)          # table pipes; prose never uses a bare |


def prose_lines(text: str) -> list[str]:
    """The text's lines, each masked to its prose (same length as the line, no line end)."""
    lines = text.split("\n")
    out: list[str] = []
    fence: str | None = None
    front = lines[0].strip() == "---" if lines else False
    in_jinja = False
    for number, raw in enumerate(lines):
        line = raw.rstrip("\r")
        if front:
            out.append(MASK * len(line))
            front = not (number and line.strip() in ("---", "..."))
            continue
        fenced = _FENCE.match(line)
        if fence or fenced:
            if fenced:
                marker = fenced.group(1)[0]
                fence = None if fence == marker else (fence or marker)
            out.append(MASK * len(line))
            continue
        if in_jinja:                       # a Jinja call spread over lines
            out.append(MASK * len(line))
            in_jinja = not re.search(r"[}%#]\}", line)
            continue
        if _JINJA_BLOCK_OPEN.search(line):
            in_jinja = True
            start = _JINJA_BLOCK_OPEN.search(line).start()
            out.append(mask_line(line[:start]) + MASK * (len(line) - start))
            continue
        out.append(mask_line(line))
    return out
