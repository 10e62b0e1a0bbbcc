"""plan export: the formal DOCX and PDF (GB/T 9704) from the site's rendered Markdown."""
from __future__ import annotations

from pathlib import Path

from scripts import readiness
from scripts.atomic import Staging
from scripts.errors import EXIT_FINDING, EXIT_OK, Failure
from scripts.model import Model, load_model
from scripts.progress import Progress
from scripts.published import commit_if_clean
from scripts.rendered import RENDERED_DIR, rendered_is_fresh

FORMATS = ("docx", "pdf")
STAGING_DIR = "build/staging"   # dist/<stage>/ is staged here, so dist/ only ever holds finished files


def add_selection_arguments(parser) -> None:
    parser.add_argument("--format", choices=(*FORMATS, "all"), default="all",
                        help="导出格式：docx、pdf 或 all（默认 all）")
    parser.add_argument("--stage", help="阶段标识，如 consultation（默认取 data/plan.yml 的 current_stage）")


def add_arguments(parser) -> None:
    parser.description = ("把网站使用的同一份渲染后 Markdown 导出为 GB/T 9704 公文格式的 DOCX 和 PDF，"
                          "写入 dist/<阶段>/，文件名如《质量强国建设纲要上海实施方案（征求意见稿）.docx》。"
                          "同时把已登记的报送材料汇编为《实施方案支持报告汇编》（尚无报送材料时跳过）。"
                          "渲染结果（build/rendered/）比 docs/、data/ 和程序都新时直接使用，否则先构建网站。"
                          "文件先写入暂存目录，个人信息检查通过后才替换 dist/<阶段>/，失败时原有文件保持不变。")
    add_selection_arguments(parser)
    parser.add_argument("--no-build", action="store_true",
                        help="直接使用 build/rendered/ 中已有的渲染结果，不重新构建网站")
    readiness.add_allow_arguments(parser)


def formats_of(args) -> tuple[str, ...]:
    return FORMATS if args.format == "all" else (args.format,)


def step_count(args) -> int:
    return len(formats_of(args)) + 2   # + the 实施方案支持报告汇编 + the privacy scan


def stage_dist(root: Path, model: Model, stage: str | None) -> Path:
    """dist/<stage>/ of the chosen (or current) stage; UsageError for an unknown one."""
    return root / "dist" / model.stage(stage).id


def export_documents(args, root: Path, model: Model, progress, out_dir: Path | None = None,
                     rendered_dir: Path | None = None) -> list[Path]:
    from scripts.export.compilation import export_compilation
    from scripts.export.documents import export_plan
    return (export_plan(root, args.stage, formats_of(args), progress, out_dir, rendered_dir, model)
            + export_compilation(root, args.stage, formats_of(args), progress, out_dir, model))


def stage_outputs(args, root: Path, model: Model, staging: Staging, progress,
                  site: bool) -> tuple[list[Path], list[Path], list[Path]]:
    """Build what was asked into `staging`: (files written, public outputs, internal outputs) to scan.
    `model` is root's, loaded once by the command."""
    public, internal = [], []
    rendered = root / RENDERED_DIR
    if site:
        from scripts.site import stage_site   # MkDocs and the search indexer: only when the site is rebuilt
        with progress.step("构建网站：公开网站 site/ 与内部网站 site-internal/"):
            public_site, internal_site = stage_site(root, staging)
        public.append(public_site)
        internal += [internal_site] if internal_site else []
        rendered = staging.staged(rendered)
    documents = []
    if getattr(args, "documents", True):
        dist = staging.add(stage_dist(root, model, args.stage), keep=True, parent=root / STAGING_DIR)
        documents = export_documents(args, root, model, progress, dist, rendered)
        public.append(dist)
    return documents, public, internal


def gate(args, root: Path, model: Model) -> None:
    """The stage's release conditions hold for its formal files too (plan check --for)."""
    stage = model.stage(args.stage)
    remaining = readiness.unallowed(readiness.blockers(root, model, stage.id), readiness.allowances(args))
    if remaining:
        raise Failure(readiness.report(remaining, stage.name).replace("发布", "导出", 1))


def run(args, root: Path) -> int:
    model = load_model(root)
    gate(args, root, model)
    rebuild = not args.no_build and not rendered_is_fresh(root)   # reuse fresh rendered pages
    progress = Progress(total=step_count(args) + rebuild)
    with Staging() as staging:
        written, public, internal = stage_outputs(args, root, model, staging, progress, site=rebuild)
        if not commit_if_clean(root, model, staging, public, internal, progress, "未替换原有文件。"):
            return EXIT_FINDING
    for path in written:
        print(f"已生成：dist/{path.parent.name.removesuffix('.partial')}/{path.name}")
    return EXIT_OK
