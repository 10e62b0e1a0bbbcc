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


def adopted_by(model: Model, proposal_id: str) -> Target | None:
    pattern = re.compile(rf"(?<![\w-]){re.escape(proposal_id)}(?![\w-])")
    return next((t for t in model.targets.values() if pattern.search(t.source)), None)


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
    missing = [y for y in (2025, 2035) if y not in goals]
    if missing:
        raise UsageError(f"建议 {proposal.id} 没有{'、'.join(f'{y}年' for y in missing)}目标："
                         f"请用 {' '.join(f'--target-{y} ≥数值' for y in missing)} 补充")
    rev = next(r for r in model.submissions if (r.unit, r.revision) == (proposal.unit, proposal.revision))
    unit_name = next(u.name for u in model.units if u.id == proposal.unit)
    source = f"{unit_name}报送材料第{rev.revision}版（{cn_date(rev.received)}收到），指标建议 {proposal.id}"
    path = root / "data" / TARGETS
    text = path.read_text(encoding="utf-8")
    if request.into:
        target_id = request.into
        new_text = _update(text, model, target_id, goals, source, unit_name)
    else:
        target_id = _new_id(model, request)
        new_text = _append(text, _new_entry(model, request, proposal, goals, source, unit_name))
    target = _validated(root, new_text, target_id, goals)
    write_bytes(path, new_text.encode("utf-8"))
    return target, target.line


# --- a new target -----------------------------------------------------------

def _new_id(model: Model, request: Adoption) -> str:
    if not request.target_id:
        raise UsageError("请用 --id 给新指标取一个英文标识（如 district_pass_rate），或用 --into 并入已有指标")
    if not ID_PATTERN.match(request.target_id):
        raise UsageError(f"--id {request.target_id}：标识只能用小写字母、数字、下划线和连字符，且以字母开头")
    if request.target_id in model.targets:
        raise UsageError(f"--id {request.target_id}：data/targets.yml 第 {model.targets[request.target_id].line} 行已有该指标；"
                         "要更新它的目标值请用 --into")
    return request.target_id


def _choice(value: str | None, known: list[str], option: str) -> str:
    if not value:
        raise UsageError(f"请用 {option} 指定，已有：{'、'.join(known)}")
    return value


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


def _new_entry(model: Model, request: Adoption, proposal: Proposal, goals: dict, source: str, unit_name: str) -> list[str]:
    chapters = sorted({t.chapter for t in model.targets.values()})
    categories = list(dict.fromkeys(t.category for t in model.targets.values()))
    chapter = _choice(request.chapter, chapters, "--chapter（docs/plan/ 下的章节文件名）")
    category = _choice(request.category, categories, "--category（指标类别）")
    direction = request.direction or ("lower" if goals[2025][0] == "≤" else "higher")
    if direction not in DIRECTIONS:
        raise UsageError(f"--direction {direction}：应为 higher 或 lower")
    baseline = request.baseline or proposal.baseline
    if not baseline:
        raise UsageError(f"建议 {proposal.id} 没有基期值：请用 --baseline 2020=数值 补充（可先填估算值，状态为待核定）")
    return [f"id: {request.target_id}", f"name: {_q(proposal.indicator)}", f"unit: {_q(proposal.measure)}",
            f"direction: {direction}", f"category: {_q(category)}", f"chapter: {_q(chapter)}",
            f"baseline: {{year: {baseline[0]}, value: {_q(baseline[1])}}}",
            f"target_2025: {_goal(goals[2025])}", f"target_2035: {_goal(goals[2035])}",
            f"responsible: [{_q(unit_name)}]", f"source: {_q(source)}", f"status: {STATUS}"]


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

def _update(text: str, model: Model, target_id: str, goals: dict, source: str, unit_name: str) -> str:
    if target_id not in model.targets:
        raise UsageError(f"--into {target_id}：data/targets.yml 中没有该指标")
    old = model.targets[target_id]
    node = next(item for item in _targets_node(text).value
                if any(k.value == "id" and v.value == target_id for k, v in item.value))
    was = "、".join(f"{y}年{old.goals[y].comparator}{old.goals[y].value:g}" for y in (2025, 2035) if old.goals.get(y))
    responsible = list(old.responsible) + ([unit_name] if unit_name not in old.responsible else [])
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
