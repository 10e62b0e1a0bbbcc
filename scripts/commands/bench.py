"""plan bench: speed against baselines measured in the same run, as ratios."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from scripts import bench
from scripts.atomic import fresh_dir, write_bytes
from scripts.errors import EXIT_FINDING, EXIT_OK
from scripts.progress import Progress
from scripts.search_bench import measure_search

GOALS = {"build": 1.3, "scaling": 2.2, "docx": 1.5, "pdf": 1.5,
         "intake": 15.0}   # intake: pandoc + filter, load_model of all data/ (half the time), checks, registries vs bare pandoc
GOALS.update(diff=0.1, diff_time=1.0, diff_memory=1.0)   # plan diff: ≥10× naive difflib, ≤2 s, ≤500 MB
GOALS.update(search=1.0)   # bytes a phone downloads before its first search result, against 500 KB compressed
SEARCH_BUDGET_KB = 500.0


def add_arguments(parser) -> None:
    parser.description = ("生成指定规模的合成方案（正文章节加支持材料页面），在同一次运行中分别计时："
                          "本系统构建与纯 mkdocs-material 构建同一份已渲染 Markdown 的比值（目标 ≤1.3）、"
                          "语料加倍后的耗时比（目标 ≤2.2）、Word/PDF 导出与直接调用 pandoc/Typst 的比值（目标 ≤1.5）。"
                          "另测材料登记：100 份合成的单位材料逐份 plan intake 与直接用 pandoc 转换的每份耗时中位数之比（目标 ≤15，含全部数据校验与登记）。"
                          "另测版本对照：同样规模、1% 段落修改的两稿，plan diff（对照与三种输出）与朴素 difflib 逐字比较之比（目标 ≤0.1），"
                          "以及与 2 秒、500 MB 预算之比。"
                          "另测网站搜索：手机在第一个结果之前要下载的数据（压缩后）与 500 KB 目标之比，以及在 Chromium 中得到第一个结果的时间。"
                          "结果打印为表格并写入 JSON。")
    parser.add_argument("--chars", type=int, default=1_000_000, help="合成语料的字符数（默认 1000000）")
    parser.add_argument("--runs", type=int, default=1, help="每项重复次数，取最快一次（默认 1）")
    parser.add_argument("--skip-export", action="store_true", help="只测网站构建，不测 Word/PDF 导出")
    parser.add_argument("--intake-files", type=int, default=100, help="材料登记测量的合成材料份数（默认 100）")
    parser.add_argument("--diff-timeout", type=float, default=60.0,
                        help="朴素 difflib 逐字比较的时限（秒），超时即记为“超过该时限”（默认 60）")
    parser.add_argument("--output", type=Path, default=Path("build/bench/bench.json"), help="JSON 结果文件")


def run(args, root: Path) -> int:
    work = fresh_dir(root / "build" / "bench" / "work")
    progress = Progress(total=(4 if args.skip_export else 6) + 3)
    with progress.step(f"生成约 {args.chars:,} 字与 {2 * args.chars:,} 字的合成语料"):
        small = bench.make_corpus(root, work / "small", args.chars)
        large = bench.make_corpus(root, work / "large", 2 * args.chars)
    with progress.step(f"构建网站：本系统 vs 纯 mkdocs-material（{small.chars:,} 字，{small.pages} 页）"):
        ours, plain = bench.time_build(small, work / "small-base", args.runs)
    with progress.step(f"构建网站：{large.chars:,} 字"):
        ours_large = bench.best_of(args.runs, lambda: bench.build_site(large.root))
    rows = [("build", "网站构建 本系统/纯构建", ours, plain),
            ("scaling", "语料加倍 2×/1×", ours_large, ours)]
    with progress.step("网站搜索：手机在第一个结果之前下载的数据（Chromium，压缩后）"):
        search = measure_search(small.root / "site")
    if search:
        rows.append(("search", "搜索首个结果前 KB/500 KB", search["bytes"] / 1024, SEARCH_BUDGET_KB))
    else:
        print("      没有 Chromium 或 Playwright，跳过搜索测量（scripts/setup-system.sh --with-test-tools 可安装）")
    with progress.step(f"材料登记：{args.intake_files} 份单位材料，plan intake vs 直接调用 pandoc（每份中位数）"):
        rows.append(("intake", "材料登记 每份 本系统/pandoc", *bench.time_intake(root, work, args.intake_files)))
    with progress.step(f"版本对照：{args.chars:,} 字、1% 段落修改，plan diff vs 朴素 difflib 逐字比较"):
        diff = bench.time_diff(root, work, args.chars, args.diff_timeout)
    naive = f"（基线超过 {diff['naive_s']:g} 秒未完成）" if diff["naive_timed_out"] else ""
    rows += [("diff", f"版本对照 本系统/朴素difflib{naive}", diff["ours_s"], diff["naive_s"]),
             ("diff_time", "版本对照 耗时/2 秒预算", diff["ours_s"], 2.0),
             ("diff_memory", "版本对照 峰值内存 MB/500 MB", diff["peak_mb"], 500.0)]
    if not args.skip_export:
        with progress.step("导出 Word 与 PDF：本系统 vs 直接调用 pandoc/Typst"):
            exports = bench.time_export(small, work, args.runs, ("docx", "pdf"))
        rows += [(k, f"{k.upper()} 导出 本系统/基线", *exports[k]) for k in ("docx", "pdf")]
        with progress.step("发布一个阶段（plan release，分阶段计时）"):
            phases = bench.time_release(small)
    else:
        phases = []
    with progress.step("汇总"):
        report = {"chars": small.chars, "pages": small.pages, "runs": args.runs, "results": {
            key: {"ours_s": round(a, 3), "baseline_s": round(b, 3), "ratio": round(a / b, 3), "goal": GOALS[key],
                  "met": a / b <= GOALS[key]} for key, _, a, b in rows},
            "release_phases_s": {label: round(seconds, 3) for label, seconds in phases},
            "search_first_result_s": round(search["seconds"], 3) if search else None}
        output = args.output if args.output.is_absolute() else root / args.output
        write_bytes(output, json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8"))
    print(f"{'项目':<24}{'本系统(秒)':>10}{'基线(秒)':>10}{'比值':>8}{'目标':>8}  结论")
    for key, label, ours_s, base_s in rows:
        ratio = ours_s / base_s
        verdict = "达标" if ratio <= GOALS[key] else "未达标"
        print(f"{label:<24}{ours_s:>10.2f}{base_s:>10.2f}{ratio:>8.2f}{GOALS[key]:>8.1f}  {verdict}")
    if search:
        print(f"搜索：最慢的查询在 Chromium 中 {search['seconds']:.2f} 秒得到第一个结果（{small.chars:,} 字语料）")
    if phases:
        print("发布一个阶段的分阶段耗时：")
        for label, seconds in phases:
            print(f"  {label:<40}{seconds:>8.2f} 秒")
    print(f"结果已写入 {output}")
    return EXIT_OK if all(r["met"] for r in report["results"].values()) else EXIT_FINDING
