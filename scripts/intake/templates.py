"""Word templates units download from the 报送须知 page: one for the ~3,000
character 质量发展材料 (the notice's four parts, each with what to write), one
for the ~10,000 character 课题研究报告 (a topic from the catalogue, data with
sources). Made from data/ at build time in the formal layout, so a unit's
file comes back with headings intake recognises and a target table it reads.
"""
from __future__ import annotations

import io

from scripts.export.docx import REFERENCE_DIR, blank_document
from scripts.intake.checks import EXPECTED_CHARS
from scripts.intake.page import cn_date
from scripts.intake.sections import PART_NAMES
from scripts.intake.submit import TEMPLATE_GUIDE, collection_deadline
from scripts.model import Model
from scripts.reproducible import normalise_zip

MATERIAL_FILE = "质量发展材料模板.docx"
REPORT_FILE = "课题研究报告模板.docx"
TARGET_COLUMNS = ("序号", "指标", "单位", "2020年", "2025年", "2035年")

# What each part holds: the notice's words (四(一)1, 二(二)), then how to write it so intake reads it.
GUIDANCE = {
    "status": "结合本行业、本区域、本企业实际，概述质量发展的基本情况和主要成效。引用的数据请注明来源（如统计公报、年鉴）。",
    "problems": "对照高质量发展要求和国内外先进水平，分析存在的主要问题和不足。",
    "goals": "提出未来5—15年质量强业、质量强区、质量强企等方面的目标，分2025年、2035年两个时间节点设置量化目标。"
             "量化目标请填入下表（每个指标一行，写明单位、2020年基期值和两个年份的目标值，如“≥96”），"
             "也可在正文中写成“到2025年，××达到96%以上，2035年达到98%以上”。",
    "tasks": "围绕上述目标，提出主要任务与具体举措，写明牵头单位和时间安排。",
}


def _guide(document, text: str) -> None:
    """Guidance in italics: the unit replaces it with its own text."""
    paragraph = document.add_paragraph(style="Body Text")
    run = paragraph.add_run(f"【{TEMPLATE_GUIDE}】{text}")
    run.italic = True


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue())     # the same bytes every build: releases stay reproducible


def material_template(model: Model) -> bytes:
    deadline = collection_deadline(model)
    document = blank_document(model.root / REFERENCE_DIR)
    document.add_paragraph("××单位质量发展材料", style="Title")
    _guide(document, f"标题写明单位名称。全文约{EXPECTED_CHARS['material']:,}字，包括以下四部分，"
                     f"请于{cn_date(deadline) if deadline else '规定日期'}前以 Word（.docx）文件报送市质量办。"
                     "标题请保留“一、现状”“二、存在问题和不足”等字样（可补充文字，如“一、发展现状”）。")
    for n, pid in enumerate(("status", "problems", "goals", "tasks")):
        document.add_paragraph(f"{'一二三四'[n]}、{PART_NAMES[pid]}", style="Heading 1")
        _guide(document, GUIDANCE[pid])
        if pid == "goals":
            table = document.add_table(rows=3, cols=len(TARGET_COLUMNS), style="Table")
            for cell, text in zip(table.rows[0].cells, TARGET_COLUMNS):
                cell.text = text
            for number, row in enumerate(table.rows[1:], 1):
                row.cells[0].text = str(number)
    return _saved(document)


def report_template(model: Model) -> bytes:
    deadline = collection_deadline(model)
    document = blank_document(model.root / REFERENCE_DIR)
    document.add_paragraph("（研究报告题目）", style="Title")
    _guide(document, f"全文约{EXPECTED_CHARS['report']:,}字，请于{cn_date(deadline) if deadline else '规定日期'}前以 Word（.docx）"
                     "文件报送市质量办。题目请写明所选课题，或在正文开头写“课题N”。研究要有理论深度及创新性，提出可复制、"
                     "可借鉴、可推广的质量措施；论证数据要真实准确，每处数据请注明来源。")
    document.add_paragraph("研究课题（附件《研究课题目录》，选一项）：", style="Body Text")
    for topic in model.topics:
        document.add_paragraph(f"{topic.number}．{topic.title}（{topic.scope}）", style="List Number")
    for n, (heading, text) in enumerate((
            ("研究背景与意义", "说明课题的背景、研究范围和方法。"),
            ("现状与差距", "用具体数据和案例分析现状，对照国内外先进水平找出差距；数据注明来源。"),
            ("目标与对策建议", "提出2025年、2035年的目标设想和可操作的对策措施。"))):
        document.add_paragraph(f"{'一二三'[n]}、{heading}", style="Heading 1")
        _guide(document, text)
    return _saved(document)


def templates(model: Model) -> dict[str, bytes]:
    return {MATERIAL_FILE: material_template(model), REPORT_FILE: report_template(model)}
