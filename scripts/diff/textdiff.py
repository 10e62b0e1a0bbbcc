"""Token diff with semantic clean-up.

The raw diff (difflib, longest matching blocks first) is cleaned up the way
diff-match-patch does it: a short equality between larger changes (the 的
shared by two rewritten clauses) is folded into the change, and an edit is
slid along repeated text to start and end at a sentence or clause boundary.
Paragraph marks (tokens.MARK) are never folded away.
"""
from __future__ import annotations

from difflib import SequenceMatcher

from scripts.diff.tokens import MARK, boundary_score, tokenize

Segment = tuple[str, list[str]]   # ("=" | "-" | "+", tokens)


def _length(tokens: list[str]) -> int:
    return sum(len(t) for t in tokens)


def raw_diff(a: list[str], b: list[str]) -> list[Segment]:
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    segments: list[Segment] = [("=", a[:start])]
    a_mid, b_mid = a[start: len(a) - end], b[start: len(b) - end]
    if a_mid and b_mid:
        for op, i1, i2, j1, j2 in SequenceMatcher(None, a_mid, b_mid, autojunk=False).get_opcodes():
            if op == "equal":
                segments.append(("=", a_mid[i1:i2]))
            else:
                segments.append(("-", a_mid[i1:i2]))
                segments.append(("+", b_mid[j1:j2]))
    else:
        segments += [("-", a_mid), ("+", b_mid)]
    segments.append(("=", a[len(a) - end:]))
    return normalize(segments)


def normalize(segments: list[Segment]) -> list[Segment]:
    """Drop empty segments; between two equalities, one deletion then one insertion."""
    out: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def close() -> None:
        if deleted:
            out.append(("-", list(deleted)))
        if inserted:
            out.append(("+", list(inserted)))
        deleted.clear()
        inserted.clear()

    for op, tokens in segments:
        if not tokens:
            continue
        if op == "-":
            deleted += tokens
        elif op == "+":
            inserted += tokens
        else:
            close()
            if out and out[-1][0] == "=":
                out[-1] = ("=", out[-1][1] + tokens)
            else:
                out.append(("=", list(tokens)))
    close()
    return out


def _change_sizes(segments: list[Segment], start: int, step: int) -> int:
    """The larger of deleted/inserted length in the change run next to an equality."""
    deleted = inserted = 0
    k = start
    while 0 <= k < len(segments) and segments[k][0] != "=":
        if segments[k][0] == "-":
            deleted += _length(segments[k][1])
        else:
            inserted += _length(segments[k][1])
        k += step
    return max(deleted, inserted)


def cleanup_semantic(segments: list[Segment]) -> list[Segment]:
    """Fold equalities no longer than the changes on both sides into the change."""
    segments = normalize(segments)
    changed = True
    while changed:
        changed = False
        for k in range(1, len(segments) - 1):
            op, tokens = segments[k]
            if op != "=" or MARK in tokens:
                continue
            size = _length(tokens)
            if size <= _change_sizes(segments, k - 1, -1) and size <= _change_sizes(segments, k + 1, 1):
                segments = normalize(segments[:k] + [("-", tokens), ("+", tokens)] + segments[k + 1:])
                changed = True
                break
    return segments


def _edge_score(before: list[str], edit: list[str], after: list[str]) -> int:
    return (boundary_score(before[-1] if before else None, edit[0])
            + boundary_score(edit[-1], after[0] if after else None))


def shift_edits(segments: list[Segment]) -> list[Segment]:
    """Slide a lone insertion or deletion between equalities to the best boundary."""
    out = list(segments)
    for k in range(1, len(out) - 1):
        if out[k - 1][0] != "=" or out[k + 1][0] != "=" or out[k][0] == "=":
            continue
        before, edit, after = _slide_left(out[k - 1][1], out[k][1], out[k + 1][1])
        best = (_edge_score(before, edit, after), before, edit, after)
        while after and edit[0] == after[0]:
            before, edit, after = before + [edit[0]], edit[1:] + [edit[0]], after[1:]
            score = _edge_score(before, edit, after)
            if score >= best[0]:
                best = (score, before, edit, after)
        _, before, edit, after = best
        out[k - 1], out[k], out[k + 1] = ("=", before), (out[k][0], edit), ("=", after)
    return normalize(out)


def _slide_left(before: list[str], edit: list[str], after: list[str]):
    before, edit, after = list(before), list(edit), list(after)
    while before and before[-1] == edit[-1]:
        last = edit.pop()
        edit.insert(0, before.pop())
        after.insert(0, last)
    return before, edit, after


def diff_tokens(a: list[str], b: list[str]) -> list[Segment]:
    return shift_edits(cleanup_semantic(raw_diff(a, b)))


def diff_text(a: str, b: str) -> list[tuple[str, str]]:
    """(op, text) pieces turning a into b."""
    return [(op, "".join(tokens)) for op, tokens in diff_tokens(tokenize(a), tokenize(b))]
