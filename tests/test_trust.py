"""The trust boundary: outside text reaches readers as text, never as markup or a template.

Expected values come from an independent reader: lxml parses the HTML the
way a browser would, and pandoc reads the Markdown the formal documents are
made from.
"""
from __future__ import annotations

import datetime as dt
import json

import lxml.html
import pypandoc
import pytest

from scripts.comments.report import Row, document_markdown, escape_markdown, site_html, statistics
from scripts.comments.store import Comment
from scripts.trust import defuse_html, inert_text, is_untrusted

HOSTILE = [
    pytest.param("<script>alert(1)</script>", id="script"),
    pytest.param('<img src=x onerror="alert(1)">', id="event-handler"),
    pytest.param("{{ config.extra }}{% include 'x' %}", id="jinja"),
    pytest.param("A&B &amp; &lt;b&gt; 5<6 & 7>3", id="ampersand-and-entities"),
    pytest.param('"引号" \'单引号\' `反引号`', id="quotes"),
]


@pytest.mark.parametrize("path, untrusted", [
    pytest.param("reports/unit-a.md", True, id="report"),
    pytest.param("comments/public.md", True, id="comments"),
    pytest.param("comments\\public.md", True, id="windows-separator"),
    pytest.param("reports/sub/deep.md", True, id="nested"),
    pytest.param("plan/general.md", False, id="chapter"),
    pytest.param("index.md", False, id="home"),
    pytest.param("plan/reports/x.md", False, id="reports-deeper-down"),
    pytest.param("reportsx/x.md", False, id="prefix-only"),
    pytest.param("comments.md", False, id="file-not-directory"),
])
def test_which_pages_are_outside_text(path, untrusted):
    assert is_untrusted(path) is untrusted


@pytest.mark.parametrize("text", HOSTILE)
def test_defused_markdown_shows_every_angle_bracket_as_text(text):
    rendered = lxml.html.fragment_fromstring(f"<p>{defuse_html(text)}</p>")
    assert [e.tag for e in rendered.iter()] == ["p"]
    if "&" not in text:       # entities typed by the author are the author's own business
        assert rendered.text_content() == text


def comment(**fields) -> Comment:
    base = dict(id="C1", source="public", received=dt.date(2026, 5, 1), channel="网站", category="个人",
                anchor="p-1", anchor_id="p-1", quote="", chapter="一、总体要求", content="建议。",
                disposition="采纳", reason="")
    return Comment(**{**base, **fields})


def table_html(row: Row) -> lxml.html.HtmlElement:
    html = site_html({row.chapter: [row]}, statistics([row.comment]), 1)
    return lxml.html.fragment_fromstring(html, create_parent="div")


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("field", ["content", "reason", "category", "disposition"])
def test_comment_fields_on_the_public_table_are_text(field, text):
    root = table_html(Row(1, comment(**{field: text}), "一、总体要求", "一 第1段", "plan/general/#p-1"))
    assert not root.xpath("//script | //img | //*[@onerror]")
    cells = root.xpath("//table[@class='comment-table']/tbody/tr/td")
    column = {"content": 2, "category": 3, "disposition": 4, "reason": 5}[field]
    assert cells[column].text_content() == text


@pytest.mark.parametrize("text", HOSTILE)
def test_chapter_address_and_link_on_the_public_table_are_text(text):
    root = table_html(Row(1, comment(), text, text, "plan/x/#p-1?a=" + text))
    assert not root.xpath("//script | //img | //*[@onerror]")
    assert root.xpath("//h2")[-1].text_content() == text
    link = root.xpath("//tbody//a")[0]
    assert link.text_content() == text and link.get("href") == "../plan/x/#p-1?a=" + text


def test_the_table_links_up_to_the_site_root_and_numbers_rows():
    row = Row(7, comment(), "一、总体要求", "一 第1段", "plan/general/#p-1")
    root = lxml.html.fragment_fromstring(site_html({"一、总体要求": [row]}, statistics([row.comment]), 2),
                                         create_parent="div")
    first = root.xpath("//tbody/tr/td")
    assert first[0].text_content() == "7" and first[1].xpath("a/@href") == ["../../plan/general/#p-1"]


def test_a_comment_whose_paragraph_is_gone_says_so_without_a_link():
    root = table_html(Row(1, comment(), "一、总体要求", "", ""))
    cell = root.xpath("//tbody/tr/td")[1]
    assert cell.text_content() == "（原段落已修改或删除）" and not cell.xpath(".//a")


def test_an_empty_table_says_there_are_no_comments():
    assert site_html({}, statistics([]), 1) == '<p class="comment-empty">目前尚无意见。</p>'


def plain_text_through_pandoc(markdown: str) -> str:
    document = json.loads(pypandoc.convert_text(markdown, "json", format="markdown"))

    def words(node) -> str:
        if isinstance(node, dict):
            if node.get("t") == "Str":
                return node["c"]
            if node.get("t") in ("Space", "SoftBreak"):
                return " "
            if node.get("t") in ("RawInline", "RawBlock"):
                return "<RAW>"
            return words(node.get("c", []))
        if isinstance(node, list):
            return "".join(words(n) for n in node)
        return ""

    return words(document["blocks"])


@pytest.mark.parametrize("text", [
    pytest.param("<script>alert(1)</script>", id="html"),
    pytest.param("*强调* _斜体_ **粗** `代码` [链接](http://x) ![图](x.png)", id="emphasis-links-images"),
    pytest.param("# 标题 | 竖线 | \\反斜杠", id="heading-pipe-backslash"),
    pytest.param("{{ x }} {% y %} $公式$ ~删除~ ^上标^ @引用 A&B", id="jinja-math-citations"),
])
def test_outside_text_in_the_formal_table_reads_back_as_the_same_words(text):
    assert plain_text_through_pandoc(escape_markdown(text)) == text


def test_formal_table_cells_keep_their_columns_whatever_the_comment_holds():
    row = Row(1, comment(content="甲 | 乙\n丙", reason="理由|二"), "一、总体要求", "一 第1段", "")
    markdown = document_markdown("汇总", {"一、总体要求": [row]}, statistics([row.comment]), "说明")
    document = json.loads(pypandoc.convert_text(markdown, "json", format="markdown"))
    tables = [b for b in document["blocks"] if b["t"] == "Table"]
    assert len(tables) == 1
    body_row = tables[0]["c"][4][0][3][0]          # first body, its rows, first row
    assert len(body_row[1]) == 6


@pytest.mark.parametrize("value", [
    *HOSTILE,
    pytest.param("[链接](javascript:alert(1)) ![图](x.png) *强调* _斜_ `码` \\转义", id="markdown-inline"),
    pytest.param("# 标题 | 表格 | ~删~ ^上^ $公式$ !感叹 {: .cls}", id="markdown-block-and-attrs"),
    pytest.param("第一行\n\n第二行\t多  空格", id="line-breaks-and-spaces"),
    pytest.param(96.5, id="a-number"),
])
def test_an_outside_value_reads_back_as_the_same_one_line_text_through_pandoc(value):
    shown = " ".join(str(value).split())
    markdown = inert_text(value)
    assert "\n" not in markdown
    assert plain_text_through_pandoc(markdown) == shown
    rendered = lxml.html.fragment_fromstring(f"<p>{markdown}</p>")
    assert [e.tag for e in rendered.iter()] == ["p"] and rendered.text_content() == shown
