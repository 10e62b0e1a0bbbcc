"""Blocks of one section paired and diffed (scripts/diff/align.py), on hand-made blocks.

Every expectation is worked out by hand from what the comparison promises a reader:
a paragraph that was edited is one changed paragraph, a split is an inserted paragraph
mark, a merge a deleted one, a heading or table row pairs only with its own kind, and
within a run of unpaired blocks what is gone is shown before what is new.
"""
from __future__ import annotations

import pytest

from scripts.diff.align import _merge, bigrams, diff_blocks, dice, pair_region, text_group
from scripts.diff.blocks import Block
from scripts.diff.result import Para, Row


def para(text: str, **kw) -> Block:
    return Block("para", text, **kw)


def heading(text: str, level: int = 2) -> Block:
    return Block("heading", text, level=level)


def row(*cells: str, header: bool = False) -> Block:
    return Block("row", "\t".join(cells), cells=cells, header=header)


# Sentences from the plan; A′ and B′ are A and B edited, the others share no two neighbouring characters.
A, A2 = "推进质量强国建设", "推进质量强国建设纲要"
B, B2 = "加强质量品牌宣传", "加强质量品牌宣传工作"
GONE = "人才是第一资源"
NEW = "鼓励新闻媒体开设专栏"
WHOLE = "坚持目标导向和问题导向相结合，坚持政府引导和市场主导相结合。"
FIRST, SECOND = "坚持目标导向和问题导向相结合。", "坚持政府引导和市场主导相结合。"


# --- likeness ------------------------------------------------------------------------

def test_bigrams_are_the_pairs_of_neighbouring_characters():
    assert bigrams("质量强国") == {"质量", "量强", "强国"}
    assert bigrams("质") == {"质"}          # a one-character text is its own gram


def test_dice_is_twice_the_shared_grams_over_all_grams():
    assert dice(bigrams("质量强国"), bigrams("质量强国")) == 1.0
    # {质量, 量强, 强国} and {强国, 国建, 建设} share one of six
    assert dice(bigrams("质量强国"), bigrams("强国建设")) == pytest.approx(2 / 6)
    assert dice(bigrams("质量"), bigrams("人才")) == 0.0
    assert dice(bigrams("质量"), frozenset()) == 0.0
    assert dice(frozenset(), frozenset()) == 1.0      # two empty texts are alike


TEN = "一二三四五六七八九十百"          # 11 characters, 10 distinct bigrams


@pytest.mark.parametrize("new, paired", [
    pytest.param("一二三四" + "甲乙丙丁戊己庚", True, id="three-of-ten-shared"),    # 2·3 / 20 = 0.3
    pytest.param("一二三" + "甲乙丙丁戊己庚辛", False, id="two-of-ten-shared"),     # 2·2 / 20 = 0.2
])
def test_two_paragraphs_are_one_changed_paragraph_from_three_tenths_shared(new, paired):
    steps = pair_region([para(TEN)], [para(new)])
    assert steps == ([([0], [0])] if paired else [([0], []), ([], [0])])


# --- pairing -------------------------------------------------------------------------

def test_edited_paragraphs_pair_and_the_rest_is_deleted_then_inserted():
    steps = pair_region([para(A), para(GONE), para(B)], [para(A2), para(B2), para(NEW)])
    assert steps == [([0], [0]), ([1], []), ([2], [1]), ([], [2])]


def test_unrelated_paragraphs_show_every_deletion_before_every_insertion():
    steps = pair_region([para(A), para(GONE)], [para(NEW), para("营造良好氛围")])
    assert steps == [([0], []), ([1], []), ([], [0]), ([], [1])]


def test_an_edited_paragraph_then_a_short_new_one_is_a_change_and_an_insertion_not_a_split():
    # A with A′∪“专栏” shares exactly what A shares with A′: nothing favours the split
    assert pair_region([para(A)], [para(A2), para("专栏")]) == [([0], [0]), ([], [1])]
    assert pair_region([para(A2), para("专栏")], [para(A)]) == [([0], [0]), ([1], [])]


def test_a_split_between_edited_paragraphs_is_one_group():
    steps = pair_region([para(A), para(WHOLE), para(B)], [para(A2), para(FIRST), para(SECOND), para(B2)])
    assert steps == [([0], [0]), ([1], [1, 2]), ([2], [3])]


def test_a_merge_between_edited_paragraphs_is_one_group():
    steps = pair_region([para(A), para(FIRST), para(SECOND), para(B)], [para(A2), para(WHOLE), para(B2)])
    assert steps == [([0], [0]), ([1, 2], [1]), ([3], [2])]


LONG, LONG2 = ("推进质量强国建设纲要上海实施方案的编制工作，加快建设具有国际竞争力的质量高地，服务国家战略和城市发展全局",
               "推进质量强国建设纲要上海实施方案的编制工作，加快建设具有国际影响力的质量高地，服务国家战略和城市发展全局")


def test_a_split_or_merge_after_a_long_edited_paragraph_is_still_one_group():
    # the long pair before it scores more than the split or merge itself: it must add to it, not replace it
    assert pair_region([para(LONG), para(WHOLE)], [para(LONG2), para(FIRST), para(SECOND)]) == [
        ([0], [0]), ([1], [1, 2])]
    assert pair_region([para(LONG), para(FIRST), para(SECOND)], [para(LONG2), para(WHOLE)]) == [
        ([0], [0]), ([1, 2], [1])]


def test_a_short_tail_split_off_is_still_a_split():
    # 推进质量强国建设，创新: 10 bigrams; the first half keeps 7 of them, the tail “创新” one more
    whole, head, tail = "推进质量强国建设，创新", "推进质量强国建设", "创新"
    assert pair_region([para(whole)], [para(head), para(tail)]) == [([0], [0, 1])]
    assert pair_region([para(head), para(tail)], [para(whole)]) == [([0, 1], [0])]


@pytest.mark.parametrize("old, new, expected", [
    pytest.param([para(WHOLE), heading("坚持原则")], [para(FIRST), para(SECOND), heading("坚持原则")],
                 [([0], [0, 1]), ([1], [2])], id="split-before-a-heading"),
    pytest.param([para(FIRST), para(SECOND)], [para(WHOLE), heading("坚持原则")],
                 [([0, 1], [0]), ([], [1])], id="merge-before-a-new-heading"),
])
def test_splits_and_merges_next_to_a_heading(old, new, expected):
    assert pair_region(old, new) == expected


@pytest.mark.parametrize("old, new", [
    pytest.param([para(WHOLE)], [para(FIRST), heading(SECOND)], id="heading-second"),
    pytest.param([para(WHOLE)], [heading(FIRST), para(SECOND)], id="heading-first"),
    pytest.param([para(FIRST), heading(SECOND)], [para(WHOLE)], id="merged-heading-second"),
    pytest.param([heading(FIRST), para(SECOND)], [para(WHOLE)], id="merged-heading-first"),
])
def test_a_heading_is_never_half_of_a_split_or_a_merge(old, new):
    steps = pair_region(old, new)
    assert all(len(olds) <= 1 and len(news) <= 1 for olds, news in steps), steps


@pytest.mark.parametrize("old, new", [
    pytest.param([heading("基本原则")], [para("基本原则")], id="heading-and-paragraph"),
    pytest.param([para("基本原则")], [heading("基本原则")], id="paragraph-and-heading"),
    pytest.param([row("合格率", "95%")], [para("合格率\t95%")], id="row-and-paragraph"),
    pytest.param([para("合格率\t95%")], [row("合格率", "95%")], id="paragraph-and-row"),
    pytest.param([row("合格率", "95%")], [row("合格率", "95%", "")], id="rows-of-different-width"),
])
def test_headings_and_rows_pair_only_with_their_own_kind_and_width(old, new):
    assert pair_region(old, new) == [([0], []), ([], [0])]


@pytest.mark.parametrize("old, new", [
    pytest.param([para(A), row("合格率", "95%")], [para(A2)], id="row-after"),
    pytest.param([para(A)], [para(A2), row("合格率", "95%")], id="row-after-in-the-new"),
])
def test_an_edited_paragraph_beside_a_table_row_still_pairs(old, new):
    assert ([0], [0]) in pair_region(old, new)


def chars(k: int) -> str:
    """Six characters no other k shares."""
    return "".join(chr(0x4E00 + 6 * k + t) for t in range(6))


def test_the_largest_region_paired_by_content_is_two_hundred_by_two_hundred():
    # one paragraph gone at the top, one new at the end: by position nothing would pair
    old = [para(chars(0))] + [para(chars(k)) for k in range(1, 200)]
    new = [para(chars(k)) for k in range(1, 200)] + [para(NEW)]
    assert pair_region(old, new) == [([0], [])] + [([k], [k - 1]) for k in range(1, 200)] + [([], [199])]


def test_a_region_too_large_to_pair_by_content_pairs_by_position():
    # 201 × 200 blocks: beyond the pairing table, block k is compared with block k only
    old = [row(chars(0), "x")] + [para(chars(k)) for k in range(1, 201)]
    new = [para(chars(0) + "\tx")] + [para(chars(k) + "。" if k % 2 else chars(k + 1000)) for k in range(1, 200)]
    expected = [([0], []), ([], [0])]                 # a row and a paragraph never pair
    for k in range(1, 200):
        expected += [([k], [k])] if k % 2 else [([k], []), ([], [k])]
    expected.append(([200], []))
    assert pair_region(old, new) == expected
    # read the other way: the same pairs, and the block only the longer side has is inserted
    assert pair_region(new, old) == expected[:-1] + [([], [200])]


# --- the redline of a section ------------------------------------------------------------

def test_every_item_carries_the_part_and_the_default_part_is_the_body():
    old = [para("保持不变的段落"), para(GONE), para(A)]
    new = [para("保持不变的段落"), para(A2), para(NEW)]
    items = diff_blocks(old, new, part="annex")
    assert [(p.mark, p.part) for p in items] == [("=", "annex"), ("-", "annex"), ("=", "annex"), ("+", "annex")]
    assert {p.part for p in diff_blocks(old, new)} == {"body"}


def test_list_items_keep_their_depth_and_numbering():
    old = [Block("item", "第一项", level=1, ordered=True)]
    new = old + [Block("item", "新增的第二项", level=2, ordered=True)]
    assert diff_blocks(old, new) == [Para("item", [("=", "第一项")], "=", 1, True),
                                     Para("item", [("+", "新增的第二项")], "+", 2, True)]


def test_a_heading_is_marked_renamed_only_when_its_words_changed():
    old = [heading("基本原则"), heading("保障措施"), para(A)]
    new = [heading("工作原则"), heading("保障措施"), para(A2), heading("组织实施", 3)]
    items = diff_blocks(old, new)
    assert [(p.kind, p.mark, p.pieces, p.badges) for p in items] == [
        ("heading", "=", [("-", "基本"), ("+", "工作"), ("=", "原则")], ("标题已修改",)),
        ("heading", "=", [("=", "保障措施")], ()),
        ("para", "=", [("=", A), ("+", "纲要")], ()),
        ("heading", "+", [("+", "组织实施")], ()),
    ]
    assert [p.level for p in items] == [2, 2, 0, 3]


def test_table_rows_keep_their_empty_cells_empty_and_their_header():
    old = [row("指标", "", "2025年", header=True), row("合格率", "", "≥94%"), row("满意度", "", "≥83")]
    new = [row("指标", "", "2025年", header=True), row("合格率", "", "≥95%")]
    items = diff_blocks(old, new)
    assert items == [
        Row([[("=", "指标")], [], [("=", "2025年")]], "=", True),
        items[1],
        Row([[("-", "满意度")], [], [("-", "≥83")]], "-", False),
    ]
    changed = items[1]
    assert (changed.op, changed.header, changed.cells[0], changed.cells[2]) == (
        "=", False, [("=", "合格率")], [("=", "≥"), ("-", "94%"), ("+", "95%")])
    assert all(op == "=" and not text for op, text in changed.cells[1])


def test_a_changed_header_row_stays_a_header():
    items = diff_blocks([row("指标", "2025年", header=True)], [row("指标", "2025年目标", header=True)])
    assert items == [Row([[("=", "指标")], [("=", "2025年"), ("+", "目标")]], "=", True)]


def test_a_merge_whose_deletion_crosses_the_paragraph_mark_keeps_each_side_s_block():
    # 提升质量。¶品牌建设¶ → 提升质量建设¶: “。¶品牌” deleted; the first paragraph is the old one
    # (its mark is gone), the second is the new one
    old = [Block("item", "提升质量。", level=2), Block("item", "品牌建设", level=3)]
    new = [Block("item", "提升质量建设", level=1)]
    assert text_group(old, new, "body") == [
        Para("item", [("=", "提升质量"), ("-", "。")], "-", 2),
        Para("item", [("-", "品牌"), ("=", "建设")], "=", 1),
    ]


def test_pieces_of_one_kind_in_a_row_are_joined_and_empty_ones_dropped():
    assert _merge([("=", "提升"), ("=", "质量"), ("-", ""), ("+", "品牌"), ("+", "建设")]) == [
        ("=", "提升质量"), ("+", "品牌建设")]
