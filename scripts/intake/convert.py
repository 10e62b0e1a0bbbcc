"""A submitted file → Markdown for docs/reports/, through pandoc and intake.lua.

One pandoc run (defaults intake-docx or intake-md) does the conversion, the
structure (hand-made headings, title, table cells) and the trust rules (see
the filter). This module stages the input, rewrites the extracted images'
paths for the page, and applies the last guard of scripts.intake.text.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from scripts.export.pandoc_runner import run_pandoc
from scripts.intake.files import RESUBMIT, Submitted, markdown_text
from scripts.intake.text import neutralise
from scripts.intake.textboxes import lift_text_boxes

WEB_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp")


@dataclass
class Converted:
    markdown: str                 # body only; headings start at level 2
    title: str                    # the document's own title ('' if none)
    stats: dict                   # what intake.lua did (see the filter)
    media: list[Path] = field(default_factory=list)   # extracted files, under media_root
    media_root: Path | None = None


def convert(sub: Submitted, work: Path, media_url: str) -> Converted:
    """Convert `sub` in the empty folder `work`. Extracted images are kept in
    work/files/ and referenced as `media_url`/… from the page."""
    work.mkdir(parents=True, exist_ok=True)
    report = work / "intake-report.json"
    output = work / "body.md"
    if sub.format == "docx":
        source = work / "source.docx"
        data, text_boxes, boxes_left = lift_text_boxes(sub.data)
        source.write_bytes(data)
        media_root = work / "files"
        run_pandoc("intake-docx", source, output, "--extract-media", str(media_root),
                   "--metadata", f"intake-report={report}", "--metadata", "intake-media=docx",
                   shown_as=sub.name, fix=f"{sub.name} 的 Word 结构已损坏，无法读取。{RESUBMIT}。未写入任何文件")
    else:
        source = work / "source.md"
        source.write_text(markdown_text(sub), encoding="utf-8")
        media_root, text_boxes, boxes_left = None, 0, 0
        run_pandoc("intake-md", source, output, "--metadata", f"intake-report={report}",
                   shown_as=sub.name, fix=f"请检查 {sub.name} 中上述位置的 Markdown。未写入任何文件")
    stats = json.loads(report.read_text(encoding="utf-8"))
    stats["text_boxes"], stats["text_boxes_left"] = text_boxes, boxes_left
    markdown = output.read_text(encoding="utf-8")
    media = []
    if media_root is not None and media_root.is_dir():
        markdown = markdown.replace(f"]({media_root}/", f"]({media_url}/")
        media = sorted(p for p in media_root.rglob("*") if p.is_file())
    return Converted(neutralise(markdown).strip() + "\n", stats.pop("title", "") or "", stats, media, media_root)


def unusual_images(converted: Converted) -> list[str]:
    """Extracted images a browser cannot show (EMF/WMF drawings, TIFF)."""
    return sorted({p.suffix.lower() for p in converted.media if p.suffix.lower() not in WEB_IMAGES})


def discard(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
