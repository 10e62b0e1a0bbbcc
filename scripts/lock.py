"""One writer of data/ at a time.

Every command that writes data/ (intake, adopt, comments import, release)
holds an exclusive lock on build/plan-data.lock while it reads, changes and
writes, so two at once cannot lose each other's registrations: the second
waits, saying who it waits for. The lock goes with the process, even a
killed one (flock is released by the kernel).
"""
from __future__ import annotations

import fcntl
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from scripts.errors import Failure

LOCK_FILE = Path("build") / "plan-data.lock"


@contextmanager
def data_lock(root: Path, command: str, wait: bool = True):
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "另一个 plan 命令"
            if not wait:
                raise Failure(f"{holder} 正在修改 data/：为免丢失数据，本命令未运行。请等它结束后重试") from None
            print(f"{holder} 正在修改 data/，等待其完成后继续……（按 Ctrl-C 放弃，不会写入任何数据）",
                  file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"plan {command}（进程 {os.getpid()}）")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
