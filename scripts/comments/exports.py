"""The disposition table as formal DOCX/PDF and as a spreadsheet for the drafting group."""
from __future__ import annotations

import io
from pathlib import Path

from scripts.atomic import fresh_dir, write_bytes
from scripts.comments.store import SOURCES, Comment, Contact

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_COLUMNS = ("序号", "编号", "收到日期", "渠道", "提出者类别", "段落", "章节", "意见内容", "处理情况", "理由", "采纳阶段")
CONTACT_COLUMNS = ("姓名", "单位", "电话", "邮箱", "地址")


def safe_cell(value):
    """A spreadsheet must show outside text, never run it: neutralise formulas."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def spreadsheet(comments: list[Comment], contacts: dict[str, Contact] | None = None) -> bytes:
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "意见汇总"
    header = SHEET_COLUMNS + (CONTACT_COLUMNS if contacts is not None else ())
    sheet.append(header)
    for n, c in enumerate(sorted(comments, key=lambda c: (c.received, c.id)), 1):
        row = [n, c.id, c.received.isoformat(), c.channel, c.category, c.anchor, c.chapter, c.content,
               c.disposition, c.reason, c.adopted_in]
        if contacts is not None:
            contact = contacts.get(c.id, Contact())
            row += [contact.name, contact.organisation, contact.phone, contact.email, contact.address]
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def formal_documents(root: Path, markdown: str, name: str, out_dir: Path, formats: tuple[str, ...], progress) -> list[Path]:
    """DOCX and/or PDF of a Markdown document in the GB/T 9704 layout."""
    from scripts.export import fonts as font_roles
    from scripts.export.docx import export_docx
    from scripts.export.documents import source_epoch
    from scripts.export.pdf import export_pdf
    work = fresh_dir(root / "build" / "export" / "comments")
    source = work / "table.md"
    source.write_text(markdown, encoding="utf-8")
    written = []
    if "docx" in formats:
        with progress.step(f"生成 Word 文件《{name}》"):
            export_docx(source, out_dir / f"{name}.docx", work)
            written.append(out_dir / f"{name}.docx")
    if "pdf" in formats:
        with progress.step(f"生成 PDF 文件《{name}》"):
            dirs = font_roles.font_dirs(root)
            fonts = font_roles.choose(dirs)
            export_pdf(source, out_dir / f"{name}.pdf", work, fonts, dirs, source_epoch())
            written.append(out_dir / f"{name}.pdf")
    return written


def write_spreadsheet(path: Path, comments: list[Comment], contacts: dict[str, Contact] | None = None) -> Path:
    write_bytes(path, spreadsheet(comments, contacts))
    return path


def table_name(document_title: str, source: str) -> str:
    return f"{document_title}{SOURCES[source]}"
