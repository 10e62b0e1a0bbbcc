"""Build the MkDocs site without ever leaving a half-built site/ behind."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.atomic import Staging
from scripts.audience import INTERNAL, INTERNAL_DIRS, PUBLIC, PUBLIC_CONFIG, SITE_DIRS, stray_internal_files
from scripts.children import end_group, start_group
from scripts.errors import Failure
from scripts.rendered import RENDERED_DIR, RENDERED_ENV
from scripts.search_index import index_site


def run_mkdocs_build(root: Path, out_dir: Path, config_file: str = "mkdocs.yml", env: dict | None = None) -> None:
    """`mkdocs build --strict` into out_dir; Failure with mkdocs' own errors."""
    run_mkdocs_builds(root, [(out_dir, config_file, env or {})])


def run_mkdocs_builds(root: Path, builds: list[tuple[Path, str, dict]]) -> None:
    """Several `mkdocs build --strict` (out_dir, config file, extra environment) side by side,
    one process each; Failure with the first failing build's own errors once all have ended."""
    running = []
    for out_dir, config_file, env in builds:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict",
                   "--config-file", config_file, "--site-dir", str(out_dir)]
        log = tempfile.TemporaryFile()
        running.append((start_group(command, cwd=root, stdout=log, stderr=subprocess.STDOUT,
                                    env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}), log))
    failures = []
    try:
        for process, log in running:
            if process.wait() != 0:
                log.seek(0)
                failures.append(log.read().decode("utf-8", "replace"))
    finally:   # interrupted: no build (nor anything it started) goes on writing behind our back
        for process, log in running:
            if process.poll() is None:
                end_group(process)
            log.close()
    if failures:
        raise Failure("网站构建失败（mkdocs build --strict）：\n" + summarise_log(failures[0]))


def stage_site(root: Path, staging: Staging, site_dir: Path | None = None) -> tuple[Path, Path | None]:
    """Build the public site/, the internal site-internal/ and build/rendered/ from one
    source into `staging`; returns the staged (public, internal) sites. Nothing is
    swapped in until the caller commits the staging.

    Without mkdocs.public.yml (a tag older than the split) the one site is built from
    mkdocs.yml into site/, as it was then.
    """
    site_dir = site_dir or root / SITE_DIRS[PUBLIC]
    split = (root / PUBLIC_CONFIG).exists()
    public = staging.add(site_dir)
    internal = staging.add(site_dir.with_name(SITE_DIRS[INTERNAL])) if split else None
    rendered = staging.add(root / RENDERED_DIR, suffix=".next")
    shutil.rmtree(rendered, ignore_errors=True)   # the build writes it whole
    scratch = rendered.with_name(rendered.name + ".internal")   # the internal build's copy: identical, unused
    builds = [(public, PUBLIC_CONFIG if split else "mkdocs.yml", {RENDERED_ENV: str(rendered)})]
    if split:   # the two builds share nothing they write, so they run side by side
        builds.append((internal, "mkdocs.yml", {RENDERED_ENV: str(scratch)}))
    try:
        run_mkdocs_builds(root, builds)
        index_site(public)
        if split:
            index_site(internal)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    stray = stray_internal_files(public) if split else []
    if stray:
        raise Failure(f"公开网站中出现了内部文件（{'、'.join(stray[:5])}）：公开网站不得含 {'、'.join(INTERNAL_DIRS)}。"
                      "请检查 mkdocs.public.yml 是否仍为 extra.audience: public")
    return public, internal


def build_site(root: Path, site_dir: Path | None = None, check=None) -> Path:
    """Build both sites and build/rendered/ and swap all three in only when both builds and
    `check(public, internal)` (which raises Failure to refuse them) passed."""
    with Staging() as staging:
        public, internal = stage_site(root, staging, site_dir)
        if check is not None:
            check(public, internal)
        staging.commit()
    return site_dir or root / SITE_DIRS[PUBLIC]


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
