"""Release notes in Chinese: what changed since the previous stage, in numbers.

Paragraph-level counts are the comparison engine's (scripts/diff/summary.py),
appended by release as the 修改对照 section; this module adds the head,
the total length and the target changes.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from scripts import git
from scripts.model import Model, Stage
from scripts.structure import outline_from_nav, parse_mkdocs_config
from scripts.yamlio import load_yaml

_MACRO = re.compile(r"\{\{.*?\}\}|\{#[^}]*\}")


def _paragraphs(root: Path, ref: str) -> list[str]:
    """The plan's paragraphs (headings included) at a ref, in outline order."""
    config = git.file_at(root, ref, "mkdocs.yml") or ""
    nav = parse_mkdocs_config(config)
    out = []
    for src in outline_from_nav(nav.get("nav")).pages:
        text = git.file_at(root, ref, f"docs/{src}") or ""
        out += [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return out


def _targets(root: Path, ref: str) -> dict:
    text = git.file_at(root, ref, "data/targets.yml") or "{}"
    data = load_yaml(Path(f"{ref}:data/targets.yml"), text) or {}
    return {t["id"]: t for t in data.get("targets", []) if isinstance(t, dict)}


def _chars(paragraphs: list[str]) -> int:
    return sum(len(_MACRO.sub("", p)) for p in paragraphs)


def _goal(target: dict, year: int) -> str:
    goal = target.get(f"target_{year}") or {}
    return f"{goal.get('comparator', '')}{goal.get('value', '')}"


def target_changes(old: dict, new: dict) -> list[str]:
    lines = [f"- 新增指标：{new[i]['name']}（2025年{_goal(new[i], 2025)}，2035年{_goal(new[i], 2035)}）"
             for i in new if i not in old]
    lines += [f"- 删除指标：{old[i]['name']}" for i in old if i not in new]
    for i in new:
        if i in old:
            for year in (2025, 2035):
                before, after = _goal(old[i], year), _goal(new[i], year)
                if before != after:
                    lines.append(f"- 调整指标：{new[i]['name']} {year}年目标 {before} → {after}")
            if old[i].get("status") != new[i].get("status"):
                lines.append(f"- 指标状态：{new[i]['name']} {old[i].get('status')} → {new[i].get('status')}")
    return lines


def release_notes(root: Path, model: Model, stage: Stage, tag: str, previous: str | None, date: dt.date) -> str:
    now = _paragraphs(root, tag)
    title = model.document_title(stage.id)
    head = [f"# 《{title}》发布说明", "", f"- 阶段：{stage.name}", f"- 日期：{date:%Y年%m月%d日}",
            f"- 标签：{tag}（提交 {git.tag_commit(root, tag)}）", ""]   # whole: a short hash of digits reads as a telephone number
    if previous is None:
        return "\n".join(head + [
            "本阶段为首次发布。", "",
            f"- 正文与附件共 {len(now)} 个段落（含标题），约 {_chars(now):,} 字；",
            f"- 主要指标 {len(_targets(root, tag))} 项。", ""])
    before = _paragraphs(root, previous)
    changes = target_changes(_targets(root, previous), _targets(root, tag))
    # paragraph counts come from the comparison engine, in the 修改对照 section release appends
    body = [f"与上一阶段（{previous}）相比：", "",
            f"- 字数：约 {_chars(before):,} 字 → 约 {_chars(now):,} 字（{_chars(now) - _chars(before):+,} 字）；",
            f"- 指标：{len(changes)} 处变化。" if changes else "- 指标：无变化。", ""]
    return "\n".join(head + body + changes + [""])
