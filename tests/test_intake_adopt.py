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


def propose(project, tmp_path, unit: str, goals: str = NEW_GOALS):
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = factory.docx_from_markdown(factory.material_markdown(title="质量发展材料", goals=goals, table=""),
                                      tmp_path / f"{unit}.docx")
    outcome = intake(project, Request(path, unit, received=dt.date(2021, 7, 20)))
    return {p.indicator: p for p in outcome.proposals}


@pytest.fixture
def proposed(project, tmp_path):
    """City-level proposals: from a member unit of the leading group (市发展改革委)."""
    return project, propose(project, tmp_path, "sdrc")


def test_proposals_are_registered_and_compared_with_existing_targets(proposed):
    root, proposals = proposed
    assert set(proposals) == {"质量基础设施一站式服务站覆盖率", "制造业产品质量合格率"}
    model = load_model(root)
    assert [(p.id, p.goals) for p in model.proposals] == [
        ("sdrc-r1-1", {2025: ("≥", 80.0), 2035: ("≥", 100.0)}),
        ("sdrc-r1-2", {2025: ("≥", 96.0), 2035: ("≥", 98.0)})]
    page = target_proposals(model)
    conflict, new, match = page.split("\n## ")[1:4]
    assert conflict.startswith("市级建议：与现有指标数值不同（1项）") and "sdrc-r1-2" in conflict
    assert "manufacturing_pass_rate" in conflict and "2025年现为≥95；2035年现为≥97" in conflict
    assert new.startswith("市级建议：新建议") and "sdrc-r1-1" in new and "质量基础设施一站式服务站覆盖率" in new
    assert match.startswith("市级建议：与现有指标一致（0项）")


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
    assert "市发展改革委报送材料第1版（2021年7月20日收到），指标建议 sdrc-r1-1" == new.source
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
    assert "指标建议 sdrc-r1-2（原2025年≥95、2035年≥97）" in target.source
    assert "市发展改革委" in target.responsible
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


def test_adopt_lists_every_missing_option_at_once(proposed):
    root, proposals = proposed
    proposal = proposals["质量基础设施一站式服务站覆盖率"]
    with pytest.raises(UsageError) as caught:
        adopt(root, Adoption(proposal.id, target_id="one_stop_coverage", goals=None))
    message = str(caught.value)
    assert "--chapter" in message and "--category" in message and message.count("\n  - ") == 2
    sparse = propose(root, root.parent / "more", "sheitc", goals="到2025年，全市质量标杆企业数量达到120家。")
    with pytest.raises(UsageError) as caught:
        adopt(root, Adoption(sparse["质量标杆企业数量"].id, target_id="benchmarks"))
    message = str(caught.value)
    for option in ("--target-2035", "--chapter", "--category", "--baseline"):
        assert option in message
    assert message.count("\n  - ") == 4


def test_a_new_target_named_like_an_existing_one_is_refused_with_into(proposed):
    root, proposals = proposed
    with pytest.raises(UsageError) as caught:
        adopt(root, Adoption(proposals["制造业产品质量合格率"].id, target_id="pass_rate_again", chapter="x",
                             category="y"))
    assert "已有同名指标" in str(caught.value) and "--into manufacturing_pass_rate" in str(caught.value)


def test_district_proposals_stay_at_their_level(project, tmp_path):
    pudong = propose(project, tmp_path, "pudong")
    minhang = propose(project, tmp_path / "mh", "minhang",
                      goals="到2025年，全区制造业产品质量合格率达到95%以上，2035年达到97%以上。")
    model = load_model(project)
    page = target_proposals(model)
    city, district = page.split("\n## 区级建议")[0], page.split("\n## 区级建议")[1].split("\n## ")[0]
    assert "pudong-r1" not in city and "minhang-r1" not in city and "manufacturing_pass_rate" not in district
    row = next(line for line in district.splitlines() if "制造业产品质量合格率" in line)
    assert "| 2 " in row and "≥96／≥98" in row and "≥95／≥97" in row      # two districts, side by side
    # into the city table only by an explicit choice, and never with the district as the city's responsible unit
    targets_yml = project / "data" / "targets.yml"
    before = targets_yml.read_bytes()
    proposal = pudong["质量基础设施一站式服务站覆盖率"]
    with pytest.raises(UsageError) as caught:
        adopt(project, Adoption(proposal.id, target_id="one_stop_coverage", chapter="infrastructure", category="质量基础"))
    assert "区级目标" in str(caught.value) and "--as-city" in str(caught.value)
    with pytest.raises(UsageError, match="--responsible"):
        adopt(project, Adoption(proposal.id, target_id="one_stop_coverage", chapter="infrastructure",
                                category="质量基础", as_city=True))
    assert targets_yml.read_bytes() == before
    target, _ = adopt(project, Adoption(proposal.id, target_id="one_stop_coverage", chapter="infrastructure",
                                        category="质量基础", as_city=True, responsible=("市市场监管局",)))
    assert target.responsible == ("市市场监管局",)
    assert minhang["制造业产品质量合格率"].id == "minhang-r1-1"
