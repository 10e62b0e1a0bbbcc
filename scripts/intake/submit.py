"""Intake of one file or a batch: everything is prepared first (conversion,
checks, pages, registry text), then written in one go; a failure or an
interrupt while writing undoes what was written. In a batch, a file that
cannot be registered is reported and skipped; the others are written together.

Nothing is ever overwritten: a new submission from a unit is a new revision,
the previous page is kept as <unit>.rN.md, the original under
data/submissions/<unit>/rN-<file name>. The same file twice is reported.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scripts.atomic import fresh_dir
from scripts.errors import Failure, UsageError
from scripts.intake import checks, page as pages
from scripts.intake.checks import Note
from scripts.intake.convert import Conversion, Job, convert, discard
from scripts.intake.files import read_submission
from scripts.intake.filing import Copy, Plan
from scripts.intake.registry import (KINDS, PROPOSALS, SUBMISSIONS, Proposal, Revision, append_entries,
                                     proposal_entry, revisions_by_unit, submission_entry)
from scripts.intake.sections import find_parts
from scripts.intake.targets import extract_targets
from scripts.intake.text import one_line, redact_personal
from scripts.intake.units import tell_unit
from scripts.model import DataError, Model, load_model

COLLECTION_STEP = "collection"
TEMPLATE_GUIDE = "填写说明，成文时删去"     # the guidance paragraphs of scripts/intake/templates.py


@dataclass
class Request:
    path: Path
    unit: str | None = None        # None: told from the file's name or text (scripts/intake/units.py)
    kind: str | None = None
    topic: int | None = None
    received: dt.date | None = None
    shown: Path | None = None      # the file as messages name it (its path under the folder given)


@dataclass
class Outcome:
    unit_name: str = ""
    revision: Revision | None = None            # None when the file was not registered
    duplicate_of: Revision | None = None        # already registered: the same bytes
    proposals: list[Proposal] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    late: int = 0
    same_as: Path | None = None                 # a batch: an earlier file of it has the same bytes
    failure: Exception | None = None            # a batch: why this file was not registered


def collection_deadline(model: Model) -> dt.date | None:
    return next((s.deadline for s in model.steps if s.id == COLLECTION_STEP), None)


def intake(root: Path, request: Request, dry_run: bool = False) -> Outcome:
    """Register `request.path`; with dry_run, run every check and write nothing."""
    outcome = intake_all(root, [request], dry_run)[0]
    if outcome.failure:
        raise outcome.failure
    return outcome


def intake_all(root: Path, requests: list[Request], dry_run: bool = False, progress=None) -> list[Outcome]:
    """Register every file that can be; a file that cannot (unreadable, unit not
    told, a second file of a unit) gets its Outcome.failure and the others go on.
    All registrations are written together at the end, or (interrupted, failed
    while writing) none; with dry_run nothing is written."""
    outcomes = [Outcome() for _ in requests]
    work = fresh_dir(root / "build" / "intake" / "batch")
    plan, entries, proposals = Plan(root), [], []
    try:
        with Conversion() as conversion:
            subs = _read(requests, outcomes, conversion, work)     # pandoc converts while the model loads
            model = loaded_model(root)
            drafts = _drafts(model, requests, subs, outcomes)
            if progress:
                progress.total = len(drafts) + (not dry_run and bool(drafts))
            for n in subs:
                draft = drafts.get(n)
                result = conversion.result(f"{draft.unit.id}.files/r{draft.number}" if draft else None)
                if not draft:
                    continue
                shown = requests[n].shown or requests[n].path.name
                step = progress.step(f"登记 {shown}（{draft.unit.name}）") if progress else contextlib.nullcontext()
                try:
                    with step:
                        if isinstance(result, Failure):
                            raise result
                        own = Plan(root)
                        rev, found = compose(root, model, own, draft, subs[n], result)
                except (Failure, UsageError) as err:
                    outcomes[n].failure = err
                    continue
                plan.extend(own)
                entries.append(submission_entry(rev))
                proposals += [proposal_entry(p) for p in found]
                late = pages.late_days(draft.received, collection_deadline(model))
                outcomes[n] = Outcome(draft.unit.name, rev, proposals=found, written=own.paths(), late=late)
        registries = [(SUBMISSIONS, "submissions", entries), (PROPOSALS, "proposals", proposals)]
        for name, key, new in registries:
            if new:
                plan.add(root / "data" / name, registry_text(root, name, key, new), replace=True)
        if not dry_run and entries:
            step = progress.step(f"写入 {len(entries)} 份登记") if progress else contextlib.nullcontext()
            with step:
                plan.commit()      # before the work folder goes: the pictures are copied from it
    finally:
        discard(work)
    for outcome in outcomes:
        if outcome.revision:
            outcome.written += [root / "data" / name for name, _, new in registries
                                if new and (name == SUBMISSIONS or outcome.proposals)]
    return outcomes


def _read(requests: list[Request], outcomes: list[Outcome], conversion: Conversion, work: Path) -> dict:
    """Each readable file by its place in `requests`, handed to pandoc at once."""
    subs = {}
    for n, request in enumerate(requests):
        try:
            subs[n] = read_submission(request.path)
        except (Failure, UsageError) as err:
            outcomes[n].failure = err
            continue
        conversion.add(Job(subs[n], work / f"{n:04d}"))
        subs[n].data = b""    # staged for pandoc; the original is copied from its path when written
    return subs


def _drafts(model: Model, requests: list[Request], subs: dict, outcomes: list[Outcome]) -> dict[int, Draft]:
    """What each file will be registered as, by its place in `requests`; files
    that will not be are marked in their outcome (duplicates, failures)."""
    by_unit = revisions_by_unit(model.submissions)
    topics = {t.number: t.title for t in model.topics}
    drafts, by_hash, by_unit_id = {}, {}, {}
    for n, sub in subs.items():
        request = requests[n]
        shown, typed = request.shown or Path(request.path.name), request.path
        try:
            unit = find_unit(model, request.unit) if request.unit else \
                tell_unit(model.units, shown, sub.heads, sub.tails, typed)
            kind = request.kind or default_kind(model, unit)
            check_topic(request.topic, topics)
            outcomes[n].unit_name = unit.name
            earlier = by_unit.get(unit.id, [])
            same = [r for r in earlier if r.sha256 == sub.sha256]
            if same:
                outcomes[n].duplicate_of = same[0]
                continue
            if sub.sha256 in by_hash:
                outcomes[n].same_as = requests[by_hash[sub.sha256]].shown or requests[by_hash[sub.sha256]].path
                continue
            if unit.id in by_unit_id:
                first = requests[by_unit_id[unit.id]]
                raise Failure(f"{shown}：本批中{first.shown or first.path.name}也是{unit.name}的材料，同一单位一批只登记一份。"
                              f"请确认哪一份为准，另一份以后单独登记（plan intake \"{typed}\" --unit {unit.id}，登记为新的一版）")
            if earlier and earlier[-1].kind != kind:
                raise UsageError(f"{unit.name}以前报送的是{KINDS[earlier[-1].kind]}，本次指定为{KINDS[kind]}："
                                 f"同一单位的各版类型须一致，请检查 --kind（登记有误可用 --amend 更正）")
        except (Failure, UsageError) as err:
            outcomes[n].failure = err
            continue
        by_hash[sub.sha256], by_unit_id[unit.id] = n, n
        drafts[n] = Draft(unit, kind, request.topic, len(earlier) + 1, request.received or dt.date.today(), earlier)
    return drafts


def loaded_model(root: Path) -> Model:
    try:
        return load_model(root)
    except DataError as err:
        raise Failure("data/ 中的数据有误，请先修正（可用 plan check 查看）：\n" + str(err)) from None


def default_kind(model: Model, unit) -> str:
    return next(k.submission for k in model.kinds if k.id == unit.kind)


def check_topic(topic: int | None, topics: dict[int, str]) -> None:
    if topic is not None and topic not in topics:
        raise UsageError(f"--topic {topic}：课题编号应为 {min(topics)}—{max(topics)}（见 data/topics.yml）")


@dataclass
class Draft:
    """What a registration will be: the unit, kind, topic and revision number."""
    unit: object
    kind: str
    topic: int | None
    number: int
    received: dt.date
    earlier: list              # the unit's revisions before this one
    amended: tuple = ()        # history of corrections ({date, change}, …)
    replaces: Revision | None = None   # an amendment: the registration it corrects
    original: str = ""         # an amendment in the same unit: the kept original stays where it is


def prepare(root: Path, model: Model, plan: Plan, draft: Draft, sub, work: Path) -> tuple[Revision, list[Proposal]]:
    """Convert and check `sub` in the empty folder `work`; add the original, media and page
    to `plan` (the pictures are copied from `work`: keep it until the plan is written).
    Returns the registry entry and the target proposals."""
    converted = convert(sub, work / "convert", f"{draft.unit.id}.files/r{draft.number}")
    return compose(root, model, plan, draft, sub, converted)


def compose(root: Path, model: Model, plan: Plan, draft: Draft, sub, converted) -> tuple[Revision, list[Proposal]]:
    """Check the converted `sub`; add the original, media and page to `plan`."""
    unit, kind, number, earlier = draft.unit, draft.kind, draft.number, draft.earlier
    topics = {t.number: t.title for t in model.topics}
    body, hidden = redact_personal(converted.markdown)
    title = redact_personal(one_line(converted.title))[0] or f"{unit.name}{KINDS[kind]}"
    notes, topic, extracted = _notes(model, sub, converted, body, kind, draft.topic, title, topics, hidden)
    others = [r for r in model.submissions if r.sha256 == sub.sha256 and r.unit != unit.id and r != draft.replaces]
    notes += [Note(checks.HINT, f"与{r.unit}第{r.revision}版是同一文件，请确认报送单位") for r in others]
    deadline = collection_deadline(model)
    if pages.late_days(draft.received, deadline):
        notes.append(Note(checks.HINT, f"逾期{pages.late_days(draft.received, deadline)}天报送（截止日期{pages.cn_date(deadline)}）"))
    original = draft.original or f"data/submissions/{unit.id}/r{number}-{_file_name(sub.name)}"
    rev = Revision(unit.id, number, kind, topic, title, draft.received, redact_personal(one_line(sub.name, 200))[0],
                   sub.sha256, original, checks.char_count(body), tuple(notes), amended=draft.amended)
    proposals = _proposals(rev, extracted)
    amending = draft.replaces is not None
    if not draft.original:
        plan.add(root / original, Copy(sub.path, sub.sha256))
    folder = root / "docs" / "reports" / kind
    for media in converted.media:
        plan.add(folder / f"{unit.id}.files" / f"r{number}" / media.relative_to(converted.media_root),
                 Copy(media), replace=amending)
    current = folder / f"{unit.id}.md"
    if earlier and not draft.original:
        plan.move(current, folder / f"{unit.id}.r{earlier[-1].revision}.md",
                  pages.superseded(current.read_text(encoding="utf-8"), rev))
    elif current.exists() and not amending:
        raise Failure(f"docs/reports/{kind}/{unit.id}.md 已存在，但 data/submissions.yml 中没有该单位的登记："
                      "请先确认这个页面的来历（移走或登记）再报送")
    page_text = pages.compose(rev, unit.name, earlier, deadline, notes, body, topics.get(topic, ""))
    plan.add(current, page_text.encode("utf-8"), replace=bool(earlier) or amending)
    return rev, proposals


def find_unit(model: Model, unit_id: str):
    for unit in model.units:
        if unit.id == unit_id:
            return unit
    raise UsageError(f"--unit {unit_id}：data/units.yml 中没有这个单位标识。最接近的是：{'、'.join(nearest_units(model, unit_id))}"
                     "（完整名单见 data/units.yml 或网站“报送情况”页）")


def nearest_units(model: Model, text: str, count: int = 3) -> list[str]:
    """The ids closest to `text`, by id spelling or by a name containing it: “id（名称）”."""
    def score(unit) -> float:
        named = bool(text) and (text in unit.name or unit.name.startswith(text[:2]))
        return difflib.SequenceMatcher(None, text.lower(), unit.id).ratio() + (1 if named else 0)
    best = sorted(model.units, key=score, reverse=True)[:count]
    return [f"{u.id}（{u.name}）" for u in best]


def _notes(model, sub, converted, body, kind, topic, title, topics, hidden) -> tuple[list[Note], int | None, list]:
    """The findings, the topic, and (a material) the targets in its goals part."""
    notes = checks.file_notes(converted.stats, sub.tracked_changes, sub.comments, converted.media_notes, sub.notes)
    chars, length = checks.length_note(body, kind)
    extracted = []
    if kind == "material":
        parts = find_parts(body)
        goals = parts["goals"]
        extracted = extract_targets(goals.text if goals else body)
        found = checks.part_notes(parts) + [length, checks.goal_targets_note(extracted, goals is not None)]
    else:
        guessed = topic is None
        topic = topic if topic is not None else checks.guess_topic(title, body, topics)
        found = [checks.topic_note(topic, guessed, topics), length, checks.source_note(body)]
    privacy = checks.privacy_note(hidden)
    leftover = body.count(TEMPLATE_GUIDE)
    if leftover:
        notes.append(Note(checks.HINT, f"原件中仍有模板的“{TEMPLATE_GUIDE}”{leftover}处，请报送单位删去后定稿"))
    return found + notes + ([privacy] if privacy else []), topic, extracted


def _proposals(rev: Revision, extracted: list) -> list[Proposal]:
    out = []
    for n, item in enumerate(extracted, 1):
        out.append(Proposal(f"{rev.unit}-r{rev.revision}-{n}", rev.unit, rev.revision, one_line(item.indicator, 60),
                            one_line(item.measure, 12), dict(item.goals), item.baseline, one_line(item.quote, 160), "待审"))
    return out


MAX_NAME_BYTES = 150   # file systems allow 255 bytes (85 Chinese characters); the write's temporary name adds more


def _file_name(name: str) -> str:
    """A safe name for the kept original: long Chinese names are shortened
    in the middle of the stem, keeping the extension."""
    cleaned = "".join(c if c.isprintable() and c not in '/\\:*?"<>|' else "_" for c in name).strip(". ")
    stem, dot, suffix = cleaned.rpartition(".") if "." in cleaned else (cleaned, "", "")
    suffix = dot + suffix[:16]
    while len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return (stem + suffix).strip(". ") or "original"


def registry_text(root: Path, name: str, key: str, entries: list[dict]) -> bytes:
    path = root / "data" / name
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        return append_entries(text, key, entries).encode("utf-8")
    except (ValueError, yaml.YAMLError) as err:
        raise Failure(f"data/{name}：无法追加登记（{err}），未写入任何文件。"
                      f"请恢复该文件的格式（{key}: 为最后一个顶层键）后重试") from None
