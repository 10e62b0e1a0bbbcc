"""Checks on the trusted pages: outline, macro references, hand-typed numbers."""
from __future__ import annotations

import re
from pathlib import Path

from scripts.model import Finding, Model
from scripts.numbering import HAND_NUMBER
from scripts.structure import ANNEX_DIR, BODY_DIR, Outline

_TARGET_CALL = re.compile(r"\btarget\(\s*['\"]([^'\"]+)['\"]")
_IDS_ARG = re.compile(r"\bids\s*=\s*\[([^\]]*)\]")
_CHAPTER_ARG = re.compile(r"\btarget_table\([^)]*\bchapter\s*=\s*['\"]([^'\"]+)['\"]")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")


def check_pages(root: Path, model: Model, outline: Outline) -> list[Finding]:
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
    chapters = {t.chapter for t in model.targets.values()}
    for src in outline.pages:
        path = docs / src
        if path.exists():
            findings += _check_page(f"docs/{src}", path.read_text(encoding="utf-8"), model, chapters)
    return findings


def _check_page(name: str, text: str, model: Model, chapters: set[str]) -> list[Finding]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        used = _TARGET_CALL.findall(line)
        for ids in _IDS_ARG.findall(line):
            used += re.findall(r"['\"]([^'\"]+)['\"]", ids)
        for target_id in used:
            if target_id not in model.targets:
                out.append(Finding(name, number, "target", f"引用了不存在的指标“{target_id}”",
                                   "请核对拼写，或先在 data/targets.yml 中添加该指标"))
        for chapter in _CHAPTER_ARG.findall(line):
            if chapter not in chapters:
                out.append(Finding(name, number, "target_table", f"没有指标的 chapter 为“{chapter}”",
                                   "请核对 chapter 参数与 data/targets.yml 中的 chapter 字段"))
        heading = _HEADING.match(line)
        if heading and HAND_NUMBER.match(heading.group(1).strip()):
            out.append(Finding(name, number, "标题", f"标题“{heading.group(1).strip()}”带有手写序号",
                               "请删去序号：一、（一）1.（1）由系统按标题级别自动生成"))
    return out
