"""Run pandoc (from PyPI's pypandoc-binary) with one of our defaults files."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

from scripts.errors import Failure

SETTINGS = Path(__file__).parent / "pandoc"


def pandoc_path() -> str:
    """pypandoc-binary's pandoc, located without importing pypandoc (whose path lookup
    imports much and runs `pandoc --version` several times); else a pandoc on PATH."""
    spec = importlib.util.find_spec("pypandoc")
    bundled = [Path(folder) / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
               for folder in (spec.submodule_search_locations or [])] if spec else []
    path = next((str(p) for p in bundled if p.is_file()), None) or shutil.which("pandoc")
    if not path:
        raise Failure("找不到 pandoc：请运行 make 安装依赖（pandoc 由 PyPI 的 pypandoc-binary 提供）")
    return path


def pandoc_version() -> str:
    result = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True)
    return result.stdout.splitlines()[0] if result.stdout else "pandoc ?"


def run_pandoc(defaults: str, source: Path, output: Path, *extra: str, shown_as: str | None = None,
               fix: str = "请检查上述位置的 Markdown") -> None:
    """Convert `source` to `output` using pandoc/<defaults>.yaml; Failure on error.
    The message names `shown_as` (the user's file) rather than our staged copy,
    and gives `fix`: pandoc refusing an input is a problem of the input."""
    command = [pandoc_path(), "--defaults", str(SETTINGS / f"{defaults}.yaml"),
               "--resource-path", f"{SETTINGS}{os.pathsep}{source.parent}",
               "--data-dir", str(SETTINGS), *extra, "--output", str(output), str(source)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, cwd=SETTINGS)
    except OSError as err:
        raise Failure(f"无法运行 pandoc（{command[0]}：{err.strerror}）：请运行 make 重装依赖"
                      "（pandoc 由 PyPI 的 pypandoc-binary 提供）") from None
    if result.returncode != 0:
        output.unlink(missing_ok=True)
        raise Failure(f"pandoc 转换 {shown_as or source.name} 失败（退出码 {result.returncode}）：\n"
                      f"{result.stderr.strip()}\n{fix}。")
