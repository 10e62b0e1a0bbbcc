"""A registration's files: written together, undone together.

Everything an intake or an amendment writes (originals, pictures, pages, the
registries) is collected first and checked against what exists, then written
in one go; a failure or an interrupt while writing puts back what was there.
An original or a picture is a Copy, read only when it is written, so a batch of
fifty large files is never held in memory at once; an original is checked
against the SHA-256 it was registered with.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from scripts.atomic import write_bytes
from scripts.errors import Failure
from scripts.intake.registry import KINDS


@dataclass(frozen=True)
class Copy:
    """A file to copy when the plan is written; `sha256`: the bytes it must still have."""
    source: Path
    sha256: str | None = None

    def read(self) -> bytes:
        data = self.source.read_bytes()
        if self.sha256 and hashlib.sha256(data).hexdigest() != self.sha256:
            raise Failure(f"{self.source.name} 在登记过程中被改动过：为免登记未经校验的内容，本次未写入任何文件。"
                          "请确认文件后重新登记")
        return data


class Plan:
    """Files to write, checked up front; written together, undone together."""

    def __init__(self, root: Path):
        self.root = root
        self.writes: list[tuple[Path, bytes | Copy]] = []
        self.moves: list[tuple[Path, Path, str]] = []
        self.removals: list[Path] = []
        self.written: list[Path] = []

    def add(self, path: Path, data: bytes | Copy, replace: bool = False) -> None:
        if path.exists() and not replace:
            raise Failure(f"{path.relative_to(self.root)} 已存在，为免覆盖，本次未写入任何文件。请先确认该文件的来历")
        self.writes.append((path, data))

    def move(self, source: Path, target: Path, text: str) -> None:
        if target.exists():
            raise Failure(f"{target.relative_to(self.root)} 已存在，为免覆盖，本次未写入任何文件。请先确认该文件的来历")
        self.moves.append((source, target, text))

    def extend(self, other: "Plan") -> None:
        """Take on `other`'s writes and moves (one file's registration into the batch's)."""
        self.writes += other.writes
        self.moves += other.moves
        self.removals += other.removals

    def paths(self) -> list[Path]:
        return [target for _, target, _ in self.moves] + [path for path, _ in self.writes]

    def delete(self, path: Path) -> None:
        """Remove `path` on commit (an amendment moving a page or an original)."""
        self.removals.append(path)

    def _prune(self, folder: Path) -> None:
        """Remove folders a removal left empty (a unit's originals, a revision's pictures)."""
        keep = {self.root / "data" / "submissions", *(self.root / "docs" / "reports" / k for k in KINDS)}
        while folder not in keep and self.root in folder.parents and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def commit(self) -> None:
        backups: list[tuple[Path, bytes | None]] = []
        parents = {path.parent for path, *_ in self.writes + [(t, None) for _, t, _ in self.moves]}
        new_dirs = sorted({folder for parent in parents for folder in (parent, *parent.parents)
                           if self.root in folder.parents and not folder.exists()}, key=lambda p: -len(p.parts))
        try:
            for source, target, text in self.moves:
                write_bytes(target, text.encode("utf-8"))
                backups.append((target, None))
                self.written.append(target)
            for path, data in self.writes:
                content = data.read() if isinstance(data, Copy) else data
                backups.append((path, path.read_bytes() if path.exists() else None))
                write_bytes(path, content)
                self.written.append(path)
            for path in self.removals:
                if path.exists() and path not in self.written:
                    backups.append((path, path.read_bytes()))
                    path.unlink()
                    self._prune(path.parent)
        except BaseException:
            for path, old in reversed(backups):
                if old is None:
                    path.unlink(missing_ok=True)
                else:
                    write_bytes(path, old)
            for folder in new_dirs:      # deepest first; only the ones this run made
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
            self.written = []
            raise
