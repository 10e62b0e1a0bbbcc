"""Paragraph addresses and ids, read from small HTML pages built by hand.

The readable address follows the 公文 numbers of the headings above an item
and counts paragraphs, list items and table rows afresh under each heading;
the id depends only on the page and the item's own words.
"""
from __future__ import annotations

import re

import lxml.html
import pytest

from scripts.paragraphs import address_page, item_id, normalise

PAGE = "plan/tasks.md"


def addresses(html: str, **options) -> list[tuple[str, str]]:
    return [(item.address, item.text) for item in address_page(html, PAGE, **options)[1]]


def ids(html: str) -> dict[str, str]:
    return {item.text: item.id for item in address_page(html, PAGE)[1]}


@pytest.mark.parametrize("headings, address", [
    pytest.param("<h1>二、主要任务</h1>", "二 第1段", id="chapter"),
    pytest.param("<h1>二、主要任务</h1><h2>（三）加强质量基础</h2>", "二（三） 第1段", id="section"),
    pytest.param("<h1>二、主要任务</h1><h2>（三）基础</h2><h3>3.健全标准</h3>", "二（三）3 第1段", id="article"),
    pytest.param("<h1>二、主要任务</h1><h2>（三）基础</h2><h3>3.标准</h3><h4>（2）细则</h4>", "二（三）3（2） 第1段",
                 id="item"),
    pytest.param("<h1>十二、附则</h1><h2>（十一）其他</h2>", "十二（十一） 第1段", id="two-character-numerals"),
    pytest.param("<h1>二、任务</h1><h2>（三）基础</h2><h3>3.标准</h3><h2>（四）品牌</h2>", "二（四） 第1段",
                 id="a-new-section-clears-the-article"),
    pytest.param("<h1>二、任务</h1><h2>（三）基础</h2><h1>三、保障</h1>", "三 第1段", id="a-new-chapter-clears-all"),
    pytest.param("<h1>总体要求</h1>", "第1段", id="unnumbered-chapter"),
    pytest.param("<h1>二、任务</h1><h2>三、错放的一级编号</h2>", "二 第1段", id="wrong-kind-of-number-ignored"),
    pytest.param("<h1>二、任务</h1><h3>（3）错放的四级编号</h3>", "二 第1段", id="bracketed-arabic-at-level-3"),
    pytest.param("<h1>二、任务</h1><h4>3.错放的三级编号</h4>", "二 第1段", id="plain-arabic-at-level-4"),
    pytest.param('<h1>  二、任务<a class="headerlink" href="#x">¶</a></h1>', "二 第1段", id="permalink-and-spaces"),
])
def test_address_follows_the_numbered_headings_above(headings, address):
    assert addresses(headings + "<p>正文。</p>") == [(address, "正文。")]


@pytest.mark.parametrize("body, expected", [
    pytest.param("<p>甲</p><p>乙</p><ul><li>一</li><li>二</li></ul><p>丙</p>",
                 [("二 第1段", "甲"), ("二 第2段", "乙"), ("二 第1项", "一"), ("二 第2项", "二"), ("二 第3段", "丙")],
                 id="paragraphs-and-items-counted-apart"),
    pytest.param("<ol><li><p>一</p></li><li><p>二</p></li></ol>", [("二 第1项", "一"), ("二 第2项", "二")],
                 id="paragraph-inside-an-item-is-the-item"),
    pytest.param("<table><thead><tr><th>指标</th><th>目标</th></tr></thead>"
                 "<tbody><tr><td>甲</td><td>95%</td></tr><tr><td>乙</td><td>1</td></tr></tbody></table>",
                 [("二 表1第1行", "甲 | 95%"), ("二 表1第2行", "乙 | 1")], id="header-row-skipped"),
    pytest.param("<table><tr><td>甲</td></tr></table><p>说明</p><table><tr><td>乙</td></tr><tr><td>丙</td></tr></table>",
                 [("二 表1第1行", "甲"), ("二 第1段", "说明"), ("二 表2第1行", "乙"), ("二 表2第2行", "丙")],
                 id="second-table-is-表2-and-counts-rows-afresh"),
    pytest.param("<table><tr><td>甲</td></tr></table><h2>（一）节</h2><table><tr><td>乙</td></tr></table>",
                 [("二 表1第1行", "甲"), ("二（一） 表1第1行", "乙")], id="tables-count-afresh-under-a-heading"),
    pytest.param("<p>甲</p><h2>（一）节</h2><p>乙</p><ul><li>一</li></ul>",
                 [("二 第1段", "甲"), ("二（一） 第1段", "乙"), ("二（一） 第1项", "一")],
                 id="paragraphs-count-afresh-under-a-heading"),
    pytest.param('<p>甲</p><div class="footnote"><ol><li><p>脚注</p></li></ol></div>'
                 '<div class="admonition note"><p>起草说明</p></div><p>乙</p>',
                 [("二 第1段", "甲"), ("二 第2段", "乙")], id="footnotes-and-notes-skipped"),
    pytest.param('<div class="md-typeset__scrollwrap-skip"><table><tr><td>甲</td></tr></table></div><p>乙</p>',
                 [("二 第1段", "乙")], id="skipped-wrapper"),
    pytest.param("<p>  </p><p>\u200b</p><table><tr><td> </td><td></td></tr></table><p>乙</p>",
                 [("二 第1段", "乙")], id="empty-items-skipped-and-not-counted"),
    pytest.param("<p>第一<sup>1</sup>段 文字<em>强调</em>。</p>", [("二 第1段", "第一段文字强调。")],
                 id="text-without-footnote-marks-or-spaces"),
])
def test_items_are_counted_by_kind_under_their_heading(body, expected):
    assert addresses("<h1>二、任务</h1>" + body) == expected


def test_annex_items_are_addressed_by_the_annex_number():
    html = "<h1>主要指标表</h1><h2>一、说明</h2><p>甲</p><table><tr><td>乙</td></tr></table>"
    assert addresses(html, annex_number=2) == [("附件2 第1段", "甲"), ("附件2 表1第1行", "乙")]


def test_ids_look_like_kind_and_eight_hex_digits():
    found = [item.id for item in address_page("<p>甲</p><ul><li>乙</li></ul><table><tr><td>丙</td></tr></table>",
                                              PAGE)[1]]
    assert [i[:2] for i in found] == ["p-", "i-", "r-"]
    assert all(re.fullmatch(r"[pir]-[0-9a-f]{8}", i) for i in found)


def test_ids_stored_in_comments_never_change():
    # Comments saved at an earlier stage carry these ids; a new hash would orphan them all.
    assert item_id("p", "plan/tasks.md", "第一段文字。") == "p-59ab9bbe"
    assert item_id("li", "a.md", "x") == "i-fd986fd6"
    assert item_id("tr", "a.md", "x") == "r-fd986fd6"


@pytest.mark.parametrize("before, after", [
    pytest.param("<p>甲</p><p>乙</p><p>丙</p>", "<p>丙</p><p>甲</p><p>乙</p>", id="moved-within-the-section"),
    pytest.param("<p>甲</p><p>乙</p><p>丙</p>", "<p>新</p><p>甲</p><p>又新</p><p>乙</p><p>丙</p>",
                 id="paragraphs-inserted-around"),
    pytest.param("<h2>（一）节</h2><p>甲</p><p>乙</p><p>丙</p>", "<h2>（二）节</h2><p>乙</p><h3>1.条</h3><p>甲</p><p>丙</p>",
                 id="renumbered-and-moved-under-another-heading"),
    pytest.param("<ul><li>甲</li><li>乙</li><li>丙</li></ul>", "<ul><li>乙</li><li>丙</li><li>甲</li></ul>",
                 id="list-items-reordered"),
])
def test_an_id_does_not_depend_on_the_position_in_the_section(before, after):
    old, new = ids("<h1>二、任务</h1>" + before), ids("<h1>三、任务</h1>" + after)
    assert {text: new[text] for text in old} == old


@pytest.mark.parametrize("a, b", [
    pytest.param(("p", PAGE, "甲"), ("p", PAGE, "乙"), id="other-words"),
    pytest.param(("p", PAGE, "甲"), ("p", "plan/other.md", "甲"), id="other-page"),
    pytest.param(("p", PAGE, "甲"), ("li", PAGE, "甲"), id="other-kind"),
])
def test_ids_differ_for_other_words_pages_or_kinds(a, b):
    assert item_id(*a) != item_id(*b)


def test_ids_ignore_spacing_and_line_breaks():
    assert item_id("p", PAGE, "质量 强国\n建设") == item_id("p", PAGE, "质量强国建设")
    assert normalise(" 甲\u200b乙¶ \t丙\n") == "甲乙丙"


def test_the_same_words_twice_get_numbered_ids():
    found = [item.id for item in address_page("<p>重复</p><p>别的</p><p>重复</p><p>重复</p>", PAGE)[1]]
    first = found[0]
    assert found[2:] == [first + "-2", first + "-3"] and found[1] != first


def test_the_page_gets_ids_and_addresses_and_keeps_everything_else():
    html, items = address_page('开头<h1>二、任务</h1><p class="x">甲</p><div class="footnote"><p>注</p></div>', PAGE)
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    assert root.text == "开头"
    paragraph = root.find("p")
    assert (paragraph.get("id"), paragraph.get("data-address"), paragraph.get("class")) == (items[0].id, "二 第1段", "x")
    assert root.find("div/p").get("id") is None
    assert items[0].as_dict() == {"id": items[0].id, "address": "二 第1段", "kind": "p", "page": PAGE,
                                  "chapter": "二、任务", "text": "甲"}


@pytest.mark.parametrize("html, expected", [
    pytest.param("<p>甲</p><table><tr><td>乙</td></tr></table><h1>二、任务</h1><p>丙</p>",
                 [("第1段", "", "甲"), ("表1第1行", "", "乙"), ("二 第1段", "二、任务", "丙")],
                 id="items-before-the-first-heading"),
    pytest.param('<h1>二、任务<a class="headerlink" href="#x">#</a></h1><p>见<a href="/x">链接</a>。</p>',
                 [("二 第1段", "二、任务", "见链接。")], id="permalink-dropped-ordinary-link-kept"),
    pytest.param("<h1>二、任务</h1><table><tbody><tr><th>甲</th><td>1</td></tr></tbody></table>",
                 [("二 表1第1行", "二、任务", "甲 | 1")], id="row-header-cells-kept"),
    pytest.param("<h1>二、任务</h1><p>X</p>", [("二 第1段", "二、任务", "X")], id="one-latin-letter-is-text"),
])
def test_addresses_chapters_and_words(html, expected):
    assert [(i.address, i.chapter, i.text) for i in address_page(html, PAGE)[1]] == expected


def test_ids_of_the_same_words_on_two_pages_differ():
    first, second = (address_page("<p>甲</p>", page)[1][0].id for page in ("plan/a.md", "plan/b.md"))
    assert first != second


def test_the_page_html_is_the_same_html_with_ids_and_addresses_added():
    html, items = address_page('<h1>二、任务</h1><p class="x">甲</p>\n<ul><li>乙</li></ul>', PAGE)
    assert html == (f'<h1>二、任务</h1><p class="x" id="{items[0].id}" data-address="二 第1段">甲</p>\n'
                    f'<ul><li id="{items[1].id}" data-address="二 第1项">乙</li></ul>')
