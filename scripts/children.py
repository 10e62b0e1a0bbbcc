"""Child processes that end with their parent's run.

A tool like mike starts its own children (mkdocs, git). Run in a process
group of its own, the whole group is ended when the run is stopped or fails,
so a killed `plan release` leaves nothing behind that could still deploy.
"""
from __future__ import annotations

import os
import signal
import subprocess


def start_group(command: list[str], **kwargs) -> subprocess.Popen:
    """A child in a process group of its own, for end_group."""
    return subprocess.Popen(command, start_new_session=True, **kwargs)


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
