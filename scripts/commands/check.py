"""plan check: validate data/ and the trusted pages without building anything."""
from __future__ import annotations

import sys
from pathlib import Path

from scripts import published, readiness
from scripts.alignment import alignment_findings, alignment_summary, load_alignment
from scripts.errors import EXIT_FINDING, EXIT_OK, UsageError, did_you_mean
from scripts.model import DataError, Finding, Model, load_model
from scripts.pages import check_pages, check_target_chapters
from scripts.structure import load_outline
from scripts.style.gate import style_findings
from scripts.yamlio import LocatedDict, YamlSyntaxError, load_yaml


def add_arguments(parser) -> None:
    parser.description = ("检查 data/ 中全部数据（字段、类型、唯一性、目标方向与国家参考值、与上级规划目标的衔接）、"
                          "正文（指标引用、手写编号、目录），并扫描已生成的 site/ 和 dist/ 中有无个人信息、site-internal/ 中有无意见提出者的联系方式"
                          "（邮箱、电话、身份证号；本办公开的联系方式除外），检查正文的中文写法（GB/T 15834 标点、GB/T 15835 日期、"
                          "中文与字母数字间的空格、data/glossary.yml 术语）。发现问题时逐条列出文件、行号或取值和改法，退出码为 1。"
                          "加 --for <阶段> 时另列出发布该阶段的障碍（送审稿、报批稿：（示例）/（待核定）数值、未处理的意见、"
                          "待审的指标建议、正文中的起草说明；论证稿：未处理的意见），与 plan release 的检查相同。")
    parser.add_argument("--fix", action="store_true",
                        help="先自动改正正文中可以安全改正的写法（半角标点、直引号、重复标点、省略号、年份连接号、日期、空格、"
                             "标为 auto 的术语），再报告其余问题；改动写回 docs/ 中的文件，请用 git diff 查看后提交")
    parser.add_argument("--for", dest="for_stage", metavar="阶段",
                        help="检查能否发布该阶段：draft、consultation、review、submission、approval")


def _targets_as_written(root: Path) -> dict[str, tuple[str, int]]:
    """{id: (chapter, line)} straight from data/targets.yml, so the pages can be checked
    even when the data has errors (both are reported in one run)."""
    try:
        doc = load_yaml(root / "data" / "targets.yml") or {}
    except (OSError, YamlSyntaxError):
        return {}
    nodes = doc.get("targets") if isinstance(doc, dict) else None
    return {str(n.get("id")): (str(n.get("chapter") or ""), n.line_of("chapter"))
            for n in nodes or [] if isinstance(n, LocatedDict) and n.get("id")}


def findings_for(root: Path) -> tuple[Model | None, list[Finding]]:
    """Data errors and page errors together; the model when the data is valid."""
    outline = load_outline(root)
    written = _targets_as_written(root)
    text_findings = (check_target_chapters(written, outline)
                     + check_pages(root, {i: chapter for i, (chapter, _) in written.items()}, outline))
    try:
        model = load_model(root)
    except DataError as err:
        return None, err.findings + text_findings
    try:
        alignment = alignment_findings(model, load_alignment(root))
    except DataError as err:
        alignment = err.findings
    return model, text_findings + alignment


def privacy_findings(root: Path, model: Model) -> list[str]:
    """Personal data in the built outputs: site/ and dist/ (other than the office's own
    contacts), and commenters' contacts in site-internal/."""
    return published.privacy_findings(root, model, [root / "site", root / "dist"], [root / "site-internal"])


def run(args, root: Path) -> int:
    model, findings = findings_for(root)
    if model is not None:
        findings = [*findings, *privacy_findings(root, model),
                    *style_findings(root, list(load_outline(root).pages), fix=args.fix)]
    stage_id = args.for_stage
    if stage_id and model is not None and stage_id not in [s.id for s in model.stages]:
        known = [s.id for s in model.stages]
        raise UsageError(f"未知的阶段“{stage_id}”{did_you_mean(stage_id, known)}，可选：{'、'.join(known)}")
    blockers = readiness.blockers(root, model, stage_id) if stage_id and model is not None else []
    if findings or blockers:
        for finding in findings:
            print(finding, file=sys.stderr)
        if findings:
            print(f"共发现 {len(findings)} 个问题，请按提示修改后再运行 plan check。", file=sys.stderr)
        if blockers:
            print(readiness.report(blockers, model.stage(stage_id).name), file=sys.stderr)
        return EXIT_FINDING
    outline = load_outline(root)
    print(f"检查通过：{len(model.targets)} 项指标，{len(outline.body)} 章正文，{len(outline.annexes)} 个附件，"
          f"当前阶段：{model.stage().name}。" + (f"可以发布{model.stage(stage_id).name}。" if stage_id else ""))
    lines = alignment_summary(model, load_alignment(root))
    if lines:
        print("与上级规划的衔接（data/alignment.yml）：\n" + "\n".join(lines))
    return EXIT_OK
