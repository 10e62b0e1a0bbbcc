"""Sections of the two versions, aligned before any text is compared.

A section is matched to its counterpart by its page and anchor, a chapter by
its page, then a section by its anchor alone (moved to another chapter),
then by title or body similarity (renamed). Matched sections that keep
their relative order (the longest increasing run) stay in place; the others
are moves, shown where they were and where they are now, never as a
deletion and an unrelated insertion.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from scripts.diff.align import bigrams, dice
from scripts.diff.blocks import Section

TITLE_DICE = 0.5
BODY_DICE = 0.6
MIN_BODY = 20
PAGE_DICE = 0.3
MAX_CANDIDATES = 40_000


@dataclass(frozen=True)
class Step:
    kind: str                      # same | inserted | deleted | moved_from | moved_to
    old: Section | None = None
    new: Section | None = None
    move: int = 0                  # shared by the two halves of a move


def match_sections(old: list[Section], new: list[Section]) -> dict[int, int]:
    """new index → old index for every section found in both versions."""
    matched: dict[int, int] = {}
    by_key = {s.key: i for i, s in enumerate(old)}
    for j, section in enumerate(new):
        i = by_key.get(section.key)
        if i is not None:
            matched[j] = i
    _match_page_openings(old, new, matched)
    _match_unique_anchors(old, new, matched)
    _match_similar(old, new, matched)
    return matched


def _match_page_openings(old, new, matched) -> None:
    """A page's first heading is its chapter's title: the same page opens the same
    chapter even when renamed, unless its title and text both changed beyond recognition."""
    taken = set(matched.values())
    openings = {s.page: i for i, s in enumerate(old) if s.first and i not in taken}
    for j, section in enumerate(new):
        i = openings.get(section.page)
        if i is None or not section.first or j in matched:
            continue
        title = dice(bigrams(old[i].title), bigrams(section.title))
        body = dice(bigrams(old[i].body_text), bigrams(section.body_text))
        if title >= PAGE_DICE or body >= PAGE_DICE:
            matched[j] = openings.pop(section.page)


def _match_unique_anchors(old, new, matched) -> None:
    taken = set(matched.values())
    free_old: dict[str, list[int]] = {}
    for i, s in enumerate(old):
        if i not in taken and s.anchor:
            free_old.setdefault(s.anchor, []).append(i)
    free_new: dict[str, list[int]] = {}
    for j, s in enumerate(new):
        if j not in matched and s.anchor:
            free_new.setdefault(s.anchor, []).append(j)
    for anchor, js in free_new.items():
        if len(js) == 1 and len(free_old.get(anchor, ())) == 1:
            matched[js[0]] = free_old[anchor][0]


def _match_similar(old, new, matched) -> None:
    taken = set(matched.values())
    free_old = [i for i in range(len(old)) if i not in taken and old[i].level]
    free_new = [j for j in range(len(new)) if j not in matched and new[j].level]
    if not free_old or not free_new:
        return
    same_page_only = len(free_old) * len(free_new) > MAX_CANDIDATES
    grams = {}

    def features(side, k, section):
        if (side, k) not in grams:
            grams[side, k] = (bigrams(section.title), bigrams(section.body_text), len(section.body_text))
        return grams[side, k]

    candidates = []
    for j in free_new:
        for i in free_old:
            a, b = old[i], new[j]
            if a.level != b.level or (same_page_only and a.page != b.page):
                continue
            ta, ba, la = features("a", i, a)
            tb, bb, lb = features("b", j, b)
            title, body = dice(ta, tb), dice(ba, bb) if la >= MIN_BODY and lb >= MIN_BODY else 0.0
            if title >= TITLE_DICE or body >= BODY_DICE:
                candidates.append((-(title + body), j, i))
    used_old = set()
    for _, j, i in sorted(candidates):
        if j not in matched and i not in used_old:
            matched[j] = i
            used_old.add(i)


def stable_pairs(matched: dict[int, int]) -> set[int]:
    """New indices of the matched sections that keep their order (longest increasing run)."""
    order = sorted(matched)
    tails: list[int] = []          # smallest old index ending a run of each length
    tail_at: list[int] = []        # position in `order` of that tail
    parent = [-1] * len(order)
    for pos, j in enumerate(order):
        value = matched[j]
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(pos)
        else:
            tails[k], tail_at[k] = value, pos
        parent[pos] = tail_at[k - 1] if k else -1
    stable = set()
    pos = tail_at[-1] if tail_at else -1
    while pos != -1:
        stable.add(order[pos])
        pos = parent[pos]
    return stable


def align_sections(old: list[Section], new: list[Section]) -> list[Step]:
    """Reading order of the comparison: in each gap between sections that stayed,
    first what left (deleted, moved away), then what came (inserted, moved here)."""
    matched = match_sections(old, new)
    stable = stable_pairs(matched)
    moves = {j: n for n, j in enumerate(sorted(j for j in matched if j not in stable), 1)}
    move_of_old = {matched[j]: n for j, n in moves.items()}
    new_of_old = {i: j for j, i in matched.items()}
    steps: list[Step] = []
    next_old = 0
    arriving: list[Step] = []

    def leave(until: int) -> None:
        nonlocal next_old
        for i in range(next_old, until):
            if i in move_of_old:
                steps.append(Step("moved_from", old=old[i], new=new[new_of_old[i]], move=move_of_old[i]))
            elif i not in new_of_old:
                steps.append(Step("deleted", old=old[i]))
        next_old = max(next_old, until)

    for j, section in enumerate(new):
        if j in stable:
            leave(matched[j])
            steps += arriving
            arriving = []
            steps.append(Step("same", old=old[matched[j]], new=section))
            next_old = matched[j] + 1
        elif j in matched:
            arriving.append(Step("moved_to", old=old[matched[j]], new=section, move=moves[j]))
        else:
            arriving.append(Step("inserted", new=section))
    leave(len(old))
    return steps + arriving
