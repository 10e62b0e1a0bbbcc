"""Target proposals: extracted at intake, compared with data/targets.yml, adopted in place."""
from __future__ import annotations

import datetime as dt

import pytest

from macros.intake import target_proposals
from scripts.errors import Failure, UsageError
from scripts.intake.adopt import Adoption, adopt
from scripts.intake.submit import Request, intake
from scripts.model import load_model
from tests import intake_factory as factory

NEW_GOALS = ("到2025年，全区质量基础设施一站式服务站覆盖率由2020年的40%提高到80%以上，2035年达到100%。"
             "到2025年，全区制造业产品质量合格率达到96%以上，2035年达到98%以上。")


@pytest.fixture
def proposed(project, tmp_path):
    path = factory.docx_from_markdown(factory.material_markdown(goals=NEW_GOALS, table=""), tmp_path / "浦东.docx")
    outcome = intake(project, Request(path, "pudong", received=dt.date(2021, 7, 20)))
    return project, {p.indicator: p for p in outcome.proposals}


def test_proposals_are_registered_and_compared_with_existing_targets(proposed):
    root, proposals = proposed
    assert set(proposals) == {"质量基础设施一站式服务站覆盖率", "制造业产品质量合格率"}
    model = load_model(root)
    assert [(p.id, p.goals) for p in model.proposals] == [
        ("pudong-r1-1", {2025: ("≥", 80.0), 2035: ("≥", 100.0)}),
        ("pudong-r1-2", {2025: ("≥", 96.0), 2035: ("≥", 98.0)})]
    page = target_proposals(model)
    conflict, new, match = page.split("\n## ")[1:4]
    assert conflict.startswith("与现有指标数值不同（1项）") and "pudong-r1-2" in conflict
    assert "manufacturing_pass_rate" in conflict and "2025年现为≥95；2035年现为≥97" in conflict
    assert new.startswith("新建议") and "pudong-r1-1" in new and "质量基础设施一站式服务站覆盖率" in new
    assert match.startswith("与现有指标一致（0项）")


def test_adopting_a_new_proposal_appends_a_pending_target_and_keeps_the_file(proposed):
    root, proposals = proposed
    targets_yml = root / "data" / "targets.yml"
    before = targets_yml.read_text(encoding="utf-8")
    proposal = proposals["质量基础设施一站式服务站覆盖率"]
    target, line = adopt(root, Adoption(proposal.id, target_id="one_stop_coverage", chapter="infrastructure",
                                        category="质量基础"))
    after = targets_yml.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")), "comments and every existing entry are kept as they were"
    model = load_model(root)
    new = model.targets["one_stop_coverage"]
    assert (new.name, new.unit, new.status, new.baseline_year, new.baseline) == ("质量基础设施一站式服务站覆盖率", "%", "待核定", 2020, 40.0)
    assert (new.goals[2025].comparator, new.goals[2025].value, new.goals[2035].value) == ("≥", 80.0, 100.0)
    assert "浦东新区质量工作领导小组办公室报送材料第1版（2021年7月20日收到），指标建议 pudong-r1-1" == new.source
    assert after.splitlines()[line - 1].strip() == "- id: one_stop_coverage"
    assert "已采纳（one_stop_coverage）" in target_proposals(model)
    with pytest.raises(Failure, match="已采纳为指标 one_stop_coverage"):
        adopt(root, Adoption(proposal.id, target_id="again", chapter="infrastructure", category="质量基础"))


def test_adopting_into_an_existing_target_records_the_old_values(proposed):
    root, proposals = proposed
    adopt(root, Adoption(proposals["制造业产品质量合格率"].id, into="manufacturing_pass_rate"))
    target = load_model(root).targets["manufacturing_pass_rate"]
    assert (target.goals[2025].value, target.goals[2035].value, target.status) == (96.0, 98.0, "待核定")
    assert target.source.startswith("产品质量监督抽查结果，待核定；")
    assert "指标建议 pudong-r1-2（原2025年≥95、2035年≥97）" in target.source
    assert "浦东新区质量工作领导小组办公室" in target.responsible
    text = (root / "data" / "targets.yml").read_text(encoding="utf-8")
    assert "# 主要指标。数值只在这里写一次" in text and "national: {value: 94, source: *national}" in text


def test_an_adoption_that_fails_validation_writes_nothing(proposed):
    root, proposals = proposed
    targets_yml = root / "data" / "targets.yml"
    before = targets_yml.read_bytes()
    proposal = proposals["质量基础设施一站式服务站覆盖率"]
    with pytest.raises(Failure, match="未通过校验") as caught:   # 2035 below 2025 for a higher-is-better figure
        adopt(root, Adoption(proposal.id, target_id="one_stop_coverage", chapter="infrastructure",
                             category="质量基础", goals={2035: ("≥", 70.0)}))
    assert "data/targets.yml:" in str(caught.value)
    with pytest.raises(UsageError, match="--chapter"):
        adopt(root, Adoption(proposal.id, target_id="one_stop_coverage", category="质量基础"))
    with pytest.raises(UsageError, match="已有该指标"):
        adopt(root, Adoption(proposal.id, target_id="manufacturing_pass_rate", chapter="x", category="y"))
    assert targets_yml.read_bytes() == before
