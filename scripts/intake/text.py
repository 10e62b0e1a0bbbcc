"""Text at the trust boundary.

- neutralise(): the last guard on Markdown written under docs/reports/: no
  '{' (so no Jinja delimiter {{ {% {#, no attr_list) and no '<' survive.
- one_line(): outside text as one trimmed line (titles, file names in the registry).
- safe_line(): the same for YAML front matter (MkDocs puts the title in <title>
  and the navigation): no HTML-, Markdown- or template-significant ASCII left.
- markdown_text(): outside text placed in a trusted page (tracker, proposals),
  every ASCII punctuation mark as a numeric entity: it reads the same and can
  never become a link, an attribute, HTML or a template.
- plain_text(): the words of our intake Markdown, for counting and analysis.
- redact_personal(): phone numbers, e-mail addresses and ID numbers hidden
  (they never reach the site or a public document; the original keeps them).
"""
from __future__ import annotations

import html
import re
import unicodedata

from scripts.privacy import redact

# ASCII → full-width look-alikes for one-line metadata.
_FULL_WIDTH = str.maketrans({"<": "＜", ">": "＞", "&": "＆", "{": "｛", "}": "｝", '"': "＂", "'": "＇",
                             "`": "｀", "\\": "＼", "|": "｜", "[": "［", "]": "］", "*": "＊", "_": "＿",
                             "#": "＃", "$": "＄"})
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def neutralise(markdown: str) -> str:
    return markdown.replace("{", "&#123;").replace("<", "&lt;")


def one_line(text: str, limit: int = 120) -> str:
    """Outside text as one trimmed line: no control characters, no line breaks."""
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in str(text))
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_line(text: str, limit: int = 120) -> str:
    return one_line(text, limit).translate(_FULL_WIDTH)


def markdown_text(text: str) -> str:
    line = re.sub(r"\s+", " ", str(text)).strip()
    return _PUNCTUATION.sub(lambda m: f"&#{ord(m.group())};", line)


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_NOTE_REF = re.compile(r"\[\^[^\]]+\]")
_SYNTAX = re.compile(r"^(\s*(#{1,6}|[-+*]|\d+\.|>)\s+)|^\s*\|?[-:| ]+\|[-:| ]*$|[*|]|\\(?=\S)", re.M)


def plain_text(markdown: str) -> str:
    """Text of intake Markdown without its syntax (entities decoded)."""
    text = _IMAGE.sub(r"\1", markdown)
    text = _NOTE_REF.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"^\[\^[^\]]+\]:\s*", "", text, flags=re.M)
    text = _SYNTAX.sub(" ", text)
    return html.unescape(text)


def char_count(markdown: str) -> int:
    """字数 as Word counts it for Chinese text: characters, not spaces."""
    return len(re.sub(r"\s+", "", plain_text(markdown)))


# intake Markdown writes '@' and '_' as entities, which the plain patterns miss
_ENCODED_EMAIL = re.compile(r"(?:[A-Za-z0-9.%+-]|&#95;)+(?:@|&#64;)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def redact_personal(text: str) -> tuple[str, int]:
    text, emails = _ENCODED_EMAIL.subn("〔已隐去〕", text)
    text, others = redact(text)
    return text, emails + others
