"""The trust boundary between the drafting group's text and outside text.

Chapters and data are trusted. Pages under UNTRUSTED_DIRS hold unit
submissions, research reports and public comments: mkdocs-macros renders
Jinja without a sandbox, so these pages are never rendered as templates,
whatever their front matter says.
"""
from __future__ import annotations

UNTRUSTED_DIRS = ("reports/", "comments/")


def is_untrusted(src_path: str) -> bool:
    return src_path.replace("\\", "/").startswith(UNTRUSTED_DIRS)


def defuse_html(markdown: str) -> str:
    """Outside text may not carry raw HTML to readers: every '<' is shown as text."""
    return markdown.replace("<", "&lt;")
