"""Run a comparison and write its outputs: DOCX, JSON, one offline HTML file, site pages."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from scripts.atomic import fresh_dir, replace_dir, write_bytes
from scripts.diff.blocks import parse_document
from scripts.diff.compare import compare_documents
from scripts.diff.result import Comparison
from scripts.diff.sources import Version
from scripts.diff.summary import summary_json
from scripts.diff.targets import target_deltas
from scripts.diff.web import site_pages, standalone_html
from scripts.diff.word import docx_bytes
from scripts.export.docx import REFERENCE_DIR, cached_reference_docx

COMPARE_DIR = "compare"            # under docs/ for the site, under dist/ for plan diff
ASSETS = ("assets/compare.css", "assets/compare.js")
PROJECT_DOCS = Path(__file__).resolve().parents[2] / "docs"


@dataclass(frozen=True)
class FileNames:
    docx: str = "版本对照.docx"
    json: str = "版本对照.json"
    html: str = "版本对照.html"


def compare_versions(a: Version, b: Version, title: str) -> Comparison:
    chapters = compare_documents(parse_document(a.pages), parse_document(b.pages))
    return Comparison(title, a.side, b.side, chapters, target_deltas(a.targets, b.targets))


def asset_text(docs: Path, name: str) -> str:
    """docs/assets/compare.* of the project (the installed one if this tree predates them)."""
    for folder in (docs, PROJECT_DOCS):
        path = folder / name
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(f"找不到 docs/{name}")


def write_files(comparison: Comparison, out_dir: Path, root: Path, names: FileNames = FileNames()) -> list[Path]:
    """The DOCX, JSON and offline HTML, each written atomically; the DOCX on the
    project's cached reference document (generated on first use)."""
    css, js = (asset_text(root / "docs", name) for name in ASSETS)
    reference = cached_reference_docx(root / REFERENCE_DIR)
    outputs = {names.docx: docx_bytes(comparison, reference), names.json: summary_json(comparison),
               names.html: standalone_html(comparison, css, js).encode("utf-8")}
    written = []
    for name, data in outputs.items():
        write_bytes(out_dir / name, data)
        written.append(out_dir / name)
    return written


def write_site_pages(comparison: Comparison, docs: Path) -> Path:
    """docs/compare/<A>..<B>/, replaced as a whole; the style sheet and script are
    copied into docs/assets/ when the tree being built predates them."""
    target = docs / COMPARE_DIR / comparison.slug
    partial = fresh_dir(target.with_name(f".{target.name}.partial"))
    try:
        for name, text in site_pages(comparison).items():
            (partial / name).write_text(text, encoding="utf-8")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    replace_dir(partial, target)
    for name in ASSETS:
        if not (docs / name).exists():
            write_bytes(docs / name, asset_text(docs, name).encode("utf-8"))
    return target
