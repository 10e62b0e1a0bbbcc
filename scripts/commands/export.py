"""plan export: the formal DOCX and PDF (GB/T 9704) from the site's rendered Markdown."""
from __future__ import annotations

from pathlib import Path

from scripts.errors import EXIT_OK
from scripts.progress import Progress
from scripts.rendered import rendered_is_fresh
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
                          "渲染结果（build/rendered/）比 docs/、data/ 和程序都新时直接使用，否则先构建网站。")
    add_selection_arguments(parser)
    parser.add_argument("--no-build", action="store_true",
                        help="直接使用 build/rendered/ 中已有的渲染结果，不重新构建网站")


def formats_of(args) -> tuple[str, ...]:
    return FORMATS if args.format == "all" else (args.format,)


def step_count(args) -> int:
    return len(formats_of(args)) + 1   # + the 实施方案支持报告汇编


def export_documents(args, root: Path, progress) -> list[Path]:
    from scripts.export.compilation import export_compilation
    from scripts.export.documents import export_plan
    return (export_plan(root, args.stage, formats_of(args), progress)
            + export_compilation(root, args.stage, formats_of(args), progress))


def run(args, root: Path) -> int:
    rebuild = not args.no_build and not rendered_is_fresh(root)
    progress = Progress(total=step_count(args) + rebuild)
    if rebuild:
        with progress.step("正文有修改：构建网站，得到渲染后的正文"):
            build_site(root)
    for path in export_documents(args, root, progress):
        print(f"已生成：{path.relative_to(root)}")
    return EXIT_OK
