"""Synthetic plans for `plan bench`: real sentences of the plan, shaped like the plan.

A corpus keeps the real plan's shape (its chapters, by their file names, so the
targets' chapter ids stay valid; ten sections each, four sub-sections each) and grows by making paragraphs longer and more numerous, so
any size stays inside 公文 numbering (1–99 at each level).
"""
from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.atomic import fresh_dir
from scripts.audience import INTERNAL_DIRS, PUBLIC_CONFIG, internal_pages

SENTENCE_END = re.compile(r"(?<=[。；])")
REPORT_SHARE = 0.2        # of the corpus, in supporting-report pages (untrusted, no macros)
CHAPTERS, SECTIONS, SUBSECTIONS = 10, 10, 4
PARAGRAPH_CHARS = 220     # about the real plan's average
PROJECT_PARTS = ("data", "macros", "overrides")


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
            if line and not line.startswith(("#", "{", "[", "|", "-", ":", "!", " ")) and "{{" not in line:
                pool += [s for s in SENTENCE_END.split(line) if len(s) > 8]
    return pool


def copy_project(source: Path, target: Path) -> Path:
    """The real plan as a throw-away project (no site/, build/ or dist/)."""
    fresh_dir(target)
    for part in (*PROJECT_PARTS, "docs"):
        shutil.copytree(source / part, target / part, ignore=shutil.ignore_patterns("__pycache__", "compare"))
    for config in source.glob("mkdocs*.yml"):
        shutil.copy2(config, target / config.name)
    return target


def make_corpus(source: Path, target: Path, chars: int, seed: int = 2021) -> Corpus:
    """A synthetic plan of about `chars` characters, plus supporting-report pages."""
    rng = random.Random(seed)
    pool = sentence_pool(source)
    target_ids = [t["id"] for t in yaml.safe_load((source / "data" / "targets.yml").read_text(encoding="utf-8"))["targets"]]
    fresh_dir(target)
    for part in PROJECT_PARTS:
        shutil.copytree(source / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    docs = target / "docs"
    (docs / "plan").mkdir(parents=True)
    (docs / "reports").mkdir()
    shutil.copytree(source / "docs" / "assets", docs / "assets")
    for config in source.glob("mkdocs.*.yml"):   # the public build's configuration, as in the plan
        shutil.copy2(config, target / config.name)
    (docs / "index.md").write_text("# 合成方案\n\n{{ stage_banner() }}\n\n用于性能测量的合成文本。\n", encoding="utf-8")

    def paragraph() -> str:
        text = ""
        while len(text) < PARAGRAPH_CHARS:
            text += rng.choice(pool)
        if rng.random() < 0.15:
            text += f"到2025年，相关指标达到{{{{ target('{rng.choice(target_ids)}', 2025) }}}}。"
        return text

    body = chars * (1 - REPORT_SHARE)
    per_subsection = max(1, round(body / (CHAPTERS * SECTIONS * SUBSECTIONS * PARAGRAPH_CHARS)))   # ≈ the plan's 10
    chapters = []
    names = [page.stem for page in sorted((source / "docs" / "plan").glob("*.md"))]   # targets name these chapters
    for n, name in enumerate(names, 1):
        lines = [f"# 合成章节{n}"]
        for section in range(1, SECTIONS + 1):
            lines.append(f"## 重点任务{section}")
            for sub in range(1, SUBSECTIONS + 1):
                lines.append(f"### 具体举措{sub}")
                lines += [paragraph() for _ in range(per_subsection)]
        path = f"plan/{name}.md"
        (docs / path).write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        chapters.append(path)
    reports, written, n = [], 0, 0
    while written < chars * REPORT_SHARE:
        n += 1
        text = "\n\n".join(paragraph().replace("{{", "｛｛") for _ in range(40))
        (docs / f"reports/unit{n:03d}.md").write_text(f"# 单位材料{n}\n\n{text}\n", encoding="utf-8")
        reports.append(f"reports/unit{n:03d}.md")
        written += len(text)
    _write_nav(source, target, chapters, reports)
    total = sum(len(p.read_text(encoding="utf-8")) for p in docs.rglob("*.md"))
    return Corpus(target, total, len(chapters) + len(reports))


def _write_nav(source: Path, root: Path, chapters: list[str], reports: list[str]) -> None:
    """The real site configuration with the synthetic pages as its nav."""
    config_path = root / "mkdocs.yml"
    head, _, _ = (source / "mkdocs.yml").read_text(encoding="utf-8").partition("\nnav:")
    nav = [{"首页": "index.md"}, {"正文": chapters}, {"支持材料": reports}]
    config_path.write_text(head + "\n" + yaml.safe_dump({"nav": nav}, allow_unicode=True), encoding="utf-8")


def plain_copy(built: Path, target: Path) -> Path:
    """The same pages as `built` (a project whose build/rendered/ is fresh), already
    rendered, in a plain mkdocs-material project without macros or hooks."""
    fresh_dir(target)
    docs = target / "docs"
    shutil.copytree(built / "docs", docs, ignore=shutil.ignore_patterns("compare"))
    rendered = built / "build" / "rendered"
    for page in rendered.rglob("*.md"):
        destination = docs / page.relative_to(rendered)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(page, destination)
    for page in docs.rglob("*.md"):   # pages the build did not render keep no macro calls
        text = page.read_text(encoding="utf-8")
        if "{{" in text or "{%" in text:
            page.write_text(re.sub(r"\{[{%].*?[%}]\}", "", text), encoding="utf-8")
    shutil.copytree(built / "overrides", target / "overrides")
    config = (built / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\n  - macros:\n(      .*\n)+", "\n", config)
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)   # macros/hooks.py is ours too
    # plain Material as it comes, with its own (lunr) search, as ours comes with Pagefind's: said
    # explicitly, rather than left to MkDocs' fallback for an empty plugin list
    config = re.sub(r"\nplugins:\n((?:[ \t]*#.*\n|[ \t]*\n)*)(?=\S)", r"\nplugins: [search]\n\1", config)
    if "macros" in config.split("markdown_extensions")[0]:
        raise AssertionError("baseline must not load the macros plugin")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    if (built / PUBLIC_CONFIG).exists():   # the same public site, its internal pages left out by plain MkDocs
        excluded = "".join(f"  {name}\n" for name in (*INTERNAL_DIRS, *sorted(internal_pages(built / "docs"))))
        (target / PUBLIC_CONFIG).write_text(f"INHERIT: mkdocs.yml\nstrict: false\nexclude_docs: |\n{excluded}",
                                            encoding="utf-8")
    (target / "data").mkdir()
    return target
