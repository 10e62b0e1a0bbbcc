"""The disposition table as formal DOCX/PDF and as a spreadsheet for the drafting group."""
from __future__ import annotations

import io
from collections import Counter
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
    from scripts.export.docx import REFERENCE_DIR, export_docx
    from scripts.export.documents import source_epoch
    from scripts.export.pdf import export_pdf
    work = fresh_dir(root / "build" / "export" / "comments")
    source = work / "table.md"
    source.write_text(markdown, encoding="utf-8")
    written = []
    if "docx" in formats:
        with progress.step(f"生成 Word 文件《{name}》"):
            export_docx(source, out_dir / f"{name}.docx", root / REFERENCE_DIR)
            written.append(out_dir / f"{name}.docx")
    if "pdf" in formats:
        with progress.step(f"生成 PDF 文件《{name}》"):
            export_pdf(source, out_dir / f"{name}.pdf", work, font_roles.font_dirs(root), source_epoch())
            written.append(out_dir / f"{name}.pdf")
    return written


def write_spreadsheet(path: Path, comments: list[Comment], contacts: dict[str, Contact] | None = None) -> Path:
    write_bytes(path, spreadsheet(comments, contacts))
    return path


def table_name(document_title: str, source: str) -> str:
    return f"{document_title}{SOURCES[source]}"


# The stage each kind of opinion is normally collected on (沪质办〔2021〕4号 四), used
# only to title an empty table; a table with comments is titled by their own stage.
USUAL_STAGES = {"public": "consultation", "expert": "review", "leadership": "submission"}


def collected_on(model, source: str, comments: list[Comment]):
    """The stage the comments were made on: the commonest `stage` among them."""
    stages = Counter(c.stage for c in comments if c.stage)
    known = {s.id for s in model.stages}
    for stage_id, _ in stages.most_common():
        if stage_id in known:
            return model.stage(stage_id)
    usual = USUAL_STAGES.get(source)
    return model.stage(usual) if usual in known else model.stage()


def opinion_table(model, source: str, comments: list[Comment], index, preview: bool = False) -> tuple[str, str]:
    """(title, pandoc Markdown) of one 汇总处理表, titled by the stage commented on."""
    from scripts.comments.report import document_markdown, rows_by_chapter, statistics
    stage = collected_on(model, source, comments)
    title = f"《{model.document_title(stage.id)}》{SOURCES[source]}" + ("（预览）" if preview else "")
    groups = rows_by_chapter(comments, index, list(dict.fromkeys(i.chapter for i in index.items)))
    intro = (f"本表汇总对《{model.document_title(stage.id)}》提出的意见，按所针对的章节分组、统一编号。"
             f"{model.plan.drafting_body}对收到的意见逐条研究，处理情况分为采纳、部分采纳、未采纳、已有体现四类。"
             "本表不含意见提出者的个人信息。")
    return title, document_markdown(title, groups, statistics(comments), intro)
