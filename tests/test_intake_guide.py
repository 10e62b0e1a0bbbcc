"""What units get before they write: the Word templates and the 报送须知 page."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import lxml.html
import pytest

from macros.guide import submission_guide
from scripts.intake.checks import FAIL
from scripts.intake.submit import Request, intake
from scripts.intake.templates import MATERIAL_FILE, REPORT_FILE, material_template, report_template
from scripts.model import load_model
from tests import intake_factory as factory

# 沪质办〔2021〕4号 四(一)1 and 四(二): the four parts, the lengths and the deadline, as the notice words them
NOTICE_PARTS = ("现状", "存在问题和不足", "目标", "任务与举措")
NOTICE_DEADLINE = "7月25日"


@pytest.fixture(scope="module")
def model():
    return load_model(Path(__file__).resolve().parents[1])


def paragraphs(data: bytes) -> list:
    return docx.Document(io.BytesIO(data)).paragraphs


def test_the_material_template_has_the_four_parts_with_guidance(model):
    document = docx.Document(io.BytesIO(material_template(model)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h[2:] for h in headings] == list(NOTICE_PARTS)
    text = "\n".join(p.text for p in document.paragraphs)
    assert NOTICE_DEADLINE in text and "约3,000字" in text and "2025年、2035年两个时间节点设置量化目标" in text
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert "2025年" in header and "2035年" in header


def test_the_report_template_lists_every_topic_of_the_annex(model):
    text = "\n".join(p.text for p in paragraphs(report_template(model)))
    assert "约10,000字" in text and NOTICE_DEADLINE in text and "注明来源" in text
    for topic in model.topics:
        assert f"{topic.number}．{topic.title}" in text


def test_a_material_written_in_the_template_passes_the_checks(project, tmp_path, model):
    document = docx.Document(io.BytesIO(material_template(model)))
    document.paragraphs[0].text = "浦东新区质量发展材料"
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("【填写说明"):
            paragraph.text = factory.FILLER * 9
    row = document.tables[0].rows[1].cells
    for cell, text in zip(row, ("1", "制造业产品质量合格率", "%", "93.8", "≥96", "≥98")):
        cell.text = text
    path = tmp_path / "浦东新区质量发展材料.docx"
    document.save(path)
    outcome = intake(project, Request(path, "pudong", received=dt.date(2021, 7, 20)))
    assert outcome.revision.count(FAIL) == 0, [str(n) for n in outcome.revision.notes]
    assert [(p.indicator, p.goals) for p in outcome.proposals] == [("制造业产品质量合格率", {2025: ("≥", 96.0), 2035: ("≥", 98.0)})]


def test_leftover_template_guidance_is_pointed_out(project, tmp_path, model):
    path = tmp_path / "模板.docx"
    path.write_bytes(material_template(model))
    outcome = intake(project, Request(path, "pudong", received=dt.date(2021, 7, 20)), dry_run=True)
    assert any("仍有模板的“填写说明，成文时删去”5处" in n.text for n in outcome.revision.notes)


def test_the_guide_states_deadline_length_parts_and_targets_from_data(model):
    page = submission_guide(model)
    assert f"2021年{NOTICE_DEADLINE}前" in page and "约3,000字" in page and "约10,000字" in page
    for part in NOTICE_PARTS:
        assert f"**{part}**" in page
    for target in model.targets.values():
        assert target.name in page
        assert f"{target.goals[2025].comparator}{target.goals[2025].value:g}" in page


def test_the_built_site_links_the_guide_to_both_templates(built_project):
    page = built_project / "site" / "submit" / "index.html"
    links = lxml.html.parse(str(page)).xpath("//article//a[contains(@href, 'downloads/')]/@href")
    assert len(links) == 2
    for name in (MATERIAL_FILE, REPORT_FILE):
        data = (built_project / "site" / "downloads" / name).read_bytes()
        assert docx.Document(io.BytesIO(data)).paragraphs     # a Word file python-docx opens
