"""MkDocs hooks (mkdocs.yml `hooks:`): what the site adds once Markdown is HTML.

The other half of the bridge to MkDocs, beside the macros in main.py:

- Every paragraph, list item and table row of the plan gets an id and a
  readable address (scripts/paragraphs.py); the list goes to
  build/rendered/anchors.json, beside the rendered Markdown.
- Pages with `comments_source:` in their front matter get the disposition
  table and statistics, made from data/comments.yml (public fields only).
- During consultation, the 意见反馈表 is generated into the site's downloads.

Under `mkdocs serve --dirty` (a drafter's fast preview) a rebuild holds only
the changed pages, so nothing describing the whole plan is written then.
"""
from __future__ import annotations

import json
import os
import re
from html import escape
from pathlib import Path

from macros.render import TARGET_TABLE_MARK
from scripts.atomic import write_bytes
from scripts.comments.anchors import ANCHORS_NAME, AnchorIndex
from scripts.comments.form import feedback_form
from scripts.comments.report import rows_by_chapter, site_html, statistics
from scripts.comments.store import load_store
from scripts.export.docx import REFERENCE_DIR
from scripts.paragraphs import Item, address_page
from scripts.rendered import RENDERED_DIR, RENDERED_ENV, BuildScope
from scripts.structure import Outline, outline_from_nav


_TARGET_TABLE = re.compile(re.escape(TARGET_TABLE_MARK) + r"(\[.*?\]) -->\s*(<table>.*?</table>)", re.S)


class _State:
    root: Path = Path(".")
    outline: Outline = Outline((), ())
    items: list[Item] = []


_state = _State()


def on_startup(command, dirty):
    BuildScope.partial = dirty


def on_config(config):
    _state.root = Path(config.config_file_path).parent
    _state.outline = outline_from_nav(config.nav)
    _state.items = []
    return config


def _target_table(match: re.Match) -> str:
    """The marked target table in its layout box, with the sources column (macros/render.py)."""
    sources = iter(json.loads(match.group(1)))
    rows = match.group(2).split("</tr>")
    rows[0] += "<th>数据来源</th>"
    for n in range(1, len(rows) - 1):
        rows[n] += f"<td>{escape(next(sources, '—'))}</td>"
    return '<div class="target-table">' + "</tr>".join(rows) + "</div>"


def on_page_content(html, page, config, files):
    position = _state.outline.position(page.file.src_path)
    if position is None:
        return html
    kind, n = position
    html, items = address_page(html, page.file.src_path, annex_number=n if kind == "annex" else None)
    _state.items += items
    html = _TARGET_TABLE.sub(_target_table, html)   # after addressing: a row's id does not depend on its source
    if kind == "annex":   # the label its addresses use (附件1 表1第3行), on the page, in the nav and in search
        page.meta["title"] = f"{annex_label(n)} {page.title}"
        html = f'<p class="annex-label">{annex_label(n)}</p>\n' + html
    return html


def annex_label(n: int) -> str:
    return f"附件{n}"


def _ordered_items() -> list[Item]:
    """Items in the plan's reading order (pages are built in file order)."""
    rank = {src: n for n, src in enumerate(_state.outline.pages)}
    return sorted(_state.items, key=lambda item: rank.get(item.page, len(rank)))


def on_env(env, config, files):
    _state.items = _ordered_items()
    pages = [f.page for f in files.documentation_pages() if f.page and f.page.meta.get("comments_source")]
    if not pages:
        return env
    store = load_store(_state.root)
    index = AnchorIndex(_state.items)
    chapter_order = [i.chapter for i in _state.items]
    for page in pages:
        source = page.meta["comments_source"]
        comments = [c for c in store.comments.values() if c.source == source]
        groups = rows_by_chapter(comments, index, list(dict.fromkeys(chapter_order)))
        page.content = (page.content or "") + site_html(groups, statistics(comments), page.url.count("/"))
    return env


def on_post_build(config):
    if not BuildScope.partial:
        # beside the rendered Markdown, so `plan build` swaps both in together
        anchors = Path(os.environ.get(RENDERED_ENV) or _state.root / RENDERED_DIR) / ANCHORS_NAME
        data = json.dumps([i.as_dict() for i in _state.items], ensure_ascii=False, indent=0)
        write_bytes(anchors, data.encode("utf-8"))
    feedback = config.extra.get("feedback") or {}
    if not feedback.get("start"):
        return
    form = Path(config.site_dir) / feedback["form"]
    if not (BuildScope.partial and form.is_file()):      # a dirty rebuild keeps the form it made
        write_bytes(form, feedback_form(feedback["title"], feedback["stage"], feedback["start"], feedback["end"],
                                        feedback["channels"], _state.root / REFERENCE_DIR))
