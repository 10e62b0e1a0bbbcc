"""plan export: the formal DOCX and PDF (GB/T 9704) from the site's rendered Markdown."""
from __future__ import annotations

from pathlib import Path

from scripts import readiness
from scripts.errors import EXIT_OK, Failure, UsageError
from scripts.model import load_model
from scripts.progress import Progress
from scripts.site import build_site

FORMATS = ("docx", "pdf")


def add_selection_arguments(parser) -> None:
    parser.add_argument("--format", choices=(*FORMATS, "all"), default="all",
                        help="导出格式：docx、pdf 或 all（默认 all）")
    parser.add_argument("--stage", help="阶段标识，如 consultation（默认取 data/plan.yml 的 current_stage）")


def add_arguments(parser) -> None:
    parser.description = ("把网站使用的同一份渲染后 Markdown 导出为 GB/T 9704 公文格式的 DOCX 和 PDF，"
                          "写入 dist/<阶段>/，文件名如《质量强国建设纲要上海实施方案（征求意见稿）.docx》。"
                          "同时把已登记的报送材料汇编为《实施方案支持报告汇编》（尚无报送材料时跳过）。"
                          "如尚无渲染结果，先构建网站。")
    add_selection_arguments(parser)
    parser.add_argument("--no-build", action="store_true",
                        help="直接使用 build/rendered/ 中已有的渲染结果，不重新构建网站")
    readiness.add_allow_arguments(parser)


def formats_of(args) -> tuple[str, ...]:
    return FORMATS if args.format == "all" else (args.format,)


def step_count(args) -> int:
    return len(formats_of(args)) + 1   # + the 实施方案支持报告汇编


def export_documents(args, root: Path, progress) -> list[Path]:
    from scripts.export.compilation import export_compilation
    from scripts.export.documents import export_plan
    return (export_plan(root, args.stage, formats_of(args), progress)
            + export_compilation(root, args.stage, formats_of(args), progress))


def gate(args, root: Path) -> None:
    """The stage's release conditions hold for its formal files too (plan check --for)."""
    model = load_model(root)
    try:
        stage = model.stage(args.stage)
    except KeyError as err:
        raise UsageError(str(err.args[0])) from None
    remaining = readiness.unallowed(readiness.blockers(root, model, stage.id), readiness.allowances(args))
    if remaining:
        raise Failure(readiness.report(remaining, stage.name).replace("发布", "导出", 1))


def run(args, root: Path) -> int:
    gate(args, root)
    progress = Progress(total=step_count(args) + (0 if args.no_build else 1))
    if not args.no_build:
        with progress.step("构建网站，得到渲染后的正文"):
            build_site(root)
    for path in export_documents(args, root, progress):
        print(f"已生成：{path.relative_to(root)}")
    return EXIT_OK
