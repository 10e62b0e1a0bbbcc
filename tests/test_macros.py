"""Macro output, from the real data model."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from macros import render
from scripts.model import Bound, load_model

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def model():
    return load_model(ROOT)


def test_inline_target_uses_comparator_words_unit_and_badge(model):
    target = model.targets["manufacturing_pass_rate"]
    text = render.target_text(model, "manufacturing_pass_rate", 2025)
    assert text.startswith(f"{target.goals[2025].value:g}%以上")
    assert f">（{target.status}）</span>" in text and "target-status--pending" in text


def test_lower_is_better_reads_as_within(model):
    assert render.target_text(model, "quality_loss_rate", 2035).startswith("0.6%以内")


def test_baseline_value(model):
    target = model.targets["manufacturing_competitiveness"]
    assert render.target_text(model, "manufacturing_competitiveness", "baseline").startswith(f"{target.baseline:g}<")


def test_a_changed_value_in_data_changes_the_output(model):
    target = model.targets["food_sampling_pass_rate"]
    changed = type(target)(**{**target.__dict__, "goals": {**target.goals, 2025: Bound("≥", 99.1)}})
    model.targets["food_sampling_pass_rate"] = changed
    try:
        assert render.target_text(model, "food_sampling_pass_rate", 2025).startswith("99.1%以上")
    finally:
        model.targets["food_sampling_pass_rate"] = target


def test_confirmed_figures_carry_no_badge(model):
    target = model.targets["manufacturing_pass_rate"]
    confirmed = type(target)(**{**target.__dict__, "status": "已确定"})
    assert render.status_badge(confirmed) == ""


def test_unknown_id_and_year_are_errors(model):
    with pytest.raises(render.MacroError, match="未知的指标标识“no_such_target”"):
        render.target_text(model, "no_such_target", 2025)
    with pytest.raises(render.MacroError, match="2030"):
        render.target_text(model, "manufacturing_pass_rate", 2030)
    with pytest.raises(render.MacroError, match="ids 应为列表"):
        render.target_table(model, ids="manufacturing_pass_rate")
    with pytest.raises(render.MacroError, match="没有符合条件的指标"):
        render.target_table(model, chapter="no-such-chapter")


def test_target_table_by_chapter(model):
    table = render.target_table(model, chapter="enterprise")
    rows = [l for l in table.splitlines() if l.startswith("| ") and not l.startswith("| 序号")]
    expected = [t for t in model.targets.values() if t.chapter == "enterprise"]
    assert len(rows) == len(expected)
    for row, target in zip(rows, expected):
        assert target.name in row
        assert f"{target.goals[2035].comparator}{target.goals[2035].value:g}" in row
    # the long note is said once, under the full table (附件1)
    assert "注：标有“待核定”“示例”的数值尚未确定，说明和国家参考值见附件1。" in table
    assert "国家参考值为" not in table


def test_full_target_table_notes_national_references_without_spaces(model):
    table = render.target_table(model)
    assert "制造业质量竞争力指数国家参考值为86（《质量强国建设纲要》" in table
    note = table.split("注：", 1)[1]
    assert " " not in note and f"的{len(model.targets) - sum(t.confirmed for t in model.targets.values())}项" in note


def test_pipe_table_widths_come_from_dashes():
    table = render.pipe_table([("甲", "l", 3), ("乙", "c", 6)], [("a|b", 1)])
    assert table.splitlines() == ["| 甲 | 乙 |", "|:---|:------:|", "| a\\|b | 1 |"]


def test_topic_list_is_the_annex_verbatim(model):
    lines = render.topic_list(model).splitlines()
    assert len(lines) == 10
    assert lines[0] == "1. 我市推进质量强市建设的重要意义（包括重要性、发展现状、与国外主要城市质量状况对比、挑战与机遇）"


def test_schedule_table_has_every_step(model):
    table = render.schedule_table(model)
    assert "| 起草编制阶段 | 材料收集 | 6—7月 | 7月25日 |" in table
    assert table.count("\n| ") == len(model.steps)


def test_stage_banner_shows_the_window_only_while_open(model):
    stage = model.stage("consultation")
    during = render.stage_banner(model, stage, today=dt.date(2021, 9, 10))
    after = render.stage_banner(model, stage, today=dt.date(2021, 10, 1))
    assert "征求意见时间：2021年9月1日至2021年9月30日" in during and "zlfzc@scjgj.sh.gov.cn" in during
    assert "征求意见时间" not in after
    assert "工作草稿 · 征求意见稿" in after


def test_the_target_table_mark_carries_sources_no_text_can_break_out_of(model):
    import dataclasses
    import json
    target = dataclasses.replace(next(iter(model.targets.values())), source="统计 --> <script>x()</script>")
    mark = render.target_table_mark([target])
    assert mark.startswith("<!-- target-table ") and mark.endswith(" -->") and mark.count("--") == 2
    assert json.loads(mark.removeprefix("<!-- target-table ").removesuffix(" -->")) == [target.source]


def test_the_home_page_opening_follows_the_stage(model):
    draft = render.stage_intro(model, model.stage("draft"))
    consultation = render.stage_intro(model, model.stage("consultation"))
    approval = render.stage_intro(model, model.stage("approval"))
    assert "《质量强国建设纲要上海实施方案（初稿）》，供起草工作组和有关单位研究讨论使用" in draft
    assert "征求意见时间" not in draft
    assert "《质量强国建设纲要上海实施方案（征求意见稿）》，向社会公开征求意见" in consultation
    assert "征求意见时间为2021年09月01日至2021年09月30日" in consultation
    assert "电子邮件：zlfzc@scjgj.sh.gov.cn" in consultation and "“提意见”" in consultation
    assert "报市政府审批" in approval and "不是正式文件" not in approval
