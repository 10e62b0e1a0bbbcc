"""plan package: the 报批 package (报批稿, 编制说明, 汇总处理表, 汇编, 材料清单) in dist/<stage>/报批材料/."""
from __future__ import annotations

from pathlib import Path

from scripts.errors import EXIT_OK
from scripts.progress import Progress
from scripts.site import build_site


def add_arguments(parser) -> None:
    parser.description = ("生成报批材料（沪质办〔2021〕4号 四（三）2）到 dist/<阶段>/报批材料/ 并打包为 报批材料.zip："
                          "1 方案文本、2 编制说明、3 征求意见汇总处理表、4 专家论证意见汇总处理表（及领导小组审议意见汇总处理表）、"
                          "5 实施方案支持报告汇编（均为 Word 和 PDF）、6 材料清单（页数与 SHA-256）。"
                          "报批稿阶段以前生成的是预览：每个文件的标题和页脚都标“预览”。编制说明各部分可在 docs/explanation/ 中补充手写内容。"
                          "生成完成后才替换原有目录，失败时原有文件保持不变。")
    parser.add_argument("--stage", help="阶段标识（默认取 data/plan.yml 的 current_stage）；approval 生成正式报批材料")
    parser.add_argument("--no-build", action="store_true", help="直接使用 build/rendered/ 中已有的渲染结果，不重新构建网站")


def run(args, root: Path) -> int:
    from scripts.package import FOLDER, write_package
    progress = Progress(total=0 if args.no_build else 1)   # write_package adds its own steps
    if not args.no_build:
        with progress.step("构建网站，得到渲染后的正文"):
            build_site(root)
    target = write_package(root, args.stage, progress)
    for path in sorted(target.iterdir()):
        print(f"已生成：{path.relative_to(root)}")
    print(f"已打包：{target.with_name(FOLDER + '.zip').relative_to(root)}")
    return EXIT_OK
