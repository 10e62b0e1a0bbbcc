"""data/targets.yml of two versions: indicators added, removed and changed,
old → new values, and whether each goal became more or less ambitious."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import yaml

FIELDS = {                       # compared field → its name for readers
    "name": "名称", "unit": "单位", "direction": "方向", "category": "类别", "chapter": "所在章节",
    "baseline": "基期值", "target_2025": "2025年目标", "target_2035": "2035年目标",
    "status": "状态", "national": "国家参考值", "responsible": "责任单位",
}
GOALS = ("target_2025", "target_2035")
DIRECTION_WORDS = {"higher": "越大越好", "lower": "越小越好"}
AMBITION_WORDS = {"more": "更积极", "less": "有所放宽", "mixed": "有升有降"}


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str
    ambition: str | None = None   # "more" | "less" | None (not a goal, or not comparable)


@dataclass
class TargetDelta:
    id: str
    name: str
    unit: str
    change: str                   # "added" | "removed" | "changed"
    fields: list[FieldChange] = field(default_factory=list)
    ambition: str | None = None   # "more" | "less" | "mixed" | None

    def as_dict(self) -> dict:
        return asdict(self)


def read_targets(text: str | None) -> dict[str, dict]:
    """id → raw entry; unreadable or missing files count as no targets."""
    try:
        data = yaml.load(text or "", Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError:
        return {}
    entries = data.get("targets", []) if isinstance(data, dict) else []
    return {t["id"]: t for t in entries if isinstance(t, dict) and isinstance(t.get("id"), str)}


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def show(field_name: str, value) -> str:
    """A field's value as a reader would write it: ≥95, 2020年 93.8, 越大越好."""
    if value is None or value == "":
        return "—"
    if field_name in GOALS and isinstance(value, dict):
        return f"{value.get('comparator', '')}{_number(value.get('value', ''))}"
    if field_name == "baseline" and isinstance(value, dict):
        return f"{value.get('year', '')}年 {_number(value.get('value', ''))}"
    if field_name == "national" and isinstance(value, dict):
        return _number(value.get("value", ""))
    if field_name == "direction":
        return DIRECTION_WORDS.get(value, str(value))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return _number(value)


def ambition(direction: str | None, old, new) -> str | None:
    """Did a goal's value move the way the indicator improves?"""
    try:
        before, after = float(old["value"]), float(new["value"])
    except (TypeError, KeyError, ValueError):
        return None
    if before == after or direction not in DIRECTION_WORDS:
        return None
    return "more" if (after > before) == (direction == "higher") else "less"


def _overall(changes: list[FieldChange]) -> str | None:
    found = {c.ambition for c in changes if c.ambition}
    return found.pop() if len(found) == 1 else ("mixed" if found else None)


def target_deltas(old_text: str | None, new_text: str | None) -> list[TargetDelta]:
    old, new = read_targets(old_text), read_targets(new_text)
    deltas = []
    for target_id, entry in new.items():
        if target_id not in old:
            fields = [FieldChange(f, FIELDS[f], "—", show(f, entry.get(f))) for f in GOALS]
            deltas.append(TargetDelta(target_id, str(entry.get("name", target_id)), str(entry.get("unit", "")),
                                      "added", fields))
            continue
        before = old[target_id]
        changes = []
        for name, label in FIELDS.items():
            if before.get(name) == entry.get(name):
                continue
            was, now = show(name, before.get(name)), show(name, entry.get(name))
            if was == now:
                continue
            level = ambition(entry.get("direction"), before.get(name), entry.get(name)) if name in GOALS else None
            if before.get("direction") != entry.get("direction"):
                level = None
            changes.append(FieldChange(name, label, was, now, level))
        if changes:
            deltas.append(TargetDelta(target_id, str(entry.get("name", target_id)), str(entry.get("unit", "")),
                                      "changed", changes, _overall(changes)))
    for target_id, entry in old.items():
        if target_id not in new:
            fields = [FieldChange(f, FIELDS[f], show(f, entry.get(f)), "—") for f in GOALS]
            deltas.append(TargetDelta(target_id, str(entry.get("name", target_id)), str(entry.get("unit", "")),
                                      "removed", fields))
    return deltas
