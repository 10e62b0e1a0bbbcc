"""plan intake: register a unit's material or an institute's research report."""
from __future__ import annotations

from pathlib import Path

from scripts.arguments import iso_date
from scripts.errors import EXIT_FINDING, EXIT_OK, UsageError
from scripts.intake.checks import FAIL
from scripts.intake.page import cn_date
from scripts.intake.registry import KINDS
from scripts.intake.submit import Request, intake, intake_all
from scripts.progress import Progress

SKIPPED = (".", "~$")    # hidden files, Word's lock files: never a submission


def add_arguments(parser) -> None:
    parser.description = (
        "登记一份报送材料（沪质办〔2021〕4号：7月25日前报送）。接受 Word（.docx）或 Markdown（.md，UTF-8 或 GBK）："
        "转换为 docs/reports/<类型>/<单位>.md（不作模板渲染，HTML 按文字显示），原件保存到 data/submissions/<单位>/，"
        "登记到 data/submissions.yml，并对照通知校验：质量发展材料的四部分、约3000字、2025年和2035年量化目标；"
        "课题研究报告的课题、约1万字、数据来源。材料中的量化目标写入 data/proposals.yml 供审核。"
        "同一单位再次报送为新的版次，以前各版保留；同一文件重复报送只提示、不重复登记。"
        "文件上限：20 MB、解压后 100 MB、6万字、80幅图片。"
        "--dry-run 只校验、不写入，可当场答复报送单位；--amend 更正已登记的单位、类型或课题（记入更正记录）。"
        "批量登记：给出多个文件或一个文件夹（如 plan intake 材料/），按文件名（单位名称或标识，如“浦东新区材料.docx”"
        "“001-pudong.docx”、子文件夹“浦东新区/”）或文件开头的标题、末尾的落款识别报送单位；认不出单位或无法读取的文件"
        "逐一说明原因后跳过，其余照常登记，全部转换、校验完后一次写入（中途中断则本批一份也不登记）。"
        "退出码：0 已登记；1 已登记但不符合通知要求，或有文件无法读取、认不出单位（这些文件未登记）；2 用法错误。")
    parser.add_argument("files", type=Path, nargs="*", metavar="文件",
                        help="报送的 .docx 或 .md 文件，可以是多个文件或文件夹（--amend 时不用）")
    parser.add_argument("--unit", metavar="单位标识",
                        help="报送单位，data/units.yml 中的 id，如 pudong、sdrc、sist（只登记一个文件时用；不写则按文件识别）")
    parser.add_argument("--kind", choices=tuple(KINDS), help="material 质量发展材料 | report 课题研究报告（默认按单位类别）")
    parser.add_argument("--topic", metavar="N", help="研究课题编号 1—10（附件课题目录，研究报告用；不写则按标题识别）")
    parser.add_argument("--date", metavar="YYYY-MM-DD", type=iso_date, help="收到日期（默认今天），用于判断是否逾期")
    parser.add_argument("--dry-run", action="store_true", help="只转换和校验，打印结果，不写入任何文件")
    parser.add_argument("--amend", metavar="登记", help="更正一份登记（单位标识或 单位标识-r版次，如 sist 或 sist-r1）："
                        "用 --unit、--kind、--topic 写明正确的值，按原件重新登记并记入更正记录")


def _topic(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.strip().isdigit():
        raise UsageError(f"--topic {text}：课题编号应为数字 1—10（见附件《研究课题目录》）")
    return int(text)


def run(args, root: Path) -> int:
    if args.amend:
        return _amend(args, root)
    if not args.files:
        raise UsageError("请给出报送的文件或文件夹，如 plan intake 材料.docx --unit pudong，或 plan intake 材料/")
    requests = _requests(args)
    if len(requests) > 1 or args.files[0].is_dir():
        return _batch(args, root, requests)
    request = requests[0]
    progress = Progress(total=1)
    named = f"（{args.unit}）" if args.unit else ""
    with progress.step(f"登记 {request.path.name}{named}：转换、校验" + ("（试运行）" if args.dry_run else "、写入")):
        outcome = intake(root, request, dry_run=args.dry_run)
    if outcome.duplicate_of:
        rev = outcome.duplicate_of
        print(f"未重复登记：{request.path.name} 与{outcome.unit_name}第{rev.revision}版"
              f"（{cn_date(rev.received)}收到，{rev.source_name}）完全相同（SHA-256 {rev.sha256[:12]}…）。")
        if args.topic or args.kind:
            print(f"如要更正这份登记的课题或类型，请用：plan intake --amend {rev.unit}-r{rev.revision}"
                  + (f" --topic {args.topic}" if args.topic else "") + (f" --kind {args.kind}" if args.kind else ""))
        return EXIT_OK
    print(_registered(outcome, args.dry_run))
    return _report(outcome, root, args.dry_run)


def _amend(args, root: Path) -> int:
    from scripts.intake.amend import amend     # only --amend needs it
    if args.files:
        raise UsageError("--amend 按已保存的原件重新登记，不用再给文件；要登记新的一版请去掉 --amend")
    with Progress(total=1).step(f"更正登记 {args.amend}：按原件重新转换、校验" + ("（试运行）" if args.dry_run else "")):
        outcome = amend(root, args.amend, args.unit, args.kind, _topic(args.topic), dry_run=args.dry_run)
    print(f"{'试运行，未写入' if args.dry_run else '已更正'}：{outcome.unit_name}第{outcome.revision.revision}版，"
          f"{outcome.revision.amended[-1]['change']}。")
    return _report(outcome, root, args.dry_run)


def _requests(args) -> list[Request]:
    """One request per file named or found in a folder named (sorted, hidden files left out),
    each with its path as typed, for the messages' commands."""
    requests = []
    for given in args.files:
        if given.is_dir():
            found = sorted(p for p in given.rglob("*") if p.is_file()
                           and not any(part.startswith(SKIPPED) for part in p.relative_to(given).parts))
            if not found:
                raise UsageError(f"文件夹 {given} 中没有文件：请检查路径")
            requests += [Request(p, received=args.date, shown=p.relative_to(given)) for p in found]
        elif given.is_file():
            requests.append(Request(given, args.unit, args.kind, _topic(args.topic), args.date,
                                    shown=Path(given.name)))
        else:
            raise UsageError(f"找不到报送文件 {given}：请检查路径和文件名")
    if len(requests) > 1 or args.files[0].is_dir():
        for option in ("unit", "kind", "topic"):
            if getattr(args, option):
                raise UsageError(f"--{option} 只用于登记一个文件；批量登记按文件识别单位，类型按单位类别、课题按标题识别。"
                                 "个别文件需要指定时，请把它移出本批，单独登记")
    return requests


def _batch(args, root: Path, requests: list[Request]) -> int:
    progress = Progress(total=len(requests))    # intake_all counts its steps once it knows which files go on
    outcomes = intake_all(root, requests, dry_run=args.dry_run, progress=progress)
    done = [o for o in outcomes if o.revision]
    print(f"{'试运行，未写入任何文件。' if args.dry_run else ''}共 {len(requests)} 份文件："
          f"{'将登记' if args.dry_run else '已登记'} {len(done)} 份，"
          f"重复 {sum(1 for o in outcomes if o.duplicate_of or o.same_as)} 份，"
          f"未登记 {sum(1 for o in outcomes if o.failure)} 份。")
    findings = 0
    for request, outcome in zip(requests, outcomes):
        shown = request.shown
        if outcome.failure:
            reason = str(outcome.failure).replace("\n", "\n      ")
            print(f"  ✗ {shown}：未登记。\n      {reason}")
        elif outcome.duplicate_of:
            rev = outcome.duplicate_of
            print(f"  = {shown}：与{outcome.unit_name}第{rev.revision}版（{cn_date(rev.received)}收到，{rev.source_name}）"
                  "完全相同，未重复登记")
        elif outcome.same_as:
            print(f"  = {shown}：与本批的 {outcome.same_as} 完全相同，未重复登记"
                  f"（如确是另一单位的材料，请单独登记：plan intake \"{request.path}\" --unit 单位标识）")
        else:
            failed = [note for note in outcome.revision.notes if note.level == FAIL]
            findings += bool(failed)
            print(f"  ✓ {shown}：{_registered(outcome, args.dry_run, batch=True)}"
                  + (f"有 {len(failed)} 项不符合通知要求，请联系报送单位：" if failed else ""))
            for note in failed:
                print(f"      {note}")
    failed_files = sum(1 for o in outcomes if o.failure)
    if failed_files:
        print(f"{failed_files} 份文件未登记：按上面的说明处理后，可再对整个文件夹运行一次（已登记的文件会提示重复，不会重复登记）。")
    return EXIT_FINDING if failed_files or findings else EXIT_OK


def _registered(outcome, dry_run: bool, batch: bool = False) -> str:
    rev = outcome.revision
    done = ("将登记为" if batch else "试运行，未写入任何文件。将登记为") if dry_run else "已登记"
    return (f"{done}：{outcome.unit_name}{KINDS[rev.kind]}"
            f"第{rev.revision}版，{cn_date(rev.received)}收到" + (f"（逾期{outcome.late}天）" if outcome.late else "")
            + f"，约{rev.chars:,}字。")


def _report(outcome, root: Path, dry_run: bool) -> int:
    rev = outcome.revision
    for path in outcome.written:
        print(f"  {'将写入' if dry_run else '写入'} {path.relative_to(root)}")
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
        then = "请报送单位按上述意见修改后再报送" if dry_run else \
            f"材料已登记，请联系报送单位补充后重新报送（将登记为第{rev.revision + 1}版）"
        print(f"有 {failed} 项不符合通知要求：{then}。")
        return EXIT_FINDING
    return EXIT_OK
