"""Pure functions for the drafting group's intake pages: the submission
tracker, the target proposals beside data/targets.yml, and the index of the
supporting reports. No I/O, no mkdocs.

Every string that came from a submission (titles, indicator names, notes) is
written through scripts.intake.text.markdown_text: these pages are trusted
and rendered with macros, so outside text must stay inert here too.
Links assume the calling page sits one folder deep (drafting/, support/).
"""
from __future__ import annotations

import datetime as dt
import os

from macros.render import pipe_table
from scripts.intake.adopt import CITY, adopted_by, match_target, unit_level
from scripts.intake.checks import FAIL, HINT
from scripts.intake.page import cn_date, late_days
from scripts.intake.registry import KINDS, Proposal, Revision, latest, revisions_by_unit
from scripts.intake.submit import collection_deadline
from scripts.intake.targets import normalise_name
from scripts.intake.text import markdown_text
from scripts.model import TARGET_LEVELS, Model, Target

BASE = "../"


def build_date() -> dt.date:
    """Today, or the release's date when built from a tag (SOURCE_DATE_EPOCH)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch.isdigit() else dt.date.today()


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def page_link(rev: Revision, text: str, is_latest: bool = True) -> str:
    return f"[{text}]({BASE}{rev.page(is_latest)})"


def _findings(rev: Revision) -> str:
    parts = [f"{label}{rev.count(level)}项" for level, label in ((FAIL, "不符合"), (HINT, "提示")) if rev.count(level)]
    return "、".join(parts) if parts else "符合"


def _late(revs: list[Revision], deadline: dt.date | None, today: dt.date) -> str:
    if not revs:
        return "逾期未报送" if deadline and today > deadline else "—"
    first = late_days(revs[0].received, deadline)
    if first:
        return f"逾期{first}天"
    later = [(r.revision, late_days(r.received, deadline)) for r in revs[1:] if late_days(r.received, deadline)]
    return "；".join(f"第{n}版逾期{d}天" for n, d in later) or "按期"


def submission_tracker(model: Model, today: dt.date | None = None) -> str:
    """One row per unit of data/units.yml, then totals by kind of unit."""
    today = today or build_date()
    deadline = collection_deadline(model)
    by_unit = revisions_by_unit(model.submissions)
    kinds = {k.id: k.name for k in model.kinds}
    rows, totals = [], {k.id: [0, 0, 0, 0, 0, 0] for k in model.kinds}
    for n, unit in enumerate(model.units, 1):
        revs = by_unit.get(unit.id, [])
        last = revs[-1] if revs else None
        late = _late(revs, deadline, today)
        name = page_link(last, unit.label) if last else unit.label
        rows.append((n, name, kinds.get(unit.kind, unit.kind),
                     f"{_md(revs[0].received)}（{KINDS[revs[0].kind]}）" if revs else "未报送",
                     f"第{last.revision}版（{_md(last.received)}）" if last and last.revision > 1 else "—",
                     _findings(last) if last else "—", late))
        count = totals[unit.kind]
        count[0] += 1
        count[1] += bool(revs)
        count[2] += bool(last and last.revision > 1)
        count[3] += late.startswith(("逾期", "第"))
        count[4] += not revs
        count[5] += bool(last and last.count(FAIL))
    intro = (f"截止日期：{cn_date(deadline)}（data/schedule.yml“材料收集”）。统计日期：{cn_date(today)}。"
             if deadline else f"统计日期：{cn_date(today)}。")
    unit_table = pipe_table([("序号", "c", 4), ("单位", "l", 24), ("类别", "l", 14), ("首次报送", "c", 12),
                             ("修订", "c", 12), ("校验", "c", 12), ("逾期", "c", 12)], rows)
    total_rows = [(kinds[k], *v) for k, v in totals.items() if v[0]]
    total_rows.append(("合计", *[sum(v[i] for v in totals.values()) for i in range(6)]))
    total_table = pipe_table([("类别", "l", 20), ("单位数", "c", 6), ("已报送", "c", 6), ("已修订", "c", 6),
                              ("逾期", "c", 6), ("未报送", "c", 6), ("不符合通知要求", "c", 8)], total_rows)
    return f"{intro}\n\n## 按类别合计\n\n{total_table}\n\n## 各单位\n\n{unit_table}\n"


# --- target proposals -----------------------------------------------------------

def _goal_text(goal) -> str:
    return f"{goal[0]}{goal[1]:g}" if goal else "—"


def differences(target: Target, proposal: Proposal) -> list[str]:
    out = []
    for year, goal in sorted(proposal.goals.items()):
        known = target.goals.get(year)
        if known and (known.comparator, known.value) != goal:
            out.append(f"{year}年现为{known.comparator}{known.value:g}")
    return out


def target_proposals(model: Model) -> str:
    """Proposals of each unit's latest material. City-level ones against
    data/targets.yml (conflicts, new, matches); district and industry ones
    only beside others of their level: a district's 98% is not the city's."""
    newest = {(r.unit, r.revision) for r in latest(model.submissions).values()}
    units = {u.id: u.name for u in model.units}
    current = [p for p in model.proposals if (p.unit, p.revision) in newest]
    if not current:
        return "尚无指标建议：各单位材料登记（plan intake）后，“目标”部分的量化目标会列在这里。\n"
    city = [p for p in current if unit_level(model, p.unit) == CITY]
    others = {level: [p for p in current if unit_level(model, p.unit) == level] for level in TARGET_LEVELS if level != CITY}
    sections = _city_sections(model, city, units)
    for level, proposals in others.items():
        sections.append(_level_section(model, level, proposals, units))
    older = len(model.proposals) - len(current)
    note = (f"\n\n另有 {older} 项建议来自已被新版本取代的材料，未列出（见 data/proposals.yml）。" if older else "")
    usage = ("采纳一项市级建议：`plan adopt <编号> --id <新指标标识> --chapter <章节> --category <类别>`，"
             "或 `plan adopt <编号> --into <已有指标标识>`；写入 data/targets.yml 后状态为“待核定”。"
             "区级、行业建议只在同一层级内对照，不与全市指标直接比较；确要作为全市指标采纳，须加 `--as-city --responsible <责任单位>`。")
    return usage + note + "\n\n" + "\n\n".join(sections) + "\n"


def _level_section(model: Model, level: str, proposals: list[Proposal], units: dict) -> str:
    """One row per indicator, with every unit of this level that proposed it."""
    by_name: dict[str, list[Proposal]] = {}
    for p in proposals:
        by_name.setdefault(normalise_name(p.indicator), []).append(p)
    rows = []
    for group in by_name.values():
        first = group[0]
        name = f"{markdown_text(first.indicator)}（{markdown_text(first.measure)}）" if first.measure else markdown_text(first.indicator)
        values = "；".join(f"[{units.get(p.unit, p.unit)}]({BASE}reports/material/{p.unit}.md) "
                          f"{_goal_text(p.goals.get(2025))}／{_goal_text(p.goals.get(2035))}" for p in group)
        statuses = "、".join(f"{p.id}" + (f"（已采纳 {done.id}）" if (done := adopted_by(model, p.id)) else "") for p in group)
        rows.append((name, len(group), values, statuses))
    body = pipe_table([("建议指标", "l", 20), ("提出单位数", "c", 6), ("各单位 2025年／2035年", "l", 36), ("编号", "l", 16)],
                      rows) if rows else "无。"
    return f"## {level}建议（{len(proposals)}项，只在{level}之间对照）\n\n{body}"


def _city_sections(model: Model, current: list[Proposal], units: dict) -> list[str]:
    groups = {"conflict": [], "new": [], "match": []}
    for p in current:
        target = match_target(model, p.indicator)
        done = adopted_by(model, p.id)
        status = f"已采纳（{done.id}）" if done else p.status
        goals = (_goal_text(p.goals.get(2025)), _goal_text(p.goals.get(2035)))
        name = f"{markdown_text(p.indicator)}（{markdown_text(p.measure)}）" if p.measure else markdown_text(p.indicator)
        source = f"[{units.get(p.unit, p.unit)}]({BASE}reports/material/{p.unit}.md)"
        if target is None:
            groups["new"].append((p.id, source, name, *goals, status))
            continue
        diff = differences(target, p)
        where = f"{markdown_text(target.name)}（{target.id}，{target.status}）"
        row = (p.id, source, name, *goals, where + ("：" + "；".join(diff) if diff else ""), status)
        groups["conflict" if diff else "match"].append(row)
    head = [("编号", "l", 12), ("报送单位", "l", 16), ("建议指标", "l", 20), ("2025年", "c", 8), ("2035年", "c", 8)]
    compare = [("现有指标（data/targets.yml）", "l", 24)]
    tail = [("状态", "c", 8)]
    sections = []
    titles = {"conflict": "与现有指标数值不同", "new": "新建议（data/targets.yml 中没有）", "match": "与现有指标一致"}
    for key, rows in groups.items():
        columns = head + (compare if key != "new" else []) + tail
        body = pipe_table(columns, rows) if rows else "无。"
        sections.append(f"## 市级建议：{titles[key]}（{len(rows)}项）\n\n{body}")
    return sections


# --- the supporting reports -------------------------------------------------------

def report_index(model: Model) -> str:
    """Links to every latest submission, grouped as the compilation is."""
    last = latest(model.submissions)
    if not last:
        return "尚无报送材料。各单位材料用 plan intake 登记后列在这里。\n"
    units = {u.id: u for u in model.units}
    history = revisions_by_unit(model.submissions)
    out = []
    for kind in model.kinds:
        if kind.submission != "material":
            continue
        revs = [last[u.id] for u in model.units if u.kind == kind.id and u.id in last and last[u.id].kind == "material"]
        if revs:
            out.append(f"## {kind.name}\n\n" + "\n".join(_item(r, units, history) for r in revs))
    reports = [r for r in last.values() if r.kind == "report"]
    for topic in [*model.topics, None]:
        revs = [r for r in reports if r.topic == (topic.number if topic else None)]
        if revs:
            title = f"课题{topic.number}：{topic.title}" if topic else "未指明课题的研究报告"
            out.append(f"## {title}\n\n" + "\n".join(_item(r, units, history) for r in revs))
    strays = [r for r in last.values() if r.kind == "material" and units[r.unit].kind not in
              {k.id for k in model.kinds if k.submission == "material"}]
    if strays:
        out.append("## 其他材料\n\n" + "\n".join(_item(r, units, history) for r in strays))
    return "\n\n".join(out) + "\n"


def _item(rev: Revision, units: dict, history: dict) -> str:
    earlier = history[rev.unit][:-1]
    versions = "；以前各版：" + "、".join(page_link(r, f"第{r.revision}版", False) for r in earlier) if earlier else ""
    return (f"- {units[rev.unit].name}：{page_link(rev, markdown_text(rev.title))}"
            f"（第{rev.revision}版，{cn_date(rev.received)}收到，约{rev.chars:,}字{versions}）")
