"""The style gate over the chapter text: findings with file:line, and the safe fixes."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scripts.atomic import write_bytes
from scripts.model import DataError, Finding
from scripts.style.glossary import Term, load_glossary, term_hits
from scripts.style.prose import prose_lines
from scripts.style.rules import Hit, line_hits

MAX_PASSES = 3          # a fix can reveal another (a comma made full-width before a 。)
CONTEXT = 8             # characters quoted on each side of a finding


@dataclass
class StyleReport:
    findings: list[Finding] = field(default_factory=list)
    fixed: int = 0                       # safe fixes applied
    files_fixed: list[str] = field(default_factory=list)


def _hits(prose: str, terms: list[Term]) -> list[Hit]:
    return sorted(line_hits(prose) + term_hits(prose, terms), key=lambda h: (h.start, h.end))


def _apply(line: str, hits: list[Hit]) -> tuple[str, int]:
    """The line with its safe, non-overlapping fixes applied (right to left)."""
    chosen, end = [], -1
    for hit in hits:
        if hit.safe and hit.start >= end:
            chosen.append(hit)
            end = max(hit.end, hit.start + 1)
    for hit in reversed(chosen):
        line = line[: hit.start] + hit.replacement + line[hit.end:]
    return line, len(chosen)


def fix_text(text: str, terms: list[Term]) -> tuple[str, int]:
    """The text with every safe fix applied, and how many."""
    total = 0
    for _ in range(MAX_PASSES):
        lines = text.split("\n")
        changed = 0
        for k, (line, prose) in enumerate(zip(lines, prose_lines(text))):
            ending = "\r" if line.endswith("\r") else ""
            fixed, count = _apply(line.removesuffix("\r"), _hits(prose, terms))
            lines[k], changed = fixed + ending, changed + count
        text, total = "\n".join(lines), total + changed
        if not changed:
            break
    return text, total


def _finding(name: str, number: int, line: str, hit: Hit) -> Finding:
    before = line[max(0, hit.start - CONTEXT): hit.start]
    after = line[hit.end: hit.end + CONTEXT]
    where = f"“{before}【{line[hit.start:hit.end]}】{after}”"
    advice = hit.advice + ("（plan check --fix 可自动修改）" if hit.safe else "")
    return Finding(name, number, hit.rule, f"{where}：{hit.message}", advice)


def text_findings(name: str, text: str, terms: list[Term]) -> list[Finding]:
    findings = []
    for number, (line, prose) in enumerate(zip(text.split("\n"), prose_lines(text)), 1):
        for hit in _hits(prose, terms):
            findings.append(_finding(name, number, line.removesuffix("\r"), hit))
    return findings


def check_style(root: Path, pages: list[str], fix: bool = False) -> StyleReport:
    """Check (and with `fix`, first correct) the chapter files `pages` under docs/."""
    terms = load_glossary(root)
    report = StyleReport()
    for src in pages:
        path = root / "docs" / src
        if not path.exists():
            continue
        name = f"docs/{src}"
        text = path.read_text(encoding="utf-8")
        if fix:
            fixed, count = fix_text(text, terms)
            if count and fixed != text:
                write_bytes(path, fixed.encode("utf-8"))
                text = fixed
                report.fixed += count
                report.files_fixed.append(name)
        report.findings += text_findings(name, text, terms)
    return report


def style_findings(root: Path, pages: list[str], fix: bool = False) -> list[Finding]:
    """What plan check reports: the glossary's own errors, or the chapters' findings after any fixes."""
    try:
        report = check_style(root, pages, fix)
    except DataError as err:
        return err.findings
    if report.fixed:
        print(f"已自动修改 {report.fixed} 处（{'、'.join(report.files_fixed)}），请用 git diff 查看后提交。")
    return report.findings
