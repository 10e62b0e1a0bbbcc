"""The two versions to compare: rendered Markdown and targets of a git ref or the working tree.

A ref is built once in a temporary worktree (the single render path:
build_site, then build/rendered/), and its rendered pages are kept in
build/compare/cache/<commit>-<code>/, so a release, its site deployment and
later comparisons never build the same commit twice.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from scripts import git
from scripts.atomic import replace_dir
from scripts.diff.result import Side
from scripts.errors import Failure, UsageError
from scripts.render_only import render_markdown
from scripts.rendered import INDEX, RENDERED_DIR, rendered_is_fresh
from scripts.site import build_site

CACHE_DIR = "build/compare/cache"
WORKTREE = "工作区"
WORKTREE_NAMES = {WORKTREE, ".", "worktree"}
CHINA = git.CHINA


@dataclass
class Version:
    side: Side
    pages: list[tuple[str, str, str]]     # (source path, "body" | "annex", rendered Markdown)
    targets: str | None                   # data/targets.yml as text


def read_rendered(directory: Path) -> list[tuple[str, str, str]]:
    index = json.loads((directory / INDEX).read_text(encoding="utf-8"))
    return [(src, part, (directory / src).read_text(encoding="utf-8"))
            for part, key in (("body", "body"), ("annex", "annexes")) for src in index[key]]


def _code_key() -> str:
    """Changes to the render code (numbering, rendered store) invalidate the cache."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def commit_of(root: Path, ref: str) -> str:
    commit = git.git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    if not commit:
        raise UsageError(f"找不到版本“{ref}”：请给出阶段标签（如 stage/draft）、分支名或提交号；"
                         f"用 git tag --list 'stage/*' 查看已有的阶段标签")
    return commit


def _cache(root: Path, commit: str) -> Path:
    return root / CACHE_DIR / f"{commit}-{_code_key()}"


def remember_rendered(root: Path, ref: str, tree: Path) -> None:
    """Keep a worktree's fresh build/rendered/ for later comparisons of the same commit."""
    source = tree / RENDERED_DIR
    if not (source / INDEX).exists():
        return
    target = _cache(root, commit_of(root, ref))
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(source, partial)
    replace_dir(partial, target)


def rendered_at(root: Path, ref: str) -> Path:
    """build/rendered/ of a ref: from the cache, or built once in a temporary worktree."""
    commit = commit_of(root, ref)
    cached = _cache(root, commit)
    if (cached / INDEX).exists():
        return cached
    with git.worktree(root, commit) as tree:
        if not (tree / "mkdocs.yml").exists():
            raise Failure(f"版本“{ref}”中没有 mkdocs.yml：它不是方案仓库中的版本，无法比较")
        partial = cached.with_name(cached.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        render_markdown(tree, partial)   # the text is all a comparison needs: no HTML, theme or search
        replace_dir(partial, cached)
    return cached


def rendered_worktree(root: Path) -> Path:
    """The working tree's build/rendered/, rebuilt (plan build --site-only) unless fresh."""
    if not rendered_is_fresh(root):
        build_site(root)
    return root / RENDERED_DIR


def ref_date(root: Path, ref: str) -> dt.datetime:
    """An annotated tag's date (a stage's date), otherwise the commit's."""
    if git.git(root, "cat-file", "-t", ref, check=False) == "tag":
        return dt.datetime.fromtimestamp(git.tag_epoch(root, ref), CHINA)
    return dt.datetime.fromtimestamp(int(git.git(root, "log", "-1", "--format=%ct", ref)), CHINA)


def path_name(ref: str) -> str:
    """A ref as a folder name: stage/draft → draft, feature/x → feature-x."""
    name = ref.removeprefix(git.TAG_PREFIX) if ref.startswith(git.TAG_PREFIX) else ref
    return re.sub(r"[^\w.-]+", "-", name).strip(".-") or "ref"


def stage_name(ref: str, stage_names: dict[str, str]) -> str | None:
    if not ref.startswith(git.TAG_PREFIX):
        return None
    return stage_names.get(git.stage_of_tag(ref))


def load_version(root: Path, ref: str | None, stage_names: dict[str, str]) -> Version:
    """ref None (or 工作区 / . / worktree): the working tree, uncommitted edits included."""
    if ref is None or ref in WORKTREE_NAMES:
        rendered = rendered_worktree(root)
        targets = root / "data" / "targets.yml"
        side = Side(WORKTREE, "工作区（含未提交的修改）", "worktree", None, dt.datetime.now(CHINA).replace(microsecond=0))
        return Version(side, read_rendered(rendered), targets.read_text(encoding="utf-8") if targets.exists() else None)
    commit = commit_of(root, ref)
    name = stage_name(ref, stage_names)
    label = f"{name}（{ref}）" if name else (ref if not re.fullmatch(r"[0-9a-f]{7,40}", ref) else f"提交 {ref[:12]}")
    side = Side(ref, label, path_name(ref) if not ref == commit else commit[:12], commit, ref_date(root, ref), name)
    return Version(side, read_rendered(rendered_at(root, ref)), git.file_at(root, commit, "data/targets.yml"))


def newest_stage_tag(root: Path, stage_ids: list[str]) -> str:
    """The newest tag of the latest released stage: what the working tree is compared with by default."""
    found = git.latest_release(root, stage_ids)
    if found:
        return found
    raise UsageError("还没有任何阶段标签（stage/*）：请先用 plan release 发布一个阶段，"
                     "或指定要比较的两个版本，例如 plan diff main~3 main")
