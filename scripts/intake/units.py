"""Which unit a file of a batch intake comes from, told without --unit.

First its name (and the folders under the one given): a unit id as a word
(001-pudong.docx) or a unit name (市发展改革委质量发展材料.docx, 浦东新区/材料.docx).
Else the document itself: its first short lines (the title 浦东新区质量发展材料,
the sender) or its last (the signature above the date; not a footnote). A unit is told only
when exactly one unit is named there; the longest name wins over a name inside it.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from scripts.errors import Failure

LINE_CHARS = 40     # a title, a sender or a signature is a short line; a footnote naming a unit is not
# suffixes and prefixes a unit's name is often written without
_SHORTER = (("suffix", "质量工作领导小组办公室"), ("prefix", "上海市"), ("prefix", "上海"))


@functools.cache
def aliases(name: str) -> frozenset[str]:
    """The ways `name` is written in file names and titles: 浦东新区质量工作领导小组办公室 → 浦东新区."""
    out = {name}
    for where, part in _SHORTER:
        for text in list(out):
            shorter = text.removesuffix(part) if where == "suffix" else text.removeprefix(part)
            if shorter != text and len(shorter) >= 3:
                out.add(shorter)
    return frozenset(out)


def named_units(text: str, units) -> list:
    """The units named in `text`, by id as a word or by name; a name found only
    inside a longer unit's name (市质量协会 in 上海市质量协会) does not count."""
    spans, lower = [], text.lower()
    for unit in units:
        for alias in aliases(unit.name):
            if alias in text:
                spans += [(m.start(), m.end(), unit) for m in re.finditer(re.escape(alias), text)]
        if unit.id in lower:
            spans += [(m.start(), m.end(), unit)
                      for m in re.finditer(rf"(?<![a-z0-9]){re.escape(unit.id)}(?![a-z0-9])", lower)]
    kept = [s for s in spans if not any(o[2] is not s[2] and o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0]
                                        for o in spans)]
    return list(dict.fromkeys(unit for _, _, unit in kept))


def tell_unit(units, shown: Path, heads: list[str], tails: list[str], typed: Path | None = None):
    """The unit of a file shown as `shown` (its path under the folder given;
    `typed`, the path to give on the command line), whose document opens with
    `heads` and ends with `tails`; Failure saying how to fix it when the unit
    cannot be told."""
    def short(lines: list[str]) -> str:
        return "\n".join(line for line in lines if len(line) <= LINE_CHARS)
    for where, text in (("文件名", str(shown.with_suffix(""))), ("文件开头", short(heads)), ("文件落款", short(tails))):
        found = named_units(text, units)
        if len(found) == 1:
            return found[0]
        if found:
            names = "、".join(f"{u.name}（{u.id}）" for u in found[:4])
            raise Failure(f"{shown}：{where}中同时写有{names}，无法确定报送单位。{_fix(typed or shown)}")
    raise Failure(f"{shown}：认不出报送单位（文件名、文件开头和落款中都没有 data/units.yml 中的单位名称或标识）。"
                  f"{_fix(typed or shown)}")


def _fix(path: Path) -> str:
    return (f"请把文件改名为以单位名称或标识开头（如“浦东新区-{path.name}”或“pudong-{path.name}”），"
            f"或单独登记：plan intake \"{path}\" --unit 单位标识。本文件未登记，其余文件照常登记")
