"""Correcting a registration (--amend), checking a file before it is sent
(--dry-run), guessing the topic, and pointing a mistyped unit to its id."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scripts.errors import UsageError
from scripts.intake.amend import amend
from scripts.intake.checks import guess_topic
from scripts.intake.page import body_of
from scripts.intake.submit import Request, intake
from scripts.model import load_model
from tests import intake_factory as factory
from tests.test_intake import plan, tree_digest

JULY_20 = dt.date(2021, 7, 20)
TOPIC_8 = "在数字化转型背景下，企业如何提高质量管理水平"     # data/topics.yml, copied from the notice's annex


def report(tmp_path, title: str):
    body = "\n\n".join("据市统计局公报，本市企业数字化转型加快推进。" * 20 for _ in range(8))
    path = tmp_path / "研究报告.md"
    path.write_text(f"# {title}\n\n## 一、研究背景\n\n{body}\n\n## 二、对策建议\n\n{body}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("title, topic", [
    ("数字化转型背景下企业质量管理水平提升研究", 8),
    ("上海质量人才队伍建设研究", 9),
    ("上海市质量基础设施国内国际比较", 6),
    ("长三角区域一体化研究", None),
    ("质量强市建设的国际比较", None),        # as near to topic 1 as to 2 or 6: not guessed
])
def test_the_topic_is_guessed_from_a_title_that_matches_one(title, topic):
    titles = {n.number: n.title for n in load_model(Path(__file__).resolve().parents[1]).topics}
    assert titles[8] == TOPIC_8
    assert guess_topic(title, "", titles) == topic


def test_a_report_registered_without_its_topic_is_amended_and_the_history_kept(project, tmp_path):
    path = report(tmp_path, "企业质量提升路径探索")
    first = intake(project, Request(path, "sist", received=JULY_20))
    assert any("未指明研究课题" in n.text for n in first.revision.notes)
    page_before = (project / "docs/reports/report/sist.md").read_text(encoding="utf-8")
    again = plan(project, "intake", str(path), "--unit", "sist", "--topic", "8")
    assert "未重复登记" in again.stdout and "plan intake --amend sist-r1 --topic 8" in again.stdout
    result = plan(project, "intake", "--amend", "sist", "--topic", "8", "--date", "2021-07-21")
    assert result.returncode == 0, result.stderr
    assert "已更正" in result.stdout and f"课题由“未指明”改为“8．{TOPIC_8}”" in result.stdout
    model = load_model(project)
    (rev,) = model.submissions
    assert rev.topic == 8 and rev.revision == 1 and rev.received == JULY_20
    assert rev.amended[0]["change"] == f"课题由“未指明”改为“8．{TOPIC_8}”"
    assert not any("未指明研究课题" in n.text for n in rev.notes)
    page = (project / "docs/reports/report/sist.md").read_text(encoding="utf-8")
    assert "**更正记录**：" in page and body_of(page) == body_of(page_before)
    assert "topic: 8" in page.split("---")[1]


def test_a_material_registered_under_the_wrong_unit_moves_to_the_right_one(project, tmp_path):
    path = factory.messy_material(tmp_path / "in")
    intake(project, Request(path, "pudong", received=JULY_20))
    outcome = amend(project, "pudong-r1", unit_id="minhang", today=dt.date(2021, 7, 21))
    assert outcome.revision.unit == "minhang" and outcome.revision.revision == 1
    model = load_model(project)         # loads clean: pages, originals and proposals all where the registry says
    assert [(s.unit, s.revision) for s in model.submissions] == [("minhang", 1)]
    assert {p.unit for p in model.proposals} == {"minhang"}
    assert not (project / "docs/reports/material/pudong.md").exists()
    assert not (project / "data/submissions/pudong").exists()
    assert not (project / "docs/reports/material/pudong.files").exists()
    assert (project / "docs/reports/material/minhang.files/r1").is_dir()
    assert (project / outcome.revision.original).read_bytes() == path.read_bytes()
    assert "报送单位由“浦东新区质量工作领导小组办公室”改为“闵行区质量工作领导小组办公室”" in outcome.revision.amended[0]["change"]


def test_amend_refuses_what_it_cannot_do(project, tmp_path):
    intake(project, Request(report(tmp_path, "企业质量提升路径探索"), "sist", received=JULY_20))
    with pytest.raises(UsageError, match="没有要更正的内容"):
        amend(project, "sist")
    with pytest.raises(UsageError, match="没有这份登记"):
        amend(project, "nosuch", topic=3)


def test_a_dry_run_runs_every_check_and_writes_nothing(project, tmp_path):
    thin = tmp_path / "短材料.md"
    thin.write_text("# 某委材料\n\n## 一、现状\n\n情况良好。\n\n## 二、任务\n\n加强工作。\n", encoding="utf-8")
    before = tree_digest(project)
    result = plan(project, "intake", str(thin), "--unit", "sdrc", "--dry-run")
    assert result.returncode == 1
    assert "试运行，未写入任何文件" in result.stdout and "【不符合】缺少“目标”部分" in result.stdout
    assert "将写入 docs/reports/material/sdrc.md" in result.stdout
    assert tree_digest(project) == before
    assert not (project / "build" / "intake").exists() or not any((project / "build" / "intake").iterdir())


@pytest.mark.parametrize("typed, first", [("nosuch", None), ("pudon", "pudong"), ("浦东", "pudong"), ("sits", "sist")])
def test_an_unknown_unit_is_answered_with_the_nearest_ids(project, tmp_path, typed, first):
    thin = tmp_path / "a.md"
    thin.write_text("# 材料\n\n正文。\n", encoding="utf-8")
    result = plan(project, "intake", str(thin), "--unit", typed)
    assert result.returncode == 2 and "最接近的是：" in result.stderr
    nearest = result.stderr.split("最接近的是：")[1]
    assert nearest.count("（") >= 3
    if first:
        assert nearest.startswith(first + "（")


def test_a_report_registered_as_a_material_is_amended_to_a_report(project, tmp_path):
    path = report(tmp_path, "企业质量提升路径探索")
    first = intake(project, Request(path, "sist", kind="material", received=JULY_20))
    assert any("缺少“目标”部分" in n.text for n in first.revision.notes)
    outcome = amend(project, "sist-r1", kind="report", topic=7)
    assert (outcome.revision.kind, outcome.revision.topic) == ("report", 7)
    assert not (project / "docs/reports/material/sist.md").exists()
    assert (project / "docs/reports/report/sist.md").is_file()
    model = load_model(project)
    assert [(s.unit, s.kind, s.topic) for s in model.submissions] == [("sist", "report", 7)]
    assert not [p for p in model.proposals if p.unit == "sist"]
    assert not any("缺少“目标”部分" in n.text for n in outcome.revision.notes)
