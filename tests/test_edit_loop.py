"""The drafter's edit loop: `mkdocs serve --dirty` rebuilds only the saved page,
and such a partial rebuild never overwrites what describes the whole plan."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_project

pytestmark = pytest.mark.slow

ADDED = "编辑预览新增的一句话。"


def _mkdocs(repo: Path, *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", *args], cwd=repo,
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr


def test_a_dirty_rebuild_shows_the_saved_page_and_keeps_the_whole_plans_outputs(tmp_path):
    repo = copy_project(tmp_path / "plan")
    site = tmp_path / "preview"                                # where mkdocs serve would put it
    _mkdocs(repo, "--site-dir", str(site))
    rendered = repo / "build" / "rendered"
    before = {p.relative_to(rendered).as_posix(): p.read_bytes() for p in rendered.rglob("*") if p.is_file()}
    anchors = json.loads(before["anchors.json"])
    assert len(before) == 15 and len(anchors) > 100          # index, anchors and the 13 outline pages
    chapter = repo / "docs" / "plan" / "culture.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{ADDED}\n", encoding="utf-8")
    _mkdocs(repo, "--site-dir", str(site), "--dirty", "--no-strict")
    assert ADDED in (site / "plan" / "culture" / "index.html").read_text(encoding="utf-8")
    after = {p.relative_to(rendered).as_posix(): p.read_bytes() for p in rendered.rglob("*") if p.is_file()}
    assert after == before
