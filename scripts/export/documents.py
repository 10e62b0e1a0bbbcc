"""The formal documents of a stage: dist/<stage>/<title>.docx and .pdf."""
from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.atomic import fresh_dir, write_bytes
from scripts.errors import Failure
from scripts.export import fonts as font_roles
from scripts.export.assemble import assemble
from scripts.export.docx import REFERENCE_DIR, export_docx
from scripts.export.pdf import export_pdf
from scripts.model import Model, load_model
from scripts.rendered import RENDERED_DIR, RenderedMissing, RenderedStore


def source_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    return int(value) if value and value.isdigit() else None


def export_plan(root: Path, stage_id: str | None, formats: tuple[str, ...], progress,
                out_dir: Path | None = None, rendered_dir: Path | None = None, model: Model | None = None) -> list[Path]:
    """Write the plan's DOCX/PDF for a stage into out_dir (default dist/<stage>/), from
    rendered_dir (default build/rendered/); returns the files written. `model`: root's,
    when the caller has loaded it already."""
    model = model or load_model(root)
    stage = model.stage(stage_id)
    try:
        rendered = RenderedStore(rendered_dir or root / RENDERED_DIR).load()
    except RenderedMissing as err:
        raise Failure(str(err)) from None
    work = fresh_dir(root / "build" / "export" / stage.id)
    source = work / "plan.md"
    source.write_text(assemble(rendered, model, stage), encoding="utf-8")
    out_dir = out_dir or root / "dist" / stage.id
    out_dir.mkdir(parents=True, exist_ok=True)
    title = model.document_title(stage.id)
    # Word and PDF are made side by side: each is mostly pandoc or Typst, outside Python's lock.
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = {}
        if "pdf" in formats:
            jobs["pdf"] = pool.submit(export_pdf, source, out_dir / f"{title}.pdf", work, font_roles.font_dirs(root),
                                      source_epoch())
        if "docx" in formats:
            jobs["docx"] = pool.submit(export_docx, source, out_dir / f"{title}.docx", root / REFERENCE_DIR, title)
        written = []
        if "docx" in formats:
            with progress.step(f"生成 Word 文件《{title}》"):
                jobs["docx"].result()
                written.append(out_dir / f"{title}.docx")
        if "pdf" in formats:
            with progress.step(f"生成 PDF 文件《{title}》（Typst 排版）"):
                report = font_roles.substitution_report(jobs["pdf"].result())
                for line in report:
                    print(f"      字体 {line}", file=sys.stderr)
                note = f"《{title}》PDF 使用的字体（所有字体均已嵌入 PDF）：\n" + "\n".join(report) + "\n"
                write_bytes(out_dir / f"{title}.字体.txt", note.encode("utf-8"))
                written.append(out_dir / f"{title}.pdf")
    return written
