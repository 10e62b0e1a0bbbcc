"""Every validation rule of the data model, each with a bad input and its message."""
from __future__ import annotations

from pathlib import Path

import pytest

from scripts.model import DataError, load_model


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    """1-based line of the first `needle` (after the first `after`, if given)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, l in enumerate(lines) if after in l) if after else 0
    return next(i for i, l in enumerate(lines) if i >= start and needle in l) + 1


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def findings(root: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_model(root)
    return [str(f) for f in caught.value.findings]


def test_the_project_data_is_valid():
    model = load_model(Path(__file__).resolve().parents[1])
    assert len(model.targets) >= 10
    assert [s.name for s in model.stages] == ["初稿", "征求意见稿", "论证稿", "送审稿", "报批稿"]
    assert len(model.topics) == 10
    assert sum(1 for u in model.units if u.kind == "district") == 16


def test_malformed_yaml_names_file_and_line(project):
    path = project / "data" / "targets.yml"
    edit(path, "    name: 制造业产品质量合格率", "    name: [制造业产品质量合格率")
    line = line_of(path, "[制造业产品质量合格率")
    found = findings(project)
    assert len(found) == 1
    assert found[0].startswith("data/targets.yml:")
    reported = int(found[0].split(":")[1])
    assert abs(reported - line) <= 1
    assert "YAML" in found[0] and "缩进" in found[0]


def test_missing_required_field(project):
    path = project / "data" / "targets.yml"
    edit(path, "    source: 产品质量监督抽查结果，待核定\n", "")
    found = findings(project)
    assert any("manufacturing_pass_rate" in f and ".source：缺少必填字段" in f and "请补充 source" in f for f in found), found


def test_duplicate_target_id(project):
    path = project / "data" / "targets.yml"
    edit(path, "  - id: manufacturing_pass_rate", "  - id: manufacturing_competitiveness")
    first = line_of(path, "id: manufacturing_competitiveness")
    second = line_of(path, "id: manufacturing_competitiveness", after="unit: 指数")
    found = findings(project)
    assert (f"data/targets.yml:{second}: targets[1]（manufacturing_competitiveness）.id："
            f"标识“manufacturing_competitiveness”重复（第 {first} 行已使用）。请为该指标另取一个唯一标识") in found, found


def test_comparator_disagrees_with_direction(project):
    path = project / "data" / "targets.yml"
    edit(path, "target_2025: {comparator: ≤, value: 0.75}", "target_2025: {comparator: ≥, value: 0.75}")
    line = line_of(path, "target_2025: {comparator: ≥, value: 0.75}")
    found = findings(project)
    assert any(f.startswith(f"data/targets.yml:{line}: quality_loss_rate.target_2025：比较符“≥”与方向 lower") for f in found), found


def test_2025_target_worse_than_baseline(project):
    path = project / "data" / "targets.yml"
    edit(path, "target_2025: {comparator: ≥, value: 60}", "target_2025: {comparator: ≥, value: 30}")
    line = line_of(path, "target_2025: {comparator: ≥, value: 30}")
    found = findings(project)
    assert any(f.startswith(f"data/targets.yml:{line}: chief_quality_officer_coverage.target_2025") and "退步" in f
               for f in found), found


def test_2035_target_below_2025_for_higher_is_better(project):
    path = project / "data" / "targets.yml"
    edit(path, "target_2035: {comparator: ≥, value: 130}", "target_2035: {comparator: ≥, value: 70}")
    line = line_of(path, "target_2035: {comparator: ≥, value: 70}")
    found = findings(project)
    assert f"data/targets.yml:{line}: quality_award_organisations.target_2035：2035年目标 70 低于2025年目标 80" \
        in "\n".join(found), found


def test_local_target_less_ambitious_than_national(project):
    path = project / "data" / "targets.yml"
    edit(path, "baseline: {year: 2020, value: 93.8}", "baseline: {year: 2020, value: 92.0}")
    edit(path, "target_2025: {comparator: ≥, value: 95.0}", "target_2025: {comparator: ≥, value: 93.0}")
    line = line_of(path, "target_2025: {comparator: ≥, value: 93.0}")
    found = findings(project)
    assert any(f.startswith(f"data/targets.yml:{line}: manufacturing_pass_rate.target_2025") and "不及国家参考值 94" in f
               for f in found), found


def test_unknown_status_and_direction(project):
    path = project / "data" / "targets.yml"
    edit(path, "    status: 示例\n", "    status: 大概\n")
    edit(path, "    direction: lower", "    direction: down")
    found = "\n".join(findings(project))
    assert "状态“大概”无效" in found and "已确定 / 待核定 / 示例" in found
    assert "方向“down”无效" in found


def test_wrong_type_names_the_field(project):
    path = project / "data" / "targets.yml"
    edit(path, "target_2025: {comparator: ≥, value: 92.0}", "target_2025: {comparator: ≥, value: 九十二}")
    line = line_of(path, "value: 九十二")
    found = findings(project)
    assert any(f.startswith(f"data/targets.yml:{line}:") and "target_2025.value：类型应为 数值" in f for f in found), found


def test_current_stage_must_exist(project):
    path = project / "data" / "plan.yml"
    edit(path, "current_stage: draft", "current_stage: final")
    line = line_of(path, "current_stage: final")
    found = findings(project)
    assert found == [f"data/plan.yml:{line}: current_stage：当前阶段“final”不在 data/stages.yml 中。"
                     "请改为 draft、consultation、review、submission、approval 之一"]


def test_consultation_window_order(project):
    path = project / "data" / "stages.yml"
    edit(path, "end: 2021-09-30", "end: 2021-08-30")
    found = "\n".join(findings(project))
    assert "consultation.end：征求意见截止日期早于开始日期" in found


def test_unit_of_unknown_kind(project):
    path = project / "data" / "units.yml"
    edit(path, "    kind: group", "    kind: company")
    line = line_of(path, "kind: company")
    found = findings(project)
    assert any(f.startswith(f"data/units.yml:{line}: units[") and "未知的单位类别“company”" in f for f in found), found


def test_missing_data_file(project):
    (project / "data" / "topics.yml").unlink()
    assert findings(project) == ["data/topics.yml:0: 文件：文件不存在。请从版本库恢复该文件"]


def test_current_stage_agrees_with_stage_statuses(project):
    path = project / "data" / "plan.yml"
    edit(path, "current_stage: draft", "current_stage: consultation")
    found = findings(project)
    assert len(found) == 1
    assert "当前阶段是 consultation，但 status 为 current 的阶段是：draft" in found[0]
    assert "请只把 consultation 的 status 设为 current" in found[0]
