"""The drafter's edit loop, for `plan bench`: the seconds from saving a chapter
to `mkdocs serve` showing the saved words, as `make serve` runs it (--dirty).

A server is started per project and kept for every sample; each sample appends
a new sentence to a chapter and polls the served page until the sentence is
there. Ours (macros, hooks) and plain Material (the same rendered pages) take
turns, sample by sample, like the other cases.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from scripts.children import end_group, start_group
from scripts.errors import Failure
from scripts.timing import Pairing, Sample

TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def _wait_for(url: str, words: str | None, deadline: float) -> None:
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and (words is None or words in page):
            return
        time.sleep(0.05)
    raise Failure(f"预览服务在 {TIMEOUT_S} 秒内没有显示修改：{url}")


@contextmanager
def serving(root: Path):
    """`mkdocs serve --dirty` of root on a free local port; yields the base URL."""
    port = _free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict",   # livereload is what watches
               "--dev-addr", f"127.0.0.1:{port}"]
    server = start_group(command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base, None, time.monotonic() + TIMEOUT_S)
        yield base
    finally:
        end_group(server)


def save_and_see(root: Path, base: str, chapter: str, n: int) -> float:
    """Append sentence n to docs/<chapter>.md; seconds until the served page shows it."""
    words = f"编辑循环测量第{n}句已保存。"
    page = root / "docs" / f"{chapter}.md"
    start = time.monotonic()
    with page.open("a", encoding="utf-8") as out:
        out.write(f"\n\n{words}\n")
    _wait_for(f"{base}{chapter}/", words, start + TIMEOUT_S)
    return time.monotonic() - start


def measure(ours: Path, plain: Path, chapter: str, pairs: int) -> Pairing:
    """`pairs` saves in each project, alternating, after one warm-up save each."""
    result = Pairing()
    with serving(ours) as ours_url, serving(plain) as plain_url:
        save_and_see(ours, ours_url, chapter, 0)
        save_and_see(plain, plain_url, chapter, 0)
        for n in range(1, pairs + 1):
            result.ours.append(Sample(round(save_and_see(ours, ours_url, chapter, n), 3), 0.0))
            result.baseline.append(Sample(round(save_and_see(plain, plain_url, chapter, n), 3), 0.0))
    return result
