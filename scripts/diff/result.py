"""What a comparison is: chapters of paragraphs, table rows and moves, with
pieces marked kept ("="), inserted ("+") or deleted ("-").

A paragraph's mark (its end) is tracked too, the way Word tracks it: a
paragraph whose mark is deleted joins the next one when changes are
accepted (two paragraphs merged); one whose mark is inserted joins the next
when changes are rejected (a paragraph split). side_items() applies exactly
these rules, so it is what every output must agree with.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Piece = tuple[str, str]   # (op, text)


@dataclass
class Para:
    kind: str                      # "heading" | "para" | "item" | "note"
    pieces: list[Piece]
    mark: str = "="
    level: int = 0                 # heading level, or list depth
    ordered: bool = False
    part: str = "body"
    number: str = ""               # generated heading label, shown but never compared
    badges: tuple[str, ...] = ()   # notes for the reader: 标题已修改 …

    def text(self, side: str) -> str:
        return "".join(t for op, t in self.pieces if op == "=" or op == _KEPT[side])


@dataclass
class Row:
    cells: list[list[Piece]]
    op: str = "="                  # the whole row kept, inserted or deleted
    header: bool = False

    def texts(self, side: str) -> list[str]:
        return ["".join(t for op, t in cell if op == "=" or op == _KEPT[side]) for cell in self.cells]


@dataclass
class Move:
    direction: str                 # "from" (where text was) | "to" (where it is now)
    items: list                    # from: the old text as is; to: a redline against the old text
    note: str
    ref: int                       # the first of the moves it holds (consecutive sections move together)
    members: list[int] = field(default_factory=list)
    link: str = ""                 # the other half: its chapter's slug …
    link_ref: int = 0              # … and its ref


@dataclass
class Stats:
    added: int = 0                 # paragraphs (headings and table rows included)
    deleted: int = 0
    modified: int = 0
    moved: int = 0                 # sections moved
    chars_added: int = 0
    chars_deleted: int = 0

    def __iadd__(self, other: "Stats") -> "Stats":
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def changed(self) -> bool:
        return any(vars(self).values())


@dataclass
class Chapter:
    title: str                     # with its number, as the reader sees it
    page: str                      # source path of the page it comes from
    slug: str
    items: list = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    status: str = "unchanged"      # unchanged | modified | added | deleted | moved


@dataclass(frozen=True)
class Side:
    ref: str                       # what the user named: stage/draft, main, a commit, or "工作区"
    label: str                     # 初稿（stage/draft）
    slug: str                      # for paths: draft, worktree, main
    commit: str | None
    date: dt.datetime
    stage_name: str | None = None

    def as_dict(self) -> dict:
        return {"ref": self.ref, "label": self.label, "commit": self.commit,
                "date": self.date.isoformat(timespec="seconds"), "stage": self.stage_name}


@dataclass
class Comparison:
    title: str                     # the plan's title
    a: Side
    b: Side
    chapters: list[Chapter]
    targets: list = field(default_factory=list)

    @property
    def slug(self) -> str:
        return f"{self.a.slug}..{self.b.slug}"

    def totals(self) -> Stats:
        total = Stats()
        for chapter in self.chapters:
            total += chapter.stats
        return total


_KEPT = {"a": "-", "b": "+"}


def side_items(items: list, side: str) -> list:
    """The text of one side, as plain paragraphs and rows: "b" accepts every
    change, "a" rejects every change."""
    kept = _KEPT[side]
    out: list = []
    carry = ""
    for item in items:
        if isinstance(item, Move):
            if (item.direction == "to") == (side == "b"):
                out += side_items(item.items, side) if item.direction == "to" else item.items
            continue
        if isinstance(item, Row):
            if carry:
                out.append(Para("para", [("=", carry)]))
                carry = ""
            if item.op in ("=", kept):
                out.append(Row([[("=", t)] for t in item.texts(side)], "=", item.header))
            continue
        text = carry + item.text(side)
        if item.mark in ("=", kept):
            out.append(Para(item.kind, [("=", text)] if text else [], "=", item.level, item.ordered,
                            item.part, item.number))
            carry = ""
        else:
            carry = text
    if carry:
        out.append(Para("para", [("=", carry)]))
    return out


def side_lines(items: list, side: str) -> list[str]:
    """side_items as the reader's lines (rows: cells joined by TAB), empty ones left out."""
    from scripts.diff.blocks import row_text
    lines = []
    for item in side_items(items, side):
        text = row_text(item.texts(side)) if isinstance(item, Row) else item.text(side)
        if text:
            lines.append(text)
    return lines


def item_stats(items: list) -> Stats:
    stats = Stats()
    for item in items:
        if isinstance(item, Move):
            if item.direction == "to":
                stats.moved += sum(1 for i in item.items if isinstance(i, Para) and i.kind == "heading") or 1
                inner = item_stats(item.items)
                inner.moved = 0
                stats += inner
            continue
        pieces = [p for cell in item.cells for p in cell] if isinstance(item, Row) else item.pieces
        mark = item.op if isinstance(item, Row) else item.mark
        kept = any(op == "=" and text for op, text in pieces)
        changed = mark != "=" or any(op != "=" for op, _ in pieces)
        if mark == "+" and not kept:
            stats.added += 1
        elif mark == "-" and not kept:
            stats.deleted += 1
        elif changed:
            stats.modified += 1
        stats.chars_added += sum(_chars(t) for op, t in pieces if op == "+")
        stats.chars_deleted += sum(_chars(t) for op, t in pieces if op == "-")
    return stats


def _chars(text: str) -> int:
    """Characters as 字数 counts them: whitespace is not a character."""
    return sum(1 for c in text if not c.isspace())
