"""The 征求意见汇总处理表 itself: grouping, statistics, the charts and both of its forms.

Read back by independent readers: lxml for the site's HTML and SVG, pandoc
for the Markdown of the formal document.
"""
from __future__ import annotations

import datetime as dt
import json

import lxml.etree
import lxml.html
import pypandoc
import pytest

from scripts.comments.anchors import AnchorIndex
from scripts.comments.report import Row, document_markdown, rows_by_chapter, site_html, statistics, svg_bars
from scripts.comments.store import Comment
from scripts.paragraphs import Item

COLUMNS = ["序号", "段落", "意见", "提出者类别", "处理情况", "理由"]
ITEMS = [Item("p-1", "一 第1段", "p", "plan/general.md", "一、总体要求", "坚持质量第一。"),
         Item("p-2", "四 第2段", "p", "plan/infrastructure.md", "四、夯实质量基础设施", "加强计量能力建设。")]


def comment(number: int, **fields) -> Comment:
    base = dict(id=f"C{number}", source="public", received=dt.date(2021, 9, number), channel="网站", category="个人",
                anchor="", anchor_id="", quote="", chapter="", content=f"意见{number}", disposition="待处理", reason="")
    return Comment(**{**base, **fields})


@pytest.mark.parametrize("dispositions, rate", [
    pytest.param([], 0.0, id="none"),
    pytest.param(["待处理", "待处理"], 0.0, id="none-handled-yet"),
    pytest.param(["采纳", "未采纳"], 0.5, id="half"),
    pytest.param(["采纳", "部分采纳", "未采纳", "已有体现", "待处理"], 0.5, id="partly-adopted-counts-pending-does-not"),
    pytest.param(["部分采纳"], 1.0, id="partly-adopted-alone"),
])
def test_adoption_rate_counts_adopted_and_partly_adopted_among_handled(dispositions, rate):
    assert statistics([comment(n, disposition=d) for n, d in enumerate(dispositions, 1)])["adoption_rate"] == rate


def test_statistics_count_by_disposition_in_the_notice_s_order_category_and_chapter():
    comments = [comment(1, disposition="未采纳", category="企业", chapter="四"),
                comment(2, disposition="采纳", category="个人", chapter="一"),
                comment(3, disposition="未采纳", category="企业", chapter="四")]
    assert statistics(comments) == {
        "total": 3, "by_disposition": {"采纳": 1, "未采纳": 2},
        "by_category": {"企业": 2, "个人": 1}, "by_chapter": {"四": 2, "一": 1}, "adoption_rate": 1 / 3}


def test_rows_are_numbered_by_date_and_grouped_by_chapter_in_the_plan_s_order():
    comments = [comment(3, anchor_id="p-1"), comment(1, anchor_id="p-2"), comment(2, anchor_id="p-gone", quote="")]
    groups = rows_by_chapter(comments, AnchorIndex(ITEMS), ["一、总体要求", "四、夯实质量基础设施"])
    assert {chapter: [(r.number, r.comment.id, r.address, r.link) for r in rows] for chapter, rows in groups.items()} == {
        "一、总体要求": [(3, "C3", "一 第1段", "plan/general/#p-1")],
        "四、夯实质量基础设施": [(1, "C1", "四 第2段", "plan/infrastructure/#p-2")],
        "（原段落已修改或删除）": [(2, "C2", "", "")],
    }
    assert list(groups) == ["一、总体要求", "四、夯实质量基础设施", "（原段落已修改或删除）"]


def bars(svg: str) -> tuple[lxml.etree._Element, list, list]:
    root = lxml.etree.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    return root, root.findall("s:rect", ns), [t.text for t in root.findall("s:text", ns)]


def test_a_chart_draws_one_labelled_bar_per_count_in_proportion():
    root, rects, texts = bars(svg_bars({"采纳": 4, "未采纳": 2, "待处理": 1}, "按处理情况"))
    assert root.get("aria-label") == "按处理情况" and texts == ["按处理情况", "采纳", "4", "未采纳", "2", "待处理", "1"]
    widths = [float(r.get("width")) for r in rects]
    assert widths[1] == pytest.approx(widths[0] / 2, abs=1) and widths[2] == pytest.approx(widths[0] / 4, abs=1)
    tops = [float(r.get("y")) for r in rects]
    height = float(rects[0].get("height"))
    assert all(b - a >= height for a, b in zip(tops, tops[1:]))            # bars never overlap
    view = [float(v) for v in root.get("viewBox").split()]
    assert tops[-1] + height <= view[3] and max(float(r.get("x")) + w for r, w in zip(rects, widths)) < view[2]
    ns = {"s": "http://www.w3.org/2000/svg"}
    for rect, value in zip(rects, root.findall("s:text", ns)[2::2]):       # each number just right of its bar
        assert float(value.get("x")) > float(rect.get("x")) + float(rect.get("width"))
        assert float(rect.get("y")) <= float(value.get("y")) <= float(rect.get("y")) + height


def test_a_tiny_count_still_shows_a_bar_and_an_empty_chart_shows_nothing():
    _, rects, _ = bars(svg_bars({"多": 1000, "少": 1}, "按章节"))
    assert float(rects[1].get("width")) >= 2
    assert svg_bars({}, "按章节") == ""


def test_the_site_table_has_statistics_charts_and_one_table_per_chapter():
    comments = [comment(1, disposition="采纳"), comment(2, disposition="待处理")]
    groups = {"一、总体要求": [Row(1, comments[0], "一、总体要求", "一 第1段", "plan/general/#p-1")],
              "四、夯实质量基础设施": [Row(2, comments[1], "四、夯实质量基础设施", "四 第2段", "")]}
    root = lxml.html.fragment_fromstring(site_html(groups, statistics(comments), 1), create_parent="div")
    assert [h.text_content() for h in root.findall("h2")] == ["统计", "一、总体要求", "四、夯实质量基础设施"]
    assert root.find("h2").get("id") == "statistics"
    assert root.find("p").text_content() == "共收到意见 2 条，其中采纳 1 条，待处理 1 条；已处理意见的采纳率（含部分采纳）为 100%。"
    assert [s.get("aria-label") for s in root.iter("{http://www.w3.org/2000/svg}svg", "svg")] == \
        ["按处理情况", "按提出者类别", "按章节"]
    tables = root.findall("table")
    assert [[th.text_content() for th in t.findall("thead/tr/th")] for t in tables] == [COLUMNS, COLUMNS]
    assert [[td.text_content() for td in t.findall("tbody/tr/td")] for t in tables] == [
        ["1", "一 第1段", "意见1", "个人", "采纳", ""], ["2", "（原段落已修改或删除）", "意见2", "个人", "待处理", ""]]


def pandoc(markdown: str) -> dict:
    return json.loads(pypandoc.convert_text(markdown, "json", format="markdown"))


def plain(inlines) -> str:
    return "".join(i["c"] if i["t"] == "Str" else " " if i["t"] == "Space" else "" for i in inlines)


def test_the_formal_table_reads_back_through_pandoc():
    comments = [comment(1, disposition="采纳", reason="已体现"), comment(2, disposition="部分采纳")]
    groups = {"一、总体要求": [Row(1, comments[0], "一、总体要求", "一 第1段", ""),
                           Row(2, comments[1], "一、总体要求", "", "")]}
    document = pandoc(document_markdown("汇总处理表", groups, statistics(comments), "说明文字。"))
    assert plain(document["meta"]["title"]["c"]) == "汇总处理表"
    blocks = document["blocks"]
    assert [b["t"] for b in blocks] == ["Para", "Para", "Header", "Table"]
    assert plain(blocks[0]["c"]) == "说明文字。"
    assert plain(blocks[1]["c"]) == "共收到意见 2 条，其中采纳 1 条，部分采纳 1 条；已处理意见的采纳率（含部分采纳）为 100%。"
    assert plain(blocks[2]["c"][2]) == "一、总体要求"
    table = blocks[3]["c"]

    def cells(row) -> list[str]:
        return [plain(cell[4][0]["c"]) if cell[4] else "" for cell in row[1]]

    assert cells(table[3][1][0]) == COLUMNS
    assert [cells(row) for row in table[4][0][3]] == [["1", "一 第1段", "意见1", "个人", "采纳", "已体现"],
                                                     ["2", "（原段落已修改或删除）", "意见2", "个人", "部分采纳", "—"]]
