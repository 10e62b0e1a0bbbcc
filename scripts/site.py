"""Build the MkDocs site without ever leaving a half-built site/ behind."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from scripts.atomic import fresh_dir, replace_dir
from scripts.errors import Failure
from scripts.rendered import RENDERED_DIR, RENDERED_ENV


def run_mkdocs_build(root: Path, out_dir: Path, config_file: str = "mkdocs.yml", env: dict | None = None) -> None:
    """`mkdocs build --strict` into out_dir; Failure with mkdocs' own errors."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", config_file, "--site-dir", str(out_dir)]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        log = (result.stderr + result.stdout).strip()
        raise Failure("网站构建失败（mkdocs build --strict）：\n" + _tail(log))


def build_site(root: Path, site_dir: Path | None = None, config_file: str = "mkdocs.yml") -> Path:
    """Build site/ and build/rendered/ together, and swap both in only on success."""
    site_dir = site_dir or root / "site"
    rendered = root / RENDERED_DIR
    site_next = fresh_dir(site_dir.with_name(site_dir.name + ".partial"))
    rendered_next = rendered.with_name(rendered.name + ".next")
    shutil.rmtree(rendered_next, ignore_errors=True)
    try:
        run_mkdocs_build(root, site_next, config_file, env={RENDERED_ENV: str(rendered_next)})
    except Failure:
        shutil.rmtree(site_next, ignore_errors=True)
        shutil.rmtree(rendered_next, ignore_errors=True)
        raise
    replace_dir(site_next, site_dir)
    replace_dir(rendered_next, rendered)
    return site_dir


def _tail(log: str, lines: int = 30) -> str:
    return "\n".join(log.splitlines()[-lines:])
