"""Step-by-step progress lines for long commands, in Chinese, on stderr."""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager


class Progress:
    def __init__(self, total: int, stream=None):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.timings: list[tuple[str, float]] = []  # (step, seconds), for benchmarks

    @contextmanager
    def step(self, label: str):
        self.done += 1
        start = time.perf_counter()
        print(f"【{self.done}/{self.total}】{label}……", file=self.stream, flush=True)
        yield
        seconds = time.perf_counter() - start
        self.timings.append((label, seconds))
        print(f"      完成（{seconds:.1f} 秒）", file=self.stream, flush=True)
