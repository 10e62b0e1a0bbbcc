"""Exit codes and the error types the command line turns into them.
The bottom floor: imports nothing of the project."""
from __future__ import annotations

import difflib
import errno
from dataclasses import dataclass

EXIT_OK, EXIT_FINDING, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The user asked for something impossible: exit code 2."""


class Failure(Exception):
    """The work could not be done (bad input, failed tool): exit code 1."""


def os_error_message(err: OSError) -> str:
    """A file-system error in Chinese, naming the file and the way out."""
    where = err.filename or "（未知文件）"
    if isinstance(err, PermissionError):
        return f"{where}：没有读写权限。请检查该文件或目录的权限（或删除只读的旧输出）后重试"
    if err.errno == errno.ENAMETOOLONG:
        return f"{where}：文件名过长。请把文件改成较短的名字后重试"
    if err.errno == errno.ENOSPC:
        return f"{where}：磁盘空间不足。请清理磁盘后重试"
    if isinstance(err, IsADirectoryError):
        return f"{where}：这是一个目录，不是文件。请检查路径"
    return f"{where}：{err.strerror or err}。请检查该路径后重试"


@dataclass(frozen=True)
class Finding:
    """One problem in data/ or docs/, with where it is and how to fix it."""
    file: str
    line: int
    field: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}：{self.message}。{self.fix}"


class DataError(Exception):
    """data/ does not validate: exit code 1, with every finding."""
    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("\n".join(str(f) for f in findings))


def did_you_mean(value: str, known) -> str:
    """'（是否应为“x”？）' naming the closest known id, or '' when none is close."""
    close = difflib.get_close_matches(str(value), sorted(known), n=1, cutoff=0.6)
    return f"（是否应为“{close[0]}”？）" if close else ""
