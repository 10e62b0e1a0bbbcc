"""plan bench: the commands a drafter runs, timed as whole processes against
baselines measured in the same run, in interleaved pairs; prints median ratios."""
from __future__ import annotations

import json
from pathlib import Path

from scripts import bench
from scripts.atomic import fresh_dir, write_bytes
from scripts.errors import EXIT_FINDING, EXIT_OK, UsageError
from scripts.progress import Progress
from scripts.timing import paired

# case → which projects it runs on
CASES = {"help": ("real",), "intake": ("real",), "intake_batch": ("real",), "site": ("real", "large"), "docx": ("real", "large"),
         "pdf": ("real", "large"), "build": ("large",), "diff": ("large",), "diff_warm": ("large",),
         "edit": ("real", "large")}
PROJECT_NAMES = {"real": "本方案", "large": "合成语料"}


def add_arguments(parser) -> None:
    parser.description = ("性能测量：每一项都把起草人实际运行的命令作为独立进程计时，"
                          "与完成同样工作的基线进程（纯 mkdocs-material、直接调用 pandoc / Typst）在同一次运行中交替测量"
                          "（甲乙甲乙……，默认各 5 次），报告成对比值的中位数、最小值和最大值，以及各自的峰值内存。"
                          "目标：网站构建 ≤1.3 倍、完整构建 ≤1.3 倍、Word / PDF 导出 ≤1.5 倍、登记一份材料 ≤5 倍、"
                          "批量登记 100 份材料 ≤1.5 倍逐份运行 pandoc、"
                          "冷启动版本对照 ≤2 倍一次纯构建、已缓存的版本对照 ≤2 秒、plan --help ≤5 倍 python 启动、"
                          "编辑循环（保存一章到 mkdocs serve --dirty 显示）≤1.3 倍纯 Material。"
                          "全部样本写入 JSON。")
    parser.add_argument("--chars", type=int, default=1_000_000, help="合成语料的字符数（默认 1000000）")
    parser.add_argument("--pairs", type=int, default=5, help="每项交替测量的对数（默认 5，至少 3）")
    parser.add_argument("--cases", default=",".join(CASES), metavar="项目,…",
                        help=f"只测这些项目（默认全部）：{','.join(CASES)}")
    parser.add_argument("--output", type=Path, default=Path("build/bench/bench.json"), help="JSON 结果文件")


def run(args, root: Path) -> int:
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        raise UsageError(f"--cases：没有测量项目 {'、'.join(unknown)}；可选：{','.join(CASES)}")
    if args.pairs < 3:
        raise UsageError("--pairs 至少为 3：成对比值的中位数需要多次测量")
    _byte_compile()
    work = fresh_dir(root / "build" / "bench" / "work")
    wanted = {p for c in cases for p in CASES[c]}
    second_draft = any(c.startswith("diff") for c in cases)
    progress = Progress(total=len(wanted) + sum(len(CASES[c]) for c in cases) + second_draft)
    projects = {}
    if "real" in wanted:
        with progress.step("准备本方案的副本并构建一次"):
            projects["real"] = bench.Project.prepare(root, work / "real", None)
    if "large" in wanted:
        with progress.step(f"生成约 {args.chars:,} 字的合成语料并构建一次"):
            projects["large"] = bench.Project.prepare(root, work / "large", args.chars)
    if second_draft:
        with progress.step("合成语料提交第二稿（修改 1% 的段落）"):
            bench.edit_one_percent(projects["large"].root)
    rows = []
    for key in cases:
        for name in CASES[key]:
            case = _case(key, projects.get(name), root, work, args.pairs)
            size = f"{projects[name].chars:,} 字" if name in projects else ""
            with progress.step(f"{case.label}（{PROJECT_NAMES[name]} {size}，{args.pairs} 对）"):
                pairing = case.measure(args.pairs) if case.measure else paired(case.ours, case.baseline, args.pairs)
                rows.append((case, name, pairing))
    report = {"pairs": args.pairs, "chars": {n: p.chars for n, p in projects.items()},
              "results": [{"case": case.key, "project": name, "label": case.label, "goal": case.goal,
                           "absolute": case.absolute, "met": _met(case, pairing), **pairing.as_json()}
                          for case, name, pairing in rows]}
    output = args.output if args.output.is_absolute() else root / args.output
    write_bytes(output, json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8"))
    _print_table(rows)
    print(f"全部样本已写入 {output}")
    return EXIT_OK if all(r["met"] for r in report["results"]) else EXIT_FINDING


def _byte_compile() -> None:
    """Time this tool as installed: pip byte-compiles what it installs (the baselines'
    mkdocs, Material, pandoc wrapper), but an editable install's own modules are
    compiled only on first use, and never where PYTHONDONTWRITEBYTECODE is set."""
    import compileall
    import macros
    import scripts
    for package in (scripts, macros):
        compileall.compile_dir(Path(package.__file__).parent, quiet=1)


def _case(key: str, project, root: Path, work: Path, pairs: int) -> bench.Case:
    if key == "help":
        return bench.help_case(root)
    if key == "intake":
        return bench.intake_case(root, work, pairs + 1)
    if key == "intake_batch":
        return bench.intake_batch_case(root, work)
    return {"site": project.site, "build": project.build, "docx": project.docx, "pdf": project.pdf,
            "diff": project.diff_cold, "diff_warm": project.diff_warm, "edit": project.edit}[key]()


def _met(case: bench.Case, pairing) -> bool:
    if case.absolute:
        return _median(s.seconds for s in pairing.ours) <= case.goal
    return pairing.median_ratio <= case.goal


def _median(values) -> float:
    import statistics
    return statistics.median(list(values))


def _pad(text: str, width: int, right: bool = False) -> str:
    """Pad to a terminal width, counting each Chinese character as two columns."""
    import unicodedata
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    space = " " * max(0, width - shown)
    return space + text if right else text + space


def _print_table(rows) -> None:
    widths = (60, 10, 10, 10, 10, 13, 8, 14)
    header = ("项目", "语料", "本系统(秒)", "基线(秒)", "比值中位", "范围", "目标", "峰值MB 本/基")
    print("".join(_pad(h, w, i > 1) for i, (h, w) in enumerate(zip(header, widths))) + "  结论")
    for case, name, pairing in rows:
        data = pairing.as_json()
        if case.absolute:
            ratio, spread, goal = "—", "—", f"≤{case.goal:g}秒"
        else:
            ratio, spread, goal = (f"{data['median_ratio']:.2f}", f"{data['min_ratio']:.2f}–{data['max_ratio']:.2f}",
                                   f"≤{case.goal:g}")
        cells = (case.label, PROJECT_NAMES[name], f"{data['ours_median_s']:.2f}", f"{data['baseline_median_s']:.2f}",
                 ratio, spread, goal,
                 f"{data['ours_peak_mb']:.0f}/{data['baseline_peak_mb']:.0f}" if data["ours_peak_mb"] else "—")
        verdict = "达标" if _met(case, pairing) else "未达标"
        print("".join(_pad(c, w, i > 1) for i, (c, w) in enumerate(zip(cells, widths))) + f"  {verdict}")
