"""plan comments: import comments, check their anchors, export the 汇总处理表."""
from __future__ import annotations

import sys
from pathlib import Path

from scripts.atomic import Staging
from scripts.comments import exports
from scripts.comments.anchors import AnchorIndex, load_items
from scripts.comments.importer import COLUMNS, import_rows, read_rows
from scripts.comments.store import PRIVATE_FILE, SOURCES, load_store, save_store
from scripts.errors import EXIT_FINDING, EXIT_OK, UsageError
from scripts.model import load_model
from scripts.commands.export import STAGING_DIR
from scripts.progress import Progress
from scripts.published import commit_if_clean
from scripts.site import build_site


def add_arguments(parser) -> None:
    parser.description = ("征求意见、专家论证意见与领导小组审议意见的导入、锚点检查和汇总处理表导出。"
                          f"表格列（中文表头）：{'、'.join(COLUMNS)}。姓名、单位、电话、邮箱、地址只存于 {PRIVATE_FILE}，不发布。")
    sub = parser.add_subparsers(dest="action", metavar="<操作>", title="操作", required=True,
                                parser_class=type(parser))
    imp = sub.add_parser("import", help="导入 CSV / XLSX / YAML 意见表（可重复导入，不会重复或丢失）",
                         description="逐行校验后导入意见；有任何一行出错则不写入，并逐行列出问题。", add_help=False)
    imp.add_argument("file", type=Path, help="意见表文件：.csv、.xlsx 或 .yml")
    imp.add_argument("--source", choices=tuple(SOURCES), default="public",
                     help="public：公开征求意见（默认）；expert：专家论证意见；leadership：领导小组审议意见。"
                          "每条意见按收到日期归入所针对的阶段：征求意见时间内的归征求意见稿，否则归该日已发布的最近阶段")
    chk = sub.add_parser("check", help="列出段落已找不到的意见（先重建网站以取得当前段落）",
                         description="用当前文本重新定位每条意见所针对的段落，列出无法定位的意见。", add_help=False)
    chk.add_argument("--no-build", action="store_true", help="使用已有的 build/rendered/anchors.json，不重建网站")
    exp = sub.add_parser("export", help="导出汇总处理表：正式 Word、PDF 与电子表格",
                         description="写入 dist/<阶段>/：汇总处理表的 DOCX、PDF（GB/T 9704 版式）和不含个人信息的 XLSX。",
                         add_help=False)
    exp.add_argument("--source", choices=tuple(SOURCES), default="public", help="public（默认）、expert 或 leadership")
    exp.add_argument("--stage", help="阶段标识（默认取 data/plan.yml 的 current_stage）")
    exp.add_argument("--format", choices=("docx", "pdf", "xlsx", "all"), default="all", help="导出格式（默认 all）")
    exp.add_argument("--with-contacts", action="store_true",
                     help=f"另导出含联系方式的内部表格到 {PRIVATE_FILE.parent}/（不入版本库、不发布）")
    for action in (imp, chk, exp):
        action.add_argument("-h", "--help", action="help", help="显示本帮助并退出")


def run(args, root: Path) -> int:
    return {"import": run_import, "check": run_check, "export": run_export}[args.action](args, root)


def run_import(args, root: Path) -> int:
    model = load_model(root)
    rows = read_rows(args.file)
    if not rows:
        raise UsageError(f"{args.file} 中没有意见行：第一行应为表头（{'、'.join(COLUMNS)}）")
    store = load_store(root)
    index = AnchorIndex(load_items(root))
    result = import_rows(rows, args.file.name, store, index, args.source, lambda day: model.stage_on(day).id,
                         [s.id for s in model.stages])
    for warning in result.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    if result.problems:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(f"共 {len(result.problems)} 个问题，本次未导入任何意见。请修改后重新导入。", file=sys.stderr)
        return EXIT_FINDING
    save_store(root, store)
    print(f"导入完成：新增 {result.added} 条，更新处理情况 {result.updated} 条，已存在未变 {result.unchanged} 条。"
          f"公开数据在 data/comments.yml，联系方式在 {PRIVATE_FILE}。")
    return EXIT_OK


def unresolved(root: Path) -> list[str]:
    index = AnchorIndex(load_items(root))
    lines = []
    for comment in sorted(load_store(root).comments.values(), key=lambda c: (c.received, c.id)):
        if index.resolve(comment.anchor_id, comment.quote) is None:
            lines.append(f"data/comments.yml：意见 {comment.id}（{comment.received}，{comment.anchor}）"
                         f"所针对的段落在当前文本中已找不到：原文“{comment.quote[:30]}……”。"
                         "请在 data/comments.yml 中把它的 anchor_id 改为新段落的编号")
    return lines


def run_check(args, root: Path) -> int:
    if not args.no_build:
        with Progress(total=1).step("构建网站，取得当前段落"):
            build_site(root)
    lines = unresolved(root)
    for line in lines:
        print(line)
    if lines:
        return EXIT_FINDING
    print(f"全部 {len(load_store(root).comments)} 条意见都能定位到当前文本中的段落。")
    return EXIT_OK


def run_export(args, root: Path) -> int:
    model = load_model(root)
    stage = model.stage(args.stage)
    store = load_store(root)
    comments = [c for c in store.comments.values() if c.source == args.source]
    index = AnchorIndex(load_items(root))
    title, markdown = exports.opinion_table(model, args.source, comments, index)
    name = title.replace("《", "").replace("》", "")
    formats = ("docx", "pdf", "xlsx") if args.format == "all" else (args.format,)
    progress = Progress(total=len(formats) + 1)
    with Staging() as staging:   # dist/<stage>/ is replaced only when every file is written and scanned
        out_dir = staging.add(root / "dist" / stage.id, keep=True, parent=root / STAGING_DIR)
        written = exports.formal_documents(root, markdown, name, out_dir, formats, progress)
        if "xlsx" in formats:
            with progress.step("生成电子表格（不含个人信息）"):
                written.append(exports.write_spreadsheet(out_dir / f"{name}.xlsx", comments))
        if not commit_if_clean(root, model, staging, [out_dir], [], progress, f"dist/{stage.id}/ 未改动。"):
            return EXIT_FINDING
    for path in written:
        print(f"已生成：dist/{stage.id}/{path.name}")
    if args.with_contacts:
        internal = exports.write_spreadsheet(root / PRIVATE_FILE.parent / f"{name}（含联系方式）.xlsx",
                                             comments, store.contacts)
        print(f"已生成（内部，不发布）：{internal.relative_to(root)}")
    return EXIT_OK
