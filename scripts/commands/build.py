"""plan build: the main job. Check, build the site, then the formal documents."""
from __future__ import annotations

from pathlib import Path

from scripts.commands import check, export
from scripts.errors import EXIT_FINDING, EXIT_OK
from scripts.progress import Progress
from scripts.site import build_site


def add_arguments(parser) -> None:
    parser.description = ("先检查数据，再构建网站到 site/（mkdocs build --strict），"
                          "最后按当前阶段把正式文件（DOCX、PDF）写入 dist/<阶段>/。"
                          "任何一步失败时，原有的 site/ 和 dist/ 保持不变。")
    parser.add_argument("--site-only", action="store_true", help="只构建网站，不生成正式文件")
    export.add_selection_arguments(parser)


def run(args, root: Path) -> int:
    progress = Progress(total=2 if args.site_only else 2 + export.step_count(args))
    with progress.step("检查数据与正文"):
        model, findings = check.findings_for(root)
    if findings:
        for finding in findings:
            print(finding)
        print(f"共 {len(findings)} 个问题，网站未构建。请先修改，可用 plan check 复查。")
        return EXIT_FINDING
    with progress.step("构建网站（site/）"):
        build_site(root)
    if not args.site_only:
        export.export_documents(args, root, progress)
    hits = check.privacy_findings(root, model)
    if hits:
        for hit in hits:
            print(hit)
        return EXIT_FINDING
    print(f"完成：网站在 {root / 'site'}" + ("" if args.site_only else f"，正式文件在 {root / 'dist'}"))
    return EXIT_OK
