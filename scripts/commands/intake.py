"""plan intake: register a unit's material or an institute's research report."""
from __future__ import annotations

from pathlib import Path

from scripts.arguments import iso_date
from scripts.errors import EXIT_FINDING, EXIT_OK, UsageError
from scripts.intake.checks import FAIL
from scripts.intake.page import cn_date
from scripts.intake.registry import KINDS
from scripts.intake.submit import Request, intake
from scripts.progress import Progress


def add_arguments(parser) -> None:
    parser.description = (
        "登记一份报送材料（沪质办〔2021〕4号：7月25日前报送）。接受 Word（.docx）或 Markdown（.md）："
        "转换为 docs/reports/<类型>/<单位>.md（不作模板渲染，HTML 按文字显示），原件保存到 data/submissions/<单位>/，"
        "登记到 data/submissions.yml，并对照通知校验：质量发展材料的四部分、约3000字、2025年和2035年量化目标；"
        "课题研究报告的课题、约1万字、数据来源。材料中的量化目标写入 data/proposals.yml 供审核。"
        "同一单位再次报送为新的版次，以前各版保留；同一文件重复报送只提示、不重复登记。"
        "退出码：0 已登记；1 已登记但不符合通知要求，或文件无法读取（未写入任何文件）；2 用法错误。")
    parser.add_argument("file", type=Path, metavar="文件", help="报送的 .docx 或 .md 文件")
    parser.add_argument("--unit", required=True, metavar="单位标识", help="报送单位，data/units.yml 中的 id，如 pudong、sdrc、sist")
    parser.add_argument("--kind", choices=tuple(KINDS), help="material 质量发展材料 | report 课题研究报告（默认按单位类别）")
    parser.add_argument("--topic", metavar="N", help="研究课题编号 1—10（附件课题目录，研究报告用）")
    parser.add_argument("--date", metavar="YYYY-MM-DD", type=iso_date, help="收到日期（默认今天），用于判断是否逾期")


def _topic(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.strip().isdigit():
        raise UsageError(f"--topic {text}：课题编号应为数字 1—10（见附件《研究课题目录》）")
    return int(text)


def run(args, root: Path) -> int:
    request = Request(args.file.resolve(), args.unit, args.kind, _topic(args.topic), args.date)
    progress = Progress(total=1)
    with progress.step(f"登记 {args.file.name}（{args.unit}）：转换、校验、写入"):
        outcome = intake(root, request)
    if outcome.duplicate_of:
        rev = outcome.duplicate_of
        print(f"未重复登记：{args.file.name} 与{outcome.unit_name}第{rev.revision}版"
              f"（{cn_date(rev.received)}收到，{rev.source_name}）完全相同（SHA-256 {rev.sha256[:12]}…）。")
        return EXIT_OK
    rev = outcome.revision
    print(f"已登记：{outcome.unit_name}{KINDS[rev.kind]}第{rev.revision}版，{cn_date(rev.received)}收到"
          + (f"（逾期{outcome.late}天）" if outcome.late else "") + f"，约{rev.chars:,}字。")
    for path in outcome.written:
        print(f"  写入 {path.relative_to(root)}")
    print("对照通知的校验：")
    for note in rev.notes:
        print(f"  {note}")
    if outcome.proposals:
        print(f"指标建议 {len(outcome.proposals)} 项（data/proposals.yml，网站“指标建议”页可对照现有指标）：")
        for p in outcome.proposals:
            goals = "，".join(f"{y}年{c}{v:g}{p.measure}" for y, (c, v) in sorted(p.goals.items()))
            print(f"  {p.id}  {p.indicator}：{goals}")
    failed = rev.count(FAIL)
    if failed:
        print(f"有 {failed} 项不符合通知要求：材料已登记，请联系报送单位补充后重新报送（将登记为第{rev.revision + 1}版）。")
        return EXIT_FINDING
    return EXIT_OK
