"""plan verify dist/<stage>: prove the files are the ones built from the tagged text."""
from __future__ import annotations

from pathlib import Path

from scripts import release
from scripts.errors import EXIT_FINDING, EXIT_OK
from scripts.progress import Progress


def add_arguments(parser) -> None:
    parser.description = ("核验一个已发布阶段：先把目录中每个文件的 SHA-256 与 manifest.json 比对，"
                          "再在临时工作区中按标签重新构建并比对。任何不一致的文件都会逐一列出，退出码为 1。不改动当前工作区。")
    parser.add_argument("dist_dir", type=Path, help="plan release 生成的目录，如 dist/consultation")


def run(args, root: Path) -> int:
    folder = args.dist_dir if args.dist_dir.is_absolute() else Path.cwd() / args.dist_dir
    problems = release.verify(root, folder, Progress(total=6))
    if problems:
        for problem in problems:
            print(f"不一致：{problem}")
        return EXIT_FINDING
    print(f"核验通过：{folder.name} 中的全部文件与标签构建结果一致。")
    return EXIT_OK
