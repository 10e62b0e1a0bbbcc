"""The comparison in numbers, as JSON: for the release notes and the 编制说明."""
from __future__ import annotations

import json
from dataclasses import asdict

from scripts.diff.result import Comparison, Stats

FORMAT = 1


def _stats(stats: Stats) -> dict:
    return {"paragraphs": {"added": stats.added, "deleted": stats.deleted, "modified": stats.modified},
            "moved_sections": stats.moved,
            "chars": {"added": stats.chars_added, "deleted": stats.chars_deleted}}


def summary(comparison: Comparison) -> dict:
    return {
        "format": FORMAT,
        "title": comparison.title,
        "a": comparison.a.as_dict(),
        "b": comparison.b.as_dict(),
        "chapters": [{"title": c.title, "source": c.page, "page": c.slug, "status": c.status, **_stats(c.stats)}
                     for c in comparison.chapters],
        "totals": _stats(comparison.totals()),
        "targets": [asdict(d) for d in comparison.targets],
    }


def summary_json(comparison: Comparison) -> bytes:
    return json.dumps(summary(comparison), ensure_ascii=False, indent=2).encode("utf-8")


def notes_section(data: dict, docx_name: str) -> str:
    """A Markdown section for the release notes, from a summary."""
    totals = data["totals"]
    lines = ["## 修改对照", "",
             f"逐字对照见《{docx_name}》（Word 修订模式）和网站“版本对照”栏目。", "",
             f"- 合计：新增段落 {totals['paragraphs']['added']} 个，删除 {totals['paragraphs']['deleted']} 个，"
             f"修改 {totals['paragraphs']['modified']} 个，移动 {totals['moved_sections']} 节；"
             f"增加 {totals['chars']['added']:,} 字，删除 {totals['chars']['deleted']:,} 字。"]
    for chapter in data["chapters"]:
        if chapter["status"] == "unchanged":
            continue
        p, c = chapter["paragraphs"], chapter["chars"]
        moved = f"，移入 {chapter['moved_sections']} 节" if chapter["moved_sections"] else ""
        lines.append(f"- {chapter['title']}：新增 {p['added']}、删除 {p['deleted']}、修改 {p['modified']} 段{moved}，"
                     f"+{c['added']:,} / −{c['deleted']:,} 字")
    return "\n".join(lines) + "\n"
