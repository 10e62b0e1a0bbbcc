"""公文 heading numbers (一、 （一） 1. （1）), generated from heading levels.

This is the only place numbers are made. The site build applies it to the
rendered Markdown, and the DOCX and PDF are made from that same Markdown,
so all three show the same numbers. Each numbered heading also gets a
stable anchor from its unnumbered text, so links survive renumbering.
"""
from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ATTRS = re.compile(r"[ \t]*(\{[^{}]*\})$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# Numbers someone typed by hand: 一、 （一） 1. 1． 1、 （1）
HAND_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、]|[（(]\d+[)）])")


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九."""
    if not 0 < n < 100:
        raise ValueError(f"公文序号只支持 1–99，收到 {n}")
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return text + (_DIGITS[ones] if ones else "")


def label(depth: int, n: int) -> str:
    """The label for the n-th heading at 公文 depth 1–4."""
    if depth == 1:
        return f"{chinese_numeral(n)}、"
    if depth == 2:
        return f"（{chinese_numeral(n)}）"
    if depth == 3:
        return f"{n}."
    if depth == 4:
        return f"（{n}）"
    raise ValueError(f"公文标题最多四级，第 {depth} 级无法编号")


def slug(text: str) -> str:
    """A stable anchor: the heading's own words, punctuation turned into '-'."""
    words = re.sub(r"[^\w]+", "-", text.strip().lower()).strip("-")
    return words or "section"


def number_headings(markdown: str, chapter: int | None = None, depth_offset: int = 0) -> str:
    """Prefix headings with 公文 numbers.

    `chapter` is the chapter's position for a body page (its H1 becomes
    "一、…"); for an annex pass chapter=None and depth_offset=1, so the H1
    stays a plain title and H2 starts at 一、.
    """
    if chapter is None and not depth_offset:
        return markdown
    counters = [0] * 7
    if chapter is not None:
        counters[1] = chapter - 1
    seen: dict[str, int] = {}
    out, fence = [], None
    for line in markdown.split("\n"):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)[0]
            fence = None if fence == marker else (fence or marker)
        heading = None if fence else _HEADING.match(line)
        if not heading:
            out.append(line)
            continue
        level, text = len(heading.group(1)), heading.group(2)
        attrs_match = _ATTRS.search(text)
        attrs = attrs_match.group(1) if attrs_match else ""
        if attrs_match:
            text = text[: attrs_match.start()]
        depth = level - depth_offset
        if not 1 <= depth <= 4:
            out.append(line)
            continue
        counters[level] += 1
        for deeper in range(level + 1, 7):
            counters[deeper] = 0
        if not attrs:
            anchor = slug(text)
            seen[anchor] = seen.get(anchor, 0) + 1
            if seen[anchor] > 1:
                anchor = f"{anchor}-{seen[anchor]}"
            attrs = "{#" + anchor + "}"
        out.append(f"{heading.group(1)} {label(depth, counters[level])}{text} {attrs}")
    return "\n".join(out)
