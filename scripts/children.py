"""Child processes that end with their parent's run.

A tool like mike starts its own children (mkdocs, git). Run in a process
group of its own, the whole group is ended when the run is stopped or fails,
so a killed `plan release` leaves nothing behind that could still deploy.
A run killed outright (kill -9) cannot end anything: on Linux the kernel then
kills each child (PR_SET_PDEATHSIG), which would otherwise go on writing into
a worktree the next run has already cleared.
"""
from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys

_PR_SET_PDEATHSIG = 1
# resolved here, not in the child: between fork and exec only this call runs
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


def _die_with_parent() -> None:
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def start_group(command: list[str], **kwargs) -> subprocess.Popen:
    """A child in a process group of its own, for end_group, killed if this process dies.
    Start it from the thread that waits for it: the kernel's signal follows the thread."""
    return subprocess.Popen(command, start_new_session=True, preexec_fn=_die_with_parent if _prctl else None,
                            **kwargs)


def end_group(process: subprocess.Popen) -> None:
    """Kill the child and everything it started, and reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def run_group(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """subprocess.run(capture_output=True, text=True) whose whole process group dies with the run."""
    with start_group(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs) as process:
        try:
            stdout, stderr = process.communicate()
        except BaseException:
            end_group(process)
            raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
