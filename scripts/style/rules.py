"""The writing rules of 公文 Chinese, each a small function over one line of prose.

Sources: GB/T 15834-2011 标点符号用法 (full-width marks in Chinese text,
paired marks, 省略号 ……, 连接号 — for a span of years), GB/T 15835-2011
出版物上数字用法 (2021年8月20日: no leading zero, no 2021-8-20 in text), and
the 公文 habit of no space between Chinese and Latin letters or digits.

A hit carries its replacement when the fix is safe (it cannot change what
the sentence says); otherwise only advice, and the drafter decides.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WIDE_MARKS = "，。、；：？！“”‘’（）《》〈〉【】…—～·"
CHINESE = f"[{HAN}{WIDE_MARKS}]"
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】", "〈": "〉"}
_ELLIPSIS = re.compile(r"\.{3,}|。{3,}|…+")


@dataclass(frozen=True)
class Hit:
    rule: str                     # short Chinese name, e.g. 标点
    start: int
    end: int
    message: str
    advice: str
    replacement: str | None = None   # set when the fix is safe

    @property
    def safe(self) -> bool:
        return self.replacement is not None


def _chinese(char: str) -> bool:
    return bool(char) and re.match(CHINESE, char) is not None


def halfwidth_marks(line: str) -> list[Hit]:
    """, ; : ? ! and ( ) written half-width next to Chinese."""
    hits = []
    for found in re.finditer(r"[,;:?!]", line):
        k = found.start()
        before, after = line[k - 1: k], line[k + 1: k + 2]
        if not (_chinese(before) or _chinese(after)):
            continue
        if found.group() in ",:" and before.isdigit() and after.isdigit():
            continue                  # 1,000 · 10:30
        wide = FULL_WIDTH[found.group()]
        hits.append(Hit("标点", k, k + 1, f"中文里用了半角“{found.group()}”", f"改为全角“{wide}”", wide))
    for found in re.finditer(r"\(([^()]*)\)", line):
        inside, before = found.group(1), line[found.start() - 1: found.start()]
        after = line[found.end(): found.end() + 1]
        if re.search(f"[{HAN}]", inside) or _chinese(before) or _chinese(after):
            hits.append(Hit("标点", found.start(), found.end(), "中文里用了半角括号“( )”", "改为全角括号“（ ）”",
                            f"（{inside}）"))
    return hits


def straight_quotes(line: str) -> list[Hit]:
    """"…" around Chinese: GB/T 15834 uses “…”."""
    hits = []
    for found in re.finditer(r'"([^"]*)"', line):
        if re.search(f"[{HAN}]", found.group(1)):
            hits.append(Hit("标点", found.start(), found.end(), "中文里用了直引号“\"”", "改为弯引号“ ”",
                            f"“{found.group(1)}”"))
    return hits


def paired_marks(line: str) -> list[Hit]:
    """Quotes and brackets that do not close, or close in the wrong order."""
    closing = {v: k for k, v in PAIRS.items()}
    stack: list[tuple[str, int]] = []
    for k, char in enumerate(line):
        if char in PAIRS:
            stack.append((char, k))
        elif char in closing:
            if stack and stack[-1][0] == closing[char]:
                stack.pop()
            else:
                opened = f"与“{stack[-1][0]}”不配对" if stack else "前面没有对应的前半个"
                return [Hit("标点", k, k + 1, f"后半个“{char}”{opened}",
                            "检查引号、括号、书名号是否成对，内外层是否交错（外层“”内层‘’）")]
    if stack:
        char, k = stack[0]
        return [Hit("标点", k, k + 1, f"前半个“{char}”没有对应的后半个“{PAIRS[char]}”", "补上后半个或删去多余的前半个")]
    return []


def ellipsis(line: str) -> list[Hit]:
    """... 。。。 or a single … for the six-dot 省略号 ……."""
    return [Hit("标点", f.start(), f.end(), f"省略号写成了“{f.group()}”", "改为“……”", "……")
            for f in _ELLIPSIS.finditer(line) if f.group() != "……"]


def doubled_marks(line: str) -> list[Hit]:
    """。。 ，。 、、 and the like: one mark is enough."""
    dots = [f.span() for f in _ELLIPSIS.finditer(line)]
    hits = []
    for found in re.finditer(r"(?=([，、；：。])([，、；：。]))", line):
        start = found.start()
        if any(a <= start < b for a, b in dots) or (hits and hits[-1].end > start):
            continue
        a, b = found.groups()
        keep = "。" if "。" in (a, b) else b
        hits.append(Hit("标点", start, start + 2, f"标点重复“{a}{b}”", f"只保留“{keep}”", keep))
    return hits


def ranges(line: str) -> list[Hit]:
    """2021-2025年, 3~5年: GB/T 15834 writes a span with — (years) or 至 / ～ (values)."""
    hits = []
    for found in re.finditer(r"(?<![\d.\-/])([1-9]\d*(?:\.\d+)?)[ ]?([-~])[ ]?([1-9]\d*(?:\.\d+)?)(?![\d\-/.])", line):
        a, dash, b = found.groups()
        before, after = line[found.start() - 1: found.start()], line[found.end(): found.end() + 1]
        if not (_chinese(before) or _chinese(after)) or len(b) > 4:
            continue
        if len(a) == len(b) == 4:
            hits.append(Hit("连接号", found.start(), found.end(), f"年份起止写成了“{found.group()}”",
                            f"改为“{a}—{b}”", f"{a}—{b}"))
        else:
            hits.append(Hit("连接号", found.start(), found.end(), f"数值范围写成了“{found.group()}”",
                            f"改为“{a}至{b}”或“{a}～{b}”"))
    return hits


def dates(line: str) -> list[Hit]:
    """GB/T 15835 as 公文 writes dates: 2021年8月20日, no leading zero, no 2021-8-20."""
    hits = []
    for found in re.finditer(r"(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d.])", line):
        y, m, d = found.groups()
        if 1 <= int(m) <= 12 and 1 <= int(d) <= 31:
            good = f"{y}年{int(m)}月{int(d)}日"
            hits.append(Hit("日期", found.start(), found.end(), f"日期写成了“{found.group()}”", f"改为“{good}”", good))
    for found in re.finditer(r"(\d{4}年)0(\d月)|(?<!\d)0(\d)([月日])", line):
        if found.group(1):
            good = found.group(1) + found.group(2)
        else:
            good = found.group(3) + found.group(4)
        hits.append(Hit("日期", found.start(), found.end(), f"月、日前多了“0”：“{found.group()}”", f"改为“{good}”", good))
    return hits


def spaces(line: str) -> list[Hit]:
    """No space between Chinese and Latin letters, digits or other Chinese (公文 convention)."""
    hits = []
    pattern = rf"(?<=[{HAN}{WIDE_MARKS}])[ \t\u3000]+(?=[A-Za-z0-9{HAN}])|(?<=[A-Za-z0-9%{HAN}])[ \t\u3000]+(?=[{HAN}{WIDE_MARKS}])"
    for found in re.finditer(pattern, line):
        hits.append(Hit("空格", found.start(), found.end(), "中文与字母、数字或中文之间有空格", "删去空格", ""))
    return hits


RULES = (halfwidth_marks, straight_quotes, paired_marks, ellipsis, doubled_marks, ranges, dates, spaces)


def line_hits(prose: str) -> list[Hit]:
    """Every hit on one masked line, left to right."""
    return sorted((hit for rule in RULES for hit in rule(prose)), key=lambda h: (h.start, h.end))
