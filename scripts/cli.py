"""`plan`: the drafting group's command line. Parsing and dispatch only.

Exit codes: 0 success, 1 a finding (bad data, failed build, failed check),
2 misuse (unknown option, missing file or argument).
"""
from __future__ import annotations

import argparse
import importlib
import signal
import sys
from pathlib import Path

from scripts.errors import EXIT_FINDING, EXIT_USAGE, DataError, Failure, UsageError, os_error_message
from scripts.lock import data_lock

# sub-command → (module in scripts.commands, one-line help)
COMMANDS = {
    "status": ("status", "编制进度：当前阶段与日期、已发布阶段、征求意见、意见处理、指标建议、材料报送、下一次发布的障碍"),
    "check": ("check", "检查 data/ 数据与正文（指标引用、手写编号等），不生成文件；--for <阶段> 检查发布条件"),
    "build": ("build", "构建网站到 site/，并生成正式文件到 dist/"),
    "export": ("export", "把正文导出为 GB/T 9704 格式的 DOCX 和 PDF，写入 dist/<阶段>/"),
    "release": ("release", "发布一个编制阶段：打标签、构建该阶段的网站与正式文件、发布网站版本"),
    "verify": ("verify", "核验已发布阶段的文件确由标签中的文本构建"),
    "diff": ("diff", "比较两个版本（阶段标签、分支、提交或工作区）：修订模式 Word、对照网页、指标变化"),
    "comments": ("comments", "征求意见：导入意见、检查段落锚点、导出汇总处理表"),
    "intake": ("intake", "登记报送材料或课题研究报告（.docx/.md），对照通知校验，提取指标建议"),
    "confirm": ("confirm", "指标数值核定后，把指标的状态改为“已确定”（保留 data/targets.yml 的注释和格式）"),
    "adopt": ("adopt", "把一条指标建议采纳进 data/targets.yml（状态为待核定，记录来源）"),
    "package": ("package", "生成报批材料：方案文本、编制说明、意见汇总处理表、支持报告汇编、材料清单（报批稿以前为预览）"),
    "bench": ("bench", "用合成语料测量构建与导出速度，输出与基线的比值"),
}


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"

    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"{self.prog}：参数错误：{message}（用 --help 查看用法）", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def find_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").exists() and (folder / "data").is_dir():
            return folder
    raise UsageError(f"在 {start} 及其上级目录中找不到 mkdocs.yml 和 data/：请在方案仓库中运行，或用 --root 指定")


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; only the `chosen` sub-command's module is imported
    (and its options added), so `plan --help` and each command start fast."""
    parser = _Parser(
        prog="plan",
        description="《质量强国建设纲要上海实施方案》起草工具。",
        epilog="退出码：0 成功；1 发现问题；2 用法错误。各子命令用 plan <子命令> --help 查看说明。",
        add_help=False,
    )
    _add_help(parser)
    parser.add_argument("--root", type=Path, help="方案仓库目录（默认：当前目录或其上级中含 mkdocs.yml 的目录）")
    sub = parser.add_subparsers(dest="command", metavar="<子命令>", parser_class=_Parser, title="子命令")
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text, add_help=False)
        _add_help(command)
        if name == chosen:
            _command_module(module_name).add_arguments(command)
    return parser


def chosen_command(argv: list[str]) -> str | None:
    """The sub-command named in argv, if any (skipping `--root DIR`)."""
    words = iter(argv)
    for word in words:
        if word == "--root":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _add_help(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")


def _command_module(name: str):
    return importlib.import_module(f"scripts.commands.{name}")


def writes_data(args) -> bool:
    """Commands that change data/ run one at a time (scripts/lock.py); release locks its own steps."""
    return args.command in ("intake", "adopt", "confirm") or (args.command == "comments" and args.action == "import")


def _stop(signum, frame):
    """`kill` (SIGTERM) or a closed terminal stops like Ctrl-C: clean-ups run, child processes are ended."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(chosen_command(argv))
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, _stop)
        root = (args.root or find_root(Path.cwd())).resolve()
        command = _command_module(COMMANDS[args.command][0])
        if writes_data(args):
            with data_lock(root, args.command):
                return command.run(args, root)
        return command.run(args, root)
    except UsageError as err:
        print(f"plan {args.command}：{err}", file=sys.stderr)
        return EXIT_USAGE
    except (Failure, DataError) as err:
        print(f"plan {args.command}：{err}", file=sys.stderr)
        return EXIT_FINDING
    except OSError as err:      # an unwritable dist/, a full disk: the file and the fix, not a traceback
        print(f"plan {args.command}：{os_error_message(err)}", file=sys.stderr)
        return EXIT_FINDING
    except KeyboardInterrupt:
        print("已中断，未完成的输出已丢弃。", file=sys.stderr)
        return EXIT_FINDING
