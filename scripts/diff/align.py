"""Blocks of one section against the same section in the other version.

Unchanged blocks are found first (whole-block equality). Between them, a
small dynamic programme pairs what is left: one paragraph with one, one
with two (split), two with one (merge), or none (inserted / deleted), by
shared character bigrams. Each pair or group is then diffed word by word as
one text with paragraph marks, so a split shows as an inserted mark and a
merge as a deleted one.
"""
from __future__ import annotations

from difflib import SequenceMatcher

from scripts.diff.blocks import Block
from scripts.diff.result import Para, Row
from scripts.diff.textdiff import diff_text, diff_tokens
from scripts.diff.tokens import MARK, tokenize

MIN_DICE = 0.3          # bigram overlap for two paragraphs to count as one changed paragraph
MAX_TABLE = 40_000      # region cells beyond which pairing falls back to position


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i: i + 2] for i in range(max(1, len(text) - 1)))


def dice(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


_APART = ("row", "heading")   # kinds paired only with their own kind, never split or merged


def _compatible(a: Block, b: Block) -> bool:
    if a.kind in _APART or b.kind in _APART:
        return a.kind == b.kind and len(a.cells) == len(b.cells)
    return True


def _score(a: frozenset, b: frozenset) -> int | None:
    """Shared bigrams, or None when too little is shared to call it the same paragraph."""
    return len(a & b) if dice(a, b) >= MIN_DICE else None


def pair_region(old: list[Block], new: list[Block]) -> list[tuple[list[int], list[int]]]:
    """Steps in reading order: ([i], []) deleted, ([], [j]) inserted, or a group of
    old and new blocks that are the same text changed (1:1, 1:2 split, 2:1 merge)."""
    n, m = len(old), len(new)
    if n * m > MAX_TABLE:
        return _pair_by_position(old, new)
    grams_old = [bigrams(b.text) for b in old]
    grams_new = [bigrams(b.text) for b in new]
    text_old = [b.kind not in _APART for b in old]
    text_new = [b.kind not in _APART for b in new]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                continue
            options = []
            if i:
                options.append((best[i - 1][j], (1, 0)))
            if j:
                options.append((best[i][j - 1], (0, 1)))
            if i and j and _compatible(old[i - 1], new[j - 1]):
                s = _score(grams_old[i - 1], grams_new[j - 1])
                if s is not None:
                    options.append((best[i - 1][j - 1] + s + 1, (1, 1)))
            if i and j > 1 and text_old[i - 1] and text_new[j - 1] and text_new[j - 2]:
                s = _score(grams_old[i - 1], grams_new[j - 2] | grams_new[j - 1])
                if s is not None:
                    options.append((best[i - 1][j - 2] + s + 1, (1, 2)))
            if i > 1 and j and text_old[i - 1] and text_old[i - 2] and text_new[j - 1]:
                s = _score(grams_old[i - 2] | grams_old[i - 1], grams_new[j - 1])
                if s is not None:
                    options.append((best[i - 2][j - 1] + s + 1, (2, 1)))
            best[i][j], back[i][j] = max(options, key=lambda o: o[0])
    steps = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        steps.append((list(range(i - di, i)), list(range(j - dj, j))))
        i, j = i - di, j - dj
    return _deletions_first(steps[::-1])


def _pair_by_position(old: list[Block], new: list[Block]) -> list[tuple[list[int], list[int]]]:
    steps = []
    for k in range(max(len(old), len(new))):
        a = old[k] if k < len(old) else None
        b = new[k] if k < len(new) else None
        if a and b and _compatible(a, b) and _score(bigrams(a.text), bigrams(b.text)) is not None:
            steps.append(([k], [k]))
        else:
            steps += ([([k], [])] if a else []) + ([([], [k])] if b else [])
    return _deletions_first(steps)


def _deletions_first(steps):
    """Within a run of unpaired blocks, show what was deleted before what was inserted."""
    out, run = [], []
    for step in steps + [None]:
        if step is not None and not (step[0] and step[1]):
            run.append(step)
            continue
        out += [s for s in run if s[0]] + [s for s in run if s[1]]
        run = []
        if step is not None:
            out.append(step)
    return out


def _para(block: Block, pieces, mark: str, part: str) -> Para:
    renamed = block.kind == "heading" and mark == "=" and any(op != "=" for op, _ in pieces)
    return Para(block.kind, pieces, mark, block.level, block.ordered, part, block.number,
                ("标题已修改",) if renamed else ())


def _whole(block: Block, op: str, part: str):
    if block.kind == "row":
        return Row([[(op, c)] if c else [] for c in block.cells], op, block.header)
    return _para(block, [(op, block.text)], op, part)


def text_group(old: list[Block], new: list[Block], part: str) -> list[Para]:
    """Paragraphs that are one text changed: diffed together, paragraph marks included."""
    a = [t for b in old for t in tokenize(b.text) + [MARK]]
    b = [t for blk in new for t in tokenize(blk.text) + [MARK]]
    paras: list[Para] = []
    pieces: list = []
    i = j = 0
    for op, tokens in diff_tokens(a, b):
        run: list[str] = []
        for token in tokens:
            if token != MARK:
                run.append(token)
                continue
            if run:
                pieces.append((op, "".join(run)))
                run = []
            block = old[i] if op == "-" else new[j]
            paras.append(_para(block, _merge(pieces), op, part))
            pieces = []
            i += op in "=-"
            j += op in "=+"
        if run:
            pieces.append((op, "".join(run)))
    return paras


def _merge(pieces):
    out = []
    for op, text in pieces:
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        elif text:
            out.append((op, text))
    return out


def row_pair(old: Block, new: Block) -> Row:
    cells = []
    for a, b in zip(old.cells, new.cells):
        cells.append([("=", b)] if a == b else [p for p in diff_text(a, b) if p[1]])
    return Row(cells, "=", new.header)


def _opcodes(a: list, b: list) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes after the common start and end are taken as unchanged,
    as diff does: among equally long matches SequenceMatcher takes the earliest, so
    with repeated paragraphs a removed heading could pull a paragraph out of place."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle = SequenceMatcher(None, a[start:len(a) - end], b[start:len(b) - end], autojunk=False).get_opcodes()
    codes = [("equal", 0, start, 0, start)] if start else []
    codes += [(op, i1 + start, i2 + start, j1 + start, j2 + start) for op, i1, i2, j1, j2 in middle]
    if end:
        codes.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return codes


def diff_blocks(old: list[Block], new: list[Block], part: str = "body") -> list:
    """The redline items (Para, Row) turning `old` blocks into `new` ones."""
    items: list = []
    for op, i1, i2, j1, j2 in _opcodes([b.key for b in old], [b.key for b in new]):
        if op == "equal":
            items += [_whole(b, "=", part) for b in new[j1:j2]]
            continue
        region_old, region_new = old[i1:i2], new[j1:j2]
        for olds, news in pair_region(region_old, region_new):
            a = [region_old[k] for k in olds]
            b = [region_new[k] for k in news]
            if not b:
                items.append(_whole(a[0], "-", part))
            elif not a:
                items.append(_whole(b[0], "+", part))
            elif a[0].kind == "row":
                items.append(row_pair(a[0], b[0]))
            else:
                items += text_group(a, b, part)
    return items
