"""公文 numbering: generated from heading levels, one place for site and documents."""
from __future__ import annotations

import pytest

from scripts.numbering import HAND_NUMBER, chinese_numeral, label, number_headings


@pytest.mark.parametrize("n, text", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"),
                                     (20, "二十"), (21, "二十一"), (99, "九十九")])
def test_chinese_numerals(n, text):
    assert chinese_numeral(n) == text


def test_labels_per_level():
    assert [label(d, 3) for d in (1, 2, 3, 4)] == ["三、", "（三）", "3.", "（3）"]
    with pytest.raises(ValueError):
        label(5, 1)


def test_body_chapter_numbering_resets_under_each_parent():
    source = "# 总则\n\n## 甲\n\n### 子一\n\n### 子二\n\n#### 细目\n\n## 乙\n\n### 子三"
    lines = [l for l in number_headings(source, chapter=4).splitlines() if l.startswith("#")]
    assert lines == [
        "# 四、总则 {#总则}",
        "## （一）甲 {#甲}",
        "### 1.子一 {#子一}",
        "### 2.子二 {#子二}",
        "#### （1）细目 {#细目}",
        "## （二）乙 {#乙}",
        "### 1.子三 {#子三}",
    ]


def test_inserting_a_section_renumbers_but_keeps_anchors():
    before = number_headings("# 章\n\n## 甲\n\n## 乙", chapter=1)
    after = number_headings("# 章\n\n## 新增\n\n## 甲\n\n## 乙", chapter=1)
    assert "## （二）乙 {#乙}" in before
    assert "## （三）乙 {#乙}" in after


def test_annex_title_is_not_numbered_and_h2_starts_at_level_one():
    out = number_headings("# 主要指标表\n\n## 说明\n\n### 细则", depth_offset=1)
    assert out.splitlines()[0] == "# 主要指标表"
    assert "## 一、说明 {#说明}" in out and "### （一）细则 {#细则}" in out


def test_code_fences_explicit_ids_and_duplicates():
    source = "# 章\n\n```\n# 不是标题\n```\n\n## 措施 {#keep}\n\n## 措施\n\n## 措施"
    out = number_headings(source, chapter=1)
    assert "# 不是标题" in out
    assert "## （一）措施 {#keep}" in out
    assert "## （二）措施 {#措施}" in out and "## （三）措施 {#措施-2}" in out


def test_pages_outside_the_outline_are_left_alone():
    assert number_headings("# 首页\n\n## 说明") == "# 首页\n\n## 说明"


@pytest.mark.parametrize("text", ["一、总体要求", "（一）指导思想", "(二)原则", "1. 目标", "2．任务", "（3）细则"])
def test_hand_numbers_are_recognised(text):
    assert HAND_NUMBER.match(text)


@pytest.mark.parametrize("text", ["总体要求", "2025年目标", "十四五规划衔接"])
def test_plain_headings_are_not_hand_numbered(text):
    assert not HAND_NUMBER.match(text)
