"""plan status: where the drafting process stands, in one screen."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from scripts import git, readiness, release
from scripts.arguments import iso_date
from scripts.comments.store import DISPOSITIONS, SOURCES, load_store
from scripts.commands.check import findings_for
from scripts.errors import EXIT_FINDING, EXIT_OK
from scripts.intake.adopt import adopted_by
from scripts.intake.page import late_days
from scripts.intake.registry import revisions_by_unit
from scripts.intake.submit import collection_deadline
from scripts.model import Model


def add_arguments(parser) -> None:
    parser.description = ("显示编制进度：当前阶段与计划月份、实际日期；已发布的阶段（标签、日期、dist/ 中的文件）；"
                          "征求意见时间是否在进行；意见按来源和处理情况的统计；指标建议按状态的统计；"
                          "材料报送与截止日期的对照；发布下一阶段还有哪些障碍（同 plan check --for）。只读，不改任何文件。"
                          "退出码：0 下一阶段可以发布或流程已结束；1 有障碍。")
    parser.add_argument("--today", type=iso_date, help="按该日期判断征求意见是否进行、材料是否逾期（默认今天）")


def _stage_lines(root: Path, model: Model) -> list[str]:
    lines = []
    for stage in model.stages:
        tags = release.stage_tags(root, stage.id) if git.is_repository(root) else []
        mark = {"current": "▶ 进行中", "released": "✓ 已发布", "planned": "  未开始"}.get(stage.status, stage.status)
        when = f"，日期 {stage.date}" if stage.date else ""
        tag = ""
        if tags:
            built = (root / "dist" / tags[-1].removeprefix(git.TAG_PREFIX) / release.MANIFEST).exists()
            tag = f"，标签 {'、'.join(tags)}" + ("" if built else "（发布未完成：plan release --from-tag " + tags[-1] + "）")
        lines.append(f"  {mark} {stage.name}（{stage.id}，计划 {stage.planned}{when}{tag}）")
    return lines


def _window_lines(model: Model, today: dt.date) -> list[str]:
    lines = []
    for stage in model.stages:
        window = stage.consultation
        if window:
            state = "尚未开始" if today < window.start else "进行中" if today <= window.end else "已截止"
            lines.append(f"  {stage.name}：{window.start} 至 {window.end}，{state}；渠道：{'；'.join(window.channels)}")
    return lines or ["  未设征求意见时间（plan release consultation --window 开始 截止）"]


def _comment_lines(root: Path) -> list[str]:
    comments = list(load_store(root).comments.values())
    if not comments:
        return ["  尚无意见"]
    lines = []
    for source, title in SOURCES.items():
        mine = [c for c in comments if c.source == source]
        if mine:
            counts = Counter(c.disposition for c in mine)
            by_stage = Counter(c.stage for c in mine)
            lines.append(f"  {title.removesuffix('汇总处理表')}：{len(mine)} 条（"
                         + "，".join(f"{d} {counts[d]}" for d in DISPOSITIONS if counts[d]) + "；按阶段："
                         + "，".join(f"{s or '未注明'} {n}" for s, n in sorted(by_stage.items())) + "）")
    return lines


def _proposal_lines(model: Model) -> list[str]:
    if not model.proposals:
        return ["  尚无指标建议"]
    counts = Counter("已采纳" if adopted_by(model, p.id) else p.status for p in model.proposals)
    return ["  " + "，".join(f"{status} {n}" for status, n in sorted(counts.items()))]


def _submission_lines(model: Model, today: dt.date) -> list[str]:
    deadline = collection_deadline(model)
    by_unit = revisions_by_unit(model.submissions)
    late = sum(1 for revs in by_unit.values() if late_days(revs[0].received, deadline))
    missing = [u.name for u in model.units if u.id not in by_unit]
    line = f"  {len(by_unit)}/{len(model.units)} 个单位已报送，逾期报送 {late} 个"
    if deadline:
        line += f"；截止日期 {deadline}（{'已过' if today > deadline else '未到'}）"
    if missing and deadline and today > deadline:
        line += f"；逾期未报送 {len(missing)} 个：{'、'.join(missing[:8])}{'等' if len(missing) > 8 else ''}"
    return [line]


def run(args, root: Path) -> int:
    today = args.today or dt.datetime.now(release.CHINA).date()
    model, findings = findings_for(root)
    if model is None:
        for finding in findings:
            print(finding)
        print("数据有误，无法显示完整进度：请先按上面的提示修改（plan check）。")
        return EXIT_FINDING
    stage = model.stage()
    head = ("编制流程已结束：报批稿已发布。" if model.finished else
            f"当前阶段：{stage.name}（{stage.id}），计划 {stage.planned}" + (f"，日期 {stage.date}" if stage.date else "，日期未定"))
    print(f"《{model.plan.title}》编制进度（{today}）")
    print(head)
    for title, lines in (("阶段", _stage_lines(root, model)), ("征求意见时间", _window_lines(model, today)),
                         ("意见", _comment_lines(root)), ("指标建议", _proposal_lines(model)),
                         ("材料报送", _submission_lines(model, today))):
        print(f"{title}：")
        for line in lines:
            print(line)
    if model.finished:
        return EXIT_OK
    blockers = readiness.blockers(root, model, stage.id)
    if findings or blockers:
        print(f"发布{stage.name}的障碍：")
        for item in [*findings, *blockers]:
            print(f"  {item}")
        return EXIT_FINDING
    print(f"发布{stage.name}：没有障碍，可以运行 plan release {stage.id}")
    return EXIT_OK
