"""plan verify dist/<stage> | stage/<tag>: prove the files are the ones built from the tagged text."""
from __future__ import annotations

from pathlib import Path

from scripts import git, release
from scripts.errors import EXIT_FINDING, EXIT_OK
from scripts.progress import Progress


def add_arguments(parser) -> None:
    parser.description = ("核验一个已发布阶段：按清单中的标签名解析标签（不采信清单自己写的提交号），"
                          "核对目录中的文件与 manifest.json 完全一致（不多不少，SHA-256 相同），"
                          "再在临时工作区中按标签重新构建全部文件（含发布说明）并比对。"
                          "任何不一致都会逐一列出，退出码为 1。不改动当前工作区。")
    parser.add_argument("dist_dir", metavar="目录或标签",
                        help="plan release 生成的目录（如 dist/consultation），或阶段标签（如 stage/consultation）")


def folder_of(text: str, root: Path) -> Path:
    """A dist folder as given, or dist/<name> for a stage tag."""
    path = Path(text)
    if text.startswith(git.TAG_PREFIX) and not path.exists():
        return root / "dist" / text.removeprefix(git.TAG_PREFIX)
    return path if path.is_absolute() else Path.cwd() / path


def run(args, root: Path) -> int:
    folder = folder_of(args.dist_dir, root)
    problems = release.verify(root, folder, Progress(total=7))
    if problems:
        for problem in problems:
            print(f"不一致：{problem}")
        return EXIT_FINDING
    print(f"核验通过：{folder.name} 中的全部文件与标签构建结果一致。")
    return EXIT_OK
