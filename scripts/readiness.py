"""Readiness gates: what blocks releasing (or exporting) a stage.

`plan check --for <stage>`, `plan release` and `plan export --stage` ask the
same question here. Each blocker names its rule; `--allow <rule> --reason …`
lets the office go on deliberately, and the reason is kept in the manifest.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scripts.comments.store import PUBLIC_FILE, SOURCES, load_store
from scripts.drafting import TITLE as NOTE_TITLE
from scripts.drafting import drafting_note_lines
from scripts.errors import UsageError
from scripts.model import Finding, Model
from scripts.structure import load_outline
from scripts.yamlio import load_yaml

RULES = {
    "placeholder": "指标数值仍标（示例）或（待核定）",
    "comment": "意见尚无处理情况",
    "proposal": "指标建议仍待审",
    "drafting-note": f"正文中仍有{NOTE_TITLE}",
}
# the stages whose release needs more than a passing `plan check`
GATES = {"review": ("comment",), "submission": tuple(RULES), "approval": tuple(RULES)}


@dataclass(frozen=True)
class Blocker:
    rule: str
    finding: Finding

    def __str__(self) -> str:
        return f"{self.finding}〔{self.rule}〕"


def _placeholders(model: Model) -> list[Finding]:
    return [Finding("data/targets.yml", t.line, f"{t.id}.status",
                    f"指标“{t.name}”的数值仍标（{t.status}）", "核定数值后把 status 改为 已确定")
            for t in model.targets.values() if not t.confirmed]


def _comments(root: Path) -> list[Finding]:
    path = root / PUBLIC_FILE
    lines = {}
    if path.exists():
        doc = load_yaml(path) or {}
        lines = {e.get("id"): e.line for e in doc.get("comments") or [] if hasattr(e, "line")}
    return [Finding(PUBLIC_FILE.as_posix(), lines.get(c.id, 0), f"{c.id}.disposition",
                    f"{SOURCES.get(c.source, c.source)}中的意见（{c.received}，{c.anchor}）尚无处理情况",
                    "在意见表的“处理情况”“理由”列填写后用 plan comments import 重新导入")
            for c in sorted(load_store(root).comments.values(), key=lambda c: (c.source, c.received, c.id))
            if c.disposition == "待处理"]


def _proposals(model: Model) -> list[Finding]:
    # intake's adoption code is large; only the stages that gate on proposals need it
    from scripts.intake.adopt import adopted_by
    return [Finding("data/proposals.yml", p.line, f"{p.id}.status", f"指标建议“{p.indicator}”仍待审",
                    f"采纳请运行 plan adopt {p.id} …；不采纳请把 status 改为 不采纳")
            for p in model.proposals if p.status == "待审" and adopted_by(model, p.id) is None]


def _drafting_notes(root: Path) -> list[Finding]:
    out = []
    for src in load_outline(root).pages:
        path = root / "docs" / src
        if path.exists():
            out += [Finding(f"docs/{src}", line, NOTE_TITLE, f"正文中仍有“{NOTE_TITLE}”",
                            "送审、报批的文本不含起草说明：请删去这段说明，或把需要保留的内容改写为正文")
                    for line in drafting_note_lines(path.read_text(encoding="utf-8"))]
    return out


def blockers(root: Path, model: Model, stage_id: str) -> list[Blocker]:
    """Everything that blocks releasing this stage, rule by rule."""
    rules = GATES.get(stage_id, ())
    found = {"placeholder": lambda: _placeholders(model), "comment": lambda: _comments(root),
             "proposal": lambda: _proposals(model), "drafting-note": lambda: _drafting_notes(root)}
    return [Blocker(rule, finding) for rule in rules for finding in found[rule]()]


def add_allow_arguments(parser) -> None:
    parser.add_argument("--allow", action="append", default=[], choices=tuple(RULES), metavar="规则",
                        help=f"明知有该类问题仍继续（可多次使用，每个需配一个 --reason）：{'、'.join(RULES)}")
    parser.add_argument("--reason", action="append", default=[], metavar="理由", help="继续的理由，写入 manifest.json 和发布说明")


def allowances(args) -> dict[str, str]:
    """{rule: reason} from repeated --allow/--reason pairs."""
    if len(args.allow) != len(args.reason) or any(not r.strip() for r in args.reason):
        raise UsageError("每个 --allow 都需要一个说明理由的 --reason，例如 --allow placeholder --reason \"部分数值待统计局年底公布\"")
    return dict(zip(args.allow, (r.strip() for r in args.reason)))


def unallowed(found: list[Blocker], allowed: dict[str, str]) -> list[Blocker]:
    return [b for b in found if b.rule not in allowed]


def report(found: list[Blocker], stage_name: str) -> str:
    """The blockers, then one line per rule with the way to go on deliberately."""
    lines = [str(b) for b in found]
    rules = list(dict.fromkeys(b.rule for b in found))
    lines.append(f"发布{stage_name}前须解决以上 {len(found)} 个问题（" +
                 "；".join(f"{RULES[r]} {sum(b.rule == r for b in found)} 项" for r in rules) + "）。")
    lines.append("确需先行发布的，可逐条说明理由：" +
                 " ".join(f'--allow {r} --reason "……"' for r in rules))
    return "\n".join(lines)


def allowance_records(found: list[Blocker], allowed: dict[str, str]) -> list[dict]:
    """What the manifest keeps about each allowed rule."""
    return [{"rule": rule, "reason": reason, "items": [str(b.finding) for b in found if b.rule == rule]}
            for rule, reason in allowed.items() if any(b.rule == rule for b in found)]
