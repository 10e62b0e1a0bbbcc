"""Mutation score per module: how many planted one-line bugs the tests catch.

    python mutation/run.py                          # every module in mutation/modules.toml
    python mutation/run.py scripts/numbering.py     # one module, re-measured in a minute or two
    python mutation/run.py scripts/model.py --function _check_target   # some functions of a big module

For each module, mutmut (pinned in mutation/requirements.txt) plants every
mutation it knows, one at a time, and runs only that module's fast unit
tests from modules.toml. Each module gets its own fresh work directory
under build/mutation/, so modules never share stale results. The report
gives the score per module and every survivor as module:line and the
mutated line; survivors judged equivalent (no test can tell them apart)
are listed in mutation/equivalents.md and counted separately.
Exit code: 0 when every measured module reaches the goal, 1 when one falls
short, 2 for a usage error.
"""
from __future__ import annotations

import argparse
import ast
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "mutation"
WORK = ROOT / "build" / "mutation"
GOAL = 0.80
SOURCES = ("scripts", "macros")
# Not copied into the run: outputs, environments, and what mutmut places itself.
NOT_COPIED = {".git", ".venv", ".cache", "build", "dist", "site", "site-internal", "site.partial", "private",
              "test-artifacts", "mutation", "mutants", "tests", "pyproject.toml", "setup.cfg", *SOURCES}


def also_copy() -> list[str]:
    """What the unit tests read besides the code (data/, docs/, mkdocs*.yml, CI files …)."""
    return sorted(p.name for p in ROOT.iterdir() if p.name not in NOT_COPIED
                  and not p.name.endswith((".egg-info", "_cache")) and p.name not in (".hypothesis", "__pycache__"))


@dataclass
class Survivor:
    name: str
    line: int
    before: str
    after: str
    equivalent: str = ""      # the reason, when listed in equivalents.md


@dataclass
class Score:
    module: str
    killed: int = 0
    total: int = 0
    survivors: list[Survivor] = field(default_factory=list)
    other: dict[str, int] = field(default_factory=dict)   # timeouts, no tests, ...
    skipped: int = 0          # mutants of functions modules.toml leaves out of the score

    @property
    def equivalent(self) -> int:
        return sum(1 for s in self.survivors if s.equivalent)

    @property
    def ratio(self) -> float:
        """Killed among the mutants that are not equivalent to the original."""
        real = self.total - self.equivalent
        return self.killed / real if real else 1.0


@dataclass
class Entry:
    tests: list[str]
    skip: list[str]        # functions left out of the score (whole-build orchestration; see modules.toml)


def read_modules() -> dict[str, Entry]:
    data = tomllib.loads((HERE / "modules.toml").read_text(encoding="utf-8"))
    return {module: Entry(entry["tests"], entry.get("skip", [])) for module, entry in data["modules"].items()}


def read_equivalents() -> dict[tuple[str, str], str]:
    """(module, mutated line) → reason, from the table rows of equivalents.md."""
    known = {}
    row = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*`(.*)`\s*\|\s*(.+?)\s*\|$")
    for line in (HERE / "equivalents.md").read_text(encoding="utf-8").splitlines():
        match = row.match(line.strip())
        if match:
            module, after, reason = match.groups()
            known[(module, after.replace("\\|", "|").strip())] = reason
    return known


def prepare(module: str, tests: list[str]) -> Path:
    """A fresh work directory that sees the project through links, plus mutmut's settings."""
    slug = module.replace("/", "_").removesuffix(".py")
    work = WORK / slug
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    copied = also_copy()
    for name in (*SOURCES, *copied, "tests", "pyproject.toml"):
        (work / name).symlink_to(ROOT / name)
    lines = ["[mutmut]",
             "source_paths =", *(f"    {s}" for s in SOURCES),
             f"only_mutate = {module}",
             "also_copy =", *(f"    {name}" for name in copied),
             "pytest_add_cli_args_test_selection =", *(f"    {t}" for t in tests),
             "pytest_add_cli_args =", "    -q", "    -p", "    no:cacheprovider", "    -m", "    not browser and not slow",
             # a mutant that hangs (a loop that never ends) counts as caught after 5× the tests' time
             "timeout_multiplier = 5", "use_git_change_detection = false", ""]
    (work / "setup.cfg").write_text("\n".join(lines), encoding="utf-8")
    return work


def mutant_names(module: str, functions: list[str]) -> list[str]:
    """mutmut's names for the mutants of some functions: scripts.model.x__check_target__mutmut_*."""
    dotted = module.removesuffix(".py").replace("/", ".")
    return [f"{dotted}.x_{name}__mutmut_*" for name in functions]


def run_mutmut(work: Path, module: str, jobs: int, functions: list[str]) -> None:
    log = work / "mutmut.log"
    print(f"【变异】{module}：生成并逐个检验变异体（日志 {log.relative_to(ROOT)}）……", flush=True)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs),
                               *mutant_names(module, functions)],
                              cwd=work, stdout=out, stderr=subprocess.STDOUT, env=env)
    if done.returncode:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
        raise SystemExit(f"{module}：mutmut 运行失败（退出码 {done.returncode}）。日志末尾：\n{tail}\n"
                         "改法：先单独运行该模块的测试，确认未经变异时全部通过。")


def function_lines(source: str) -> dict[str, int]:
    """Qualified function name → line of its `def`, for placing a survivor in the file."""
    lines: dict[str, int] = {}

    def visit(node, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines[prefix + child.name] = child.lineno
                visit(child, prefix + child.name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")

    visit(ast.parse(source), "")
    return lines


def locate(name: str, diff: str, source_lines: list[str], defs: dict[str, int]) -> Survivor:
    """The original line a mutant changed, and what it became."""
    removed = [l[1:] for l in diff.splitlines() if l.startswith("-") and not l.startswith("---")]
    added = [l[1:] for l in diff.splitlines() if l.startswith("+") and not l.startswith("+++")]
    before, after = (removed[0].strip() if removed else ""), (added[0].strip() if added else "")
    # x_label__mutmut_3 → label; xǁClassǁmethod__mutmut_1 → Class.method
    mangled = name.rpartition(".")[-1].rsplit("__mutmut_", 1)[0]
    qualified = mangled.removeprefix("x_").replace("xǁ", "").replace("ǁ", ".")
    start = defs.get(qualified, 1)
    line = next((n for n, text in enumerate(source_lines[start - 1:], start) if text.strip() == before), start)
    return Survivor(name, line, before, after)


def collect(work: Path, module: str, equivalents: dict[tuple[str, str], str], functions: list[str],
            skip: list[str] = ()) -> Score:
    """Read mutmut's verdicts for the module from inside its work directory."""
    old = Path.cwd()
    os.chdir(work)
    try:
        from mutmut.configuration import reset_config
        from mutmut.mutation.data import SourceFileMutationData
        from mutmut.mutation.diff_apply import get_diff_for_mutant
        from mutmut.stats import status_by_exit_code
        reset_config()
        data = SourceFileMutationData(path=Path(module))
        data.load()
        source = (ROOT / module).read_text(encoding="utf-8")
        source_lines, defs = source.splitlines(), function_lines(source)
        score = Score(module)
        wanted = mutant_names(module, functions)
        skipped = mutant_names(module, skip)
        for name, exit_code in sorted(data.exit_code_by_key.items()):
            if wanted and not any(fnmatch.fnmatch(name, pattern) for pattern in wanted):
                continue
            if any(fnmatch.fnmatch(name, pattern) for pattern in skipped):
                score.skipped += 1
                continue
            status = status_by_exit_code[exit_code]
            score.total += 1
            if status in ("killed", "timeout", "caught by type check"):
                score.killed += 1
            elif status == "survived":
                survivor = locate(name, get_diff_for_mutant(name, path=Path(module)), source_lines, defs)
                survivor.equivalent = equivalents.get((module, survivor.after), "")
                score.survivors.append(survivor)
            else:
                score.other[status] = score.other.get(status, 0) + 1
        return score
    finally:
        os.chdir(old)


def _right(text: str, width: int) -> str:
    """Right-align by display width: a Han character takes two columns."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return " " * max(0, width - shown) + text


def report(scores: list[Score]) -> None:
    print()
    print("模块" + " " * 30 + "".join(_right(h, 8) for h in ("变异体", "杀死", "存活", "等价", "得分")))
    for s in scores:
        others = "".join(f"  {k} {v}" for k, v in s.other.items())
        others += f"  不计入 {s.skipped}（modules.toml 的 skip）" if s.skipped else ""
        cells = (s.total, s.killed, len(s.survivors), s.equivalent, f"{s.ratio:.0%}")
        print(f"{s.module:<34}" + "".join(_right(str(c), 8) for c in cells)
              + ("" if s.ratio >= GOAL else "  ✗ 未达 80%") + others)
    for s in scores:
        live = [v for v in s.survivors if not v.equivalent]
        if live:
            print(f"\n存活的变异体（{s.module}）：")
            for v in sorted(live, key=lambda v: v.line):
                print(f"  {s.module}:{v.line}: {v.before}  →  {v.after}    [{v.name}]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="mutation/run.py", description="按模块计算变异测试得分，并列出存活的变异体（每条：模块:行号、变异内容）。")
    parser.add_argument("modules", nargs="*", help="要检验的模块路径（默认：mutation/modules.toml 中的全部模块）")
    parser.add_argument("--jobs", type=int, default=2, help="并行检验的进程数（默认 2）")
    parser.add_argument("--report-only", action="store_true", help="不重新运行，只读上次结果出报告")
    parser.add_argument("--function", action="append", default=[], metavar="NAME",
                        help="只检验模块中这个函数的变异体（可重复；大模块如 scripts/model.py 的快速复测）")
    args = parser.parse_args(argv)
    modules = read_modules()
    unknown = [m for m in args.modules if m not in modules]
    if unknown:
        parser.error(f"模块 {', '.join(unknown)} 不在 mutation/modules.toml 中。改法：先在该文件中登记它及其单元测试。")
    missing = [m for m in (args.modules or modules) if not (ROOT / m).is_file()]
    if missing:
        parser.error(f"{', '.join(missing)} 不存在。改法：在 mutation/modules.toml 中改成模块现在的路径。")
    equivalents = read_equivalents()
    scores = []
    for module in args.modules or list(modules):
        work = WORK / module.replace("/", "_").removesuffix(".py")
        if not args.report_only:
            work = prepare(module, modules[module].tests)
            run_mutmut(work, module, args.jobs, args.function)
        scores.append(collect(work, module, equivalents, args.function, modules[module].skip))
    report(scores)
    return 0 if all(s.ratio >= GOAL for s in scores) else 1


if __name__ == "__main__":
    sys.exit(main())
