"""Git plumbing for releases: state of the tree, tags, and throw-away worktrees."""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import shutil
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
    issue = re.compile(rf"{re.escape(TAG_PREFIX + stage_id)}(?:-r(\d+))?")
    found = [(m.group(0), int(m.group(1) or 1)) for t in tags(root, f"{TAG_PREFIX}{stage_id}")
             if (m := issue.fullmatch(t))]   # a hand-made stage/draft-rc1 is not a re-issue
    return [tag for tag, _ in sorted(found, key=lambda pair: pair[1])]


def latest_release(root: Path, stage_ids: list[str]) -> str | None:
    """The newest tag of the last of these stages that was released."""
    for stage_id in reversed(stage_ids):
        tags = stage_tags(root, stage_id)
        if tags:
            return tags[-1]
    return None


def git(root: Path, *args: str, env: dict | None = None, check: bool = True) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        raise Failure(f"git {' '.join(args)} 失败：{result.stderr.strip()}")
    return result.stdout.rstrip("\n")


def is_repository(root: Path) -> bool:
    return git(root, "rev-parse", "--is-inside-work-tree", check=False) == "true"


def dirty_paths(root: Path) -> list[str]:
    """Changed, staged or untracked files (ignored ones excluded), each file by its own path.

    -z keeps Chinese names unquoted; --untracked-files=all names the files in a new
    folder rather than the folder. A rename's second entry (its old path) is skipped.
    """
    entries = git(root, "status", "--porcelain", "-z", "--untracked-files=all").split("\0")
    paths, k = [], 0
    while k < len(entries):
        entry = entries[k]
        if entry:
            paths.append(entry[3:])
            k += entry[0] in "RC"
        k += 1
    return paths


def tags(root: Path, prefix: str = TAG_PREFIX) -> list[str]:
    return git(root, "tag", "--list", f"{prefix}*").splitlines()


def tag_exists(root: Path, tag: str) -> bool:
    return tag in tags(root, tag)


def create_tag(root: Path, tag: str, message: str, when: dt.datetime, ref: str = "HEAD") -> None:
    """An annotated tag dated `when` (the stage's date), never moved or replaced."""
    if tag_exists(root, tag):
        raise Failure(f"标签 {tag} 已存在，不会移动或删除已有标签")
    stamp = when.isoformat()
    git(root, "tag", "--annotate", tag, "--message", message, ref,
        env={"GIT_COMMITTER_DATE": stamp})


def tag_epoch(root: Path, tag: str) -> int:
    """The tagger date as a UNIX time: every timestamp in the stage's files."""
    return int(git(root, "for-each-ref", "--format=%(taggerdate:unix)", f"refs/tags/{tag}"))


def tag_commit(root: Path, tag: str) -> str:
    return git(root, "rev-parse", f"{tag}^{{commit}}")


def file_at(root: Path, ref: str, path: str) -> str | None:
    result = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=root, capture_output=True)
    return result.stdout.decode("utf-8") if result.returncode == 0 else None


WORKTREE_PREFIX = "plan-worktree-"
WORKTREE_LOCK = Path("build") / "plan-worktrees.lock"
_OWNER = re.compile(r"^plan pid (\d+)$")   # ASCII: git quotes other reasons


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def remove_stale_worktrees(root: Path) -> list[str]:
    """Worktrees left by a plan run killed outright (kill -9): each is locked with its
    owner's process id, and removed, with its temporary folder, once that process is gone."""
    removed = []
    for block in git(root, "worktree", "list", "--porcelain").split("\n\n"):
        fields = dict(line.split(" ", 1) for line in block.splitlines() if " " in line)
        owner = _OWNER.match(fields.get("locked", ""))
        if owner and not _alive(int(owner.group(1))):
            path = Path(fields["worktree"])
            git(root, "worktree", "remove", "--force", "--force", str(path), check=False)
            if path.parent.name.startswith(WORKTREE_PREFIX):
                shutil.rmtree(path.parent, ignore_errors=True)
            removed.append(str(path))
    git(root, "worktree", "prune", check=False)
    return removed


@contextmanager
def _worktree_registry(root: Path):
    """One plan run at a time adds, removes or prunes worktrees: git names a new one and
    prunes .git/worktrees without a lock of its own, so runs side by side (verifying several
    stages, a diff beside a verify) took the same name or pruned each other's half-made one."""
    path = root / WORKTREE_LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def worktree(root: Path, ref: str):
    """A detached checkout of `ref` in a temporary folder; the user's tree is not touched."""
    with tempfile.TemporaryDirectory(prefix=WORKTREE_PREFIX) as parent:
        path = Path(parent) / "plan"
        try:   # inside the try: a run stopped during `add` still removes what it registered
            with _worktree_registry(root):
                remove_stale_worktrees(root)
                git(root, "worktree", "add", "--detach", "--quiet", "--lock", "--reason", f"plan pid {os.getpid()}",
                    str(path), ref)
            yield path
        finally:
            with _worktree_registry(root):
                git(root, "worktree", "remove", "--force", "--force", str(path), check=False)
                git(root, "worktree", "prune", check=False)
