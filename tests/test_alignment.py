"""衔接: local targets against the higher-level goals they serve (data/alignment.yml)."""
from __future__ import annotations

import subprocess
import sys

from scripts.alignment import alignment_markdown, load_alignment
from scripts.commands.check import findings_for
from scripts.model import load_model
from tests.conftest import ROOT
from tests.test_model import edit, line_of


def test_national_outline_wording_is_recorded_with_its_section():
    alignment = load_alignment(ROOT)
    goal = alignment.goals["nat_competitiveness_index"]
    # 《质量强国建设纲要》二、（二）主要目标: “制造业质量竞争力指数达到86”
    assert goal.wording == "制造业质量竞争力指数达到86" and goal.bound.value == 86
    assert "主要目标" in goal.section and goal.plan.level == "国家"
    qualitative = alignment.goals["nat_construction_compliance"]
    assert qualitative.bound is None and qualitative.wording == "工程质量抽查符合率不断提高"


def test_municipal_goals_without_a_checked_source_are_marked_as_examples():
    alignment = load_alignment(ROOT)
    municipal = [g for g in alignment.goals.values() if g.plan.level == "市级"]
    assert municipal and all(g.status == "示例" for g in municipal)
    assert "（示例）" in alignment_markdown(load_model(ROOT), alignment)


def test_less_ambitious_than_the_national_goal_is_a_finding_at_the_serves_line(project):
    path = project / "data" / "targets.yml"
    edit(path, "baseline: {year: 2020, value: 91.0}", "baseline: {year: 2020, value: 80.0}")
    edit(path, "target_2025: {comparator: ≥, value: 92.0}", "target_2025: {comparator: ≥, value: 85.0}")
    edit(path, "    national: {value: 86, source: *national}\n", "", count=1)
    line = line_of(path, "serves: [nat_competitiveness_index]")
    _, found = findings_for(project)
    goal_line = line_of(project / "data" / "alignment.yml", "id: nat_competitiveness_index")
    expected = (f"data/targets.yml:{line}: manufacturing_competitiveness.serves：本市2025年目标 ≥85（2025年） "
                f"低于《质量强国建设纲要》“制造业质量竞争力指数达到86”（data/alignment.yml:{goal_line}）。")
    assert any(str(f).startswith(expected) for f in found), found


def test_unknown_higher_goal_names_the_known_ones(project):
    path = project / "data" / "targets.yml"
    edit(path, "serves: [nat_manufacturing_pass_rate]", "serves: [nat_no_such_goal]")
    line = line_of(path, "serves: [nat_no_such_goal]")
    _, found = findings_for(project)
    assert any(str(f).startswith(f"data/targets.yml:{line}: manufacturing_pass_rate.serves：未知的上级目标“nat_no_such_goal”")
               and "nat_competitiveness_index" in str(f) for f in found), found


def test_a_national_number_written_twice_must_agree(project):
    path = project / "data" / "targets.yml"
    edit(path, "national: {value: 94, source: *national}", "national: {value: 93, source: *national}")
    _, found = findings_for(project)
    assert any("manufacturing_pass_rate.national：国家参考值 93 与所服务的上级目标 nat_manufacturing_pass_rate 的 94 不一致"
               in str(f) for f in found), found


def test_bad_alignment_file_is_reported_with_line(project):
    path = project / "data" / "alignment.yml"
    edit(path, "    plan: national_outline\n    section: 二、（二）主要目标——产业质量竞争力持续增强\n    year: 2025\n"
               "    wording: 制造业质量竞争力指数达到86",
         "    plan: world_outline\n    section: 二、（二）主要目标——产业质量竞争力持续增强\n    year: 2025\n"
         "    wording: 制造业质量竞争力指数达到86")
    line = line_of(path, "plan: world_outline")
    _, found = findings_for(project)
    assert any(str(f).startswith(f"data/alignment.yml:{line}: goals[0].plan：未知的上级规划“world_outline”") for f in found), found


def test_table_sorts_pairs_by_verdict_and_lists_unserved_goals():
    text = alignment_markdown(load_model(ROOT), load_alignment(ROOT))
    more, qualitative, unserved = (text.index(h) for h in ("## 更积极", "## 定性衔接", "## 尚无本市指标对应的上级目标"))
    assert more < qualitative < unserved
    # 92 > 86 for a higher-is-better index: more ambitious
    assert text.index("制造业质量竞争力指数达到86") < qualitative
    assert text.index("单位GDP资源能源消耗不断下降") > unserved


def test_check_reports_the_alignment(project):
    result = subprocess.run([sys.executable, "-m", "scripts", "--root", str(project), "check"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "与上级规划的衔接" in result.stdout and "更积极（4）" in result.stdout


def test_alignment_page_is_on_the_public_site(built_project):
    import re
    html = (built_project / "site" / "alignment" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    assert "制造业质量竞争力指数达到86" in text and "尚无本市指标对应的上级目标" in text


def test_hand_written_explanation_prose_stays_off_the_public_site(built_project):
    assert (built_project / "docs" / "explanation" / "background.md").exists()
    assert not (built_project / "site" / "explanation").exists()
    from scripts.search_index import indexed_urls
    assert not [url for url in indexed_urls(built_project / "site") if "explanation/" in url]

