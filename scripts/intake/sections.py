"""The four parts the notice asks of unit materials: 现状 / 存在问题和不足 /
目标 / 任务与举措, recognised in the headings however units word them.

Headings are the Markdown headings intake wrote (hand-made ones included)
and, as a fallback, paragraphs that open with a 公文 number and a short lead
(“一、现状。本区……”).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.intake.text import plain_text

# (id, name in the notice, words that mark the part in a heading)
PARTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("status", "现状", ("现状", "基本情况", "总体情况", "发展基础", "工作基础", "成效", "进展", "回顾")),
    ("problems", "存在问题和不足", ("问题", "不足", "短板", "差距", "瓶颈", "薄弱")),
    ("goals", "目标", ("目标", "指标")),
    ("tasks", "任务与举措", ("任务", "举措", "措施", "对策", "重点工作", "工作重点", "路径", "建议")),
)
PART_NAMES = {pid: name for pid, name, _ in PARTS}

_NUMBER = re.compile(r"^\s*(第[一二三四五六七八九十]+[部分章节]、?|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]、?|\d+(\.\d+)*[．.、]?)\s*")
_HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*$")
_LEAD = re.compile(r"^\s*(?:\*\*)?([一二三四五六七八九十]+、[^。：:*，]{1,20})(?=\**[。：:]|\**\s*$)")


@dataclass(frozen=True)
class Section:
    title: str        # heading text, numbering kept
    level: int        # 2 = top level of the submission
    start: int        # line index of the heading
    end: int          # line index after the section (subsections included)
    text: str         # Markdown of the section body

    @property
    def name(self) -> str:
        """The heading without its number: “一、发展现状” → “发展现状”."""
        return _NUMBER.sub("", self.title).strip()


def sections(markdown: str) -> list[Section]:
    lines = markdown.splitlines()
    marks = []
    for n, line in enumerate(lines):
        heading = _HEADING.match(line)
        if heading:
            marks.append((len(heading.group(1)), plain_text(heading.group(2)).strip(), n))
            continue
        lead = _LEAD.match(plain_text(line)) if line[:1] not in ("|", " ", "") else None
        if lead:
            marks.append((2, lead.group(1).strip(), n))
    found = []
    for i, (level, title, start) in enumerate(marks):
        end = next((s for lv, _, s in marks[i + 1:] if lv <= level), len(lines))
        found.append(Section(title, level, start, end, "\n".join(lines[start + 1:end])))
    return found


def part_of(title: str) -> set[str]:
    """The parts a heading names (a heading like “目标与任务” names two)."""
    name = _NUMBER.sub("", title)
    return {pid for pid, _, words in PARTS if any(word in name for word in words)}


def find_parts(markdown: str) -> dict[str, Section | None]:
    """Each part's section: the highest-level, first heading that names it."""
    found: dict[str, Section | None] = {pid: None for pid, _, _ in PARTS}
    for section in sorted(sections(markdown), key=lambda s: (s.level, s.start)):
        for pid in part_of(section.title):
            if found[pid] is None:
                found[pid] = section
    return found
