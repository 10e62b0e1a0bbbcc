"""衔接: the plan's targets against the higher-level plans they serve.

data/alignment.yml records the national outline's targets (and, where known,
the municipal 十四五 plan's) with their exact wording and section; each local
target names the goals it serves in data/targets.yml (`serves:`). This module
reads that file, checks the references, and classifies every pair:

- more ambitious / equal / less ambitious (a `plan check` finding) for
  quantitative goals with the same unit, compared by the local direction;
- qualitative goals, listed with their wording;
- higher-level goals no local target serves, listed so the office can decide.

The file is optional, so trees from before it existed still build.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scripts.fields import FieldReader
from scripts.model import STATUSES, Bound, DataError, Finding, Model, Target
from scripts.yamlio import YamlSyntaxError, load_yaml

ALIGNMENT_FILE = "data/alignment.yml"
LEVELS = ("国家", "市级")
MORE, EQUAL, LESS, QUALITATIVE = "更积极", "持平", "低于上级目标", "定性衔接"
VERDICTS = (MORE, EQUAL, LESS, QUALITATIVE)


@dataclass(frozen=True)
class HigherPlan:
    id: str
    name: str
    level: str
    issued: str
    status: str
    checked: str


@dataclass(frozen=True)
class HigherGoal:
    id: str
    plan: HigherPlan
    section: str
    year: int
    wording: str
    bound: Bound | None
    unit: str
    status: str
    line: int


@dataclass(frozen=True)
class Pair:
    target: Target
    goal: HigherGoal
    verdict: str        # one of VERDICTS
    local: str          # the local target's wording, e.g. "≥95%（2025年）"


@dataclass
class Alignment:
    plans: dict[str, HigherPlan] = field(default_factory=dict)
    goals: dict[str, HigherGoal] = field(default_factory=dict)

    def pairs(self, model: Model) -> list[Pair]:
        return [pair for t in model.targets.values() for g in t.serves if g in self.goals
                for pair in [_pair(t, self.goals[g])]]

    def unserved(self, model: Model) -> list[HigherGoal]:
        served = {g for t in model.targets.values() for g in t.serves}
        return [g for g in self.goals.values() if g.id not in served]


def load_alignment(root: Path) -> Alignment:
    """data/alignment.yml, validated; an empty Alignment when the file is absent."""
    path = Path(root) / ALIGNMENT_FILE
    if not path.exists():
        return Alignment()
    try:
        doc = load_yaml(path)
    except YamlSyntaxError as err:
        raise DataError([Finding(ALIGNMENT_FILE, err.line, "YAML", err.problem,
                                 "请检查该行及上一行的缩进、冒号后的空格和引号是否成对")]) from None
    r = FieldReader(ALIGNMENT_FILE)
    alignment = Alignment()
    for i, node in enumerate(r.items(doc, "plans")):
        where = f"plans[{i}]"
        plan = HigherPlan(id=r.get(node, "id", str, where, default=""), name=r.get(node, "name", str, where, default=""),
                          level=r.get(node, "level", str, where, default=""),
                          issued=r.get(node, "issued", str, where, default=""),
                          status=r.get(node, "status", str, where, default="示例"),
                          checked=r.get(node, "checked", str, where, required=False, default=""))
        if plan.level and plan.level not in LEVELS:
            r.report(node.line_of("level"), f"{where}.level", f"层级“{plan.level}”无效", f"请改为 {' / '.join(LEVELS)}")
        if plan.status not in STATUSES:
            r.report(node.line_of("status"), f"{where}.status", f"状态“{plan.status}”无效",
                     f"请改为 {' / '.join(STATUSES)} 之一")
        alignment.plans[plan.id] = plan
    for i, node in enumerate(r.items(doc, "goals")):
        goal = _read_goal(r, node, i, alignment)
        if goal is not None:
            alignment.goals[goal.id] = goal
    if r.findings:
        raise DataError(r.findings)
    return alignment


def _read_goal(r: FieldReader, node, i: int, alignment: Alignment) -> HigherGoal | None:
    where = f"goals[{i}]"
    goal_id = r.get(node, "id", str, where, default="")
    plan_id = r.get(node, "plan", str, where, default="")
    if goal_id in alignment.goals:
        r.report(node.line_of("id"), f"{where}.id", f"标识“{goal_id}”重复（第 {alignment.goals[goal_id].line} 行已使用）",
                 "请为该目标另取一个唯一标识")
        return None
    if plan_id not in alignment.plans:
        r.report(node.line_of("plan") if isinstance(node, dict) else 0, f"{where}.plan",
                 f"未知的上级规划“{plan_id}”", f"请改为 plans 中的 id：{'、'.join(alignment.plans) or '（先在 plans 中登记）'}")
        return None
    value = r.get(node, "value", dict, where, required=False)
    bound = None
    if value is not None:
        comparator = r.get(value, "comparator", str, f"{where}.value", default="")
        number = r.get(value, "value", float, f"{where}.value")
        if comparator not in ("≥", "≤", "="):
            r.report(value.line_of("comparator"), f"{where}.value.comparator", f"比较符“{comparator}”无效", "请使用 ≥、≤ 或 =")
        bound = Bound(comparator, number) if number is not None else None
    plan = alignment.plans[plan_id]
    status = r.get(node, "status", str, where, required=False, default=plan.status)
    if status not in STATUSES:
        r.report(node.line_of("status"), f"{where}.status", f"状态“{status}”无效", f"请改为 {' / '.join(STATUSES)} 之一")
    return HigherGoal(id=goal_id, plan=plan, section=r.get(node, "section", str, where, default=""),
                      year=r.get(node, "year", int, where, default=0), wording=r.get(node, "wording", str, where, default=""),
                      bound=bound, unit=str(r.get(node, "unit", str, where, required=bound is not None, default="")),
                      status=status, line=node.line)


def _pair(target: Target, goal: HigherGoal) -> Pair:
    local_goal = target.goals.get(goal.year)
    local = (f"{local_goal.comparator}{local_goal.value:g}{_unit(target.unit)}（{goal.year}年）"
             if local_goal else "—")
    if goal.bound is None or local_goal is None or goal.unit != target.unit:
        return Pair(target, goal, QUALITATIVE, local)
    a, b = local_goal.value, goal.bound.value
    if a == b:
        verdict = EQUAL
    elif (a > b) == (target.direction == "higher"):
        verdict = MORE
    else:
        verdict = LESS
    return Pair(target, goal, verdict, local)


def _unit(unit: str) -> str:
    return "" if unit in ("", "指数") else unit


def alignment_findings(model: Model, alignment: Alignment) -> list[Finding]:
    """Unknown references, unit mismatches and less ambitious targets, at their line in targets.yml."""
    out = []
    for t in model.targets.values():
        line = t.serves_line or t.line
        for goal_id in t.serves:
            if goal_id not in alignment.goals:
                known = "、".join(alignment.goals) or f"（{ALIGNMENT_FILE} 中尚无目标）"
                out.append(Finding("data/targets.yml", line, f"{t.id}.serves", f"未知的上级目标“{goal_id}”",
                                   f"请改为 {ALIGNMENT_FILE} 中 goals 的 id：{known}"))
                continue
            goal = alignment.goals[goal_id]
            if goal.bound is not None and goal.unit != t.unit:
                out.append(Finding("data/targets.yml", line, f"{t.id}.serves",
                                   f"本市指标单位“{t.unit}”与上级目标 {goal_id} 的单位“{goal.unit}”不同，无法比较",
                                   f"请核对单位，或在 {ALIGNMENT_FILE}:{goal.line} 更正 unit"))
                continue
            if goal.year not in t.goals:
                out.append(Finding("data/targets.yml", line, f"{t.id}.serves",
                                   f"上级目标 {goal_id} 是 {goal.year} 年目标，本市指标没有该年目标",
                                   "请核对所服务的上级目标"))
                continue
            if t.national is not None and goal.bound is not None and t.national != goal.bound.value:
                out.append(Finding("data/targets.yml", line, f"{t.id}.national",
                                   f"国家参考值 {t.national:g} 与所服务的上级目标 {goal_id} 的 {goal.bound.value:g} 不一致",
                                   f"同一个数只写一处：请按 {ALIGNMENT_FILE}:{goal.line} 的原文更正 national，或删去 national"))
            pair = _pair(t, goal)
            if pair.verdict == LESS:
                out.append(Finding("data/targets.yml", line, f"{t.id}.serves",
                                   f"本市{goal.year}年目标 {pair.local} 低于{goal.plan.name}“{goal.wording}”"
                                   f"（{ALIGNMENT_FILE}:{goal.line}）",
                                   "本市目标不应低于上级目标：请提高目标，或说明理由后更正所服务的上级目标"))
    return out


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: tuple[str, ...], widths: tuple[int, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(":" + "-" * w for w in widths) + "|"]
    return "\n".join(lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows])


def _goal_label(goal: HigherGoal) -> str:
    mark = "" if goal.status == "已确定" else f"（{goal.status}）"
    return f"{goal.plan.name}：{goal.wording}{mark}"


def alignment_markdown(model: Model, alignment: Alignment, heading: str = "##") -> str:
    """The 衔接 table as Markdown both Python-Markdown and pandoc read: one table per verdict, then the
    goals without a local counterpart. Every string here is the drafting group's own data."""
    if not alignment.goals:
        return f"尚未在 {ALIGNMENT_FILE} 中登记上级规划目标。"
    pairs = alignment.pairs(model)
    counts = {v: sum(1 for p in pairs if p.verdict == v) for v in VERDICTS}
    unserved = alignment.unserved(model)
    parts = ["共登记上级规划目标 " + f"{len(alignment.goals)} 项，本市指标与之对应 {len(pairs)} 处：" + "，".join(
        f"{v} {counts[v]} 处" for v in VERDICTS) + f"；尚无本市指标对应的上级目标 {len(unserved)} 项。"]
    for verdict in VERDICTS:
        rows = [(n, p.target.name, p.local, _goal_label(p.goal), p.goal.section)
                for n, p in enumerate((p for p in pairs if p.verdict == verdict), 1)]
        if rows:
            parts += [f"{heading} {verdict}", _table(("序号", "本市指标", "本市目标", "上级目标（原文）", "出处"),
                                                    (4, 14, 10, 30, 18), rows)]
    if unserved:
        rows = [(n, _goal_label(g), g.section, f"{g.year}年") for n, g in enumerate(unserved, 1)]
        parts += [f"{heading} 尚无本市指标对应的上级目标",
                  _table(("序号", "上级目标（原文）", "出处", "年份"), (4, 34, 20, 6), rows)]
    notes = [f"{p.name}：{p.checked}" for p in alignment.plans.values() if p.checked]
    if notes:
        parts.append("注：" + "；".join(notes) + "。")
    return "\n\n".join(parts)


def alignment_summary(model: Model, alignment: Alignment) -> list[str]:
    """Plain lines for the terminal (plan check's report)."""
    pairs = alignment.pairs(model)
    lines = []
    for verdict in VERDICTS:
        chosen = [p for p in pairs if p.verdict == verdict]
        if chosen:
            lines.append(f"  {verdict}（{len(chosen)}）：" + "；".join(
                f"{p.target.name} {p.local} ← {p.goal.wording}" for p in chosen))
    unserved = alignment.unserved(model)
    if unserved:
        lines.append(f"  尚无本市指标对应（{len(unserved)}）：" + "；".join(g.wording for g in unserved))
    return lines
