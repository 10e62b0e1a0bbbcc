"""data/submissions.yml (what was received) and data/proposals.yml (targets
proposed in unit materials): typed, validated with file:line, appended in place.

Both files are written by `plan intake`; proposals may be edited by hand
(wording, status 不采纳). A proposal counts as adopted when a target in
data/targets.yml names it in its source (see scripts/intake/adopt.py).
Loaded by scripts.model.load_model; a missing file means “nothing yet”.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.errors import Finding
from scripts.fields import FieldReader
from scripts.intake.note import LEVELS, Note
from scripts.yamlio import LocatedDict, YamlSyntaxError, load_yaml

SUBMISSIONS = "submissions.yml"
PROPOSALS = "proposals.yml"
KINDS = {"material": "质量发展材料", "report": "课题研究报告"}
PROPOSAL_STATUSES = ("待审", "不采纳")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_PROPOSAL_ID = re.compile(r"^[a-z][a-z0-9_-]*-r\d+-\d+$")


@dataclass(frozen=True)
class Revision:
    unit: str
    revision: int
    kind: str
    topic: int | None
    title: str
    received: dt.date
    source_name: str
    sha256: str
    original: str          # path of the kept original, relative to the project
    chars: int
    notes: tuple           # Note, …
    line: int = 0
    amended: tuple = ()    # corrections made with plan intake --amend: ({"date": …, "change": …}, …)

    def page(self, latest: bool) -> str:
        """Path under docs/: the latest revision is <unit>.md, earlier ones <unit>.rN.md."""
        stem = self.unit if latest else f"{self.unit}.r{self.revision}"
        return f"reports/{self.kind}/{stem}.md"

    def count(self, level: str) -> int:
        return sum(1 for n in self.notes if n.level == level)


@dataclass(frozen=True)
class Proposal:
    id: str
    unit: str
    revision: int
    indicator: str
    measure: str
    goals: dict            # {2025: (comparator, value)} for the years given
    baseline: tuple | None
    quote: str
    status: str
    line: int = 0


def revisions_by_unit(submissions: list[Revision]) -> dict[str, list[Revision]]:
    by_unit: dict[str, list[Revision]] = {}
    for rev in submissions:
        by_unit.setdefault(rev.unit, []).append(rev)
    return by_unit


def latest(submissions: list[Revision]) -> dict[str, Revision]:
    return {unit: revs[-1] for unit, revs in revisions_by_unit(submissions).items()}


# libyaml's emitter writes what PyYAML's pure-Python one writes, several times faster
FastDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# --- reading --------------------------------------------------------------

def read_registry(root: Path, model) -> list:
    """Fill model.submissions and model.proposals; return the findings."""

    findings = []
    docs = {}
    for name in (SUBMISSIONS, PROPOSALS):
        path = root / "data" / name
        try:
            docs[name] = load_yaml(path) if path.exists() else {}
        except YamlSyntaxError as err:
            findings.append(Finding(f"data/{name}", err.line, "YAML", err.problem,
                                    "请检查该行及上一行的缩进、冒号后的空格和引号是否成对"))
    if findings:
        return findings
    r = FieldReader(f"data/{SUBMISSIONS}")
    model.submissions = _read_submissions(r, docs[SUBMISSIONS] or {}, model, root)
    p = FieldReader(f"data/{PROPOSALS}")
    model.proposals = _read_proposals(p, docs[PROPOSALS] or {}, model)
    return r.findings + p.findings


def _read_submissions(r, doc, model, root: Path) -> list[Revision]:
    units = {u.id for u in model.units}
    topics = {t.number for t in model.topics}
    out, counts = [], {}
    for i, node in enumerate(r.get(doc, "submissions", list, "submissions", required=False) or []):
        where = f"submissions[{i}]"
        line = lambda key: node.line_of(key) if isinstance(node, LocatedDict) else 0
        unit = r.get(node, "unit", str, where, default="")
        if not isinstance(node, dict):
            continue
        revision = r.get(node, "revision", int, where, default=0)
        kind = r.get(node, "kind", str, where, default="material")
        topic = r.get(node, "topic", int, where, required=False)
        sha = r.get(node, "sha256", str, where, default="")
        original = r.get(node, "original", str, where, default="")
        notes = []
        for j, entry in enumerate(r.get(node, "notes", list, where, required=False) or []):
            level = r.get(entry, "level", str, f"{where}.notes[{j}]", default="提示")
            if level not in LEVELS:
                r.report(line("notes"), f"{where}.notes[{j}].level", f"未知的级别“{level}”", f"请改为 {' / '.join(LEVELS)} 之一")
            notes.append(Note(level, r.get(entry, "text", str, f"{where}.notes[{j}]", default="")))
        if unit and unit not in units:
            r.report(line("unit"), f"{where}.unit", f"单位“{unit}”不在 data/units.yml 中", "请核对单位标识，或先在 units.yml 中增加该单位")
        if kind not in KINDS:
            r.report(line("kind"), f"{where}.kind", f"材料类型“{kind}”无效", "请改为 material 或 report")
        if topic is not None and topic not in topics:
            r.report(line("topic"), f"{where}.topic", f"课题编号 {topic} 不在 data/topics.yml 中", "请改为 1—10 之一，或删去 topic")
        expected = counts.get(unit, 0) + 1
        if unit and revision != expected:
            r.report(line("revision"), f"{where}.revision", f"单位“{unit}”的版次应为 {expected}，实际是 {revision}",
                     "版次须从 1 起按报送先后连续编号，请核对")
        counts[unit] = revision
        if sha and not _SHA256.match(sha):
            r.report(line("sha256"), f"{where}.sha256", "不是 64 位十六进制的 SHA-256 值", "请从原件重新计算，或用 plan intake 重新登记")
        if original and not (root / original).is_file():
            r.report(line("original"), f"{where}.original", f"原件 {original} 不存在", "请从版本库恢复该文件")
        rev = Revision(unit=unit, revision=revision, kind=kind, topic=topic,
                       title=r.get(node, "title", str, where, default=""),
                       received=r.get(node, "received", dt.date, where, default=dt.date(1970, 1, 1)),
                       source_name=r.get(node, "source_name", str, where, default=""), sha256=sha,
                       original=original, chars=r.get(node, "chars", int, where, required=False, default=0),
                       notes=tuple(notes), line=node.line if isinstance(node, LocatedDict) else 0,
                       amended=tuple({"date": r.get(a, "date", dt.date, f"{where}.amended[{j}]", default=dt.date(1970, 1, 1)),
                                      "change": r.get(a, "change", str, f"{where}.amended[{j}]", default="")}
                                     for j, a in enumerate(r.get(node, "amended", list, where, required=False) or [])))
        out.append(rev)
    last = latest(out)
    for rev in out:
        page = root / "docs" / rev.page(last.get(rev.unit) is rev)
        if rev.unit in units and not page.is_file():
            r.report(rev.line, f"submissions（{rev.unit} 第{rev.revision}版）", f"页面 docs/{rev.page(last[rev.unit] is rev)} 不存在",
                     "请从版本库恢复该页面；不要手工改名或删除 docs/reports/ 下的页面")
    return out


def _read_goal(r, node, key: str, where: str):
    goal = r.get(node, key, dict, where, required=False)
    if goal is None:
        return None
    comparator = r.get(goal, "comparator", str, f"{where}.{key}", default="≥")
    value = r.get(goal, "value", float, f"{where}.{key}")
    if comparator not in ("≥", "≤", "="):
        r.report(goal.line_of("comparator"), f"{where}.{key}.comparator", f"比较符“{comparator}”无效", "请使用 ≥、≤ 或 =")
    return (comparator, value) if value is not None else None


def _read_proposals(r, doc, model) -> list[Proposal]:
    revisions = {(s.unit, s.revision) for s in model.submissions}
    out, seen = [], {}
    for i, node in enumerate(r.get(doc, "proposals", list, "proposals", required=False) or []):
        where = f"proposals[{i}]"
        if not isinstance(node, dict):
            r.get(node, "id", str, where)
            continue
        pid = r.get(node, "id", str, where, default="")
        unit = r.get(node, "unit", str, where, default="")
        revision = r.get(node, "revision", int, where, default=0)
        status = r.get(node, "status", str, where, default="待审")
        goals = {year: g for year in (2025, 2035) if (g := _read_goal(r, node, f"target_{year}", where))}
        baseline = r.get(node, "baseline", dict, where, required=False)
        if pid in seen:
            r.report(node.line_of("id"), f"{where}.id", f"建议编号“{pid}”重复（第 {seen[pid]} 行已使用）", "请为该建议另取编号")
        elif pid and not _PROPOSAL_ID.match(pid):
            r.report(node.line_of("id"), f"{where}.id", f"建议编号“{pid}”格式不对", "应为 单位标识-r版次-序号，如 pudong-r1-2")
        seen[pid] = node.line_of("id")
        if (unit, revision) not in revisions:
            r.report(node.line_of("unit"), f"{where}.unit", f"data/submissions.yml 中没有“{unit}”第{revision}版",
                     "请核对 unit 与 revision")
        if status not in PROPOSAL_STATUSES:
            r.report(node.line_of("status"), f"{where}.status", f"状态“{status}”无效",
                     f"请改为 {' / '.join(PROPOSAL_STATUSES)} 之一（采纳请用 plan adopt，状态由 data/targets.yml 自动判断）")
        if not goals:
            r.report(node.line, where, "没有 target_2025 或 target_2035", "请至少写一个年份的目标，或删去该建议")
        out.append(Proposal(
            id=pid, unit=unit, revision=revision, indicator=r.get(node, "indicator", str, where, default=""),
            measure=str(r.get(node, "measure", (str, int, float), where, required=False, default="")), goals=goals,
            baseline=((r.get(baseline, "year", int, f"{where}.baseline", default=0),
                       r.get(baseline, "value", float, f"{where}.baseline", default=0.0)) if baseline else None),
            quote=r.get(node, "quote", str, where, required=False, default=""), status=status,
            line=node.line if isinstance(node, LocatedDict) else 0))
    return out


# --- appending --------------------------------------------------------------

def _block(entry: dict, indent: int) -> str:
    """One list item as YAML text, its dash at column `indent`."""
    text = yaml.dump([entry], Dumper=FastDumper, allow_unicode=True, sort_keys=False, default_flow_style=None,
                     width=10_000)
    return "".join(" " * indent + line + "\n" for line in text.splitlines())


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(.*)$")


def append_entries(text: str, key: str, entries: list[dict]) -> str:
    """`text` with entries added at the end of its top-level list `key`
    (comments and earlier entries untouched). The list must come last.
    Only the new block is parsed back: the file may be long."""
    if not entries:
        return text
    lines = text.splitlines()
    tops = [(n, m.group(1), m.group(2).split("#")[0].strip()) for n, line in enumerate(lines)
            if (m := _TOP_KEY.match(line))]
    if not tops:
        lines, tops = lines + [f"{key}: []"], [(len(lines), key, "[]")]
    at, last, value = tops[-1]
    if last != key or value not in ("", "[]"):
        raise ValueError(f"{key} 必须是文件中最后一个顶层键，且为块格式的列表")
    items = [line for line in lines[at + 1:] if line.lstrip().startswith("- ")]
    indent = len(items[0]) - len(items[0].lstrip()) if items else 2
    if value == "[]":
        lines[at] = f"{key}:"
    block = "".join(_block(e, indent) for e in entries)
    if (load_yaml(Path(key), f"{key}:\n{block}") or {}).get(key) != entries:
        raise ValueError("追加的内容读回后与登记不符")
    return "\n".join(line for line in lines).rstrip("\n") + "\n" + block


def edit_entries(text: str, starts: list[int], edits: dict[int, dict | None]) -> str:
    """`text` with list items replaced (a dict) or removed (None). `starts`
    are the 1-based first lines of every item of the file's last list, in
    order; `edits` is keyed by those lines. Other lines are kept as they are."""
    lines = text.splitlines(keepends=True)
    bounds = sorted(starts) + [len(lines) + 1]
    out = lines[:bounds[0] - 1]
    for start, end in zip(bounds, bounds[1:]):
        block = lines[start - 1:end - 1]
        if start not in edits:
            out += block
        elif edits[start] is not None:
            indent = len(block[0]) - len(block[0].lstrip())
            out.append(_block(edits[start], indent))
    return "".join(out)


def submission_entry(rev: Revision) -> dict:
    entry = {"unit": rev.unit, "revision": rev.revision, "kind": rev.kind, "topic": rev.topic, "title": rev.title,
             "received": rev.received, "source_name": rev.source_name, "sha256": rev.sha256,
             "original": rev.original, "chars": rev.chars,
             "notes": [{"level": n.level, "text": n.text} for n in rev.notes]}
    if rev.topic is None:
        del entry["topic"]
    if rev.amended:
        entry["amended"] = [dict(a) for a in rev.amended]
    return entry


def proposal_entry(p: Proposal) -> dict:
    entry = {"id": p.id, "unit": p.unit, "revision": p.revision, "indicator": p.indicator, "measure": p.measure}
    for year in (2025, 2035):
        if year in p.goals:
            comparator, value = p.goals[year]
            entry[f"target_{year}"] = {"comparator": comparator, "value": _num(value)}
    if p.baseline:
        entry["baseline"] = {"year": p.baseline[0], "value": _num(p.baseline[1])}
    entry["quote"] = p.quote
    entry["status"] = p.status
    return entry


def _num(value: float):
    return int(value) if float(value).is_integer() else value
