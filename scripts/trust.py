"""The trust boundary between the drafting group's text and outside text.

Chapters and data are trusted. Pages under UNTRUSTED_DIRS hold unit
submissions, research reports and public comments: mkdocs-macros renders
Jinja without a sandbox, so these pages are never rendered as templates,
whatever their front matter says.
"""
from __future__ import annotations

import re

UNTRUSTED_DIRS = ("reports/", "comments/")


def is_untrusted(src_path: str) -> bool:
    return src_path.replace("\\", "/").startswith(UNTRUSTED_DIRS)


def defuse_html(markdown: str) -> str:
    """Outside text may not carry raw HTML to readers: every '<' is shown as text."""
    return markdown.replace("<", "&lt;")


# What could start markup in Markdown (Python-Markdown and pandoc), HTML, attr_list or Jinja.
_MARKUP = re.compile(r"[&<>\[\]*_`\\{}|~^$#!\"']")


def inert_text(value) -> str:
    """A value from data/ that may have come from outside (an adopted indicator's name,
    unit, source), as Markdown that both the site and pandoc show as the same text:
    one line, and every markup character a numeric entity."""
    line = " ".join(str(value).split())
    return _MARKUP.sub(lambda m: f"&#{ord(m.group())};", line)
