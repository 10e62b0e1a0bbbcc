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


@pytest.mark.parametrize("n", [pytest.param(0, id="zero"), pytest.param(100, id="hundred"), pytest.param(-1, id="negative")])
def test_numerals_outside_one_to_ninety_nine_are_refused_with_the_range(n):
    with pytest.raises(ValueError) as error:
        chinese_numeral(n)
    assert str(error.value) == f"公文序号只支持 1–99，收到 {n}"


def test_a_fifth_level_label_names_the_level():
    with pytest.raises(ValueError) as error:
        label(5, 1)
    assert str(error.value) == "公文标题最多四级，第 5 级无法编号"


@pytest.mark.parametrize("heading, line", [
    pytest.param("## 主要 任务", "## （一）主要 任务 {#主要-任务}", id="space-becomes-dash"),
    pytest.param("## 质量，强国！", "## （一）质量，强国！ {#质量-强国}", id="punctuation-joined-and-trimmed"),
    pytest.param("## 《纲要》", "## （一）《纲要》 {#纲要}", id="leading-and-trailing-marks-trimmed"),
    pytest.param("## ISO 9001 认证", "## （一）ISO 9001 认证 {#iso-9001-认证}", id="latin-lower-cased"),
    pytest.param("## ！！", "## （一）！！ {#section}", id="no-words-left"),
    pytest.param("## 措施 {#keep}", "## （一）措施 {#keep}", id="explicit-id-kept-and-not-doubled"),
    pytest.param("## 措施 {#keep .wide}", "## （一）措施 {#keep .wide}", id="explicit-attributes-kept"),
    pytest.param("## 措施 ##", "## （一）措施 {#措施}", id="closing-hashes-dropped"),
])
def test_anchor_of_a_numbered_heading(heading, line):
    assert number_headings(f"# 章\n\n{heading}", chapter=1).splitlines()[2] == line


@pytest.mark.parametrize("heading", [
    pytest.param("##### 第五级", id="h5"),
    pytest.param("###### 第六级", id="h6"),
])
def test_headings_below_the_fourth_level_stay_unnumbered(heading):
    source = f"# 章\n\n## 节\n\n### 条\n\n#### 款\n\n{heading}"
    assert number_headings(source, chapter=1).splitlines()[-1] == heading


@pytest.mark.parametrize("fence", [pytest.param("```", id="backticks"), pytest.param("~~~~", id="tildes")])
def test_headings_inside_any_fence_are_left_alone_and_numbering_resumes_after(fence):
    source = f"# 章\n\n{fence}\n## 代码\n{fence}\n\n## 甲"
    lines = number_headings(source, chapter=2).splitlines()
    assert lines[3] == "## 代码" and lines[-1] == "## （一）甲 {#甲}"


def test_a_tilde_fence_is_not_closed_by_backticks():
    source = "# 章\n\n~~~\n```\n## 仍是代码\n~~~\n\n## 甲"
    lines = number_headings(source, chapter=1).splitlines()
    assert "## 仍是代码" in lines and lines[-1] == "## （一）甲 {#甲}"
