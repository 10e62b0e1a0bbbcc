"""The one model of data/*.yml: load, validate, and nothing else.

Every other module (macros, check, export, release) reads data through
`load_model()`. Problems are collected as `Finding`s, each naming the file,
the line, the field and the fix, and raised together as `DataError`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.errors import DataError, Finding, UsageError, did_you_mean  # noqa: F401  (DataError, Finding re-exported)
from scripts.fields import FieldReader
from scripts.intake.registry import read_registry
from scripts.yamlio import LocatedDict, YamlSyntaxError, load_yaml

DATA_FILES = ("plan.yml", "stages.yml", "targets.yml", "topics.yml", "schedule.yml", "units.yml")
TARGET_YEARS = (2025, 2035)
STATUSES = ("已确定", "待核定", "示例")
TARGET_LEVELS = ("市级", "区级", "行业")     # whose target: the city's, a district's, an industry's
UNIT_STATUSES = ("已确定", "示例")
DIRECTIONS = {"higher": ("≥", "="), "lower": ("≤", "=")}
STAGE_STATUSES = ("planned", "current", "released")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class Bound:
    comparator: str
    value: float


@dataclass(frozen=True)
class Target:
    id: str
    name: str
    unit: str
    direction: str
    category: str
    chapter: str
    baseline_year: int
    baseline: float
    goals: dict  # {2025: Bound, 2035: Bound}
    responsible: tuple
    source: str
    status: str
    national: float | None = None
    national_source: str = ""
    line: int = 0
    serves: tuple = ()       # ids of higher-level goals (data/alignment.yml) this target serves
    serves_line: int = 0

    @property
    def confirmed(self) -> bool:
        return self.status == "已确定"


@dataclass(frozen=True)
class Consultation:
    start: dt.date
    end: dt.date
    channels: tuple


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    title_suffix: str
    planned: str
    date: dt.date | None
    status: str
    consultation: Consultation | None = None
    readers: str = ""        # who this draft is for, said on the home page


@dataclass(frozen=True)
class Topic:
    number: int
    title: str
    scope: str


@dataclass(frozen=True)
class Step:
    id: str
    phase: str
    name: str
    period: str
    start: dt.date
    deadline: dt.date
    owner: str
    output: str


@dataclass(frozen=True)
class UnitKind:
    id: str
    name: str
    submission: str
    level: str = "市级"      # the level of the targets its units propose (TARGET_LEVELS)


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str
    status: str = "已确定"   # 示例: a placeholder entry the notice does not name

    @property
    def label(self) -> str:
        return self.name + ("（示例）" if self.status == "示例" else "")


@dataclass(frozen=True)
class Plan:
    title: str
    short_title: str
    drafting_body: str
    issuing_office: str
    secretariat: str
    source_notice: str
    current_stage: str
    contacts: tuple
    email: str


@dataclass
class Model:
    plan: Plan
    stages: list[Stage]
    targets: dict[str, Target]
    topics: list[Topic]
    steps: list[Step]
    kinds: list[UnitKind]
    units: list[Unit]
    root: Path = field(default=Path("."))
    # optional registries written by `plan intake` (scripts/intake/registry.py)
    submissions: list = field(default_factory=list)   # Revision, data/submissions.yml
    proposals: list = field(default_factory=list)     # Proposal, data/proposals.yml

    def stage(self, stage_id: str | None = None) -> Stage:
        """The named stage, or the current one from data/plan.yml; UsageError (exit 2) for an unknown id."""
        wanted = stage_id or self.plan.current_stage
        for stage in self.stages:
            if stage.id == wanted:
                return stage
        known = [s.id for s in self.stages]
        raise UsageError(f"未知的阶段“{wanted}”{did_you_mean(wanted, known)}，可选：{'、'.join(known)}")

    def stage_on(self, day: dt.date) -> Stage:
        """The stage whose text a comment received on `day` is about: the one whose
        consultation window holds the day, else the latest released by then, else the current one."""
        for stage in self.stages:
            if stage.consultation and stage.consultation.start <= day <= stage.consultation.end:
                return stage
        released = [s for s in self.stages if s.date and s.date <= day and s.status == "released"]
        return released[-1] if released else self.stage()

    @property
    def finished(self) -> bool:
        """报批稿 released: the drafting process has ended, no stage is current."""
        return bool(self.stages) and all(s.status == "released" for s in self.stages)

    def document_title(self, stage_id: str | None = None) -> str:
        return self.plan.title + self.stage(stage_id).title_suffix


def _line(node) -> int:
    return getattr(node, "line", 0)


def load_model(root: Path | str = ".") -> Model:
    """Load and validate all of data/. Raises DataError listing every problem."""
    root = Path(root)
    raw, findings = {}, []
    for name in DATA_FILES:
        path = root / "data" / name
        try:
            raw[name] = load_yaml(path)
        except FileNotFoundError:
            findings.append(Finding(f"data/{name}", 0, "文件", "文件不存在", "请从版本库恢复该文件"))
        except YamlSyntaxError as err:
            findings.append(Finding(f"data/{name}", err.line, "YAML", err.problem,
                                    "请检查该行及上一行的缩进、冒号后的空格和引号是否成对"))
    if findings:
        raise DataError(findings)

    readers = {name: FieldReader(f"data/{name}") for name in DATA_FILES}
    stages = _read_stages(readers["stages.yml"], raw["stages.yml"])
    plan = _read_plan(readers["plan.yml"], raw["plan.yml"])
    targets = _read_targets(readers["targets.yml"], raw["targets.yml"])
    topics = _read_topics(readers["topics.yml"], raw["topics.yml"])
    steps = _read_steps(readers["schedule.yml"], raw["schedule.yml"])
    kinds, units = _read_units(readers["units.yml"], raw["units.yml"])
    findings = [f for r in readers.values() for f in r.findings]
    if findings:
        raise DataError(findings)

    model = Model(plan, stages, targets, topics, steps, kinds, units, root)
    findings = cross_check(model, raw)
    if findings:
        raise DataError(findings)
    findings = read_registry(root, model)
    if findings:
        raise DataError(findings)
    return model


def _read_plan(r: FieldReader, doc) -> Plan:
    contacts = tuple(
        (r.get(c, "name", str, "contacts[]", default=""), str(r.get(c, "phone", (str, int), "contacts[]", default="")))
        for c in r.items(doc, "contacts")
    )
    return Plan(
        title=r.get(doc, "title", str, "plan", default=""),
        short_title=r.get(doc, "short_title", str, "plan", default=""),
        drafting_body=r.get(doc, "drafting_body", str, "plan", default=""),
        issuing_office=r.get(doc, "issuing_office", str, "plan", default=""),
        secretariat=r.get(doc, "secretariat", str, "plan", default=""),
        source_notice=r.get(doc, "source_notice", str, "plan", default=""),
        current_stage=r.get(doc, "current_stage", str, "plan", default=""),
        contacts=contacts,
        email=r.get(doc, "email", str, "plan", default=""),
    )


def _read_stages(r: FieldReader, doc) -> list[Stage]:
    stages = []
    for i, node in enumerate(r.items(doc, "stages")):
        where = f"stages[{i}]"
        consultation = None
        window = r.get(node, "consultation", dict, where, required=False)
        if window is not None:
            consultation = Consultation(
                start=r.get(window, "start", dt.date, f"{where}.consultation"),
                end=r.get(window, "end", dt.date, f"{where}.consultation"),
                channels=tuple(r.get(window, "channels", list, f"{where}.consultation", default=[])),
            )
            if consultation.start and consultation.end and consultation.end < consultation.start:
                r.report(window.line_of("end"), f"{where}.consultation.end", "征求意见截止日期早于开始日期",
                         "请把 end 改为不早于 start 的日期")
        status = r.get(node, "status", str, where, default="planned")
        if status not in STAGE_STATUSES:
            r.report(node.line_of("status"), f"{where}.status", f"未知状态“{status}”",
                     f"请改为 {' / '.join(STAGE_STATUSES)} 之一")
        stages.append(Stage(
            id=r.get(node, "id", str, where, default=f"stage{i}"),
            name=r.get(node, "name", str, where, default=""),
            title_suffix=r.get(node, "title_suffix", str, where, default=""),
            planned=str(r.get(node, "planned", (str, dt.date), where, default="")),
            date=r.get(node, "date", dt.date, where, required=False),
            status=status,
            consultation=consultation,
            readers=r.get(node, "readers", str, where, required=False, default=""),
        ))
    return stages


def _read_bound(r: FieldReader, node, key: str, where: str) -> Bound | None:
    goal = r.get(node, key, dict, where)
    if goal is None:
        return None
    comparator = r.get(goal, "comparator", str, f"{where}.{key}", default="")
    value = r.get(goal, "value", float, f"{where}.{key}")
    if comparator not in ("≥", "≤", "="):
        r.report(goal.line_of("comparator"), f"{where}.{key}.comparator", f"比较符“{comparator}”无效",
                 "请使用 ≥、≤ 或 =")
    return Bound(comparator, value) if value is not None else None


def _read_targets(r: FieldReader, doc) -> dict[str, Target]:
    targets: dict[str, Target] = {}
    for i, node in enumerate(r.items(doc, "targets")):
        where = f"targets[{i}]"
        target_id = r.get(node, "id", str, where, default="")
        if target_id:
            where = f"targets[{i}]（{target_id}）"
        baseline = r.get(node, "baseline", dict, where, default=LocatedDict())
        national = r.get(node, "national", dict, where, required=False)
        direction = r.get(node, "direction", str, where, default="higher")
        status = r.get(node, "status", str, where, default="")
        if direction not in DIRECTIONS:
            r.report(node.line_of("direction"), f"{where}.direction", f"方向“{direction}”无效",
                     "请改为 higher（越大越好）或 lower（越小越好）")
        if status and status not in STATUSES:
            r.report(node.line_of("status"), f"{where}.status", f"状态“{status}”无效",
                     f"请改为 {' / '.join(STATUSES)} 之一")
        if target_id and not ID_PATTERN.match(target_id):
            r.report(node.line_of("id"), f"{where}.id", "标识只能用小写字母、数字、下划线和连字符",
                     "请改用如 manufacturing_pass_rate 的写法")
        if target_id in targets:
            r.report(node.line_of("id"), f"{where}.id", f"标识“{target_id}”重复（第 {targets[target_id].line} 行已使用）",
                     "请为该指标另取一个唯一标识")
            continue
        name = r.get(node, "name", str, where, default="")
        twin = next((t for t in targets.values() if name and t.name == name), None)
        if twin is not None:
            r.report(node.line_of("name"), f"{where}.name", f"指标名称“{name}”与第 {twin.line} 行的 {twin.id} 重复",
                     "同一指标只登记一次；如确是两个指标，请在名称中写明区别")
        responsible = r.get(node, "responsible", list, where, default=[])
        if any(not isinstance(unit, str) for unit in responsible):
            r.report(node.line_of("responsible"), f"{where}.responsible", "责任单位列表中有嵌套的列表或映射",
                     "请写成一层列表，如 responsible: [市市场监管局, 市统计局]")
            responsible = [u for u in responsible if isinstance(u, str)]
        goals = {year: _read_bound(r, node, f"target_{year}", where) for year in TARGET_YEARS}
        targets[target_id] = Target(
            id=target_id,
            name=name,
            unit=str(r.get(node, "unit", str, where, default="")),
            direction=direction,
            category=r.get(node, "category", str, where, default=""),
            chapter=r.get(node, "chapter", str, where, default=""),
            baseline_year=r.get(baseline, "year", int, f"{where}.baseline", default=0),
            baseline=r.get(baseline, "value", float, f"{where}.baseline", default=0.0),
            goals=goals,
            responsible=tuple(responsible),
            source=r.get(node, "source", str, where, default=""),
            status=status,
            national=r.get(national, "value", float, f"{where}.national") if national is not None else None,
            national_source=r.get(national, "source", str, f"{where}.national", default="") if national is not None else "",
            line=node.line if isinstance(node, LocatedDict) else 0,
            serves=tuple(str(s) for s in r.get(node, "serves", list, where, required=False, default=[]) or ()),
            serves_line=node.line_of("serves") if isinstance(node, LocatedDict) and "serves" in node else 0,
        )
    return targets


def _read_topics(r: FieldReader, doc) -> list[Topic]:
    return [Topic(number=r.get(n, "number", int, f"topics[{i}]", default=i + 1),
                  title=r.get(n, "title", str, f"topics[{i}]", default=""),
                  scope=r.get(n, "scope", str, f"topics[{i}]", default=""))
            for i, n in enumerate(r.items(doc, "topics"))]


def _read_steps(r: FieldReader, doc) -> list[Step]:
    steps = []
    for p, phase in enumerate(r.items(doc, "phases")):
        phase_name = r.get(phase, "name", str, f"phases[{p}]", default="")
        for s, node in enumerate(r.items(phase, "steps")):
            where = f"phases[{p}].steps[{s}]"
            step = Step(
                id=r.get(node, "id", str, where, default=""),
                phase=phase_name,
                name=r.get(node, "name", str, where, default=""),
                period=r.get(node, "period", str, where, default=""),
                start=r.get(node, "start", dt.date, where),
                deadline=r.get(node, "deadline", dt.date, where),
                owner=r.get(node, "owner", str, where, default=""),
                output=r.get(node, "output", str, where, default=""),
            )
            if step.start and step.deadline and step.deadline < step.start:
                r.report(node.line_of("deadline"), f"{where}.deadline", "截止日期早于开始日期",
                         "请把 deadline 改为不早于 start 的日期")
            steps.append(step)
    return steps


def _read_units(r: FieldReader, doc) -> tuple[list[UnitKind], list[Unit]]:
    kinds = [UnitKind(id=r.get(n, "id", str, f"kinds[{i}]", default=""),
                      name=r.get(n, "name", str, f"kinds[{i}]", default=""),
                      submission=r.get(n, "submission", str, f"kinds[{i}]", default="material"),
                      level=r.get(n, "level", str, f"kinds[{i}]", required=False, default="市级"))
             for i, n in enumerate(r.items(doc, "kinds"))]
    for i, (kind, node) in enumerate(zip(kinds, r.items(doc, "kinds"))):
        if kind.level not in TARGET_LEVELS:
            r.report(node.line_of("level"), f"kinds[{i}].level", f"目标层级“{kind.level}”无效",
                     f"请改为 {' / '.join(TARGET_LEVELS)} 之一")
    known_kinds = {k.id for k in kinds}
    units, seen = [], {}
    for i, node in enumerate(r.items(doc, "units")):
        unit = Unit(id=r.get(node, "id", str, f"units[{i}]", default=""),
                    name=r.get(node, "name", str, f"units[{i}]", default=""),
                    kind=r.get(node, "kind", str, f"units[{i}]", default=""),
                    status=r.get(node, "status", str, f"units[{i}]", required=False, default="已确定"))
        if unit.status not in UNIT_STATUSES:
            r.report(node.line_of("status"), f"units[{i}].status", f"状态“{unit.status}”无效",
                     f"请改为 {' / '.join(UNIT_STATUSES)} 之一（省略即为已确定）")
        if unit.kind and unit.kind not in known_kinds:
            r.report(node.line_of("kind"), f"units[{i}].kind", f"未知的单位类别“{unit.kind}”{did_you_mean(unit.kind, known_kinds)}",
                     f"请改为 {'、'.join(sorted(known_kinds))} 之一，或先在 kinds 中增加该类别")
        if unit.id in seen:
            r.report(node.line_of("id"), f"units[{i}].id", f"单位标识“{unit.id}”重复（第 {seen[unit.id]} 行已使用）",
                     "请为该单位另取一个唯一标识")
        seen[unit.id] = node.line_of("id") if isinstance(node, LocatedDict) else 0
        units.append(unit)
    return kinds, units


def cross_check(model: Model, raw: dict) -> list[Finding]:
    """Rules that relate fields to each other or files to files."""
    findings: list[Finding] = []
    stage_ids = [s.id for s in model.stages]
    plan_doc = raw["plan.yml"]
    if model.plan.current_stage not in stage_ids:
        findings.append(Finding("data/plan.yml", plan_doc.line_of("current_stage"), "current_stage",
                                f"当前阶段“{model.plan.current_stage}”不在 data/stages.yml 中",
                                f"请改为 {'、'.join(stage_ids)} 之一"))
    current = [s for s in model.stages if s.status == "current"]
    named = next((s for s in model.stages if s.id == model.plan.current_stage), None)
    finished = bool(model.stages) and named is model.stages[-1] and all(s.status == "released" for s in model.stages)
    if named is not None and not finished and (len(current) != 1 or current[0] is not named):
        others = "、".join(s.id for s in current) or "无"
        findings.append(Finding("data/stages.yml", raw["stages.yml"].line_of("stages"), "stages.status",
                                f"data/plan.yml 的当前阶段是 {named.id}，但 status 为 current 的阶段是：{others}",
                                f"请只把 {named.id} 的 status 设为 current，其余为 planned 或 released"))
    for dup in {i for i in stage_ids if stage_ids.count(i) > 1}:
        findings.append(Finding("data/stages.yml", 0, "stages.id", f"阶段标识“{dup}”重复", "每个阶段的 id 必须唯一"))
    nodes = {n.get("id"): n for n in raw["targets.yml"].get("targets", []) if isinstance(n, dict)}
    for target in model.targets.values():
        findings += _check_target(target, nodes.get(target.id, LocatedDict()))
    return findings


def _check_target(t: Target, node: LocatedDict) -> list[Finding]:
    out: list[Finding] = []

    def report(key: str, message: str, fix: str) -> None:
        line = node.line_of(key) if isinstance(node, LocatedDict) and node else t.line
        out.append(Finding("data/targets.yml", line, f"{t.id}.{key}", message, fix))

    better = (lambda a, b: a >= b) if t.direction == "higher" else (lambda a, b: a <= b)
    word = "越大越好" if t.direction == "higher" else "越小越好"
    allowed = DIRECTIONS.get(t.direction, ())
    for year, goal in t.goals.items():
        if goal is None:
            continue
        key = f"target_{year}"
        if goal.comparator not in allowed:
            report(key, f"比较符“{goal.comparator}”与方向 {t.direction}（{word}）不一致",
                   f"请改用 {' 或 '.join(allowed)}，或更正 direction")
        if not better(goal.value, t.baseline):
            report(key, f"{year}年目标 {goal.value:g} 比基期值 {t.baseline:g} 退步（指标{word}）",
                   "请核对目标值、基期值或 direction")
    g25, g35 = t.goals.get(2025), t.goals.get(2035)
    if g25 and g35 and not better(g35.value, g25.value):
        relation = "低于" if t.direction == "higher" else "高于"
        report("target_2035", f"2035年目标 {g35.value:g} {relation}2025年目标 {g25.value:g}（指标{word}）",
               "请核对两个时间节点的目标值")
    if t.national is not None and g25 and not better(g25.value, t.national):
        report("target_2025", f"本市2025年目标 {g25.value:g} 不及国家参考值 {t.national:g}（{t.national_source}）",
               "本市目标应不低于国家要求，请提高目标或在 national 中更正参考值")
    return out
