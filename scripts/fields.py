"""Typed fields read from data/'s located YAML mappings, every problem kept as a
Finding with its line. A bottom floor: the data model, the registries of intake
and the 衔接 records all read through it, and it imports none of them."""
from __future__ import annotations

import datetime as dt

from scripts.errors import Finding
from scripts.yamlio import LocatedDict


class FieldReader:
    """Reads typed fields from located mappings, collecting findings."""

    def __init__(self, file: str):
        self.file = file
        self.findings: list[Finding] = []

    def report(self, line: int, field_name: str, message: str, fix: str) -> None:
        self.findings.append(Finding(self.file, line, field_name, message, fix))

    def get(self, node, key: str, kind, where: str, required: bool = True, default=None):
        if not isinstance(node, dict):
            self.report(getattr(node, "line", 0), where, "应为键值映射", "请按 README 中的字段说明改写")
            return default
        line = node.line_of(key) if isinstance(node, LocatedDict) else 0
        if key not in node or node[key] is None:
            if required:
                self.report(line, f"{where}.{key}", "缺少必填字段", f"请补充 {key}")
            return default
        value = node[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind):
            self.report(line, f"{where}.{key}", f"类型应为 {_kind_name(kind)}，实际是“{value}”",
                        f"请把 {key} 改成{_kind_name(kind)}")
            return default
        return value

    def items(self, node, key: str) -> list:
        values = self.get(node, key, list, key, default=[])
        return values or []


def _kind_name(kind) -> str:
    names = {str: "文字", float: "数值", int: "整数", list: "列表", dict: "键值映射",
             dt.date: "日期（YYYY-MM-DD）", bool: "是/否"}
    if isinstance(kind, tuple):
        return "或".join(_kind_name(k) for k in kind)
    return names.get(kind, kind.__name__)
