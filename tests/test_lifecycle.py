"""The five stages: stage-file edits, readiness gates, comment attribution, and plan check's holes."""
from __future__ import annotations

import datetime as dt

import yaml

from scripts import lifecycle
from scripts.model import load_model
from tests.test_model import edit, line_of
from tests.conftest import plan




# --- stage files edited in place ---------------------------------------------------

STAGES = """\
# 编制阶段。status: planned | current | released
stages:
  - id: draft
    name: 初稿   # 第一稿
    date: null
    status: current
  - id: consultation
    name: 征求意见稿
    status: planned

  # 以下阶段尚未开始
  - id: review
    name: 论证稿
    status: planned
"""


def test_stage_fields_are_set_in_place_keeping_comments():
    text = lifecycle.set_stage_fields(STAGES, "draft", {"date": "2021-08-20", "status": "released"})
    text = lifecycle.set_stage_fields(text, "consultation", {"status": "current", "date": "2021-08-31"})
    assert text == STAGES.replace("    date: null\n    status: current", "    date: 2021-08-20\n    status: released") \
        .replace("    name: 征求意见稿\n    status: planned",
                 "    name: 征求意见稿\n    date: 2021-08-31\n    status: current")


def test_a_window_is_added_to_a_stage_without_one_before_the_next_stages_comment():
    window = lifecycle.Window(dt.date(2021, 9, 1), dt.date(2021, 9, 30))
    text = lifecycle.set_window(STAGES, "consultation", window, ["电子邮件：a@example.org"])
    assert "    status: planned\n    consultation:\n      start: 2021-09-01\n      end: 2021-09-30\n" \
           "      channels:\n        - 电子邮件：a@example.org\n\n  # 以下阶段尚未开始" in text
    moved = lifecycle.set_window(text, "consultation", lifecycle.Window(dt.date(2021, 9, 5), dt.date(2021, 10, 5)), [])
    assert yaml.safe_load(moved)["stages"][1]["consultation"] == {
        "start": dt.date(2021, 9, 5), "end": dt.date(2021, 10, 5), "channels": ["电子邮件：a@example.org"]}


def test_current_stage_is_replaced_on_its_own_line():
    text = "# 方案\ntitle: 方案\ncurrent_stage: draft   # 由 plan release 维护\ncontacts: []\n"
    assert lifecycle.set_current_stage(text, "consultation") == text.replace("draft ", "consultation ")


# --- readiness gates ---------------------------------------------------------------

def unconfirmed_ids(root) -> set[str]:
    targets = yaml.safe_load((root / "data" / "targets.yml").read_text(encoding="utf-8"))["targets"]
    return {t["id"] for t in targets if t["status"] != "已确定"}


def test_check_for_approval_lists_every_unconfirmed_target_by_id(project):
    result = plan(project, "check", "--for", "approval")
    assert result.returncode == 1
    ids = unconfirmed_ids(project)
    assert ids and all(f"{i}.status：" in result.stderr for i in ids)
    reported = [line for line in result.stderr.splitlines() if line.endswith("〔placeholder〕")]
    assert len(reported) == len(ids)
    line = line_of(project / "data" / "targets.yml", "id: manufacturing_pass_rate")
    assert f"data/targets.yml:{line}: manufacturing_pass_rate.status：" in result.stderr
    assert "--allow placeholder --reason" in result.stderr
    assert plan(project, "check", "--for", "draft").returncode == 0


def test_a_drafting_note_blocks_the_submission_with_its_line(project):
    result = plan(project, "check", "--for", "submission")
    line = line_of(project / "docs" / "annex" / "targets.md", '!!! note "起草说明"')
    assert f"docs/annex/targets.md:{line}: 起草说明：正文中仍有“起草说明”" in result.stderr


def test_export_of_the_approval_stage_applies_the_same_gate(project):
    refused = plan(project, "export", "--stage", "approval", "--no-build")
    assert refused.returncode == 1 and "导出报批稿前须解决以上" in refused.stderr
    assert not (project / "dist").exists()
    unreasoned = plan(project, "export", "--stage", "approval", "--allow", "placeholder")
    assert unreasoned.returncode == 2 and "每个 --allow 都需要一个说明理由的 --reason" in unreasoned.stderr


# --- comments go to the stage they answer -----------------------------------------

def test_comments_are_attributed_to_the_stage_of_their_date(project):
    stages = project / "data" / "stages.yml"
    edit(stages, "    date: null\n    status: current", "    date: 2021-08-20\n    status: released")
    edit(stages, "    date: null\n    status: planned\n    consultation:", "    date: 2021-08-31\n    status: released\n    consultation:")
    edit(stages, "    planned: 2021-10\n    date: null\n    status: planned", "    planned: 2021-10\n    date: 2021-10-15\n    status: released")
    edit(stages, "    planned: 2021-11\n    date: null\n    status: planned", "    planned: 2021-11\n    date: null\n    status: current")
    edit(project / "data" / "plan.yml", "current_stage: draft", "current_stage: submission")
    model = load_model(project)
    assert model.stage_on(dt.date(2021, 8, 25)).id == "draft"          # commenting on the released 初稿
    assert model.stage_on(dt.date(2021, 9, 30)).id == "consultation"   # last day of the window
    assert model.stage_on(dt.date(2021, 10, 3)).id == "consultation"   # late, but the 论证稿 is not out yet
    assert model.stage_on(dt.date(2021, 10, 20)).id == "review"        # expert opinions on the 论证稿


# --- plan check's holes -----------------------------------------------------------

def test_an_unknown_chapter_is_named_with_a_suggestion(project):
    path = project / "data" / "targets.yml"
    edit(path, "    chapter: enterprise", "    chapter: enterprize")
    result = plan(project, "check")
    line = line_of(path, "chapter: enterprize")
    assert result.returncode == 1
    assert f"data/targets.yml:{line}: " in result.stderr and "章节“enterprize”不是正文中的章节（是否应为“enterprise”？）" in result.stderr


def test_a_target_year_that_does_not_exist_is_named_with_its_line(project):
    page = project / "docs" / "plan" / "talent.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n到2030年达到{{ target('quality_professionals', 2030) }}。\n", encoding="utf-8")
    result = plan(project, "check")
    number = len(text.splitlines()) + 2
    assert f"docs/plan/talent.md:{number}: target：年份 2030 无效" in result.stderr


def test_a_figure_typed_into_the_text_is_reported(project):
    page = project / "docs" / "plan" / "talent.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n质量专业技术人员持证率达到95%。\n", encoding="utf-8")
    result = plan(project, "check")
    assert f"docs/plan/talent.md:{len(text.splitlines()) + 2}: 数值：正文直接写了数值“95%”" in result.stderr


def test_two_targets_with_one_name_and_a_nested_responsible_list(project):
    path = project / "data" / "targets.yml"
    targets = yaml.safe_load(path.read_text(encoding="utf-8"))["targets"]
    first, second = targets[0], targets[1]
    edit(path, f"    name: {second['name']}", f"    name: {first['name']}")
    edit(path, "    responsible: [", "    responsible:\n      - [", 1)
    result = plan(project, "check")
    assert f"指标名称“{first['name']}”与第 {line_of(path, 'id: ' + first['id'])} 行的 {first['id']} 重复" in result.stderr
    assert "责任单位列表中有嵌套的列表或映射" in result.stderr


def test_data_errors_and_page_errors_are_reported_in_one_run(project):
    edit(project / "data" / "targets.yml", "target_2035: {comparator: ≥, value: 130}",
         "target_2035: {comparator: ≥, value: 70}")
    page = project / "docs" / "plan" / "talent.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ target('quality_profesionals', 2025) }}\n",
                    encoding="utf-8")
    result = plan(project, "check")
    assert "退步" in result.stderr or "低于" in result.stderr
    assert "引用了不存在的指标“quality_profesionals”（是否应为“quality_professionals”？）" in result.stderr


# --- plan status, plan confirm ---------------------------------------------------------

def test_status_says_where_the_process_stands(project):
    result = plan(project, "status", "--today", "2021-09-10")
    assert result.returncode == 0, result.stderr
    assert "当前阶段：初稿（draft），计划 2021-08，日期未定" in result.stdout
    assert "征求意见稿：2021-09-01 至 2021-09-30，进行中" in result.stdout
    assert "尚无意见" in result.stdout and "尚无指标建议" in result.stdout
    assert "截止日期 2021-07-25（已过）" in result.stdout
    assert "发布初稿：没有障碍，可以运行 plan release draft" in result.stdout


def test_confirm_changes_only_the_status_lines(project):
    path = project / "data" / "targets.yml"
    before = path.read_text(encoding="utf-8").splitlines()
    ids = sorted(unconfirmed_ids(project))
    result = plan(project, "confirm", ids[0], ids[1])
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 2
    assert all(b == "    status: 已确定" for _, b in changed)
    assert unconfirmed_ids(project) == set(ids[2:])
    typo = plan(project, "confirm", ids[2][:-1])
    assert typo.returncode == 2 and f"（是否应为“{ids[2]}”？）" in typo.stderr
