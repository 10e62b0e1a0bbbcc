"""plan intake --amend: correct the unit, kind or topic of a registration.

The registration is redone from the kept original with the corrected values
(same received date, same file), so its page, checks and target proposals
are what a right first registration would have given; the correction is
recorded in the entry's `amended` history and shown on the page. Only a
unit's latest revision can be amended: earlier ones are already superseded.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from scripts.atomic import fresh_dir
from scripts.errors import Failure, UsageError
from scripts.intake import page as pages
from scripts.intake.adopt import adopted_by
from scripts.intake.convert import discard
from scripts.intake.files import read_submission
from scripts.intake.filing import Plan
from scripts.intake.registry import (KINDS, PROPOSALS, SUBMISSIONS, Revision, append_entries, edit_entries,
                                     proposal_entry, revisions_by_unit, submission_entry)
from scripts.intake.submit import Draft, Outcome, check_topic, find_unit, loaded_model, prepare
from scripts.model import Model

_REVISION = re.compile(r"^(?P<unit>.+?)(?:-r(?P<number>\d+))?$")


def find_revision(model: Model, ident: str) -> Revision:
    """`pudong` (its latest revision) or `pudong-r2`."""
    match = _REVISION.match(ident.strip())
    by_unit = revisions_by_unit(model.submissions)
    revs = by_unit.get(match.group("unit"), []) if match else []
    if not revs:
        known = "、".join(f"{u}-r{r[-1].revision}" for u, r in list(by_unit.items())[:8]) or "（尚无登记）"
        raise UsageError(f"--amend {ident}：data/submissions.yml 中没有这份登记。写法为 单位标识 或 单位标识-r版次，现有：{known}")
    number = int(match.group("number") or revs[-1].revision)
    if number != revs[-1].revision:
        raise UsageError(f"--amend {ident}：只能更正该单位最新的第{revs[-1].revision}版；第{number}版已被取代，不再更正")
    return revs[-1]


def amend(root: Path, ident: str, unit_id: str | None = None, kind: str | None = None, topic: int | None = None,
          today: dt.date | None = None, dry_run: bool = False) -> Outcome:
    model = loaded_model(root)
    rev = find_revision(model, ident)
    topics = {t.number: t.title for t in model.topics}
    check_topic(topic, topics)
    old_unit = find_unit(model, rev.unit)
    unit = find_unit(model, unit_id) if unit_id else old_unit
    new_kind = kind or rev.kind
    new_topic = topic if topic is not None else rev.topic
    changes = _changes(rev, old_unit, unit, new_kind, new_topic, topics)
    if not changes:
        raise UsageError(f"--amend {ident}：没有要更正的内容。请用 --unit、--kind 或 --topic 写明正确的值")
    history = revisions_by_unit(model.submissions)
    earlier = [r for r in history.get(unit.id, []) if r is not rev]
    if earlier and earlier[-1].kind != new_kind:
        raise UsageError(f"{unit.name}以前报送的是{KINDS[earlier[-1].kind]}，同一单位的各版类型须一致：请检查 --kind")
    adopted = [p.id for p in model.proposals if (p.unit, p.revision) == (rev.unit, rev.revision) and adopted_by(model, p.id)]
    if adopted and unit.id != rev.unit:
        raise Failure(f"建议 {'、'.join(adopted)} 已采纳进 data/targets.yml，其编号含单位标识：改单位前请先在 "
                      "data/targets.yml 中处理这些指标的 source")
    sub = read_submission(root / rev.original)
    sub.name = rev.source_name
    moved = unit.id != rev.unit
    amended = rev.amended + ({"date": today or dt.date.today(), "change": "；".join(changes)},)
    draft = Draft(unit, new_kind, new_topic, len(earlier) + 1 if moved else rev.revision, rev.received,
                  earlier, amended=amended, replaces=rev, original="" if moved else rev.original)
    plan = Plan(root)
    work = fresh_dir(root / "build" / "intake" / f"{unit.id}-r{draft.number}")
    try:
        new_rev, proposals = prepare(root, model, plan, draft, sub, work)
        _leave_old_place(root, plan, rev, history[rev.unit], moved or new_kind != rev.kind)
        if moved:
            plan.delete(root / rev.original)
        _registers(root, plan, model, rev, new_rev, proposals, moved)
        if not dry_run:
            plan.commit()
    finally:
        discard(work)
    return Outcome(unit.name, new_rev, proposals=proposals, written=plan.paths() if dry_run else plan.written)


def _changes(rev: Revision, old_unit, unit, kind: str, topic: int | None, topics: dict) -> list[str]:
    changes = []
    if unit.id != rev.unit:
        changes.append(f"报送单位由“{old_unit.name}”改为“{unit.name}”")
    if kind != rev.kind:
        changes.append(f"类型由“{KINDS[rev.kind]}”改为“{KINDS[kind]}”")
    if topic != rev.topic:
        was = f"{rev.topic}．{topics[rev.topic]}" if rev.topic else "未指明"
        changes.append(f"课题由“{was}”改为“{topic}．{topics[topic]}”" if topic else f"课题由“{was}”改为未指明")
    return changes


def _leave_old_place(root: Path, plan: Plan, rev: Revision, unit_revs: list[Revision], moving: bool) -> None:
    """When the page moves (another unit or kind): remove it and its pictures,
    and give the old unit back its previous revision as the current page."""
    if not moving:
        return
    folder = root / "docs" / "reports" / rev.kind
    plan.delete(folder / f"{rev.unit}.md")
    media = folder / f"{rev.unit}.files" / f"r{rev.revision}"
    for path in sorted(media.rglob("*")) if media.is_dir() else []:
        if path.is_file():
            plan.delete(path)
    before = [r for r in unit_revs if r is not rev]
    if before:
        previous = folder / f"{rev.unit}.r{before[-1].revision}.md"
        plan.add(folder / f"{rev.unit}.md", pages.unsuperseded(previous.read_text(encoding="utf-8")).encode("utf-8"),
                 replace=True)
        plan.delete(previous)


def _registers(root: Path, plan: Plan, model: Model, rev: Revision, new_rev: Revision, proposals: list, moved: bool):
    """The entry replaced in place (or moved to the end for another unit); the proposals redone."""
    path = root / "data" / SUBMISSIONS
    text = path.read_text(encoding="utf-8")
    starts = [r.line for r in model.submissions]
    if moved:
        text = edit_entries(text, starts, {rev.line: None})
        plan.add(path, registry_text_of(text, SUBMISSIONS, "submissions", [submission_entry(new_rev)]), replace=True)
    else:
        plan.add(path, edit_entries(text, starts, {rev.line: submission_entry(new_rev)}).encode("utf-8"), replace=True)
    proposals_path = root / "data" / PROPOSALS
    if proposals_path.exists() or proposals:
        text = proposals_path.read_text(encoding="utf-8") if proposals_path.exists() else ""
        old = {p.line: None for p in model.proposals if (p.unit, p.revision) == (rev.unit, rev.revision)}
        text = edit_entries(text, [p.line for p in model.proposals], old) if old else text
        plan.add(proposals_path, registry_text_of(text, PROPOSALS, "proposals", [proposal_entry(p) for p in proposals]),
                 replace=True)


def registry_text_of(text: str, name: str, key: str, entries: list[dict]) -> bytes:
    try:
        return append_entries(text, key, entries).encode("utf-8")
    except ValueError as err:
        raise Failure(f"data/{name}：无法写入更正（{err}），未写入任何文件") from None

