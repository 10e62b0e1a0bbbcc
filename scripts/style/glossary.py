"""data/glossary.yml: the project's preferred terms and the variants to avoid."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from scripts.model import DataError, Finding
from scripts.style.rules import Hit
from scripts.yamlio import YamlSyntaxError, load_yaml

GLOSSARY = "data/glossary.yml"


@dataclass(frozen=True)
class Term:
    preferred: str
    forbidden: tuple[str, ...]
    allowed: tuple[str, ...] = ()
    reason: str = ""
    auto: bool = False


def _strings(value) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    return None


def load_glossary(root: Path) -> list[Term]:
    """The glossary's terms; a missing file is an empty glossary."""
    path = root / GLOSSARY
    if not path.exists():
        return []
    try:
        data = load_yaml(path)
    except YamlSyntaxError as err:
        raise DataError([Finding(GLOSSARY, err.line, "YAML", err.problem, "请检查缩进、冒号后的空格和引号")]) from None
    entries = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DataError([Finding(GLOSSARY, 1, "terms", "缺少 terms 列表", "按文件开头的说明写 terms: 下的各条")])
    terms, findings = [], []
    for entry in entries:
        line = getattr(entry, "line", 1)
        if not isinstance(entry, dict) or not isinstance(entry.get("preferred"), str) or not _strings(entry.get("forbidden")):
            findings.append(Finding(GLOSSARY, line, "terms", "每一条需要 preferred（文字）和 forbidden（文字或文字列表）",
                                    "补全这一条，或删去"))
            continue
        allowed = _strings(entry.get("allowed", [])) if entry.get("allowed") else ()
        if allowed is None:
            findings.append(Finding(GLOSSARY, entry.line_of("allowed"), "allowed", "应为文字列表", "改为 [说法一, 说法二]"))
            continue
        terms.append(Term(entry["preferred"], _strings(entry["forbidden"]), allowed, str(entry.get("reason", "")),
                          entry.get("auto") is True))
    if findings:
        raise DataError(findings)
    return terms


def term_hits(line: str, terms: list[Term]) -> list[Hit]:
    hits = []
    for term in terms:
        shielded = [(f.start(), f.end()) for phrase in term.allowed for f in re.finditer(re.escape(phrase), line)]
        for variant in term.forbidden:
            for found in re.finditer(re.escape(variant), line):
                if any(a <= found.start() and found.end() <= b for a, b in shielded):
                    continue
                reason = f"（{term.reason}）" if term.reason else ""
                hits.append(Hit("术语", found.start(), found.end(), f"“{variant}”不是本方案的用语{reason}",
                                f"改为“{term.preferred}”", term.preferred if term.auto else None))
    return hits
