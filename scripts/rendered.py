"""build/rendered/: the Markdown of every outline page after macros and numbering.

The site build writes it; the formal export reads it. This hand-over is
what makes the site and the documents one render path.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from scripts.atomic import fresh_dir, replace_dir
from scripts.structure import Outline

INDEX = "index.json"
RENDERED_DIR = "build/rendered"
RENDERED_ENV = "PLAN_RENDERED_DIR"  # set by `plan build` to stage the output beside the site


SOURCES = ("mkdocs.yml", "data", "docs", "macros")   # what the rendered Markdown is made from


def rendered_is_fresh(root: Path) -> bool:
    """build/rendered/ is newer than every source file and every line of render code."""
    index = root / RENDERED_DIR / INDEX
    if not index.exists():
        return False
    built = index.stat().st_mtime
    code = Path(__file__).resolve().parent
    candidates = [root / name for name in SOURCES]
    for path in candidates:
        if path.is_file() and path.stat().st_mtime > built:
            return False
        if path.is_dir():
            for child in path.rglob("*"):
                if child.is_file() and child.relative_to(root).parts[:2] != ("docs", "compare") \
                        and child.stat().st_mtime > built:
                    return False
    return all(child.stat().st_mtime <= built for child in code.rglob("*.py"))


class RenderedMissing(Exception):
    pass


class BuildScope:
    """Set by the MkDocs hooks at start-up (macros/hooks.py on_startup).

    `mkdocs serve --dirty` rebuilds only the pages that changed: such a build
    must not write what describes the whole plan (build/rendered/, the
    paragraph anchors), which would then hold one page. They stay as the last
    full build left them, and plan diff / plan export see them as stale."""
    partial: bool = False


@dataclass(frozen=True)
class RenderedPlan:
    stage: str
    body: list[str]      # Markdown of each body chapter, in order
    annexes: list[str]   # Markdown of each annex, in order


class RenderedStore:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.pages: dict[str, str] = {}

    def add(self, src_path: str, markdown: str) -> None:
        self.pages[src_path] = markdown

    def save(self, outline: Outline, stage: str) -> None:
        """Replace the directory as a whole, so a reader never sees half of it."""
        partial = fresh_dir(self.directory.with_name(self.directory.name + ".partial"))
        for src, markdown in self.pages.items():
            target = partial / src
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markdown, encoding="utf-8")
        index = {"stage": stage, "body": list(outline.body), "annexes": list(outline.annexes)}
        (partial / INDEX).write_text(json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8")
        replace_dir(partial, self.directory)
        self.pages = {}

    def load(self) -> RenderedPlan:
        index_path = self.directory / INDEX
        if not index_path.exists():
            raise RenderedMissing(f"{index_path} 不存在：请先运行 plan build 生成网站")
        index = json.loads(index_path.read_text(encoding="utf-8"))
        read = lambda src: (self.directory / src).read_text(encoding="utf-8")
        return RenderedPlan(index["stage"], [read(s) for s in index["body"]], [read(s) for s in index["annexes"]])
