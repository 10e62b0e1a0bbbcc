"""Whole-process timing for `plan bench`: a command against its baseline, in interleaved pairs.

Each sample is one process, timed from start to exit, with its peak resident
memory (the process and every child it waited for, from wait4). Pairs run
A B A B …, so a machine that slows down mid-run slows both sides alike; the
verdict is the median of the paired ratios.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from scripts.errors import Failure


@dataclass(frozen=True)
class Command:
    argv: list[str]
    cwd: Path
    prepare: Callable[[], None] | None = None   # untimed, before every sample (e.g. clear a cache)


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_mb: float


@dataclass
class Pairing:
    ours: list[Sample] = field(default_factory=list)
    baseline: list[Sample] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [a.seconds / b.seconds for a, b in zip(self.ours, self.baseline)]

    @property
    def median_ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def memory_ratio(self) -> float:
        return max(s.peak_mb for s in self.ours) / max(s.peak_mb for s in self.baseline)

    def as_json(self) -> dict:
        return {"ours": [vars(s) for s in self.ours], "baseline": [vars(s) for s in self.baseline],
                "ratios": [round(r, 3) for r in self.ratios], "median_ratio": round(self.median_ratio, 3),
                "min_ratio": round(min(self.ratios), 3), "max_ratio": round(max(self.ratios), 3),
                "ours_median_s": round(statistics.median(s.seconds for s in self.ours), 3),
                "baseline_median_s": round(statistics.median(s.seconds for s in self.baseline), 3),
                "ours_peak_mb": round(max(s.peak_mb for s in self.ours), 1),
                "baseline_peak_mb": round(max(s.peak_mb for s in self.baseline), 1)}


def run_process(command: Command, env: dict | None = None) -> Sample:
    """Run one command to completion; Failure (with its last output) when it fails."""
    if command.prepare:
        command.prepare()
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command.argv, cwd=command.cwd, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace")[-2000:]
            raise Failure(f"测量中命令失败（退出码 {process.returncode}）：{' '.join(command.argv)}\n{tail}")
    return Sample(round(seconds, 4), round(usage.ru_maxrss / 1024, 1))


def paired(ours: Command, baseline: Command, pairs: int, warm_up: bool = True) -> Pairing:
    """`pairs` interleaved samples of each side, after one untimed run of each (file caches)."""
    if warm_up:
        run_process(ours)
        run_process(baseline)
    result = Pairing()
    for _ in range(pairs):
        result.ours.append(run_process(ours))
        result.baseline.append(run_process(baseline))
    return result
