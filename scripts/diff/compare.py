"""Two parsed documents → the comparison's chapters (pure: no I/O)."""
from __future__ import annotations

from scripts.diff.align import diff_blocks
from scripts.diff.blocks import Block, Document, Section
from scripts.diff.result import Chapter, Move, Para, item_stats
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


def _title_change(old: Section, new: Section) -> tuple[list, str, list[str]]:
    """(pieces, mark, badges) of a heading found in both versions."""
    badges = []
    if old.title != new.title:
        badges.append("标题已修改")
    if old.level != new.level and old.level and new.level:
        badges.append("层级已调整")
    pieces = [("=", new.title)] if old.title == new.title else diff_text(old.title, new.title)
    return pieces, "=", badges


def move_items(step: Step) -> list:
    """One half of a move: where it was, the old text as is; where it is, the text changed since."""
    if step.kind == "moved_to":
        return _heading(step.new, *_title_change(step.old, step.new)) + diff_blocks(
            step.old.blocks, step.new.blocks, step.new.part)
    s = step.old
    return _heading(s, [("=", s.title)], "=") + diff_blocks(s.blocks, s.blocks, s.part)


def run_items(run: list[Step]) -> list:
    """A section that stayed and the sections inserted or deleted after it, as one
    stream of blocks in which the new and gone headings are blocks too: a heading
    added inside a section is one added heading, the paragraphs after it unchanged."""
    old: list[Block] = []
    new: list[Block] = []
    items: list = []
    for step in run:
        if step.kind == "same":
            items += _heading(step.new, *_title_change(step.old, step.new))
            old += step.old.blocks
            new += step.new.blocks
        elif step.kind == "deleted":
            old += step.old.heading_block() + step.old.blocks
        else:
            new += step.new.heading_block() + step.new.blocks
    part = (run[0].new or run[0].old).part
    return items + diff_blocks(old, new, part)


def _joins(run: list[Step], step: Step) -> bool:
    """Does `step` continue the stream of `run` (same pages, no move, no new chapter)?"""
    if not run or step.kind not in ("inserted", "deleted"):
        return False
    side = "new" if step.kind == "inserted" else "old"
    section = getattr(step, side)
    pages = {getattr(s, side).page for s in run if getattr(s, side) is not None}
    return not section.first and pages == {section.page}


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
    run: list[Step] = []
    for step in align_sections(old.sections, new.sections) + [None]:
        if step is not None and _joins(run, step):
            run.append(step)
            continue
        if run:
            chapters[-1].items += run_items(run)
            run = []
        if step is None:
            break
        section = step.new if OPENS[step.kind] == "new" else step.old
        if section.first or not chapters:
            chapters.append(Chapter(shown_title(section), section.page, ""))
            opened_by.append(step.kind)
        chapter = chapters[-1]
        direction = DIRECTION.get(step.kind)
        if not direction:
            run = [step]
            continue
        items = move_items(step)
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
