"""Put outputs in place only when they are complete, so a failed run never
leaves half-written files where good ones were."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def replace_dir(new: Path, target: Path) -> None:
    """Move the finished directory `new` to `target`, replacing any old one."""
    old = target.with_name(target.name + ".old")
    restore(target)
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    target.parent.mkdir(parents=True, exist_ok=True)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def fresh_dir(path: Path) -> Path:
    """An empty directory at `path` (removing leftovers of a failed run)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def write_bytes(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(handle, 0o666 & ~umask)  # mkstemp's 0600 would hide the file from colleagues
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def restore(target: Path) -> None:
    """Put back the previous `target` if a run was killed between replace_dir's two renames."""
    old = target.with_name(target.name + ".old")
    if not target.exists() and old.is_dir():
        old.rename(target)


class Staging:
    """Output directories built beside their targets and swapped in together, only by
    commit(): a run that fails or is killed before it leaves every target as it was.

        with Staging() as staging:
            site = staging.add(root / "site")
            ...build, check...
            staging.commit()
    """

    def __init__(self):
        self.pairs: list[tuple[Path, Path]] = []

    def add(self, target: Path, keep: bool = False, suffix: str = ".partial", parent: Path | None = None) -> Path:
        """A fresh staging folder for `target`, beside it or in `parent` (same file system);
        with keep, starting as a copy of it (files the run does not rewrite stay as they were)."""
        restore(target)
        staging = fresh_dir((parent or target.parent) / (target.name + suffix))
        if keep and target.is_dir():
            shutil.copytree(target, staging, dirs_exist_ok=True, symlinks=True)
        self.pairs.append((staging, target))
        return staging

    def staged(self, target: Path) -> Path:
        return next(staging for staging, known in self.pairs if known == target)

    def commit(self) -> None:
        for staging, target in self.pairs:
            replace_dir(staging, target)
        self.pairs = []

    def discard(self) -> None:
        for staging, _ in self.pairs:
            shutil.rmtree(staging, ignore_errors=True)
        self.pairs = []

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc) -> None:
        self.discard()
