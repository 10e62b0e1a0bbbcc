"""Both target directions in every check and every column.

A higher-is-better target (合格率) and a lower-is-better one (质量损失率)
go through the same cases: the 2035 goal against the 2025 goal, each goal
against the baseline, equal goals, and the comparator shown in the 2025 and
the 2035 column of the site's table, the DOCX and the PDF.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pdfplumber
import pytest

from macros import render
from scripts.model import DataError, load_model

ROOT = Path(__file__).resolve().parents[1]
HIGHER = "chief_quality_officer_coverage"   # baseline 35, 2025 ≥60, 2035 ≥90
LOWER = "quality_loss_rate"                 # baseline 0.85, 2025 ≤0.75, 2035 ≤0.60
GOALS = {
    HIGHER: ("target_2025: {comparator: ≥, value: 60}", "target_2035: {comparator: ≥, value: 90}", "≥"),
    LOWER: ("target_2025: {comparator: ≤, value: 0.75}", "target_2035: {comparator: ≤, value: 0.60}", "≤"),
}


@pytest.fixture
def data(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def set_goals(root: Path, target: str, goal_2025: float, goal_2035: float) -> None:
    path = root / "data" / "targets.yml"
    old_2025, old_2035, comparator = GOALS[target]
    text = path.read_text(encoding="utf-8")
    assert old_2025 in text and old_2035 in text, "test set-up: data/targets.yml changed"
    text = text.replace(old_2025, f"target_2025: {{comparator: {comparator}, value: {goal_2025}}}")
    text = text.replace(old_2035, f"target_2035: {{comparator: {comparator}, value: {goal_2035}}}")
    path.write_text(text, encoding="utf-8")


def findings_for(root: Path, target: str) -> list[str]:
    try:
        load_model(root)
    except DataError as error:
        return [re.sub(r"^data/targets\.yml:\d+: ", "", str(f)) for f in error.findings
                if str(f).split(": ", 1)[1].startswith(target + ".")]
    return []


@pytest.mark.parametrize("target, goal_2025, goal_2035, expected", [
    pytest.param(HIGHER, 60, 90, [], id="higher-improving"),
    pytest.param(LOWER, 0.75, 0.6, [], id="lower-improving"),
    pytest.param(HIGHER, 60, 60, [], id="higher-2035-equal-to-2025-is-fine"),
    pytest.param(LOWER, 0.75, 0.75, [], id="lower-2035-equal-to-2025-is-fine"),
    pytest.param(HIGHER, 60, 50, [f"{HIGHER}.target_2035：2035年目标 50 低于2025年目标 60（指标越大越好）。"
                                  "请核对两个时间节点的目标值"], id="higher-2035-below-2025"),
    pytest.param(LOWER, 0.75, 0.8, [f"{LOWER}.target_2035：2035年目标 0.8 高于2025年目标 0.75（指标越小越好）。"
                                    "请核对两个时间节点的目标值"], id="lower-2035-above-2025"),
    pytest.param(HIGHER, 30, 90, [f"{HIGHER}.target_2025：2025年目标 30 比基期值 35 退步（指标越大越好）。"
                                  "请核对目标值、基期值或 direction"], id="higher-2025-below-baseline"),
    pytest.param(LOWER, 0.9, 0.6, [f"{LOWER}.target_2025：2025年目标 0.9 比基期值 0.85 退步（指标越小越好）。"
                                   "请核对目标值、基期值或 direction"], id="lower-2025-above-baseline"),
    pytest.param(HIGHER, 35, 35, [], id="higher-equal-to-baseline-is-not-a-step-back"),
    pytest.param(LOWER, 0.85, 0.85, [], id="lower-equal-to-baseline-is-not-a-step-back"),
])
def test_goals_are_checked_in_the_target_s_own_direction(data, target, goal_2025, goal_2035, expected):
    set_goals(data, target, goal_2025, goal_2035)
    assert findings_for(data, target) == expected


def table_cells(markdown: str, name: str) -> list[str]:
    row = next(line for line in markdown.splitlines() if f"| {name} |" in line)
    return [cell.strip() for cell in row.strip("|").split("|")]


@pytest.mark.parametrize("target, name, goals", [
    pytest.param(HIGHER, "规模以上工业企业首席质量官制度覆盖率", ("≥60", "≥90"), id="higher"),
    pytest.param(LOWER, "规模以上制造业企业质量损失率", ("≤0.75", "≤0.6"), id="lower"),
])
def test_the_site_table_shows_each_column_s_comparator(target, name, goals):
    cells = table_cells(render.target_table(load_model(ROOT), ids=[target]), name)
    assert [re.sub(r"<[^>]+>.*?</span>", "", c) for c in cells[5:7]] == list(goals)


def shown(cell: str) -> str:
    """A cell's figure as a reader reads it: no line breaks or joiners, no 示例/待核定 mark."""
    text = "".join((cell or "").replace("\u2060", "").split())
    return re.sub(r"（(?:示例|待核定)）", "", text)


def goal_cells(tables: list[list[list[str]]], name: str) -> set[tuple[str, str]]:
    """(2025, 2035) as shown in every row of the indicator, columns found by their headers."""
    found = set()
    for rows in tables:
        header = [shown(c) for c in rows[0]] if rows else []
        if "2025年目标" not in header or "2035年目标" not in header or "指标" not in header:
            continue
        k25, k35, kname = header.index("2025年目标"), header.index("2035年目标"), header.index("指标")
        found |= {(shown(r[k25]), shown(r[k35])) for r in rows[1:] if len(r) > k35 and shown(r[kname]) == name}
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name, goals", [
    pytest.param("规模以上工业企业首席质量官制度覆盖率", ("≥60", "≥90"), id="higher"),
    pytest.param("规模以上制造业企业质量损失率", ("≤0.75", "≤0.6"), id="lower"),
])
def test_the_formal_documents_show_each_column_s_comparator(exported, name, goals):
    word = [[[cell.text for cell in row.cells] for row in table.rows]
            for table in docx.Document(str(exported["docx"])).tables]
    assert goal_cells(word, name) == {goals}
    with pdfplumber.open(exported["pdf"]) as pdf:
        tables = [table for page in pdf.pages for table in page.extract_tables()]
    # a table continued on the next page repeats its header row, so every piece is read by its headers
    assert goal_cells(tables, name) == {goals}
