"""The 征求意见汇总处理表: grouping, statistics, and its HTML and Markdown forms.

Comment text comes from outside: every string is escaped for the format it
goes into (HTML for the site, Markdown for pandoc), never interpreted.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from scripts.comments.anchors import AnchorIndex
from scripts.comments.store import DISPOSITIONS, Comment

UNPLACED = "（原段落已修改或删除）"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=^$&@%:;'\"/])")


@dataclass(frozen=True)
class Row:
    number: int
    comment: Comment
    chapter: str
    address: str
    link: str          # page URL + #id, or ""


def rows_by_chapter(comments: list[Comment], index: AnchorIndex, chapter_order: list[str]) -> dict[str, list[Row]]:
    """Comments grouped by the chapter their paragraph is in now, in the plan's order."""
    groups: dict[str, list[Row]] = {}
    ordered = sorted(comments, key=lambda c: (c.received, c.id))
    for number, comment in enumerate(ordered, 1):
        item = index.resolve(comment.anchor_id, comment.quote)
        chapter = item.chapter if item else UNPLACED
        link = f"{item.page.removesuffix('.md')}/#{item.id}" if item else ""
        groups.setdefault(chapter, []).append(Row(number, comment, chapter, item.address if item else "", link))
    rank = {c: i for i, c in enumerate(chapter_order)}
    return dict(sorted(groups.items(), key=lambda kv: rank.get(kv[0], len(rank))))


def statistics(comments: list[Comment]) -> dict:
    by_disposition = Counter(c.disposition for c in comments)
    handled = sum(n for d, n in by_disposition.items() if d != "待处理")
    adopted = by_disposition["采纳"] + by_disposition["部分采纳"]
    return {
        "total": len(comments),
        "by_disposition": {d: by_disposition[d] for d in DISPOSITIONS if by_disposition[d]},
        "by_category": dict(Counter(c.category for c in comments).most_common()),
        "by_chapter": dict(Counter(c.chapter for c in comments).most_common()),
        "adoption_rate": adopted / handled if handled else 0.0,
    }


def adoption_sentence(stats: dict) -> str:
    """The one wording of the counts and the adoption rate: site, 汇总处理表 and 编制说明 all use it."""
    if not stats["total"]:
        return "未收到意见。"
    parts = "，".join(f"{d} {n} 条" for d, n in stats["by_disposition"].items())
    return f"共收到意见 {stats['total']} 条，其中{parts}；已处理意见的采纳率（含部分采纳）为 {stats['adoption_rate']:.0%}。"


def svg_bars(counts: dict[str, int], title: str) -> str:
    """A labelled horizontal bar chart, drawn by the build: no JS, no CDN.
    Every bar carries its name and number as text, so colour is never the only signal."""
    if not counts:
        return ""
    bar_h, gap, label_w, width = 22, 8, 110, 520
    peak = max(counts.values())
    height = len(counts) * (bar_h + gap) + 30
    parts = [f'<svg class="comment-chart" role="img" aria-label="{html.escape(title)}" '
             f'viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="0" y="16" font-size="14" font-weight="bold">{html.escape(title)}</text>']
    for n, (label, value) in enumerate(counts.items()):
        y = 28 + n * (bar_h + gap)
        w = max(2, round((width - label_w - 60) * value / peak))
        parts += [f'<text x="0" y="{y + 16}" font-size="13">{html.escape(label)}</text>',
                  f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="#c62828" opacity="0.75"/>',
                  f'<text x="{label_w + w + 6}" y="{y + 16}" font-size="13">{value}</text>']
    return "\n".join(parts + ["</svg>"])


def site_html(groups: dict[str, list[Row]], stats: dict, page_depth: int) -> str:
    """The table and statistics appended to a comments page on the site."""
    up = "../" * page_depth
    e = html.escape
    if not stats["total"]:
        return '<p class="comment-empty">目前尚无意见。</p>'
    out = ['<h2 id="statistics">统计</h2>',
           f"<p>{e(adoption_sentence(stats))}</p>",
           svg_bars(stats["by_disposition"], "按处理情况"), svg_bars(stats["by_category"], "按提出者类别"),
           svg_bars(stats["by_chapter"], "按章节")]
    for chapter, rows in groups.items():
        out.append(f"<h2>{e(chapter)}</h2>")
        out.append('<table class="comment-table"><thead><tr><th>序号</th><th>段落</th><th>意见</th>'
                   "<th>提出者类别</th><th>处理情况</th><th>理由</th></tr></thead><tbody>")
        for row in rows:
            where = (f'<a href="{e(up + row.link)}">{e(row.address)}</a>' if row.link else e(UNPLACED))
            c = row.comment
            out.append(f"<tr><td>{row.number}</td><td>{where}</td><td>{e(c.content)}</td><td>{e(c.category)}</td>"
                       f"<td>{e(c.disposition)}</td><td>{e(c.reason)}</td></tr>")
        out.append("</tbody></table>")
    return "\n".join(out)


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def document_markdown(title: str, groups: dict[str, list[Row]], stats: dict, intro: str) -> str:
    """The table as pandoc Markdown for the formal DOCX and PDF."""
    lines = [f"---\ntitle: {escape_markdown(title)}\nlang: zh-CN\n---", "", escape_markdown(intro), "",
             adoption_sentence(stats), ""]
    for chapter, rows in groups.items():
        lines += [f"# {escape_markdown(chapter)}", "",
                  "| 序号 | 段落 | 意见 | 提出者类别 | 处理情况 | 理由 |",
                  "|:--:|:------|:----------------------|:-----|:----|:--------------|"]
        for row in rows:
            c = row.comment
            cells = [str(row.number), row.address or UNPLACED, c.content, c.category, c.disposition, c.reason or "—"]
            lines.append("| " + " | ".join(escape_markdown(x) for x in cells) + " |")
        lines.append("")
    return "\n".join(lines)
