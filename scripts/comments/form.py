"""The 意见反馈表: a Word form readers download, fill in and send back."""
from __future__ import annotations

import io
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

from scripts.export.docx import blank_document
from scripts.reproducible import normalise_zip

COLUMNS = ("序号", "章节", "段落地址或编号", "原文", "修改意见", "理由")


def feedback_form(title: str, stage: str, start: str, end: str, channels: list[str], reference_dir: Path) -> bytes:
    """A blank form in the formal layout (the reference document cached in `reference_dir`);
    its contact fields are for the office only."""
    document = blank_document(reference_dir)
    document.add_paragraph(f"《{title}》意见反馈表", style="Title")
    info = document.add_table(rows=2, cols=4, style="Table")
    for cell, text in zip(info.rows[0].cells + info.rows[1].cells,
                          ("姓名", "", "单位", "", "联系电话", "", "电子邮箱", "")):
        cell.text = text
    note = document.add_paragraph("（联系信息仅用于起草工作组就意见进行沟通，不公开，不写入任何公开文件。）", style="Compact")
    note.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table = document.add_table(rows=6, cols=len(COLUMNS), style="Table")
    for cell, text in zip(table.rows[0].cells, COLUMNS):
        cell.text = text
    for n, row in enumerate(table.rows[1:], 1):
        row.cells[0].text = str(n)
    document.add_paragraph(f"征求意见时间：{start}至{end}。", style="Body Text")
    document.add_paragraph("反馈渠道：" + "；".join(channels) + "。", style="Body Text")
    document.add_paragraph(f"段落地址或编号可在网站上将鼠标移到段落（手机上轻触段落）时看到。当前阶段：{stage}。",
                           style="Body Text")
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue())  # the same form every build: releases stay reproducible
