"""What plan release does with comparisons: every stage is compared with the one before.

- stage_comparison: the DOCX, JSON and offline HTML into dist/<stage>/;
- add_comparison_pages: the 版本对照 pages into the tag's worktree before mike
  builds the versioned site (they are generated, never committed);
- comparison_notes: the per-chapter counts for the release notes.
"""
from __future__ import annotations

import json
from pathlib import Path

from scripts.diff.outputs import FileNames, compare_versions, write_files, write_site_pages
from scripts.diff.sources import load_version, remember_rendered
from scripts.diff.summary import notes_section
from scripts.model import load_model

PREFIX = "版本对照"

__all__ = ["stage_comparison", "add_comparison_pages", "comparison_notes", "is_comparison_file",
           "remember_rendered"]


def file_names(previous_name: str, stage_name: str) -> FileNames:
    middle = f"（{previous_name}→{stage_name}）"
    return FileNames(docx=f"{PREFIX}{middle}.docx", json=f"{PREFIX}.json", html=f"{PREFIX}{middle}.html")


def is_comparison_file(name: str) -> bool:
    """Comparison files are derived from two tags: verify checks their hashes, not a rebuild."""
    return name.startswith(PREFIX)


def _comparison(root: Path, model, previous_tag: str, tag: str):
    names = {s.id: s.name for s in model.stages}
    a, b = load_version(root, previous_tag, names), load_version(root, tag, names)
    return compare_versions(a, b, model.plan.title)


def stage_comparison(root: Path, model, plan, out_dir: Path, progress) -> list[Path]:
    """The comparison with the previous stage's tag, into out_dir (nothing for the first stage)."""
    if not plan.previous_tag:
        return []
    progress.total += 1
    with progress.step(f"与上一阶段（{plan.previous_tag}）对照：修订模式 Word、网页与统计"):
        comparison = _comparison(root, model, plan.previous_tag, plan.tag)
        names = file_names(comparison.a.stage_name or plan.previous_tag, plan.stage.name)
        return write_files(comparison, out_dir, root, names)


def comparison_notes(out_dir: Path) -> str:
    summary = out_dir / f"{PREFIX}.json"
    if not summary.exists():
        return ""
    docx = next((p.name for p in out_dir.glob(f"{PREFIX}*.docx")), f"{PREFIX}.docx")
    return "\n" + notes_section(json.loads(summary.read_text(encoding="utf-8")), docx)


def add_comparison_pages(root: Path, plan, tree: Path) -> None:
    """The 版本对照 section of the stage's versioned site, written into the tag's worktree."""
    if plan.previous_tag:
        write_site_pages(_comparison(root, load_model(tree), plan.previous_tag, plan.tag), tree / "docs")
