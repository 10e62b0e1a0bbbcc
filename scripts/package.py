"""The 报批 package (沪质办〔2021〕4号 四（三）2): dist/<stage>/报批材料/ and its zip.

Files are numbered as an office numbers the materials it submits:

1. the plan (DOCX, PDF)                 4. 专家论证意见汇总处理表 (4-1), then any
2. 编制说明 (DOCX, PDF)                     other source such as 领导小组审议意见 (4-2 …)
3. 征求意见汇总处理表 (DOCX, PDF)        5. 实施方案支持报告汇编 (DOCX, PDF)
                                         6. 材料清单: every file with pages and SHA-256

Before the approval stage the package is a preview: every title ends in
（预览） and every page footer says 预览. The folder is built beside the old
one and swapped in only when complete.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.atomic import fresh_dir, replace_dir, write_bytes
from scripts.comments.anchors import AnchorIndex, load_items
from scripts.comments.exports import opinion_table
from scripts.comments.store import SOURCES, load_store
from scripts.errors import Failure
from scripts.explanation import explanation_markdown, stage_changes
from scripts.export import fonts as font_roles
from scripts.export.assemble import assemble
from scripts.export.compilation import compilation_markdown
from scripts.export.docx import export_docx
from scripts.export.documents import source_epoch
from scripts.export.pdf import export_pdf
from scripts.model import Model, Stage, load_model
from scripts.published import privacy_findings
from scripts.rendered import RENDERED_DIR, RenderedMissing, RenderedStore
from scripts.reproducible import zip_bytes

FOLDER = "报批材料"
LIST_NAME = "材料清单"
PREVIEW = "预览"


@dataclass(frozen=True)
class Document:
    number: str        # "1", "4-1", …
    title: str         # as printed on the document
    markdown: str      # pandoc Markdown with front matter
    work: Path         # folder the Markdown's relative paths (images) are resolved from

    @property
    def stem(self) -> str:
        return f"{self.number}.{self.title.replace('《', '').replace('》', '')}"


def is_preview(model: Model, stage: Stage) -> bool:
    """Only the last stage (报批稿), once the repository has reached it, makes the real package."""
    last = model.stages[-1].id
    return stage.id != last or model.plan.current_stage != last


def mark_preview(markdown: str) -> str:
    """Add （预览） to the front matter's title and the footer mark the templates read."""
    match = re.match(r"---\n(.*?)\n---\n", markdown, re.S)
    meta = yaml.safe_load(match.group(1)) or {}
    if not str(meta.get("title", "")).endswith(f"（{PREVIEW}）"):
        meta["title"] = f"{meta.get('title', '')}（{PREVIEW}）"
    meta["preview"] = PREVIEW
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n" + markdown[match.end():]


def _title_of(markdown: str) -> str:
    match = re.match(r"---\n(.*?)\n---\n", markdown, re.S)
    return str((yaml.safe_load(match.group(1)) or {}).get("title", ""))


def opinion_numbers(sources, comments) -> list[tuple[str, str]]:
    """(number, source) of the opinion tables: 3 public, 4-1 expert, then 4-2 … for any other
    source that has comments (领导小组审议意见 once issue 11's `leadership` records exist)."""
    present = {c.source for c in comments}
    others = [s for s in sources if s not in ("public", "expert") and s in present]
    return [("3", "public"), ("4-1", "expert"), *[(f"4-{n}", s) for n, s in enumerate(others, 2)]]


def documents(root: Path, model: Model, stage: Stage, preview: bool, work: Path) -> list[Document]:
    """Every document of the package, in the office's order, as Markdown."""
    try:
        rendered = RenderedStore(root / RENDERED_DIR).load()
    except RenderedMissing as err:
        raise Failure(str(err)) from None
    store = load_store(root)
    comments = list(store.comments.values())
    index = AnchorIndex(load_items(root))
    out = []

    def add(number: str, markdown: str, folder: Path = work) -> None:
        markdown = mark_preview(markdown) if preview else markdown
        out.append(Document(number, _title_of(markdown), markdown, folder))

    add("1", assemble(rendered, model, stage))
    add("2", explanation_markdown(root, model, stage.id, comments, stage_changes(root, model)))
    for number, source in opinion_numbers(SOURCES, comments):
        add(number, opinion_table(model, source, [c for c in comments if c.source == source], index)[1])
    compilation_work = fresh_dir(work / "compilation")
    epoch = source_epoch()
    date = stage.date or (dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date() if epoch else dt.date.today())
    add("5", compilation_markdown(root, model, stage, compilation_work, date), compilation_work)
    return out


def pdf_pages(path: Path) -> int:
    """Pages of a PDF: the largest /Count of a /Type /Pages node (the page tree's root).
    Outlines carry a /Count too, so only page-tree dictionaries are read."""
    nodes = re.findall(rb"<<(?:(?!>>).)*?/Type\s*/Pages\b(?:(?!>>).)*?>>", path.read_bytes(), re.S)
    counts = [int(m) for node in nodes for m in re.findall(rb"/Count\s+(\d+)", node)]
    return max(counts) if counts else 0


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def list_markdown(model: Model, stage: Stage, files: list[Path]) -> str:
    """The 材料清单: each file with its pages (PDF) and SHA-256."""
    meta = {"title": f"《{model.document_title(stage.id)}》报批{LIST_NAME}", "author": model.plan.drafting_body,
            "subject": LIST_NAME, "lang": "zh-CN"}
    rows = []
    for n, path in enumerate(files, 1):
        pages = str(pdf_pages(path)) if path.suffix == ".pdf" else "—"
        rows.append(f"| {n} | {path.name} | {pages} | {sha256(path)} |")
    body = ["本清单列出报批材料的全部文件。页数为 PDF 文件的页数（Word 文件以其同名 PDF 为准）；"
            "SHA-256 为文件的校验值，收件方可用以核对文件未被改动。", "",
            "| 序号 | 文件 | 页数 | SHA-256 |", "|:--|:------------------|:--|:------------------|", *rows]
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n" + "\n".join(body) + "\n"


def mark_docx_footer(path: Path) -> None:
    """Word takes its footers from the reference document: add the 预览 mark to each."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    document = docx.Document(str(path))
    for section in document.sections:
        for footer in (section.footer, section.even_page_footer, section.first_page_footer):
            if footer.is_linked_to_previous and footer is not section.footer:
                continue
            paragraph = footer.add_paragraph(PREVIEW)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.save(str(path))


def export(document: Document, out_dir: Path, dirs: list[Path], preview: bool, progress) -> list[Path]:
    source = document.work / f"{document.number}.md"
    source.write_text(document.markdown, encoding="utf-8")
    docx_path, pdf_path = out_dir / f"{document.stem}.docx", out_dir / f"{document.stem}.pdf"
    with progress.step(f"生成 {document.stem}（Word、PDF）"):
        export_docx(source, docx_path, document.work)
        if preview:
            mark_docx_footer(docx_path)
        export_pdf(source, pdf_path, document.work, dirs, source_epoch())
    return [docx_path, pdf_path]


def write_package(root: Path, stage_id: str | None, progress) -> Path:
    """dist/<stage>/报批材料/ and 报批材料.zip, built beside the old ones and swapped in when complete."""
    model = load_model(root)
    stage = model.stage(stage_id)
    preview = is_preview(model, stage)
    work = fresh_dir(root / "build" / "export" / stage.id / "package")
    progress.total += 1
    with progress.step("汇集记录：阶段标签、报送材料、意见、衔接和各阶段版本对照"):
        parts = documents(root, model, stage, preview, work)
    target = root / "dist" / stage.id / FOLDER
    staging = fresh_dir(target.with_name(f".{FOLDER}.partial"))
    try:
        dirs = font_roles.font_dirs(root)
        files = []
        progress.total += len(parts) + 1   # and the 材料清单
        for document in parts:
            files += export(document, staging, dirs, preview, progress)
        listing = list_markdown(model, stage, files)
        export(Document("6", LIST_NAME, mark_preview(listing) if preview else listing, work), staging, dirs,
               preview, progress)
        epoch = source_epoch() or 315532800
        stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.timezone.utc).timetuple()[:6]
        hits = privacy_findings(root, model, [staging])
        if hits:
            raise Failure("报批材料未替换，原有材料保持不变：\n" + "\n".join(hits))
        archive = zip_bytes(((f"{FOLDER}/{p.name}", p.read_bytes()) for p in sorted(staging.iterdir())), stamp)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_dir(staging, target)
    write_bytes(target.with_name(f"{FOLDER}.zip"), archive)
    return target

