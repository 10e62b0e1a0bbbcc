"""The comparison as web pages: an overview and one inline redline per chapter.

Every piece of document text is HTML-escaped. Insertions are <ins>
(underlined) and deletions <del> (struck through), so colour is never the
only signal; a paragraph mark that was inserted or deleted is an empty
<ins class="cmp-mark"> / <del class="cmp-mark"> that the style sheet shows
as ¶. Each change starts with an element of class cmp-c and id c<n>, which
assets/compare.js steps through. Headings' generated numbers, badges and
move notes carry the classes cmp-num / cmp-note: they are not document text.

For the site, pages are Markdown files holding raw HTML, with front matter
`render_macros: false` (no Jinja ever runs on them) and excluded from search.
"""
from __future__ import annotations

import json
from html import escape

from scripts.dates import cn_date
from scripts.diff.result import Chapter, Comparison, Move, Para, Row, Side
from scripts.diff.targets import AMBITION_WORDS

STATUS_WORDS = {"unchanged": "无修改", "modified": "有修改", "added": "新增", "deleted": "删除", "moved": "位置调整"}
CHANGE_WORDS = {"added": "新增指标", "removed": "删除指标", "changed": "调整"}
NAV_FILE = ".nav.json"
LEGEND = ('<p class="cmp-legend">图例：<ins>下划线为新增</ins>，<del>删除线为删除</del>，'
          '<ins class="cmp-mark"></ins> 为新分段、<del class="cmp-mark"></del> 为段落合并；'
          '“移自 / 已移至”标出整节移动。生成的标题序号不作比较。</p>')


def e(text: str) -> str:
    return escape(text, quote=True)


class _Redline:
    """Writes items as HTML, numbering the changes for the step-through buttons."""

    def __init__(self, id_prefix: str = "", link=lambda slug, anchor: f"../{slug}/#{anchor}"):
        self.out: list[str] = []
        self.stops = 0
        self.in_change = False
        self.id_prefix = id_prefix
        self.link = link
        self.table = False

    def _stop(self, changed: bool, classes: str = "") -> str:
        """Attributes for an element; a change that follows kept text starts a new stop."""
        if not changed:
            self.in_change = False
        elif not self.in_change:
            self.in_change = True
            self.stops += 1
            return f' id="{self.id_prefix}c{self.stops}" class="{(classes + " cmp-c").strip()}"'
        return f' class="{classes}"' if classes else ""

    def _pieces(self, pieces) -> str:
        html = []
        for op, text in pieces:
            if op == "=":
                if text:
                    self._stop(False)
                html.append(e(text))
            else:
                tag = "ins" if op == "+" else "del"
                html.append(f"<{tag}{self._stop(True)}>{e(text)}</{tag}>")
        return "".join(html)

    def _close_table(self) -> None:
        if self.table:
            self.out.append("</tbody></table>")
            self.table = False

    def items(self, items: list) -> None:
        for item in items:
            if isinstance(item, Row):
                self.row(item)
            else:
                self._close_table()
                if isinstance(item, Move):
                    self.move(item)
                else:
                    self.para(item)
        self._close_table()

    def para(self, para: Para) -> None:
        kept = any(op == "=" and text for op, text in para.pieces)
        classes = []
        if para.mark != "=" and not kept:
            classes.append("cmp-added" if para.mark == "+" else "cmp-deleted")
        if para.kind == "heading":
            tag = f"h{min(para.level, 6)}"
        else:
            tag = "p"
            classes.append({"para": "cmp-para", "item": f"cmp-item cmp-item-{min(para.level, 3)}",
                            "note": "cmp-footnote"}[para.kind])
            if para.ordered:
                classes.append("cmp-ordered")
        number = f'<span class="cmp-num">{e(para.number)}</span>' if para.number else ""
        badges = "".join(f'<span class="cmp-note cmp-badge">{e(b)}</span>' for b in para.badges)
        mark = ""
        if para.mark != "=":
            tag_name, title = ("ins", "新分段") if para.mark == "+" else ("del", "段落合并")
            mark = f'<{tag_name}{self._stop(True, "cmp-mark")} title="{title}"></{tag_name}>'
        css = f' class="{" ".join(classes)}"' if classes else ""
        self.out.append(f"<{tag}{css}>{number}{self._pieces(para.pieces)}{mark}{badges}</{tag}>")

    def row(self, row: Row) -> None:
        if not self.table:
            self.out.append('<table class="cmp-table"><tbody>')
            self.table = True
        cell_tag = "th" if row.header else "td"
        css = {"+": ' class="cmp-row-added"', "-": ' class="cmp-row-deleted"'}.get(row.op, "")
        cells = "".join(f"<{cell_tag}>{self._pieces(cell)}</{cell_tag}>" for cell in row.cells)
        self.out.append(f"<tr{css}>{cells}</tr>")

    def move(self, move: Move) -> None:
        here = f"move-{move.ref}-{move.direction}"
        there = f"move-{move.link_ref}-{'to' if move.direction == 'from' else 'from'}"
        place = "新位置" if move.direction == "from" else "原位置"
        link = f' <a href="{e(self.link(move.link, there))}">查看{place}</a>' if move.link else ""
        self.in_change = False
        stop = self._stop(True, f"cmp-moved cmp-moved-{move.direction}")
        note = f'{e(move.note)}{link}'
        if move.direction == "from":
            inner = _Redline(self.id_prefix + f"m{move.ref}-", self.link)
            inner.items(move.items)
            self.out.append(f'<del{stop}><details><summary class="cmp-note" id="{self.id_prefix}{here}">{note}'
                            f'（展开查看原文）</summary>{"".join(inner.out)}</details></del>')
        else:
            self.out.append(f'<ins{stop}><span class="cmp-note" id="{self.id_prefix}{here}">{note}</span>')
            self.in_change = False
            self.items(move.items)
            self.out.append("</ins>")
        self.in_change = False


def redline_html(chapter: Chapter, id_prefix: str = "", link=None) -> tuple[str, int]:
    """The chapter's redline (a div.cmp-redline) and its number of changes."""
    writer = _Redline(id_prefix, link) if link else _Redline(id_prefix)
    writer.items(chapter.items)
    return '<div class="cmp-redline">\n' + "\n".join(writer.out) + "\n</div>", writer.stops


def _cell(value) -> str:
    return f"<td>{e(str(value))}</td>"


def overview_html(comparison: Comparison, chapter_href=lambda c: f"{c.slug}/") -> str:
    a, b = comparison.a, comparison.b
    rows = []
    for chapter in comparison.chapters:
        s = chapter.stats
        title = f'<a href="{e(chapter_href(chapter))}">{e(chapter.title)}</a>'
        rows.append(f'<tr class="cmp-status-{chapter.status}"><td>{title}</td>{_cell(STATUS_WORDS[chapter.status])}'
                    + "".join(_cell(v) for v in (s.added, s.deleted, s.modified, s.moved, s.chars_added, s.chars_deleted))
                    + "</tr>")
    t = comparison.totals()
    rows.append('<tr class="cmp-total"><th>合计</th><td></td>'
                + "".join(_cell(v) for v in (t.added, t.deleted, t.modified, t.moved, t.chars_added, t.chars_deleted))
                + "</tr>")
    parts = [
        '<div class="cmp-overview">',
        f'<p>比较的两个版本：原稿 <strong>{e(public_name(a))}</strong>（{e(cn_date(a.date))}），'
        f'新稿 <strong>{e(public_name(b))}</strong>（{e(cn_date(b.date))}）。</p>',
        LEGEND,
        '<h2 id="chapters">各章修改概况</h2>',
        '<table class="cmp-summary"><thead><tr><th>章节</th><th>状态</th><th>新增段落</th><th>删除段落</th>'
        '<th>修改段落</th><th>移动（节）</th><th>增加字数</th><th>删除字数</th></tr></thead><tbody>',
        *rows,
        "</tbody></table>",
        '<p class="cmp-hint">段落数含标题和表格行。点击章节名查看逐字对照，用“上一处 / 下一处”在修改之间跳转。</p>',
        '<h2 id="targets">主要指标变化</h2>',
        targets_html(comparison.targets),
        "</div>",
    ]
    return "\n".join(parts)


def targets_html(deltas) -> str:
    if not deltas:
        return '<p>主要指标（data/targets.yml）无变化。</p>'
    rows = []
    for delta in deltas:
        overall = AMBITION_WORDS.get(delta.ambition or "", "")
        for n, change in enumerate(delta.fields):
            name = (f'<td rowspan="{len(delta.fields)}">{e(delta.name)}</td>'
                    f'<td rowspan="{len(delta.fields)}">{e(CHANGE_WORDS[delta.change])}'
                    + (f"（{e(overall)}）" if overall else "") + "</td>") if n == 0 else ""
            level = AMBITION_WORDS.get(change.ambition or "", "—")
            rows.append(f'<tr class="cmp-target-{delta.change}">{name}{_cell(change.label)}'
                        f'<td><del>{e(change.old)}</del></td><td><ins>{e(change.new)}</ins></td>{_cell(level)}</tr>')
    return ('<table class="cmp-targets"><thead><tr><th>指标</th><th>变化</th><th>项目</th><th>原值</th><th>新值</th>'
            '<th>力度</th></tr></thead><tbody>\n' + "\n".join(rows) + "\n</tbody></table>")


def _front_matter(title: str) -> str:
    """MkDocs puts page and nav titles into its templates unescaped: escape them here."""
    return (f"---\ntitle: {json.dumps(escape(title, quote=False), ensure_ascii=False)}\nrender_macros: false\n"
            "search:\n  exclude: true\n---\n\n")


def _toolbar(count: int, previous: str | None, following: str | None, up: str = "../") -> str:
    data = "".join(f' data-cmp-{k}="{e(v)}"' for k, v in (("prev-page", previous), ("next-page", following)) if v)
    label = f"本章共 {count} 处修改" if count else "本章无修改"
    return (f'<div class="cmp-toolbar" role="navigation" aria-label="修改导航"{data}>'
            f'<a class="cmp-up" href="{e(up)}">版本对照概览</a>'
            '<button type="button" class="cmp-prev" title="快捷键 k">上一处</button>'
            f'<span class="cmp-count" aria-live="polite">{label}</span>'
            '<button type="button" class="cmp-next" title="快捷键 j">下一处</button></div>')


def public_name(side: Side) -> str:
    """初稿, not 初稿（stage/draft）: tag names are the drafting group's words, not the public's."""
    return side.stage_name or side.label


def site_pages(comparison: Comparison) -> dict[str, str]:
    """File name → content of the comparison's pages (for docs/compare/<A>..<B>/)."""
    title = f"{public_name(comparison.a)} → {public_name(comparison.b)}"
    redlines = {c.slug: redline_html(c) for c in comparison.chapters}
    changed = [n for n, c in enumerate(comparison.chapters) if redlines[c.slug][1]]
    pages = {"index.md": _front_matter(f"版本对照：{title}") + f"<h1>版本对照：{e(title)}</h1>\n\n"
             + overview_html(comparison) + "\n"}
    nav = [["概览", "index.md"]]
    slugs = [c.slug for c in comparison.chapters]
    for n, chapter in enumerate(comparison.chapters):
        html, count = redlines[chapter.slug]
        earlier = [slugs[k] for k in changed if k < n]
        later = [slugs[k] for k in changed if k > n]
        toolbar = _toolbar(count, f"../{earlier[-1]}/#cmp-last" if earlier else None,
                           f"../{later[0]}/#c1" if later else None)
        heading = f'<p class="cmp-versions">{e(title)}</p>'
        pages[f"{chapter.slug}.md"] = (_front_matter(f"版本对照：{chapter.title}") + toolbar + "\n\n"
                                       + heading + "\n\n" + html + "\n")
        suffix = {"unchanged": "（无修改）", "added": "（新增）", "deleted": "（删除）"}.get(chapter.status, "")
        nav.append([escape(chapter.title + suffix, quote=False), f"{chapter.slug}.md"])
    pages[NAV_FILE] = json.dumps({"title": escape(title, quote=False), "date": comparison.b.date.isoformat(),
                                  "pages": nav}, ensure_ascii=False, indent=1)
    return pages


def standalone_html(comparison: Comparison, css: str, js: str) -> str:
    """One offline HTML file: overview and every chapter, the same markup and script."""
    title = f"《{comparison.title}》版本对照：{comparison.a.label} → {comparison.b.label}"
    body = [f"<h1>{e(title)}</h1>", overview_html(comparison, lambda c: f"#chapter-{c.slug}")]
    total = 0
    for chapter in comparison.chapters:
        html, count = redline_html(chapter, f"{chapter.slug}-", lambda slug, anchor: f"#{slug}-{anchor}")
        total += count
        body.append(f'<section id="chapter-{e(chapter.slug)}" class="cmp-chapter">{html}</section>')
    toolbar = (f'<div class="cmp-toolbar" role="navigation" aria-label="修改导航"><a class="cmp-up" href="#chapters">概览</a>'
               '<button type="button" class="cmp-prev" title="快捷键 k">上一处</button>'
               f'<span class="cmp-count" aria-live="polite">共 {total} 处修改</span>'
               '<button type="button" class="cmp-next" title="快捷键 j">下一处</button></div>')
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{e(title)}</title>\n<style>\n{css}\n</style>\n</head>\n"
            f"<body class=\"cmp-standalone\">\n{toolbar}\n<main>\n" + "\n".join(body)
            + f"\n</main>\n<script>\n{js}\n</script>\n</body>\n</html>\n")
