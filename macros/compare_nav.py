"""MkDocs hook: a 版本对照 section in the nav for the comparison pages in docs/compare/.

plan diff --site and plan release write each comparison to
docs/compare/<A>..<B>/ with a .nav.json listing its pages; those folders
are generated, never committed, so the section appears only when they exist
and `mkdocs build --strict` never meets a page missing from the nav.
"""
from __future__ import annotations

import json
from pathlib import Path

SECTION = "版本对照"
NAV_FILE = ".nav.json"


def compare_nav(docs_dir: Path) -> dict | None:
    comparisons = []
    for nav_file in (Path(docs_dir) / "compare").glob(f"*/{NAV_FILE}"):
        data = json.loads(nav_file.read_text(encoding="utf-8"))
        base = f"compare/{nav_file.parent.name}"
        pages = [f"{base}/{path}" if path == "index.md" else {title: f"{base}/{path}"}
                 for title, path in data["pages"]]
        comparisons.append((data.get("date", ""), data["title"], pages))
    if not comparisons:
        return None
    comparisons.sort(key=lambda c: c[0], reverse=True)    # the newest comparison first
    return {SECTION: [{title: pages} for _, title, pages in comparisons]}


def on_config(config):
    nav = config.get("nav")
    section = compare_nav(Path(config["docs_dir"]))
    if section and isinstance(nav, list) and not any(isinstance(i, dict) and SECTION in i for i in nav):
        nav.append(section)
    return config
