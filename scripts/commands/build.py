"""plan build: the main job. Check, build both sites, then the formal documents."""
from __future__ import annotations

from pathlib import Path

from scripts.atomic import Staging
from scripts.commands import check, export
from scripts.errors import EXIT_FINDING, EXIT_OK
from scripts.progress import Progress
from scripts.published import commit_if_clean


def add_arguments(parser) -> None:
    parser.description = ("先检查数据，再构建公开网站 site/ 和内部网站 site-internal/（mkdocs build --strict），"
                          "然后按当前阶段把正式文件（DOCX、PDF）写入 dist/<阶段>/，最后做个人信息检查。"
                          "全部输出先写入暂存目录，每一步（包括个人信息检查）都通过后才一起替换；"
                          "任何一步失败或被中断时，原有的 site/、site-internal/ 和 dist/ 保持不变。")
    parser.add_argument("--site-only", action="store_true", help="只构建网站，不生成正式文件")
    export.add_selection_arguments(parser)


def run(args, root: Path) -> int:
    args.documents = not args.site_only
    progress = Progress(total=3 + (0 if args.site_only else export.step_count(args) - 1))
    with progress.step("检查数据与正文"):
        model, findings = check.findings_for(root)
    if findings:
        for finding in findings:
            print(finding)
        print(f"共 {len(findings)} 个问题，网站未构建。请先修改，可用 plan check 复查。")
        return EXIT_FINDING
    with Staging() as staging:
        _, public, internal = export.stage_outputs(args, root, model, staging, progress, site=True)
        if not commit_if_clean(root, model, staging, public, internal, progress, "未替换原有的网站和文件。"):
            return EXIT_FINDING
    print(f"完成：公开网站在 {root / 'site'}，内部网站在 {root / 'site-internal'}"
          + ("" if args.site_only else f"，正式文件在 {root / 'dist'}"))
    return EXIT_OK
