"""The comparison as a short Chinese Markdown report for a pull-request review.

A reviewer sees it in the CI job summary (GitHub) or beside the merge
request (GitLab): the counts by chapter, the targets that became more or
less ambitious, and the first changes as a redline excerpt, each cut to the
words around the change. The counts come from the JSON summary, so the
report and 版本对照.json never disagree.
"""
from __future__ import annotations

import html
import re

from scripts.diff.result import Comparison, Move, Para, Row
from scripts.diff.summary import summary
from scripts.diff.targets import AMBITION_WORDS

STATUS_WORDS = {"modified": "有修改", "added": "新增", "deleted": "删除", "moved": "移动", "unchanged": "无修改"}
CHANGE_WORDS = {"added": "新增指标", "removed": "删除指标", "changed": "调整"}
FIRST_CHANGES = 10         # changes quoted in the excerpt
CONTEXT = 12               # unchanged characters kept on each side of a change
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def _text(text: str) -> str:
    """Document text as literal Markdown: no markup, no HTML."""
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", " ")


def _trim(text: str, keep_start: bool, keep_end: bool) -> str:
    """Unchanged text cut to CONTEXT characters next to the changes."""
    if keep_start and keep_end:
        return text if len(text) <= 2 * CONTEXT + 1 else text[:CONTEXT] + "……" + text[-CONTEXT:]
    if keep_start:
        return text if len(text) <= CONTEXT else text[:CONTEXT] + "……"
    if keep_end:
        return text if len(text) <= CONTEXT else "……" + text[-CONTEXT:]
    return text


def redline_line(pieces) -> str:
    """(op, text) pieces as one Markdown line: <del>…</del>, <ins>…</ins>."""
    out = []
    last = len(pieces) - 1
    for k, (op, text) in enumerate(pieces):
        if op == "=":
            out.append(_text(_trim(text, keep_start=k > 0, keep_end=k < last)))
        else:
            out.append(f"<{'ins' if op == '+' else 'del'}>{_text(text)}</{'ins' if op == '+' else 'del'}>")
    return "".join(out)


def _changed(item) -> bool:
    if isinstance(item, Row):
        return item.op != "=" or any(op != "=" for cell in item.cells for op, _ in cell)
    return item.mark != "=" or any(op != "=" for op, _ in item.pieces)


def first_changes(comparison: Comparison, limit: int = FIRST_CHANGES) -> list[str]:
    """Markdown list items: where, then the change in its words."""
    lines: list[str] = []
    for chapter in comparison.chapters:
        for item in chapter.items:
            if len(lines) >= limit:
                return lines
            where = _text(chapter.title)
            if isinstance(item, Move):
                lines.append(f"- {where}：{_text(item.note)}")
            elif isinstance(item, Row) and _changed(item):
                cells = [redline_line(cell) for cell in item.cells if cell]
                lines.append(f"- {where}（表格行）：" + " \\| ".join(cells))
            elif isinstance(item, Para) and _changed(item):
                kind = {"heading": "（标题）", "note": "（注释）"}.get(item.kind, "")
                mark = {"+": " ¶（新分段）", "-": " ¶（段落合并）"}.get(item.mark, "") if any(
                    op == "=" for op, _ in item.pieces) else ""
                lines.append(f"- {where}{kind}：{redline_line(item.pieces)}{mark}")
    return lines


def _counts(entry: dict) -> list[str]:
    p, c = entry["paragraphs"], entry["chars"]
    return [str(p["added"]), str(p["deleted"]), str(p["modified"]), str(entry["moved_sections"]),
            f"+{c['added']:,}", f"−{c['deleted']:,}"]


def review_markdown(comparison: Comparison) -> str:
    data = summary(comparison)
    totals = data["totals"]
    lines = [f"## 修改对照：{_text(comparison.a.label)} → {_text(comparison.b.label)}", ""]
    if not any(c["status"] != "unchanged" for c in data["chapters"]) and not data["targets"]:
        return "\n".join(lines + ["正文和指标均无修改。", ""])
    p, c = totals["paragraphs"], totals["chars"]
    lines += [f"合计：新增段落 {p['added']} 个，删除 {p['deleted']} 个，修改 {p['modified']} 个，"
              f"移动 {totals['moved_sections']} 节；增加 {c['added']:,} 字，删除 {c['deleted']:,} 字（不计空格）。", "",
              "### 各章修改", "",
              "| 章节 | 状态 | 新增段 | 删除段 | 修改段 | 移动节 | 增字 | 删字 |",
              "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for chapter in data["chapters"]:
        if chapter["status"] != "unchanged":
            lines.append(f"| {_text(chapter['title'])} | {STATUS_WORDS[chapter['status']]} | "
                         + " | ".join(_counts(chapter)) + " |")
    lines += ["", "### 指标变化", ""]
    if not comparison.targets:
        lines.append("指标无变化。")
    for delta in comparison.targets:
        level = f"（{AMBITION_WORDS[delta.ambition]}）" if delta.ambition else ""
        fields = "；".join(f"{f.label} {f.old} → {f.new}" for f in delta.fields)
        lines.append(f"- {CHANGE_WORDS[delta.change]}：{_text(delta.name)}{level}：{_text(fields)}")
    lines += ["", "### 最先几处修改", ""]
    lines += first_changes(comparison)
    lines += ["", "完整的逐字对照见本次运行上传的“版本对照”文件：网页（.html）和 Word 修订稿（.docx）。", ""]
    return "\n".join(lines)
