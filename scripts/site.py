"""Build the MkDocs site without ever leaving a half-built site/ behind."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from scripts.atomic import fresh_dir, replace_dir
from scripts.errors import Failure
from scripts.rendered import RENDERED_DIR, RENDERED_ENV
from scripts.search_index import index_site


def run_mkdocs_build(root: Path, out_dir: Path, config_file: str = "mkdocs.yml", env: dict | None = None) -> None:
    """`mkdocs build --strict` into out_dir; Failure with mkdocs' own errors."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", config_file, "--site-dir", str(out_dir)]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    if result.returncode != 0:
        raise Failure("网站构建失败（mkdocs build --strict）：\n" + summarise_log(result.stderr + result.stdout))


def build_site(root: Path, site_dir: Path | None = None, config_file: str = "mkdocs.yml") -> Path:
    """Build site/ and build/rendered/ together, and swap both in only on success."""
    site_dir = site_dir or root / "site"
    rendered = root / RENDERED_DIR
    site_next = fresh_dir(site_dir.with_name(site_dir.name + ".partial"))
    rendered_next = rendered.with_name(rendered.name + ".next")
    shutil.rmtree(rendered_next, ignore_errors=True)
    try:
        run_mkdocs_build(root, site_next, config_file, env={RENDERED_ENV: str(rendered_next)})
        index_site(site_next)
    except Failure:
        shutil.rmtree(site_next, ignore_errors=True)
        shutil.rmtree(rendered_next, ignore_errors=True)
        raise
    replace_dir(site_next, site_dir)
    replace_dir(rendered_next, rendered)
    return site_dir


def summarise_log(log: str) -> str:
    """The lines of a mkdocs log that say what is wrong, without tracebacks and chatter."""
    wanted = []
    for line in log.splitlines():
        line = line.strip()
        if (line.startswith(("ERROR", "WARNING", "Error:", "Aborted")) or re.match(r"^_?\w*Error_?:", line)
                or re.match(r"^(data|docs)/\S+:\d+:", line)):
            if line not in wanted:
                wanted.append(line)
    return "\n".join(wanted) if wanted else "\n".join(log.strip().splitlines()[-30:])
