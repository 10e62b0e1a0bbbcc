"""The cases `plan bench` times: each is the command a user runs, as a whole
process, against a baseline that does the same job with the bare tools, also
as a whole process (scripts/timing.py pairs and compares them).

  site   plan build --site-only   vs  mkdocs build of the same rendered Markdown, plain Material
  build  plan build               vs  plain Material + raw pandoc DOCX + raw pandoc → Typst PDF
  docx   plan export --format docx vs raw `pandoc plan.md -o plan.docx`, and the same for the
         实施方案支持报告汇编 when anything was submitted (the command writes both)
  pdf    plan export --format pdf  vs raw `pandoc -t typst` + `typst compile`
  intake plan intake (one file)    vs raw `pandoc file.docx -t markdown`
  intake_batch plan intake DIR (100 files) vs 100 raw `pandoc file.docx -t markdown`, one after another
  diff   plan diff, cold           vs one plain Material build of the same plan
  help   plan --help               vs `python -c pass`
  edit   save a chapter → `mkdocs serve --dirty` shows it, ours vs plain Material (scripts/edit_loop.py)
"""
from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from scripts import corpus as corpora
from scripts.atomic import fresh_dir
from scripts.audience import PUBLIC_CONFIG
from scripts.timing import Command, Pairing


@dataclass(frozen=True)
class Case:
    key: str
    label: str
    goal: float
    ours: Command
    baseline: Command
    absolute: bool = False   # goal in seconds of "ours" alone (the baseline is then informative)
    measure: Callable[[int], Pairing] | None = None   # its own pairing, for what is not one process per sample


def plan_command(root: Path, *args: str, prepare=None) -> Command:
    """`plan …` exactly as the drafter types it (the installed console script)."""
    script = Path(sys.executable).with_name("plan")
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "scripts"]
    return Command([*argv, *args], root, prepare)


def python_command(cwd: Path, *args: str, prepare=None) -> Command:
    return Command([sys.executable, *args], cwd, prepare)


def pandoc() -> str:
    from scripts.export.pandoc_runner import pandoc_path
    return str(pandoc_path())


def shell(cwd: Path, *commands: list[str] | str) -> Command:
    """Several commands in one baseline process, in order, stopping at the first failure
    (a str is already shell syntax, e.g. from side_by_side)."""
    return Command(["sh", "-c", " && ".join(c if isinstance(c, str) else shlex.join(c) for c in commands)], cwd)


def side_by_side(*commands: list[str]) -> str:
    """Shell syntax running the commands at once and failing if any fails."""
    starts = "".join(f"{shlex.join(c)} & p{n}=$!; " for n, c in enumerate(commands))
    return "{ " + starts + " && ".join(f"wait $p{n}" for n in range(len(commands))) + "; }"


@dataclass
class Project:
    """A throw-away plan (the real one or a synthetic one), built once so its
    rendered Markdown, plain-Material twin and assembled document exist."""
    root: Path
    chars: int
    plain: Path
    assembled: Path
    fonts: list[Path]
    compilation: Path | None = None   # the 实施方案支持报告汇编's Markdown, when anything was submitted

    @classmethod
    def prepare(cls, source: Path, root: Path, chars: int | None) -> "Project":
        if chars:
            made = corpora.make_corpus(source, root, chars)
            size = made.chars
        else:
            corpora.copy_project(source, root)
            size = sum(len(p.read_text(encoding="utf-8")) for p in (root / "docs").rglob("*.md"))
        if (source / ".cache").exists() and not (root / ".cache").exists():
            (root / ".cache").symlink_to((source / ".cache").resolve())   # fonts installed by `make`
        _init_repository(root)
        result = subprocess.run(plan_command(root, "build", "--site-only").argv, cwd=root, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"性能测量的方案无法构建：\n{result.stdout[-1500:]}{result.stderr[-1500:]}")
        plain = corpora.plain_copy(root, root.with_name(root.name + "-plain"))
        assembled = _assemble(root)
        return cls(root, size, plain, assembled, _font_dirs(root),
                   compilation_source(root, assembled.parent))

    def site(self) -> Case:
        return Case("site", "网站构建 plan build --site-only / 纯 Material", 1.3,
                    plan_command(self.root, "build", "--site-only"), shell(self.plain, *self._plain_sites()))

    def build(self) -> Case:
        out = self.assembled.parent
        return Case("build", "完整构建 plan build / 纯 Material + pandoc + Typst", 1.3,
                    plan_command(self.root, "build"),
                    shell(self.plain, *self._plain_sites(), *self._raw_docx(out), *self._raw_pdf(out)))

    def docx(self) -> Case:
        return Case("docx", "Word 导出 plan export --format docx / pandoc", 1.5,
                    plan_command(self.root, "export", "--format", "docx"),
                    shell(self.assembled.parent, *self._raw_docx(self.assembled.parent)))

    def pdf(self) -> Case:
        return Case("pdf", "PDF 导出 plan export --format pdf / pandoc + Typst", 1.5,
                    plan_command(self.root, "export", "--format", "pdf"),
                    shell(self.assembled.parent, *self._raw_pdf(self.assembled.parent)))

    def diff_cold(self) -> Case:
        cache = self.root / "build" / "compare"
        return Case("diff", "版本对照 plan diff（冷启动）/ 一次纯 Material 构建", 2.0,   # the full internal site
                    plan_command(self.root, "diff", "HEAD~1", "HEAD", prepare=lambda: shutil.rmtree(cache, ignore_errors=True)),
                    python_command(self.plain, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"))

    def edit(self) -> Case:
        from scripts import edit_loop
        chapter = "plan/talent"
        return Case("edit", "编辑循环 保存一章到预览显示（mkdocs serve --dirty）/ 纯 Material", 1.3,
                    Command([], self.root), Command([], self.plain),
                    measure=lambda pairs: edit_loop.measure(self.root, self.plain, chapter, pairs))

    def diff_warm(self) -> Case:
        return Case("diff_warm", "版本对照 plan diff（已缓存）耗时，秒", 2.0,
                    plan_command(self.root, "diff", "HEAD~1", "HEAD"),
                    python_command(self.root, "-c", "pass"), absolute=True)

    def _plain_sites(self) -> list[str]:
        """Plain Material building what `plan build` builds, the way it builds them:
        the public site and the internal one, side by side."""
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
        internal = [*mkdocs, "--site-dir", "site-internal"]
        if not (self.plain / PUBLIC_CONFIG).exists():
            return [shlex.join(internal)]
        return [side_by_side([*mkdocs, "--config-file", PUBLIC_CONFIG, "--site-dir", "site"], internal)]

    def _raw_docx(self, out: Path) -> list[list[str]]:
        """Raw pandoc for each Word file `plan export --format docx` writes."""
        raw = [[pandoc(), str(self.assembled), "-o", str(out / "raw.docx")]]
        if self.compilation:
            raw.append([pandoc(), str(self.compilation), "-o", str(out / "raw-compilation.docx")])
        return raw

    def _raw_pdf(self, out: Path) -> list[list[str]]:
        compile_typst = ("import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=sys.argv[3:])")
        return [[pandoc(), str(self.assembled), "-s", "-t", "typst", "-o", str(out / "raw.typ")],
                [sys.executable, "-c", compile_typst, str(out / "raw.typ"), str(out / "raw.pdf"), *map(str, self.fonts)]]


def edit_one_percent(root: Path) -> None:
    """A second commit that edits every hundredth paragraph, as a drafter would."""
    for page in sorted((root / "docs" / "plan").glob("*.md")):
        blocks = page.read_text(encoding="utf-8").split("\n\n")
        for n in range(3, len(blocks), 100):
            if not blocks[n].startswith(("#", "{", "|")):
                blocks[n] = blocks[n].replace("质量", "品质", 1) + "根据征求意见情况补充完善相关表述。"
        page.write_text("\n\n".join(blocks), encoding="utf-8")
    _git(root, "commit", "--quiet", "--all", "--message", "bench: 修改 1% 的段落")


def intake_case(source: Path, work: Path, samples: int) -> Case:
    """One `plan intake` of one unit's Word file, a different file each sample."""
    from scripts.intake import synthetic
    project = corpora.copy_project(source, work / "intake-project")
    _init_repository(project)
    units = _material_units(project)
    files = iter(synthetic.write_materials(work / "intake-files", samples + 1, units))
    current: dict = {}

    def next_file() -> None:
        current["path"], current["unit"] = next(files)
        ours.argv[-3:] = [str(current["path"]), "--unit", current["unit"]]
        raw.argv[1] = str(current["path"])

    ours = plan_command(project, "intake", "--date", "2021-07-20", "FILE", "--unit", "UNIT", prepare=next_file)
    raw_out = work / "intake-raw"
    raw = Command([pandoc(), "FILE", "-t", "markdown", "--extract-media", str(raw_out), "-o", str(raw_out / "raw.md")],
                  work, prepare=lambda: fresh_dir(raw_out))
    return Case("intake", "材料登记 一份 plan intake / pandoc", 5.0, ours, raw)


BATCH_FILES = 100


def intake_batch_case(source: Path, work: Path) -> Case:
    """One `plan intake DIR` of 100 units' Word files (the day the materials arrive),
    against the baseline of converting each file with raw pandoc, one process
    after another in one shell: `pandoc FILE -t markdown --extract-media …` × 100,
    the least a secretariat would run without this tool. Each sample registers the
    same 100 files into a fresh copy of the project's data/ and docs/ (untimed)."""
    from scripts.intake import synthetic
    project = corpora.copy_project(source, work / "batch-project")
    units = _bench_units(project, BATCH_FILES)
    _init_repository(project)
    files = synthetic.write_materials(work / "batch-files", BATCH_FILES, units)
    pristine = work / "batch-pristine"
    for part in ("data", "docs"):
        shutil.copytree(project / part, pristine / part)

    def fresh_project() -> None:
        for part in ("data", "docs"):
            shutil.rmtree(project / part)
            shutil.copytree(pristine / part, project / part)

    ours = plan_command(project, "intake", "--date", "2021-07-20", str(work / "batch-files"), prepare=fresh_project)
    raw_out = work / "batch-raw"
    raw = shell(work, *([pandoc(), str(path), "-t", "markdown", "--extract-media", str(raw_out / str(n)),
                         "-o", str(raw_out / f"{n}.md")] for n, (path, _) in enumerate(files)))
    raw = Command(raw.argv, raw.cwd, prepare=lambda: fresh_dir(raw_out))
    return Case("intake_batch", f"批量登记 plan intake 文件夹（{BATCH_FILES} 份）/ 逐份 pandoc", 1.5, ours, raw)


def _bench_units(project: Path, count: int) -> list[tuple[str, str]]:
    """`count` district-like units added to the throw-away project's data/units.yml:
    one file per unit, as on the day every unit's material arrives."""
    units = [(f"bench{n:03d}", f"测试第{n:03d}区") for n in range(1, count + 1)]
    path = project / "data" / "units.yml"
    lines = "".join(f"  - id: {uid}\n    name: {name}\n    kind: district\n" for uid, name in units)
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + lines, encoding="utf-8")
    return units


def help_case(root: Path) -> Case:
    return Case("help", "启动 plan --help / python -c pass", 5.0,
                plan_command(root, "--help"), python_command(root, "-c", "pass"))


def _material_units(project: Path) -> list[tuple[str, str]]:
    from scripts.model import load_model
    model = load_model(project)
    kinds = {k.id for k in model.kinds if k.submission == "material"}
    return [(u.id, u.name) for u in model.units if u.kind in kinds]


def _assemble(root: Path) -> Path:
    """The one Markdown document the formal files are made from, for the raw baselines."""
    from scripts.export.assemble import assemble
    from scripts.model import load_model
    from scripts.rendered import RenderedStore
    model = load_model(root)
    out = fresh_dir(root.with_name(root.name + "-raw")) / "plan.md"
    out.write_text(assemble(RenderedStore(root / "build" / "rendered").load(), model, model.stage()), encoding="utf-8")
    return out


def compilation_source(root: Path, out: Path) -> Path | None:
    """The 实施方案支持报告汇编's Markdown (its images beside it), as the export makes it;
    None when nothing was submitted, as the export then writes no such file."""
    from scripts.export.compilation import compilation_markdown
    from scripts.model import load_model
    model = load_model(root)
    if not model.submissions:
        return None
    stage = model.stage()
    path = out / "compilation.md"
    path.write_text(compilation_markdown(root, model, stage, out, stage.date or dt.date.today()), encoding="utf-8")
    return path


def _font_dirs(root: Path) -> list[Path]:
    from scripts.export import fonts
    return fonts.font_dirs(root)


def _init_repository(root: Path) -> None:
    (root / ".gitignore").write_text("site/\nsite*.partial/\nsite-internal/\nbuild/\ndist/\n.cache\nprivate/\n",
                                     encoding="utf-8")
    for args in (("init", "--quiet"), ("config", "user.name", "bench"), ("config", "user.email", "bench@example.invalid"),
                 ("add", "--all"), ("commit", "--quiet", "--message", "bench")):
        _git(root, *args)


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_COMMITTER_DATE": dt.datetime(2021, 8, 20, 12).isoformat()}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)
