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
_LOWER_VERBS = ("不高于", "不超过", "低于", "控制在", "降至", "降低到", "降低至", "下降到", "下降至", "减少到", "减少至")
_HIGHER_VERBS = ("不低于", "不少于", "超过", "突破", "高于")
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
    if mod in ("以上", "及以上") or verb in _HIGHER_VERBS or verb.endswith(("到", "至")) or verb in ("达到", "达", "增至"):
        return "≥"
    return "="


def _measure(unit: str | None) -> str:
    return {"％": "%"}.get(unit or "", unit or "")


def _indicator(text: str) -> str:
    text = _YEAR.sub("", text)
    text = _TRAILING.sub("", _FILLER.sub("", text))
    text = re.sub(r"[（(][^）)]*[）)]$", "", text).strip()
    return text if len(re.findall(r"[\u4e00-\u9fff]", text)) >= 2 else ""


def from_sentences(text: str) -> list[Extracted]:
    found: list[Extracted] = []
    for sentence in (s.strip() for s in _SENTENCE.findall(text)):
        indicator, years, current = "", [], None
        for clause in _CLAUSE.split(sentence):
            baseline = _BASELINE.search(clause)
            rest = _BASELINE.sub("", clause)
            for match in _YEAR.finditer(rest):
                year = int(match.group(1))
                if year in YEARS and year not in years:
                    years.append(year)
            value = _VALUE.search(rest)
            if not value:
                continue
            named = _indicator(rest[:value.start()] if not baseline else clause[:baseline.start()])
            if named:
                indicator = named
                current = Extracted(indicator, quote=sentence[:160])
                found.append(current)
            if current is None or _measure(value.group(3)) == "个百分点":
                continue
            target_years = [y for y in years if y not in current.goals] or years[-1:]
            values = [(value.group(2), value.group(3), value.group("mod"))]
            if "分别" in rest or len(target_years) > 1:
                values += [(m.group(1), m.group(2), m.group(3)) for m in _MORE_VALUES.finditer(rest[value.end():])]
            for year, (number, unit, mod) in zip(target_years, values):
                current.goals[year] = (_comparator(value.group("verb"), mod or value.group("mod")), float(number))
                current.measure = current.measure or _measure(unit)
            if baseline:
                current.baseline = (int(baseline.group(1)), float(baseline.group(2)))
            years = [y for y in years if y not in current.goals]
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
