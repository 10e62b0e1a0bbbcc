"""Quantified targets in a unit's material: (indicator, value, year).

Two shapes are read, as units write them:
- tables with 2025 and 2035 columns (and maybe a 2020 baseline and 单位);
- sentences: “到2025年，全区制造业产品质量合格率由2020年的93.8%提高到96%以上，
  2035年达到98%以上”, including “2025年、2035年分别达到96%、98%”.
Changes (“提高2个百分点”) are not levels and are left out.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from scripts.intake.text import plain_text

YEARS = (2025, 2035)
_UNITS = ("个百分点|万亿元|亿元|万元|元|万人次|万人|万家|万|%|％|‰|人|个|家|项|件|座|所|分|次|小时|天|倍|台|套|吨|公里|平方米")
_NUMBER = rf"(\d+(?:\.\d+)?)\s*({_UNITS})?"
_VALUE = re.compile(
    r"(?P<verb>提高到|提升到|提高至|提升至|增加到|增加至|增长到|增长至|增至|达到|突破|超过|高于|不低于|不少于|"
    r"不高于|不超过|低于|控制在|降至|降低到|降低至|下降到|下降至|减少到|减少至|保持在|稳定在|维持在|达|为)"
    rf"\s*(?:约|接近)?\s*{_NUMBER}\s*(?P<mod>及以上|以上|以内|以下|左右)?")
_MORE_VALUES = re.compile(rf"[、和及与]\s*{_NUMBER}\s*(及以上|以上|以内|以下|左右)?")
_YEAR = re.compile(r"(?:到|至|于|在)?\s*(20[1-4]\d)\s*年(?:底|末|前)?")
_BASELINE = re.compile(rf"(?:由|从)\s*(20[12]\d)\s*年(?:底|末)?的?\s*{_NUMBER}")
_COUNTS = "个|家|项|座|所|件|台|套|条|名|人|次|万人|万家"
_PLAIN = re.compile(
    r"(?P<verb>建成|新建|建设|培育|打造|创建|新增|累计|形成|主导制定|参与制定|制定|修订|引进|认定|评选)"
    rf"(?:(?P<what_before>[^，,。；;、\d]{{2,30}}?)\s*(?:约|超过|不少于)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>{_COUNTS})"
    r"|(?:约|超过|不少于)?\s*(?P<num2>\d+(?:\.\d+)?)\s*(?P<unit2>" + _COUNTS + r")(?P<what_after>[^，,。；;、\d]{2,30}))"
    r"\s*(?P<mod>及以上|以上|左右)?")
_STEADY_VERBS = ("保持在", "稳定在", "维持在")
_LOWER_VERBS = ("不高于", "不超过", "低于", "控制在", "降至", "降低到", "降低至", "下降到", "下降至", "减少到", "减少至")
_FILLER = re.compile(r"^(?:到|至|于|在|全市|全区|全县|本市|我市|我区|本区|本行业|全行业|全集团|集团|公司|力争|确保|基本|其中|"
                     r"并|且|和|以及|同时|使|实现|推动|其|的|、|，|\s)+")
_TRAILING = re.compile(r"(?:分别|均|将|要|应|需|的|、|，|\s)+$")
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")
_CLAUSE = re.compile(r"[，,：:；;]")


@dataclass
class Extracted:
    indicator: str
    measure: str = ""
    goals: dict = field(default_factory=dict)      # {2025: ("≥", 96.0), 2035: ...}
    baseline: tuple | None = None                  # (2020, 93.8)
    quote: str = ""


def _comparator(verb: str, mod: str | None) -> str:
    if mod in ("以内", "以下") or verb in _LOWER_VERBS:
        return "≤"
    if mod == "左右" or (verb in _STEADY_VERBS and not mod):
        return "="
    return "≥"      # 达到, 提高到, 建成…20个: a level to reach


def _measure(unit: str | None) -> str:
    return {"％": "%"}.get(unit or "", unit or "")


def _indicator(text: str) -> str:
    text = _YEAR.sub("", text)
    text = _TRAILING.sub("", _FILLER.sub("", text))
    text = re.sub(r"[（(][^）)]*[）)]$", "", text).strip()
    return text if len(re.findall(r"[\u4e00-\u9fff]", text)) >= 2 else ""


@dataclass
class _Value:
    start: int
    end: int
    indicator: str        # the words naming it ('' when it continues the previous target)
    verb: str
    numbers: list         # [(number, unit, modifier)], several after 分别
    baseline: tuple | None = None


def _values(clause: str) -> list[_Value]:
    """Every value in a clause: “A达到96%以上、B达到70%” is two, “建成站点20个” one."""
    out = []
    baseline = _BASELINE.search(clause)
    rest = _BASELINE.sub("", clause) if baseline else clause
    previous = 0
    for match in _VALUE.finditer(rest):
        numbers = [(match.group(2), match.group(3), match.group("mod"))]
        out.append(_Value(match.start(), match.end(), _indicator(rest[previous:match.start()]), match.group("verb"), numbers))
        previous = match.end()
    if not out:
        for match in _PLAIN.finditer(rest):
            what = match.group("what_before") or match.group("what_after") or ""
            out.append(_Value(match.start(), match.end(), _indicator(match.group("verb") + what), match.group("verb"),
                              [(match.group("num") or match.group("num2"), match.group("unit") or match.group("unit2"),
                                match.group("mod"))]))
    if out and baseline:
        out[0].baseline = (int(baseline.group(1)), float(baseline.group(2)))
    if out and ("分别" in rest or len(_years(rest)) > 1):
        tail = rest[out[-1].end:]
        out[-1].numbers += [(m.group(1), m.group(2), m.group(3)) for m in _MORE_VALUES.finditer(tail)]
    return out


def _years(text: str) -> list[int]:
    return list(dict.fromkeys(int(m.group(1)) for m in _YEAR.finditer(_BASELINE.sub("", text))))


def from_sentences(text: str) -> list[Extracted]:
    """Targets in prose. A sentence may hold several, each with its own value;
    a sentence without any year continues the years of the one before it
    (“到2025年，A达到96%。B达到70%。”)."""
    found: list[Extracted] = []
    carried: list[int] = []
    for sentence in (s.strip() for s in _SENTENCE.findall(text)):
        mentioned = _years(sentence)
        years = [] if mentioned else [y for y in carried if y in YEARS]
        current = None
        for clause in _CLAUSE.split(sentence):
            for year in _years(clause):
                if year in YEARS and year not in years:
                    years.append(year)
            for value in _values(clause):
                if value.indicator:
                    current = Extracted(value.indicator, quote=sentence[:160])
                    found.append(current)
                if current is None or _measure(value.numbers[0][1]) == "个百分点":
                    continue
                target_years = [y for y in years if y not in current.goals] or years[-1:]
                for year, (number, unit, mod) in zip(target_years, value.numbers):
                    current.goals[year] = (_comparator(value.verb, mod), float(number))
                    current.measure = current.measure or _measure(unit)
                if value.baseline:
                    current.baseline = value.baseline
        carried = [y for y in YEARS if y in mentioned] or (carried if not mentioned else [])
        carried = carried[-1:] if len(carried) > 1 else carried
    return [e for e in found if e.goals]


def _cells(line: str) -> list[str]:
    return [html.unescape(plain_text(c)).strip() for c in line.strip().strip("|").split("|")]


def _cell_value(cell: str) -> tuple[str, float, str] | None:
    match = re.search(rf"(≥|≤|>=|<=|＞|＜|>|<)?\s*{_NUMBER}\s*(及以上|以上|以内|以下|左右)?", cell)
    if not match:
        return None
    sign, number, unit, mod = match.groups()
    comparator = {"≥": "≥", ">=": "≥", ">": "≥", "＞": "≥", "≤": "≤", "<=": "≤", "<": "≤", "＜": "≤"}.get(sign or "")
    return comparator or _comparator("", mod), float(number), _measure(unit)


def from_tables(markdown: str) -> list[Extracted]:
    found, lines = [], markdown.splitlines()
    for n, line in enumerate(lines):
        if not (line.startswith("|") and n + 1 < len(lines) and re.match(r"^\|[-:| ]+\|$", lines[n + 1].strip())):
            continue
        header = _cells(line)
        columns = {year: next((i for i, h in enumerate(header) if str(year) in h), None) for year in YEARS}
        if None in columns.values():
            continue
        name_col = next((i for i, h in enumerate(header) if re.search("指标|名称|项目", h)),
                        next((i for i, h in enumerate(header) if h and "序号" not in h), 0))
        unit_col = next((i for i, h in enumerate(header) if "单位" in h), None)
        base_col = next((i for i, h in enumerate(header) if re.search(r"20[12]\d|基期|现状|基数", h)), None)
        for row_line in lines[n + 2:]:
            if not row_line.startswith("|"):
                break
            row = _cells(row_line)
            if len(row) != len(header) or not row[name_col]:
                continue
            unit_in_name = re.search(r"[（(]([^）)]{1,6})[）)]\s*$", row[name_col])
            item = Extracted(re.sub(r"[（(][^）)]*[）)]\s*$", "", row[name_col]).strip(), quote=" | ".join(row)[:160])
            item.measure = (row[unit_col] if unit_col is not None else "") or (unit_in_name.group(1) if unit_in_name else "")
            for year, col in columns.items():
                parsed = _cell_value(row[col])
                if parsed:
                    item.goals[year] = parsed[:2]
                    item.measure = item.measure or parsed[2]
            if base_col is not None and (parsed := _cell_value(row[base_col])):
                year = re.search(r"20[12]\d", header[base_col])
                item.baseline = (int(year.group()) if year else 2020, parsed[1])
            item.measure = _measure(item.measure.replace("％", "%"))
            if item.goals:
                found.append(item)
    return found


def extract_targets(markdown: str) -> list[Extracted]:
    """Tables first, then sentences; one entry per indicator."""
    merged: dict[str, Extracted] = {}
    prose = "\n".join(line for line in markdown.splitlines() if not line.startswith("|"))
    for item in from_tables(markdown) + from_sentences(plain_text(prose)):
        key = normalise_name(item.indicator)
        if key in merged:
            known = merged[key]
            for year, goal in item.goals.items():
                known.goals.setdefault(year, goal)
            known.baseline = known.baseline or item.baseline
            known.measure = known.measure or item.measure
        else:
            merged[key] = item
    return list(merged.values())


def normalise_name(name: str) -> str:
    """For matching indicator names: no spaces, punctuation or brackets."""
    name = re.sub(r"[（(][^）)]*[）)]", "", name)
    return re.sub(r"[\s，、。：:；;“”\"'（）()《》]", "", name)
