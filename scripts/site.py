"""Build the MkDocs site without ever leaving a half-built site/ behind."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from scripts.atomic import fresh_dir, replace_dir
from scripts.audience import INTERNAL, INTERNAL_DIRS, PUBLIC, PUBLIC_CONFIG, SITE_DIRS, stray_internal_files
from scripts.errors import Failure
from scripts.rendered import RENDERED_DIR, RENDERED_ENV


def run_mkdocs_build(root: Path, out_dir: Path, config_file: str = "mkdocs.yml", env: dict | None = None) -> None:
    """`mkdocs build --strict` into out_dir; Failure with mkdocs' own errors."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", config_file, "--site-dir", str(out_dir)]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    if result.returncode != 0:
        raise Failure("网站构建失败（mkdocs build --strict）：\n" + summarise_log(result.stderr + result.stdout))


def build_site(root: Path, site_dir: Path | None = None, check=None) -> Path:
    """Build the public site/, the internal site-internal/ and build/rendered/ from one
    source, and swap all three in only when both builds and `check` passed.

    `check(public, internal)` sees the staged sites and raises Failure to refuse them
    (the privacy scan). Without mkdocs.public.yml (a tag older than the split) the
    one site is built from mkdocs.yml into site/, as it was then.
    """
    site_dir = site_dir or root / SITE_DIRS[PUBLIC]
    internal_dir = site_dir.with_name(SITE_DIRS[INTERNAL])
    rendered = root / RENDERED_DIR
    split = (root / PUBLIC_CONFIG).exists()
    public_next = fresh_dir(site_dir.with_name(site_dir.name + ".partial"))
    internal_next = fresh_dir(internal_dir.with_name(internal_dir.name + ".partial")) if split else None
    rendered_next = rendered.with_name(rendered.name + ".next")
    scratch = rendered.with_name(rendered.name + ".internal")   # the internal build's copy: identical, unused
    staged = [p for p in (public_next, internal_next, rendered_next, scratch) if p is not None]
    try:
        shutil.rmtree(rendered_next, ignore_errors=True)
        run_mkdocs_build(root, public_next, PUBLIC_CONFIG if split else "mkdocs.yml",
                         env={RENDERED_ENV: str(rendered_next)})
        if split:
            run_mkdocs_build(root, internal_next, "mkdocs.yml", env={RENDERED_ENV: str(scratch)})
        stray = stray_internal_files(public_next) if split else []
        if stray:
            raise Failure(f"公开网站中出现了内部文件（{'、'.join(stray[:5])}）：公开网站不得含 {'、'.join(INTERNAL_DIRS)}。"
                          "请检查 mkdocs.public.yml 是否仍为 extra.audience: public")
        if check is not None:
            check(public_next, internal_next)
    except BaseException:
        for path in staged:
            shutil.rmtree(path, ignore_errors=True)
        raise
    shutil.rmtree(scratch, ignore_errors=True)
    replace_dir(public_next, site_dir)
    if internal_next is not None:
        replace_dir(internal_next, internal_dir)
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
