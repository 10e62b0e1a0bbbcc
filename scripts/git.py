"""Git plumbing for releases: state of the tree, tags, and throw-away worktrees."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from scripts.errors import Failure

TAG_PREFIX = "stage/"
CHINA = dt.timezone(dt.timedelta(hours=8))   # stage dates are Shanghai dates


def stage_of_tag(tag: str) -> str:
    """stage/consultation-r2 → consultation."""
    return tag.removeprefix(TAG_PREFIX).split("-r")[0]


def stage_tags(root: Path, stage_id: str) -> list[str]:
    """stage/<id> and its re-issues stage/<id>-r2, -r3 …, oldest first."""
    found = [t for t in tags(root, f"{TAG_PREFIX}{stage_id}")
             if t == f"{TAG_PREFIX}{stage_id}" or t.startswith(f"{TAG_PREFIX}{stage_id}-r")]
    return sorted(found, key=lambda t: int(t.rsplit("-r", 1)[1]) if "-r" in t else 1)


def git(root: Path, *args: str, env: dict | None = None, check: bool = True) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        raise Failure(f"git {' '.join(args)} 失败：{result.stderr.strip()}")
    return result.stdout.rstrip("\n")


def is_repository(root: Path) -> bool:
    return git(root, "rev-parse", "--is-inside-work-tree", check=False) == "true"


def dirty_paths(root: Path) -> list[str]:
    """Changed or untracked files (ignored ones excluded)."""
    return [line[3:] for line in git(root, "status", "--porcelain").splitlines() if line.strip()]


def tags(root: Path, prefix: str = TAG_PREFIX) -> list[str]:
    return git(root, "tag", "--list", f"{prefix}*").splitlines()


def tag_exists(root: Path, tag: str) -> bool:
    return tag in tags(root, tag)


def create_tag(root: Path, tag: str, message: str, when: dt.datetime) -> None:
    """An annotated tag dated `when` (the stage's date), never moved or replaced."""
    if tag_exists(root, tag):
        raise Failure(f"标签 {tag} 已存在，不会移动或删除已有标签")
    stamp = when.isoformat()
    git(root, "tag", "--annotate", tag, "--message", message,
        env={"GIT_COMMITTER_DATE": stamp})


def tag_epoch(root: Path, tag: str) -> int:
    """The tagger date as a UNIX time: every timestamp in the stage's files."""
    return int(git(root, "for-each-ref", "--format=%(taggerdate:unix)", f"refs/tags/{tag}"))


def tag_commit(root: Path, tag: str) -> str:
    return git(root, "rev-parse", f"{tag}^{{commit}}")


def file_at(root: Path, ref: str, path: str) -> str | None:
    result = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=root, capture_output=True)
    return result.stdout.decode("utf-8") if result.returncode == 0 else None


@contextmanager
def worktree(root: Path, ref: str):
    """A detached checkout of `ref` in a temporary folder; the user's tree is not touched."""
    with tempfile.TemporaryDirectory(prefix="plan-worktree-") as parent:
        path = Path(parent) / "plan"
        git(root, "worktree", "add", "--detach", "--quiet", str(path), ref)
        try:
            yield path
        finally:
            git(root, "worktree", "remove", "--force", str(path), check=False)
            git(root, "worktree", "prune", check=False)
