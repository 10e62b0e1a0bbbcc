"""Adopt a target proposal into data/targets.yml.

The YAML is edited as text, at the positions the parser reports, so the
file's comments, anchors, blank lines and flow style all survive. The new
text is loaded with load_model (in a scratch copy of data/) before it is
written; the target's source names the proposal, which is how the proposals
page knows it was adopted. Adopted figures are always 待核定.
"""
from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.atomic import write_bytes
from scripts.errors import Failure, UsageError
from scripts.intake.page import cn_date
from scripts.intake.registry import Proposal
from scripts.intake.targets import normalise_name
from scripts.model import DIRECTIONS, ID_PATTERN, DataError, Model, Target, load_model

TARGETS = "targets.yml"
_NEEDS_QUOTES = re.compile(r"""[,\[\]{}:#&*!|>'"%@`\\]|^[\s?-]|\s$""")
STATUS = "待核定"


@dataclass
class Adoption:
    proposal: str
    target_id: str | None = None     # a new target
    into: str | None = None          # or an existing one
    chapter: str | None = None
    category: str | None = None
    direction: str | None = None
    baseline: tuple | None = None    # (year, value)
    goals: dict | None = None        # {year: (comparator, value)} overriding the proposal
    as_city: bool = False            # the explicit choice to put a district's or an industry's target in the city table
    responsible: tuple = ()          # the city's responsible units, for such a target


def adopted_by(model: Model, proposal_id: str) -> Target | None:
    pattern = re.compile(rf"(?<![\w-]){re.escape(proposal_id)}(?![\w-])")
    return next((t for t in model.targets.values() if pattern.search(t.source)), None)


CITY = "市级"


def unit_level(model: Model, unit_id: str) -> str:
    """市级 / 区级 / 行业: the level of the targets this unit proposes (units.yml kinds.level)."""
    kind = next((u.kind for u in model.units if u.id == unit_id), None)
    return next((k.level for k in model.kinds if k.id == kind), CITY)


def match_target(model: Model, indicator: str) -> Target | None:
    """The city target of (about) the same name, if any."""
    wanted = normalise_name(indicator)
    for target in model.targets.values():
        name = normalise_name(target.name)
        if name == wanted or (min(len(name), len(wanted)) >= 4 and (name in wanted or wanted in name)):
            return target
    return None


def adopt(root: Path, request: Adoption) -> tuple[Target, int]:
    """Write the adoption; returns the target as loaded back and its line."""
    try:
        model = load_model(root)
    except DataError as err:
        raise Failure("data/ 中的数据有误，请先修正（可用 plan check 查看）：\n" + str(err)) from None
    proposal = next((p for p in model.proposals if p.id == request.proposal), None)
    if proposal is None:
        known = "、".join(p.id for p in model.proposals[:8]) or "（尚无，先用 plan intake 登记材料）"
        raise UsageError(f"data/proposals.yml 中没有指标建议“{request.proposal}”。现有：{known}")
    if proposal.status == "不采纳":
        raise UsageError(f"data/proposals.yml:{proposal.line}: 建议 {proposal.id} 的状态为“不采纳”；如要采纳，请先把 status 改为“待审”")
    done = adopted_by(model, proposal.id)
    if done:
        raise Failure(f"建议 {proposal.id} 已采纳为指标 {done.id}（data/targets.yml 第 {done.line} 行），未重复写入")
    goals = {**proposal.goals, **(request.goals or {})}
    unit_name = next(u.name for u in model.units if u.id == proposal.unit)
    _check_options(model, request, proposal, goals, unit_name)
    rev = next(r for r in model.submissions if (r.unit, r.revision) == (proposal.unit, proposal.revision))
    source = f"{unit_name}报送材料第{rev.revision}版（{cn_date(rev.received)}收到），指标建议 {proposal.id}"
    # a district's or an industry's unit is not responsible for a city target
    responsible = list(request.responsible) if unit_level(model, proposal.unit) != CITY else [unit_name]
    path = root / "data" / TARGETS
    text = path.read_text(encoding="utf-8")
    if request.into:
        target_id = request.into
        new_text = _update(text, model, target_id, goals, source, responsible)
    else:
        target_id = request.target_id
        new_text = _append(text, _new_entry(model, request, proposal, goals, source, responsible))
    target = _validated(root, new_text, target_id, goals)
    write_bytes(path, new_text.encode("utf-8"))
    return target, target.line


# --- a new target -----------------------------------------------------------

def _check_options(model: Model, request: Adoption, proposal: Proposal, goals: dict, unit_name: str) -> None:
    """Every missing or wrong option at once, so one more run is enough."""
    problems = []
    level = unit_level(model, proposal.unit)
    if level != CITY and not request.as_city:
        problems.append(f"建议 {proposal.id} 是{level}目标（{unit_name}），data/targets.yml 是全市指标表，只收市级目标。"
                        "确要作为全市指标采纳，请加 --as-city，并用 --responsible 写明全市的责任单位")
    if level != CITY and request.as_city and not request.responsible and not request.into:
        problems.append("--as-city 采纳为全市指标时须用 --responsible 写明全市的责任单位（如 --responsible 市市场监管局）")
    missing = [y for y in (2025, 2035) if y not in goals]
    if missing:
        problems.append(f"建议 {proposal.id} 没有{'、'.join(f'{y}年' for y in missing)}目标："
                        f"请用 {' '.join(f'--target-{y} ≥数值' for y in missing)} 补充")
    if request.into:
        if request.into not in model.targets:
            problems.append(f"--into {request.into}：data/targets.yml 中没有该指标")
    else:
        problems += _new_target_problems(model, request, proposal)
    if problems:
        raise UsageError("未写入，请补充或改正以下各项后重试：\n" + "\n".join(f"  - {p}" for p in problems))


def _new_target_problems(model: Model, request: Adoption, proposal: Proposal) -> list[str]:
    problems = []
    chapters = sorted({t.chapter for t in model.targets.values()})
    categories = list(dict.fromkeys(t.category for t in model.targets.values()))
    if not request.target_id:
        problems.append("请用 --id 给新指标取一个英文标识（如 district_pass_rate），或用 --into 并入已有指标")
    elif not ID_PATTERN.match(request.target_id):
        problems.append(f"--id {request.target_id}：标识只能用小写字母、数字、下划线和连字符，且以字母开头")
    elif request.target_id in model.targets:
        problems.append(f"--id {request.target_id}：data/targets.yml 第 {model.targets[request.target_id].line} 行已有该指标；"
                        "要更新它的目标值请用 --into")
    same = match_target(model, proposal.indicator)
    if same:
        problems.append(f"data/targets.yml 第 {same.line} 行已有同名指标“{same.name}”（{same.id}）："
                        f"新建会出现两行同一指标，要更新它请用 --into {same.id}")
    if not request.chapter:
        problems.append(f"请用 --chapter（docs/plan/ 下的章节文件名）指定，已有：{'、'.join(chapters)}")
    if not request.category:
        problems.append(f"请用 --category（指标类别）指定，已有：{'、'.join(categories)}")
    if request.direction and request.direction not in DIRECTIONS:
        problems.append(f"--direction {request.direction}：应为 higher 或 lower")
    if not (request.baseline or proposal.baseline):
        problems.append(f"建议 {proposal.id} 没有基期值：请用 --baseline 2020=数值 补充（可先填估算值，状态为待核定）")
    return problems


def _q(value) -> str:
    """A YAML scalar as the file writes them: numbers bare, plain Chinese text bare,
    anything YAML could misread double-quoted (JSON strings are valid YAML)."""
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) and not value.is_integer() else str(int(value))
    text = str(value)
    if text and not _NEEDS_QUOTES.search(text) and isinstance(yaml.safe_load(text), str):
        return text
    return json.dumps(text, ensure_ascii=False)


def _goal(goal) -> str:
    return f"{{comparator: {goal[0]}, value: {_q(goal[1])}}}"


def _new_entry(model: Model, request: Adoption, proposal: Proposal, goals: dict, source: str,
               responsible: list[str]) -> list[str]:
    chapter, category = request.chapter, request.category
    direction = request.direction or ("lower" if goals[2025][0] == "≤" else "higher")
    baseline = request.baseline or proposal.baseline
    return [f"id: {request.target_id}", f"name: {_q(proposal.indicator)}", f"unit: {_q(proposal.measure)}",
            f"direction: {direction}", f"category: {_q(category)}", f"chapter: {_q(chapter)}",
            f"baseline: {{year: {baseline[0]}, value: {_q(baseline[1])}}}",
            f"target_2025: {_goal(goals[2025])}", f"target_2035: {_goal(goals[2035])}",
            f"responsible: [{', '.join(_q(r) for r in responsible)}]", f"source: {_q(source)}", f"status: {STATUS}"]


def _targets_node(text: str):
    root = yaml.compose(text)
    for key, value in root.value:
        if key.value == "targets" and isinstance(value, yaml.SequenceNode) and not value.flow_style:
            return value
    raise Failure("data/targets.yml 中找不到块格式的 targets 列表，无法追加，请检查该文件")


def _append(text: str, lines: list[str]) -> str:
    seq = _targets_node(text)
    dash = seq.value[0].start_mark.column - 2 if seq.value else 2
    block = "".join(" " * dash + ("- " if n == 0 else "  ") + line + "\n" for n, line in enumerate(lines))
    end = seq.end_mark.index
    before, after = text[:end].rstrip() + "\n", text[end:]
    return before + "\n" + block + (("\n" + after.lstrip("\n")) if after.strip() else "")


# --- an existing target ----------------------------------------------------------

def _update(text: str, model: Model, target_id: str, goals: dict, source: str, responsible: list[str]) -> str:
    old = model.targets[target_id]
    node = next(item for item in _targets_node(text).value
                if any(k.value == "id" and v.value == target_id for k, v in item.value))
    was = "、".join(f"{y}年{old.goals[y].comparator}{old.goals[y].value:g}" for y in (2025, 2035) if old.goals.get(y))
    responsible = list(old.responsible) + [r for r in responsible if r not in old.responsible]
    replace = {"target_2025": _goal(goals[2025]), "target_2035": _goal(goals[2035]),
               "source": _q(f"{old.source}；{source}（原{was}）"), "status": STATUS,
               "responsible": "[" + ", ".join(_q(r) for r in responsible) + "]"}
    edits = []
    for key, value in node.value:
        if key.value in replace:
            if isinstance(value, yaml.MappingNode) and not value.flow_style or \
                    isinstance(value, yaml.SequenceNode) and not value.flow_style:
                raise Failure(f"data/targets.yml:{key.start_mark.line + 1}: {target_id}.{key.value} 是多行格式，无法原位修改："
                              f"请先改写为单行形式（如 {{comparator: ≥, value: 95}}）")
            edits.append((value.start_mark.index, value.end_mark.index, replace[key.value]))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


# --- validation ----------------------------------------------------------------

def _validated(root: Path, new_text: str, target_id: str, goals: dict) -> Target:
    """Load the would-be data/ with load_model; Failure (nothing written) on any finding."""
    with tempfile.TemporaryDirectory(prefix="plan-adopt-") as scratch:
        copy = Path(scratch)
        shutil.copytree(root / "data", copy / "data", ignore=shutil.ignore_patterns("submissions"))
        if (root / "data" / "submissions").is_dir():
            (copy / "data" / "submissions").symlink_to(root / "data" / "submissions")
        (copy / "docs").symlink_to(root / "docs")
        (copy / "data" / TARGETS).write_text(new_text, encoding="utf-8")
        try:
            model = load_model(copy)
        except DataError as err:
            raise Failure("采纳后的 data/targets.yml 未通过校验，未写入：\n" + str(err)
                          + "\n请用 --baseline、--direction、--target-2025/--target-2035 调整后重试") from None
    target = model.targets.get(target_id)
    if target is None or any((target.goals[y].comparator, target.goals[y].value) != (goals[y][0], float(goals[y][1]))
                             for y in (2025, 2035)):
        raise Failure("采纳后的 data/targets.yml 读回的数值与建议不一致，未写入，请检查该文件格式")
    return target
