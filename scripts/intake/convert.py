"""A submitted file → Markdown for docs/reports/, through pandoc and intake.lua.

One pandoc run (defaults intake-docx or intake-md) does the conversion, the
structure (hand-made headings, title, table cells) and the trust rules (see
the filter). This module stages the input, rewrites the extracted images'
paths for the page, and applies the last guard of scripts.intake.text.
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from scripts.export.pandoc_runner import run_pandoc
from scripts.intake.files import RESUBMIT, Submitted, markdown_text
from scripts.intake.media import screen
from scripts.intake.text import neutralise
from scripts.intake.textboxes import lift_text_boxes

# an image or link of the Markdown pandoc wrote; its text has no bare brackets (intake.lua)
_REFERENCE = re.compile(r"(!?)\[([^\[\]]*)\]\(([^()\s]*)(?:\s[^()]*)?\)")
_WEB = re.compile(r"^(?:https?:|mailto:)", re.I)


@dataclass
class Converted:
    markdown: str                 # body only; headings start at level 2
    title: str                    # the document's own title ('' if none)
    stats: dict                   # what intake.lua did (see the filter)
    media: list[Path] = field(default_factory=list)   # extracted files, under media_root
    media_root: Path | None = None
    media_notes: list[str] = field(default_factory=list)   # pictures converted or refused, by part


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
        # set on the command line, so the submission's own front matter cannot claim Word media
        run_pandoc("intake-md", source, output, "--metadata", f"intake-report={report}",
                   "--metadata", "intake-media=none",
                   shown_as=sub.name, fix=f"请检查 {sub.name} 中上述位置的 Markdown。未写入任何文件")
    stats = json.loads(report.read_text(encoding="utf-8"))
    stats["text_boxes"], stats["text_boxes_left"] = text_boxes, boxes_left
    markdown = output.read_text(encoding="utf-8")
    media, notes, allowed = [], [], set()
    if media_root is not None and media_root.is_dir():
        markdown = markdown.replace(f"]({media_root}/", f"]({media_url}/")
        screened = screen(sorted(p for p in media_root.rglob("*") if p.is_file()), media_root)
        for old, new in screened.renamed.items():
            markdown = markdown.replace(f"]({media_url}/{old})", f"]({media_url}/{new})")
        media, notes = sorted(screened.kept), screened.notes
        allowed = {f"{media_url}/{p.relative_to(media_root).as_posix()}" for p in media}
    markdown = confine_references(markdown, allowed)
    return Converted(neutralise(markdown).strip() + "\n", stats.pop("title", "") or "", stats, media, media_root, notes)


def confine_references(markdown: str, images: set[str]) -> str:
    """Images only from the submission's own kept media, links only to the web: a
    submission can point at nothing else on the site, whatever it claims."""
    def check(match: re.Match) -> str:
        bang, text, target = match.groups()
        if bang:
            return match.group(0) if target in images else f"〔图片未采用{('：' + text) if text else ''}〕"
        return match.group(0) if _WEB.match(target) else text
    return _REFERENCE.sub(check, markdown)


def discard(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
