"""Two parsed documents → the comparison's chapters (pure: no I/O)."""
from __future__ import annotations

from scripts.diff.align import diff_blocks
from scripts.diff.blocks import Block, Document, Section
from scripts.diff.result import Chapter, Move, Para, Row, item_stats
from scripts.diff.sections import Step, align_sections
from scripts.diff.textdiff import diff_text

OPENS = {"same": "new", "inserted": "new", "moved_to": "new", "deleted": "old", "moved_from": "old"}
STATUS = {"inserted": "added", "deleted": "deleted", "moved_to": "moved", "moved_from": "moved"}
DIRECTION = {"moved_from": "from", "moved_to": "to"}


def _heading(section: Section, pieces, mark: str, badges=()) -> list[Para]:
    if not section.level:
        return []
    return [Para("heading", [p for p in pieces if p[1]], mark, section.level, part=section.part,
                 number=section.number, badges=tuple(badges))]


def _whole(block: Block, op: str, part: str):
    if block.kind == "row":
        return Row([[(op, c)] if c else [] for c in block.cells], op, block.header)
    return Para(block.kind, [(op, block.text)], op, block.level, block.ordered, part)


def _changed_section(old: Section, new: Section) -> list:
    badges = []
    if old.title != new.title:
        badges.append("标题已修改")
    if old.level != new.level and old.level and new.level:
        badges.append("层级已调整")
    pieces = [("=", new.title)] if old.title == new.title else diff_text(old.title, new.title)
    return _heading(new, pieces, "=", badges) + diff_blocks(old.blocks, new.blocks, new.part)


def section_items(step: Step) -> list:
    if step.kind in ("same", "moved_to"):
        return _changed_section(step.old, step.new)
    if step.kind == "inserted":
        s = step.new
        return _heading(s, [("+", s.title)], "+") + [_whole(b, "+", s.part) for b in s.blocks]
    s = step.old
    op = "-" if step.kind == "deleted" else "="
    return _heading(s, [(op, s.title)], op) + [_whole(b, op, s.part) for b in s.blocks]


def shown_title(section: Section) -> str:
    """A heading as the reader sees it: 七、建设…, （二）…, 附件1 主要指标表."""
    if not section.level:
        return section.page
    gap = " " if section.number.startswith("附件") else ""
    return f"{section.number}{gap}{section.title}"


def _chapter_titles(document: Document) -> dict[str, str]:
    return {s.page: shown_title(s) for s in document.sections if s.first}


def _place(section: Section, chapter_titles: dict[str, str]) -> str:
    """Where a section is, for a reader: 四、… › （二）…"""
    chapter = chapter_titles.get(section.page, section.page)
    return chapter if section.first or not section.level else f"{chapter} › {shown_title(section)}"


def compare_documents(old: Document, new: Document) -> list[Chapter]:
    titles = {"old": _chapter_titles(old), "new": _chapter_titles(new)}
    chapters: list[Chapter] = []
    opened_by: list[str] = []
    moves: dict[tuple[int, str], tuple[Chapter, Move]] = {}
    for step in align_sections(old.sections, new.sections):
        section = step.new if OPENS[step.kind] == "new" else step.old
        if section.first or not chapters:
            chapters.append(Chapter(shown_title(section), section.page, ""))
            opened_by.append(step.kind)
        chapter = chapters[-1]
        items = section_items(step)
        direction = DIRECTION.get(step.kind)
        if not direction:
            chapter.items += items
            continue
        last = chapter.items[-1] if chapter.items else None
        if isinstance(last, Move) and last.direction == direction and last.members[-1] == step.move - 1:
            last.items += items
            last.members.append(step.move)
        else:
            if direction == "from":
                note = f"以下内容已移至：{_place(step.new, titles['new'])}"
            else:
                note = f"以下内容移自原位置：{_place(step.old, titles['old'])}"
            last = Move(direction, items, note, step.move, [step.move])
            chapter.items.append(last)
        moves[step.move, direction] = (chapter, last)
    for n, (chapter, kind) in enumerate(zip(chapters, opened_by), 1):
        chapter.slug = f"{n:02d}-" + chapter.page.removesuffix(".md").replace("/", "-")
        chapter.stats = item_stats(chapter.items)
        chapter.status = STATUS.get(kind) or ("modified" if chapter.stats.changed else "unchanged")
    for (ref, direction), (_, move) in moves.items():
        if ref == move.ref:
            other = moves.get((ref, "to" if direction == "from" else "from"))
            if other:
                move.link, move.link_ref = other[0].slug, other[1].ref
    return chapters
