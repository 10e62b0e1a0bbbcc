"""plan diff [A] [B]: compare two versions of the plan, chapter by chapter and indicator by indicator."""
from __future__ import annotations

from pathlib import Path

from scripts import git
from scripts.atomic import write_bytes
from scripts.diff.outputs import COMPARE_DIR, compare_versions, write_files, write_site_pages
from scripts.diff.review import review_markdown
from scripts.diff.sources import load_version, newest_stage_tag
from scripts.diff.targets import AMBITION_WORDS
from scripts.errors import EXIT_OK, Failure, UsageError
from scripts.model import DataError, load_model
from scripts.progress import Progress


def add_arguments(parser) -> None:
    parser.description = ("比较方案的两个版本：先按章节和标题对齐（标题序号不作比较，改名、移动的章节会标出），"
                          "再逐段、逐字比较（数字、百分数、日期作为整体），并比较 data/targets.yml 中的指标。"
                          "输出修订模式的 Word 文件、可离线打开的网页和统计 JSON，写入 dist/compare/<A>..<B>/。"
                          "默认比较最新的阶段标签与工作区。")
    parser.add_argument("old", nargs="?", metavar="A",
                        help="原稿：阶段标签（如 stage/draft）、分支或提交（默认：最新发布阶段的标签）")
    parser.add_argument("new", nargs="?", metavar="B",
                        help="新稿：同上，或“工作区”（默认：工作区，含未提交的修改）")
    parser.add_argument("--output", type=Path, metavar="目录", help="输出目录（默认 dist/compare/<A>..<B>/）")
    parser.add_argument("--site", action="store_true",
                        help=f"同时把对照网页写入 docs/{COMPARE_DIR}/<A>..<B>/，plan build 或 mkdocs serve 会在“版本对照”栏目中显示")
    parser.add_argument("--summary-markdown", type=Path, metavar="文件",
                        help="另把中文摘要（各章修改数、指标变化、最先几处修改的对照片段）写成 Markdown 文件，"
                             "供 CI 显示在拉取请求的运行摘要中")


def _print_summary(comparison) -> None:
    t = comparison.totals()
    print(f"原稿：{comparison.a.label}，{comparison.a.date:%Y年%m月%d日}")
    print(f"新稿：{comparison.b.label}，{comparison.b.date:%Y年%m月%d日}")
    print(f"修改概况：新增段落 {t.added} 个，删除 {t.deleted} 个，修改 {t.modified} 个，移动 {t.moved} 节；"
          f"增加 {t.chars_added:,} 字，删除 {t.chars_deleted:,} 字")
    for chapter in comparison.chapters:
        s = chapter.stats
        if chapter.status != "unchanged":
            moved = f"，移入 {s.moved} 节" if s.moved else ""
            print(f"  {chapter.title}：新增 {s.added}、删除 {s.deleted}、修改 {s.modified} 段{moved}，"
                  f"+{s.chars_added:,} / −{s.chars_deleted:,} 字")
    print(f"指标变化：{len(comparison.targets)} 项" if comparison.targets else "指标变化：无")
    for delta in comparison.targets:
        for change in delta.fields:
            level = f"（{AMBITION_WORDS[change.ambition]}）" if change.ambition else ""
            print(f"  {delta.name}：{change.label} {change.old} → {change.new}{level}")


def run(args, root: Path) -> int:
    if not git.is_repository(root):
        raise UsageError(f"{root} 不是 git 仓库：版本对照比较的是 git 中的阶段标签、分支或提交")
    try:
        model = load_model(root)
    except DataError as err:
        raise Failure(f"data/ 中的数据有误，请先修改（可用 plan check 查看）：\n{err}") from None
    stage_names = {s.id: s.name for s in model.stages}
    old_ref = args.old or newest_stage_tag(root, list(stage_names))
    progress = Progress(total=4)
    with progress.step(f"准备原稿 {old_ref}（首次比较某版本时在临时工作区中构建）"):
        old = load_version(root, old_ref, stage_names)
    with progress.step(f"准备新稿 {args.new or '工作区'}（工作区有改动时先重建网站）"):
        new = load_version(root, args.new, stage_names)
    with progress.step("按章节、段落、字词对照，比较指标"):
        comparison = compare_versions(old, new, model.plan.title)
    out_dir = args.output or root / "dist" / COMPARE_DIR / comparison.slug
    with progress.step(f"写入修订模式 Word、网页与统计到 {out_dir}"):
        written = write_files(comparison, out_dir, root)
        if args.site:
            written.append(write_site_pages(comparison, root / "docs"))
        if args.summary_markdown:
            write_bytes(args.summary_markdown, review_markdown(comparison).encode("utf-8"))
            written.append(args.summary_markdown)
    _print_summary(comparison)
    for path in written:
        print(f"已写入：{path}")
    if args.site:
        print("对照网页已放入 docs/compare/（不提交到仓库）；运行 plan build --site-only 或 mkdocs serve 查看“版本对照”栏目。")
    return EXIT_OK
