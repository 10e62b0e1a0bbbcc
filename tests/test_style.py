"""The Chinese style gate of plan check, on a fixture chapter with one of each finding.

Expected corrections are written out by hand from GB/T 15834-2011 (标点符号用法),
GB/T 15835-2011 (出版物上数字用法) and the 公文 convention of no space between
Chinese and Latin letters or digits, never taken from the rules' own tables.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from scripts.style.gate import fix_text, text_findings
from scripts.style.glossary import Term
from tests.conftest import copy_project

# One line per finding; the safe ones first, then those a drafter must decide.
FIXTURE = """# 加强质量文化建设

## 写法示例

推进质量强市建设,营造良好氛围。
加快发展(试点)工作。
是否可行?请各单位研究。
主要任务:完善制度。
坚持问题导向;突出重点。
加强宣传!提升影响力。
组织开展"质量月"活动。
完善质量基础设施。。
加强标准、、计量工作。
推进认证认可，。
开展检验检测...
实施2021-2025年行动计划。
于2021年08月20日前报送。
于2021-8-20前报送。
推动 5G技术应用。
推动首台套装备应用。
加强质量文化 建设。
开展3~5年专项行动。
学习《质量强国建设纲要。
推进质量强国建设，打造质量高地。
"""

FIXED = """# 加强质量文化建设

## 写法示例

推进质量强市建设，营造良好氛围。
加快发展（试点）工作。
是否可行？请各单位研究。
主要任务：完善制度。
坚持问题导向；突出重点。
加强宣传！提升影响力。
组织开展“质量月”活动。
完善质量基础设施。
加强标准、计量工作。
推进认证认可。
开展检验检测……
实施2021—2025年行动计划。
于2021年8月20日前报送。
于2021年8月20日前报送。
推动5G技术应用。
推动首台（套）装备应用。
加强质量文化建设。
开展3~5年专项行动。
学习《质量强国建设纲要。
推进质量强国建设，打造质量高地。
"""

UNSAFE = [
    (22, "连接号", "“开展【3~5】年专项行动。”：数值范围写成了“3~5”。改为“3至5”或“3～5”"),
    (23, "标点", "“学习【《】质量强国建设纲要”：前半个“《”没有对应的后半个“》”。补上后半个或删去多余的前半个"),
    (24, "术语", "“推进【质量强国】建设，打造质量高”：“质量强国”不是本方案的用语（本方案讲上海，本市层面写“质量强市”；"
                 "“质量强国”只用于国家纲要名称和国家战略）。改为“质量强市”"),
]
TERMS = [Term("质量强市", ("质量强国",), ("质量强国建设纲要",),
              "本方案讲上海，本市层面写“质量强市”；“质量强国”只用于国家纲要名称和国家战略"),
         Term("首台（套）", ("首台套",), auto=True)]


def test_each_line_of_the_fixture_has_exactly_one_finding():
    findings = text_findings("docs/plan/x.md", FIXTURE, TERMS)
    assert [f.line for f in findings] == list(range(5, 25))


def test_fix_corrects_every_safe_finding_and_leaves_the_rest():
    fixed, count = fix_text(FIXTURE, TERMS)
    assert fixed == FIXED and count == 17
    left = [(f.line, f.field, f"{f.message}。{f.fix}") for f in text_findings("docs/plan/x.md", fixed, TERMS)]
    assert left == UNSAFE


def test_markup_code_links_jinja_and_numbers_are_not_prose():
    text = ("---\ntitle: a,b\n---\n\n# 标题 {#标题}\n\n见[通知](https://example.org/a,b?x=1)和`code;x`，"
            "达到{{ target('pass_rate', 2025) }}。\n\n| 指标 | 2025年 |\n|:--|--:|\n| 合格率 | ≥95% |\n\n"
            "```\n代码,不查\n```\n\n共1,000家，10:30开会，电话021-64220000。[^a]\n\n[^a]: 见《通知》。\n"
            "Made in China, Shanghai.\n")
    assert text_findings("docs/plan/x.md", text, TERMS) == []


def test_fix_keeps_windows_line_ends():
    fixed, _ = fix_text("第一段,第二句。\r\n第二段。\r\n", [])
    assert fixed == "第一段，第二句。\r\n第二段。\r\n"


def _plan(repo, *args):
    return subprocess.run([sys.executable, "-m", "scripts", "--root", str(repo), *args], capture_output=True, text=True)


@pytest.fixture
def project(tmp_path):
    repo = copy_project(tmp_path / "plan")
    chapter = repo / "docs" / "plan" / "culture.md"
    chapter.write_text(FIXTURE, encoding="utf-8")
    return repo


def test_plan_check_reports_each_finding_with_file_line_and_fix(project):
    result = _plan(project, "check")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("docs/plan/culture.md:")]
    assert len(lines) == 20
    assert lines[0] == ("docs/plan/culture.md:5: 标点：“推进质量强市建设【,】营造良好氛围。”：中文里用了半角“,”。"
                        "改为全角“，”（plan check --fix 可自动修改）")
    assert "docs/plan/culture.md:18: 日期：“于【2021-8-20】前报送。”：日期写成了“2021-8-20”。改为“2021年8月20日”" in lines[13]


def test_plan_check_fix_leaves_none_of_the_safe_findings(project):
    result = _plan(project, "check", "--fix")
    assert result.returncode == 1
    assert "已自动修改 17 处（docs/plan/culture.md）" in result.stdout
    assert (project / "docs" / "plan" / "culture.md").read_text(encoding="utf-8") == FIXED
    left = [line for line in result.stderr.splitlines() if line.startswith("docs/plan/culture.md:")]
    assert [int(line.split(":")[1]) for line in left] == [22, 23, 24]
    again = _plan(project, "check", "--fix")
    assert "已自动修改" not in again.stdout


def test_a_broken_glossary_names_its_line(project):
    (project / "data" / "glossary.yml").write_text("terms:\n  - preferred: 质量强市\n", encoding="utf-8")
    result = _plan(project, "check")
    assert result.returncode == 1
    assert ("data/glossary.yml:2: terms：每一条需要 preferred（文字）和 forbidden（文字或文字列表）。补全这一条，或删去"
            in result.stderr)


def test_the_real_plan_passes_the_style_gate():
    from pathlib import Path
    from scripts.structure import load_outline
    from scripts.style.gate import check_style
    root = Path(__file__).resolve().parents[1]
    assert check_style(root, list(load_outline(root).pages)).findings == []
