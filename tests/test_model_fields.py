"""The data model holds exactly what data/*.yml says, and says exactly what is wrong with it.

The expected values are read from the files by PyYAML directly (not through the model's own
reader), and each rule's finding is asserted whole: file, line, field, problem and fix.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from scripts.errors import UsageError
from scripts.model import load_model
from tests.test_model import edit, findings, line_of

ROOT = Path(__file__).resolve().parents[1]


def raw(name: str):
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


@pytest.fixture
def model():     # per test, not per module: mutmut runs only the tests that called load_model themselves
    return load_model(ROOT)


def test_the_plan_is_what_plan_yml_says(model):
    doc = raw("plan.yml")
    plan = model.plan
    assert (plan.title, plan.short_title, plan.drafting_body, plan.issuing_office, plan.secretariat,
            plan.source_notice, plan.current_stage, plan.email) == (
        doc["title"], doc["short_title"], doc["drafting_body"], doc["issuing_office"], doc["secretariat"],
        doc["source_notice"], doc["current_stage"], doc["email"])
    assert plan.contacts == tuple((c["name"], str(c["phone"])) for c in doc["contacts"])


def test_the_stages_are_what_stages_yml_says(model):
    for stage, node in zip(model.stages, raw("stages.yml")["stages"], strict=True):
        assert (stage.id, stage.name, stage.title_suffix, stage.planned, stage.date, stage.status, stage.readers) == (
            node["id"], node["name"], node["title_suffix"], str(node["planned"]), node["date"], node["status"],
            node.get("readers", ""))
        window = node.get("consultation")
        assert (stage.consultation is None) == (window is None)
        if window:
            assert (stage.consultation.start, stage.consultation.end, stage.consultation.channels) == (
                window["start"], window["end"], tuple(window["channels"]))


def test_the_targets_are_what_targets_yml_says(model):
    path = ROOT / "data" / "targets.yml"
    nodes = raw("targets.yml")["targets"]
    assert list(model.targets) == [n["id"] for n in nodes]
    for node in nodes:
        t = model.targets[node["id"]]
        assert (t.name, t.unit, t.direction, t.category, t.chapter, t.source, t.status) == (
            node["name"], str(node["unit"]), node["direction"], node["category"], node["chapter"], node["source"],
            node["status"])
        assert (t.baseline_year, t.baseline) == (node["baseline"]["year"], node["baseline"]["value"])
        assert {year: (g.comparator, g.value) for year, g in t.goals.items()} == {
            year: (node[f"target_{year}"]["comparator"], node[f"target_{year}"]["value"]) for year in (2025, 2035)}
        assert t.responsible == tuple(node["responsible"])
        national = node.get("national") or {}
        assert (t.national, t.national_source) == (national.get("value"), national.get("source", ""))
        assert t.serves == tuple(node.get("serves", ()))
        assert t.line == line_of(path, f"- id: {t.id}")
        assert t.serves_line == (line_of(path, "serves:", after=f"- id: {t.id}") if "serves" in node else 0)
        assert t.confirmed == (node["status"] == "已确定")


def test_topics_steps_and_units_are_what_their_files_say(model):
    assert [(t.number, t.title, t.scope) for t in model.topics] == [
        (n["number"], n["title"], n["scope"]) for n in raw("topics.yml")["topics"]]
    assert [(s.id, s.phase, s.name, s.period, s.start, s.deadline, s.owner, s.output) for s in model.steps] == [
        (s["id"], p["name"], s["name"], s["period"], s["start"], s["deadline"], s["owner"], s["output"])
        for p in raw("schedule.yml")["phases"] for s in p["steps"]]
    units = raw("units.yml")
    assert [(k.id, k.name, k.submission, k.level) for k in model.kinds] == [
        (k["id"], k["name"], k["submission"], k["level"]) for k in units["kinds"]]
    assert [(u.id, u.name, u.kind, u.status) for u in model.units] == [
        (u["id"], u["name"], u["kind"], u.get("status", "已确定")) for u in units["units"]]
    assert {u.label for u in model.units if u.status == "示例"} == {
        u["name"] + "（示例）" for u in units["units"] if u.get("status") == "示例"}
    assert {u.label for u in model.units if u.status == "已确定"} == {
        u["name"] for u in units["units"] if u.get("status", "已确定") == "已确定"}


# --- stages asked for -------------------------------------------------------------------

def test_a_stage_is_found_by_id_or_is_the_current_one(model):
    assert model.stage("review").name == "论证稿"
    assert model.stage().id == model.stage(None).id == raw("plan.yml")["current_stage"]
    assert model.document_title("consultation") == "质量强国建设纲要上海实施方案（征求意见稿）"
    with pytest.raises(UsageError) as refused:
        model.stage("reveiw")
    assert str(refused.value) == ("未知的阶段“reveiw”（是否应为“review”？），"
                                  "可选：draft、consultation、review、submission、approval")


@pytest.mark.parametrize("day, expected", [
    pytest.param(dt.date(2021, 9, 1), "consultation", id="first-day-of-the-window"),
    pytest.param(dt.date(2021, 9, 30), "consultation", id="last-day-of-the-window"),
    pytest.param(dt.date(2021, 10, 1), "draft", id="after-the-window-nothing-released"),
    pytest.param(dt.date(2021, 8, 31), "draft", id="before-the-window"),
])
def test_a_comment_is_about_the_stage_open_for_comment_that_day(model, day, expected):
    assert model.stage_on(day).id == expected        # stages.yml: 征求意见 2021-09-01 to 09-30; current: draft


def test_after_releases_a_comment_is_about_the_latest_text_released_by_then(project):
    path = project / "data" / "stages.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    date: null\n    status: current", "    date: 2021-08-20\n    status: released", 1)
    text = text.replace("    date: null\n    status: planned", "    date: 2021-08-31\n    status: released", 1)
    text = text.replace("    date: null\n    status: planned", "    date: null\n    status: current", 1)
    path.write_text(text, encoding="utf-8")
    edit(project / "data" / "plan.yml", "current_stage: draft", "current_stage: review")
    model = load_model(project)
    assert not model.finished
    assert model.stage_on(dt.date(2021, 8, 19)).id == "review"          # nothing released yet: the current one
    assert model.stage_on(dt.date(2021, 8, 20)).id == "draft"           # released that day
    assert model.stage_on(dt.date(2021, 8, 30)).id == "draft"
    assert model.stage_on(dt.date(2021, 9, 15)).id == "consultation"    # in its window
    assert model.stage_on(dt.date(2021, 10, 8)).id == "consultation"    # its text stays the latest released


def test_the_drafting_is_finished_once_every_stage_is_released(project):
    path = project / "data" / "stages.yml"
    text = path.read_text(encoding="utf-8").replace("status: current", "status: released")
    path.write_text(text.replace("status: planned", "status: released"), encoding="utf-8")
    edit(project / "data" / "plan.yml", "current_stage: draft", "current_stage: approval")
    assert load_model(project).finished


# --- each rule's finding, whole ---------------------------------------------------------------

@pytest.mark.parametrize("file, old, new, needle, after, expected", [
    pytest.param("stages.yml", "    status: planned\n", "    status: later\n", "status: later", None,
                 "stages[1].status：未知状态“later”。请改为 planned / current / released 之一", id="stage-status"),
    pytest.param("stages.yml", "end: 2021-09-30", "end: 2021-08-30", "end: 2021-08-30", None,
                 "stages[1].consultation.end：征求意见截止日期早于开始日期。请把 end 改为不早于 start 的日期",
                 id="consultation-window"),
    pytest.param("targets.yml", "target_2025: {comparator: ≥, value: 92.0}", "target_2025: {comparator: 大于, value: 92.0}",
                 "comparator: 大于", None,
                 "targets[0]（manufacturing_competitiveness）.target_2025.comparator：比较符“大于”无效。请使用 ≥、≤ 或 =",
                 id="comparator"),
    pytest.param("targets.yml", "    direction: higher\n", "    direction: up\n", "direction: up", None,
                 "targets[0]（manufacturing_competitiveness）.direction：方向“up”无效。"
                 "请改为 higher（越大越好）或 lower（越小越好）", id="direction"),
    pytest.param("targets.yml", "    status: 待核定\n", "    status: 估计\n", "status: 估计", None,
                 "targets[0]（manufacturing_competitiveness）.status：状态“估计”无效。请改为 已确定 / 待核定 / 示例 之一",
                 id="target-status"),
    pytest.param("targets.yml", "id: manufacturing_competitiveness", "id: Manufacturing", "id: Manufacturing", None,
                 "targets[0]（Manufacturing）.id：标识只能用小写字母、数字、下划线和连字符。"
                 "请改用如 manufacturing_pass_rate 的写法", id="target-id"),
    pytest.param("targets.yml", "name: 制造业产品质量合格率", "name: 制造业质量竞争力指数", "name: 制造业质量竞争力指数",
                 "- id: manufacturing_pass_rate",
                 "targets[1]（manufacturing_pass_rate）.name：指标名称“制造业质量竞争力指数”与第 {first} 行的 "
                 "manufacturing_competitiveness 重复。同一指标只登记一次；如确是两个指标，请在名称中写明区别",
                 id="target-name-twice"),
    pytest.param("targets.yml", "responsible: [市经济信息化委, 市市场监管局, 市统计局]",
                 "responsible: [市经济信息化委, [市市场监管局]]", "responsible: [市经济信息化委, [", None,
                 "targets[0]（manufacturing_competitiveness）.responsible：责任单位列表中有嵌套的列表或映射。"
                 "请写成一层列表，如 responsible: [市市场监管局, 市统计局]", id="responsible-nested"),
    pytest.param("schedule.yml", "deadline: 2021-07-25", "deadline: 2021-06-20", "deadline: 2021-06-20", None,
                 "phases[0].steps[0].deadline：截止日期早于开始日期。请把 deadline 改为不早于 start 的日期",
                 id="step-order"),
    pytest.param("units.yml", "    level: 区级\n", "    level: 县级\n", "level: 县级", None,
                 "kinds[1].level：目标层级“县级”无效。请改为 市级 / 区级 / 行业 之一", id="kind-level"),
])
def test_each_rule_names_file_line_field_and_fix(project, file, old, new, needle, after, expected):
    path = project / "data" / file
    first = line_of(path, "- id: manufacturing_competitiveness") if "{first}" in expected else 0
    edit(path, old, new)
    line = line_of(path, needle, after=after)
    assert findings(project) == [f"data/{file}:{line}: " + expected.format(first=first)]


def test_a_unit_with_a_bad_status_or_a_reused_id_is_named(project):
    path = project / "data" / "units.yml"
    text = path.read_text(encoding="utf-8")
    first = text.index("  - id: sdrc\n")
    entry = text[first: text.index("  - id:", first + 1)]
    path.write_text(text.replace(entry, entry + entry.replace("status: 示例", "status: 暂定"), 1),
                    encoding="utf-8")
    first_line, second_line = [n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                               if l == "  - id: sdrc"]
    status_line = line_of(path, "status: 暂定")
    assert findings(project) == [
        f"data/units.yml:{status_line}: units[1].status：状态“暂定”无效。请改为 已确定 / 示例 之一（省略即为已确定）",
        f"data/units.yml:{second_line}: units[1].id：单位标识“sdrc”重复（第 {first_line} 行已使用）。请为该单位另取一个唯一标识",
    ]


def test_a_stage_id_used_twice_is_named(project):
    edit(project / "data" / "stages.yml", "- id: review", "- id: consultation")
    assert findings(project) == ["data/stages.yml:0: stages.id：阶段标识“consultation”重复。每个阶段的 id 必须唯一"]


def test_no_current_stage_is_said_as_none(project):
    path = project / "data" / "stages.yml"
    edit(path, "status: current", "status: planned")
    assert findings(project) == [
        f"data/stages.yml:{line_of(path, 'stages:')}: stages.status：data/plan.yml 的当前阶段是 draft，"
        "但 status 为 current 的阶段是：无。请只把 draft 的 status 设为 current，其余为 planned 或 released"]


@pytest.mark.parametrize("field", ["status", "direction", "name"])
def test_a_missing_target_field_is_one_finding(project, field):
    path = project / "data" / "targets.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: manufacturing_competitiveness")
    line_start = text.index(f"    {field}:", start)
    path.write_text(text[:line_start] + text[text.index("\n", line_start) + 1:], encoding="utf-8")
    line = line_of(path, "- id: manufacturing_competitiveness")
    assert findings(project) == [f"data/targets.yml:{line}: targets[0]（manufacturing_competitiveness）.{field}：缺少必填字段。请补充 {field}"]


@pytest.fixture
def data(tmp_path) -> Path:
    import shutil
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


T0 = "targets[0]（manufacturing_competitiveness）"


@pytest.mark.parametrize("file, entry, key, where", [
    *(pytest.param("plan.yml", "title:", key, "plan", id=f"plan-{key}") for key in (
        "title", "short_title", "drafting_body", "issuing_office", "secretariat", "source_notice", "email",
        "current_stage")),
    pytest.param("stages.yml", "start: 2021-09-01", "start", "stages[1].consultation", id="consultation-start"),
    pytest.param("stages.yml", "start: 2021-09-01", "end", "stages[1].consultation", id="consultation-end"),
    pytest.param("plan.yml", "- name: 尹象文", "phone", "contacts[]", id="contact-phone"),
    *(pytest.param("stages.yml", "- id: consultation", key, "stages[1]", id=f"stage-{key}")
      for key in ("name", "title_suffix", "planned", "status")),
    *(pytest.param("targets.yml", "- id: manufacturing_competitiveness", key, T0, id=f"target-{key}")
      for key in ("unit", "category", "chapter", "source", "target_2025", "target_2035", "responsible")),
    *(pytest.param("topics.yml", "- number: 1", key, "topics[0]", id=f"topic-{key}") for key in ("title", "scope")),
    *(pytest.param("schedule.yml", "- id: collection", key, "phases[0].steps[0]", id=f"step-{key}")
      for key in ("name", "period", "start", "deadline", "owner", "output")),
    pytest.param("schedule.yml", "- id: drafting", "start", "phases[0].steps[1]", id="second-step-start"),
    *(pytest.param("units.yml", "- id: member", key, "kinds[0]", id=f"kind-{key}") for key in ("name", "submission")),
    *(pytest.param("units.yml", "- id: sdrc", key, "units[0]", id=f"unit-{key}") for key in ("name", "kind")),
])
def test_each_missing_field_is_named_with_where_it_belongs(data, file, entry, key, where):
    path = data / "data" / file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(n for n, l in enumerate(lines) if l.strip().startswith(entry))
    gone = next(n for n in range(start, len(lines)) if lines[n].strip().removeprefix("- ").startswith(f"{key}:"))
    del lines[gone]
    path.write_text("".join(lines), encoding="utf-8")
    assert findings(data) == [f"data/{file}:{start + 1}: {where}.{key}：缺少必填字段。请补充 {key}"]


def test_a_contact_without_a_name_is_named(data):
    path = data / "data" / "plan.yml"
    edit(path, "  - name: 尹象文\n    phone:", "  - phone:")
    assert findings(data) == [f"data/plan.yml:{line_of(path, '- phone:')}: contacts[].name：缺少必填字段。请补充 name"]


def test_cross_file_rules_give_their_whole_message(data):
    path = data / "data" / "targets.yml"
    edit(path, "target_2025: {comparator: ≤, value: 0.75}", "target_2025: {comparator: ≥, value: 0.75}")
    edit(path, "baseline: {year: 2020, value: 93.8}", "baseline: {year: 2020, value: 92.0}")
    edit(path, "target_2025: {comparator: ≥, value: 95.0}", "target_2025: {comparator: ≥, value: 93.0}")
    outline = raw("targets.yml")["national_outline"]
    assert findings(data) == [
        f"data/targets.yml:{line_of(path, 'target_2025: {comparator: ≥, value: 93.0}')}: "
        f"manufacturing_pass_rate.target_2025：本市2025年目标 93 不及国家参考值 94（{outline}）。"
        "本市目标应不低于国家要求，请提高目标或在 national 中更正参考值",
        f"data/targets.yml:{line_of(path, 'target_2025: {comparator: ≥, value: 0.75}')}: "
        "quality_loss_rate.target_2025：比较符“≥”与方向 lower（越小越好）不一致。请改用 ≤ 或 =，或更正 direction",
    ]


@pytest.mark.parametrize("statuses, current", [
    pytest.param(("current", "current"), "draft、consultation", id="two-current"),
    pytest.param(("released", "released"), "无", id="all-released-but-plan-names-the-first"),
])
def test_the_current_stage_must_be_the_one_marked_current(data, statuses, current):
    path = data / "data" / "stages.yml"
    text = path.read_text(encoding="utf-8")
    if statuses[1] == "released":
        text = text.replace("status: planned", "status: released")
    text = "# 备注\nnote: 阶段说明写在 stages 之前\n" + text.replace("status: current", f"status: {statuses[0]}", 1)
    path.write_text(text.replace("    status: planned", f"    status: {statuses[1]}", 1), encoding="utf-8")
    assert findings(data) == [
        f"data/stages.yml:{line_of(path, 'stages:')}: stages.status：data/plan.yml 的当前阶段是 draft，"
        f"但 status 为 current 的阶段是：{current}。请只把 draft 的 status 设为 current，其余为 planned 或 released"]


def test_a_consultation_window_must_be_a_mapping_and_may_be_one_day(data):
    path = data / "data" / "stages.yml"
    edit(path, "end: 2021-09-30", "end: 2021-09-01")
    assert load_model(data).stage("consultation").consultation.end == dt.date(2021, 9, 1)
    text = path.read_text(encoding="utf-8")
    start = text.index("    consultation:\n")
    end = text.index("  - id: review")
    path.write_text(text[:start] + "    consultation: 九月\n" + text[end:], encoding="utf-8")
    assert findings(data) == [f"data/stages.yml:{line_of(path, 'consultation: 九月')}: stages[1].consultation："
                              "类型应为 键值映射，实际是“九月”。请把 consultation 改成键值映射"]


def test_a_consultation_without_channels_is_named(data):
    path = data / "data" / "stages.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      channels:\n")
    path.write_text(text[:start] + text[text.index("  - id: review"):], encoding="utf-8")
    assert findings(data) == [f"data/stages.yml:{line_of(path, 'start: 2021-09-01')}: "
                              "stages[1].consultation.channels：缺少必填字段。请补充 channels"]


@pytest.mark.parametrize("old, new, needle, expected", [
    pytest.param("      channels:\n", "      channels: 电子邮件\n      old_channels:\n", "channels: 电子邮件",
                 "stages[1].consultation.channels：类型应为 列表，实际是“电子邮件”。请把 channels 改成列表", id="channels"),
    pytest.param("  - id: draft\n    name:", "  - id: [draft]\n    name:", "id: [draft]",
                 "stages[0].id：类型应为 文字，实际是“['draft']”。请把 id 改成文字", id="stage-id"),
    pytest.param("    date: null\n    status: current", "    date: 八月\n    status: current", "date: 八月",
                 "stages[0].date：类型应为 日期（YYYY-MM-DD），实际是“八月”。请把 date 改成日期（YYYY-MM-DD）", id="stage-date"),
])
def test_a_stage_field_of_the_wrong_kind_is_named(data, old, new, needle, expected):
    path = data / "data" / "stages.yml"
    edit(path, old, new)
    assert findings(data) == [f"data/stages.yml:{line_of(path, needle)}: {expected}"]


def test_an_equal_sign_suits_either_direction(data):
    # bare, as data/targets.yml's header writes it (YAML 1.1 would read it as its "value" key), and quoted
    path = data / "data" / "targets.yml"
    edit(path, "target_2025: {comparator: ≥, value: 92.0}", "target_2025: {comparator: =, value: 92.0}")
    edit(path, "target_2035: {comparator: ≤, value: 0.60}", "target_2035: {comparator: '=', value: 0.60}")
    model = load_model(data)
    assert model.targets["manufacturing_competitiveness"].goals[2025].comparator == "="
    assert model.targets["quality_loss_rate"].goals[2035].comparator == "="
