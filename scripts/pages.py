"""Checks on the trusted pages: outline, macro references, hand-typed numbers."""
from __future__ import annotations

import re
from pathlib import Path

from scripts.errors import did_you_mean
from scripts.model import TARGET_YEARS, Finding
from scripts.numbering import HAND_NUMBER
from scripts.structure import ANNEX_DIR, BODY_DIR, Outline

_TARGET_CALL = re.compile(r"\btarget\(\s*['\"]([^'\"]+)['\"]")
_TARGET_YEAR = re.compile(r"\btarget\(\s*['\"][^'\"]+['\"]\s*,\s*([^)\s]+)\s*\)")
_IDS_ARG = re.compile(r"\bids\s*=\s*\[([^\]]*)\]")
_CHAPTER_ARG = re.compile(r"\btarget_table\([^)]*\bchapter\s*=\s*['\"]([^'\"]+)['\"]")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_TYPED_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*[%‰]")
YEARS = tuple(str(y) for y in TARGET_YEARS) + ("'baseline'", '"baseline"')


def chapter_ids(outline: Outline) -> list[str]:
    """What a target's `chapter` may name: the body chapters' file names, e.g. enterprise."""
    return [Path(src).stem for src in outline.body]


def check_target_chapters(targets: dict[str, tuple[str, int]], outline: Outline) -> list[Finding]:
    """targets = {id: (chapter, line of chapter)}; an unknown chapter hides the target from every table."""
    known = chapter_ids(outline)
    return [Finding("data/targets.yml", line, f"{target_id}.chapter",
                    f"章节“{chapter}”不是正文中的章节{did_you_mean(chapter, known)}，该指标不会出现在任何一章的指标表中",
                    f"请改为 {'、'.join(known)} 之一")
            for target_id, (chapter, line) in targets.items() if chapter and chapter not in known]


def check_pages(root: Path, target_chapters: dict[str, str], outline: Outline) -> list[Finding]:
    """target_chapters = {target id: chapter}: what the pages may refer to."""
    docs = root / "docs"
    findings: list[Finding] = []
    for src in outline.pages:
        if not (docs / src).exists():
            findings.append(Finding("mkdocs.yml", 0, "nav", f"目录中列出的 {src} 不存在",
                                    "请创建该文件，或从 mkdocs.yml 的 nav 中删去"))
    for folder in (BODY_DIR, ANNEX_DIR):
        for path in sorted((docs / folder).glob("*.md")):
            src = path.relative_to(docs).as_posix()
            if src not in outline.pages:
                findings.append(Finding(f"docs/{src}", 1, "nav", "该章节不在 mkdocs.yml 的 nav 中，网站和正式文件都不会包含它",
                                        "请在 nav 的“正文”或“附件”下加入该文件"))
    for src in outline.pages:
        path = docs / src
        if path.exists():
            findings += _check_page(f"docs/{src}", path.read_text(encoding="utf-8"), target_chapters,
                                    body=src.startswith(BODY_DIR))
    return findings


def _check_page(name: str, text: str, target_chapters: dict[str, str], body: bool) -> list[Finding]:
    out = []
    chapters = set(target_chapters.values())
    for number, line in enumerate(text.splitlines(), 1):
        used = _TARGET_CALL.findall(line)
        for ids in _IDS_ARG.findall(line):
            used += re.findall(r"['\"]([^'\"]+)['\"]", ids)
        for target_id in used:
            if target_id not in target_chapters:
                out.append(Finding(name, number, "target",
                                   f"引用了不存在的指标“{target_id}”{did_you_mean(target_id, target_chapters)}",
                                   "请核对拼写，或先在 data/targets.yml 中添加该指标"))
        for year in _TARGET_YEAR.findall(line):
            if year not in YEARS:
                out.append(Finding(name, number, "target", f"年份 {year} 无效：指标只有 2025、2035 年目标和基期值",
                                   "请写 2025、2035 或 'baseline'"))
        for chapter in _CHAPTER_ARG.findall(line):
            if chapter not in chapters:
                out.append(Finding(name, number, "target_table",
                                   f"没有指标的 chapter 为“{chapter}”{did_you_mean(chapter, chapters)}",
                                   "请核对 chapter 参数与 data/targets.yml 中的 chapter 字段"))
        heading = _HEADING.match(line)
        if heading and HAND_NUMBER.match(heading.group(1).strip()):
            out.append(Finding(name, number, "标题", f"标题“{heading.group(1).strip()}”带有手写序号",
                               "请删去序号：一、（一）1.（1）由系统按标题级别自动生成"))
        typed = _TYPED_FIGURE.findall(_MACRO.sub("", line)) if body else []
        for figure in typed:
            out.append(Finding(name, number, "数值", f"正文直接写了数值“{figure}”，与 data/targets.yml 可能不一致",
                               "请在 data/targets.yml 中登记该指标，正文用 {{ target('指标标识', 2025) }} 引用"))
    return out
