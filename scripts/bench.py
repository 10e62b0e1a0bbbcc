"""Benchmarks: our pipeline against plain baselines, measured in the same run.

Speed targets are ratios, never absolute times, so they hold on any machine:
  build   ours (macros, numbering, rendered hand-over) vs a plain mkdocs-material
          build of the same already-rendered Markdown;   goal ≤ 1.3×
  scaling ours at 2× the corpus vs ours at 1×;           goal ≤ 2.2×
  docx    plan export (reference doc + filter) vs raw `pandoc x.md -o x.docx`; goal ≤ 1.5×
  pdf     plan export (template + fonts) vs raw pandoc → Typst + typst compile; goal ≤ 1.5×
"""
from __future__ import annotations

import random
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.atomic import fresh_dir
from scripts.export import fonts as font_roles
from scripts.export.docx import export_docx
from scripts.export.pandoc_runner import pandoc_path
from scripts.export.pdf import export_pdf
from scripts.site import build_site, run_mkdocs_build

SENTENCE_END = re.compile(r"(?<=[。；])")
REPORT_SHARE = 0.2   # of the corpus, in supporting-report pages (untrusted, no macros)


@dataclass
class Corpus:
    root: Path
    chars: int
    pages: int


def sentence_pool(root: Path) -> list[str]:
    """Real sentences of the plan, so the segmenter sees realistic text."""
    pool = []
    for page in sorted((root / "docs" / "plan").glob("*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith(("#", "{", "[", "|", "-", ":")) and "{{" not in line:
                pool += [s for s in SENTENCE_END.split(line) if len(s) > 8]
    return pool


def make_corpus(source: Path, target: Path, chars: int, seed: int = 2021) -> Corpus:
    """A synthetic plan of about `chars` characters: chapters of sections of
    paragraphs (with target macros), plus supporting-report pages."""
    rng = random.Random(seed)
    pool = sentence_pool(source)
    target_ids = list(yaml.safe_load((source / "data" / "targets.yml").read_text(encoding="utf-8"))["targets"])
    target_ids = [t["id"] for t in target_ids]
    fresh_dir(target)
    for part in ("data", "macros", "overrides"):
        shutil.copytree(source / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    docs = target / "docs"
    (docs / "plan").mkdir(parents=True)
    (docs / "reports").mkdir()
    (docs / "index.md").write_text("# 合成方案\n\n{{ stage_banner() }}\n\n用于性能测量的合成文本。\n", encoding="utf-8")
    if (source / "docs" / "assets").exists():
        shutil.copytree(source / "docs" / "assets", docs / "assets")

    def paragraph() -> str:
        text = "".join(rng.choice(pool) for _ in range(rng.randint(3, 6)))
        if rng.random() < 0.15:
            text += f"到2025年，相关指标达到{{{{ target('{rng.choice(target_ids)}', 2025) }}}}。"
        return text

    body_budget, report_budget = chars * (1 - REPORT_SHARE), chars * REPORT_SHARE
    chapters, written, n = [], 0, 0
    while written < body_budget:
        n += 1
        lines = [f"# 合成章节{n}"]
        for section in range(1, 11):
            lines.append(f"## 重点任务{section}")
            for sub in range(1, 5):
                lines.append(f"### 具体举措{sub}")
                for _ in range(4):
                    lines.append(paragraph())
                    written += len(lines[-1])
        path = f"plan/ch{n:03d}.md"
        (docs / path).write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        chapters.append(path)
    reports, written, n = [], 0, 0
    while written < report_budget:
        n += 1
        text = "\n\n".join(paragraph().replace("{{", "｛｛") for _ in range(40))
        (docs / f"reports/unit{n:03d}.md").write_text(f"# 单位材料{n}\n\n{text}\n", encoding="utf-8")
        reports.append(f"reports/unit{n:03d}.md")
        written += len(text)
    config_text = (source / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0]
    nav = [{"首页": "index.md"}, {"正文": chapters}, {"支持材料": reports}]
    config_text += "\n" + yaml.safe_dump({"nav": nav}, allow_unicode=True)
    (target / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    total = sum(len(p.read_text(encoding="utf-8")) for p in docs.rglob("*.md"))
    return Corpus(target, total, len(chapters) + len(reports))


def plain_copy(corpus: Corpus, target: Path) -> Path:
    """The same pages, already rendered, in a project without macros or hooks."""
    fresh_dir(target)
    docs = target / "docs"
    shutil.copytree(corpus.root / "docs", docs)
    rendered = corpus.root / "build" / "rendered"
    for page in rendered.rglob("*.md"):
        shutil.copy2(page, docs / page.relative_to(rendered))
    index = docs / "index.md"
    index.write_text(re.sub(r"\{\{.*?\}\}", "", index.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copytree(corpus.root / "overrides", target / "overrides")
    config = (corpus.root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\n  - macros:\n(      .*\n)+", "\n", config)
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)   # macros/hooks.py is ours too
    assert "macros" not in config.split("markdown_extensions")[0], "baseline must not load the macros plugin"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    (target / "data").mkdir()
    shutil.copy2(corpus.root / "data" / "search-dictionary.txt", target / "data" / "search-dictionary.txt")
    return target


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def best_of(runs: int, action) -> float:
    return min(timed(action) for _ in range(runs))


def time_build(corpus: Corpus, work: Path, runs: int) -> tuple[float, float]:
    ours = best_of(runs, lambda: build_site(corpus.root))
    plain = plain_copy(corpus, work / "plain")
    baseline = best_of(runs, lambda: run_mkdocs_build(plain, work / "plain-site"))
    return ours, baseline


def time_export(corpus: Corpus, work: Path, runs: int, formats: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """Ours vs raw pandoc (and raw Typst) on the same assembled Markdown."""
    from scripts.export.assemble import assemble
    from scripts.model import load_model
    from scripts.rendered import RenderedStore
    import typst

    model = load_model(corpus.root)
    source = fresh_dir(work / "export") / "plan.md"
    source.write_text(assemble(RenderedStore(corpus.root / "build" / "rendered").load(), model, model.stage()),
                      encoding="utf-8")
    out = source.parent
    results = {}
    if "docx" in formats:
        ours = best_of(runs, lambda: export_docx(source, out / "ours.docx", out))
        raw = best_of(runs, lambda: subprocess.run([pandoc_path(), str(source), "-o", str(out / "raw.docx")],
                                                   check=True, capture_output=True))
        results["docx"] = (ours, raw)
    if "pdf" in formats:
        dirs = font_roles.font_dirs(Path.cwd())
        fonts = font_roles.choose(dirs)
        ours = best_of(runs, lambda: export_pdf(source, out / "ours.pdf", out, fonts, dirs))

        def raw_pdf():
            subprocess.run([pandoc_path(), str(source), "-s", "-t", "typst", "-o", str(out / "raw.typ")],
                           check=True, capture_output=True)
            typst.compile(str(out / "raw.typ"), output=str(out / "raw.pdf"), font_paths=[str(d) for d in dirs])
        raw = best_of(runs, raw_pdf)
        results["pdf"] = (ours, raw)
    return results


def time_release(corpus: Corpus) -> list[tuple[str, float]]:
    """Release the corpus as a stage in a throw-away repository; seconds per phase."""
    import datetime as dt
    import io
    from scripts import git, release
    from scripts.model import load_model
    from scripts.progress import Progress

    root = corpus.root
    (root / ".gitignore").write_text("site/\nsite.partial/\nbuild/\ndist/\n.cache/\n", encoding="utf-8")
    for args in (("init", "--quiet"), ("config", "user.name", "bench"), ("config", "user.email", "bench@example.invalid"),
                 ("add", "--all"), ("commit", "--quiet", "--message", "bench")):
        git.git(root, *args)
    model = load_model(root)
    progress = Progress(total=7, stream=io.StringIO())
    date = dt.date(2021, 8, 20)
    plan = release.plan_release(root, model, model.plan.current_stage, date, reissue=False)
    with progress.step("创建标签"):
        git.create_tag(root, plan.tag, "bench", dt.datetime.combine(date, dt.time(12), release.CHINA))
    with progress.step("生成文件、发布说明与清单（合计）"):
        release.write_release(root, model, plan, progress)
    with progress.step("发布网站版本（mike）"):
        release.deploy_site(root, plan, push=False)
    return progress.timings


def time_intake(source: Path, work: Path, count: int = 100) -> tuple[float, float]:
    """Median seconds per file: `plan intake` of `count` synthetic unit materials
    (revisions included) vs a raw `pandoc x.docx -t markdown` of the same files."""
    import datetime as dt
    import statistics
    from scripts.intake import synthetic
    from scripts.intake.submit import Request, intake
    from scripts.model import load_model

    project = fresh_dir(work / "intake-project")
    for part in ("data", "docs", "macros", "overrides"):
        shutil.copytree(source / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(source / "mkdocs.yml", project / "mkdocs.yml")
    model = load_model(project)
    kinds = {k.id for k in model.kinds if k.submission == "material"}
    units = [(u.id, u.name) for u in model.units if u.kind in kinds]
    files = synthetic.write_materials(work / "intake-files", count, units)
    ours = [timed(lambda: intake(project, Request(path, unit, received=dt.date(2021, 7, 20)))) for path, unit in files]
    raw_dir = fresh_dir(work / "intake-raw")
    raw = [timed(lambda: subprocess.run([pandoc_path(), str(path), "-t", "markdown", "--extract-media", str(raw_dir / path.stem),
                                         "-o", str(raw_dir / (path.stem + ".md"))], check=True, capture_output=True))
           for path, _ in files]
    return statistics.median(ours), statistics.median(raw)


def time_diff(source: Path, work: Path, chars: int, naive_timeout: float = 60.0) -> dict:
    """plan diff of a `chars`-character plan with 1% of paragraphs edited (scripts/diff/benchmark.py):
    our seconds and peak MB, and a naive difflib character diff's seconds (capped at naive_timeout)."""
    from scripts.diff.benchmark import measure
    return measure(source, work / "diff", chars, naive_timeout)
