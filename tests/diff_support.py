"""Helpers for the comparison tests: plans written as plain Markdown, rendered
(numbered) the way the site build renders them, then compared."""
from __future__ import annotations

import datetime as dt

from scripts.diff.blocks import parse_document, plain_lines
from scripts.diff.compare import compare_documents
from scripts.diff.result import Comparison, Para, Side
from scripts.diff.targets import target_deltas
from scripts.numbering import number_headings
from tests.redline_readers import markdown_lines

CHINA = dt.timezone(dt.timedelta(hours=8))
OLD_SIDE = Side("stage/draft", "初稿（stage/draft）", "draft", "0" * 40, dt.datetime(2021, 8, 20, 12, tzinfo=CHINA), "初稿")
NEW_SIDE = Side("stage/consultation", "征求意见稿（stage/consultation）", "consultation", "1" * 40,
                dt.datetime(2021, 8, 31, 12, tzinfo=CHINA), "征求意见稿")


def rendered(pages: list[str], annexes: list[str] = (), names: list[str] = ()) -> list[tuple[str, str, str]]:
    """Unnumbered chapter Markdown → (source, part, rendered Markdown), as build/rendered/ holds it.
    Pages are plan/ch1.md, plan/ch2.md … unless named."""
    names = list(names) or [f"ch{n}" for n in range(1, len(pages) + 1)]
    out = [(f"plan/{name}.md", "body", number_headings(md, chapter=n))
           for n, (name, md) in enumerate(zip(names, pages), 1)]
    out += [(f"annex/a{n}.md", "annex", number_headings(md, depth_offset=1)) for n, md in enumerate(annexes, 1)]
    return out


def compare_pages(old: list[tuple[str, str, str]], new: list[tuple[str, str, str]],
                  old_targets: str | None = None, new_targets: str | None = None):
    """(comparison, old document, new document)."""
    a, b = parse_document(old), parse_document(new)
    a.rendered_pages, b.rendered_pages = old, new     # for reader_lines: the text as pandoc reads it
    comparison = Comparison("质量强国建设纲要上海实施方案", OLD_SIDE, NEW_SIDE, compare_documents(a, b),
                            target_deltas(old_targets, new_targets))
    return comparison, a, b


def reader_lines(document) -> list[str]:
    """What a reader sees of a compared version, read by pandoc from its rendered pages:
    the baseline a redline must reproduce, never taken from the engine's own parser."""
    return markdown_lines(document.rendered_pages)


def all_items(comparison) -> list:
    return [item for chapter in comparison.chapters for item in chapter.items]


def changed_paras(comparison) -> list[Para]:
    return [i for i in all_items(comparison)
            if isinstance(i, Para) and (i.mark != "=" or any(op != "=" for op, _ in i.pieces))]


__all__ = ["rendered", "compare_pages", "all_items", "changed_paras", "plain_lines", "reader_lines"]
