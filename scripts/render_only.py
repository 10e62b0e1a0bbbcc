"""build/rendered/ without the site: the same MkDocs plugins (macros, numbering)
run on the plan's outline pages only, and nothing is turned into HTML, themed or
indexed for search. For comparisons of commits, where only the text matters.

Run as a process (`python -m scripts.render_only ROOT OUT`), like mkdocs itself,
so plugin state never leaks into the caller.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scripts.errors import Failure
from scripts.rendered import RENDERED_ENV


def render_markdown(root: Path, out_dir: Path, config_file: str = "mkdocs.yml") -> None:
    """Write the rendered Markdown of root's plan to out_dir; Failure with the plugins' errors."""
    from scripts.site import summarise_log
    env = {**os.environ, RENDERED_ENV: str(out_dir), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "scripts.render_only", str(root), config_file],
                            cwd=root, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise Failure("正文渲染失败：\n" + summarise_log(result.stderr + result.stdout))


def _render_in_this_process(root: Path, config_file: str) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    from scripts.structure import outline_from_nav

    config = load_config(str(root / config_file))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
    outline = outline_from_nav(config.nav)
    for src in (*outline.body, *outline.annexes):
        page = files.get_file_from_path(src).page
        page.read_source(config)
        config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    config.plugins["macros"].on_post_build(config)   # the macros' on_post_build saves build/rendered/
    del nav


if __name__ == "__main__":
    _render_in_this_process(Path(sys.argv[1]), sys.argv[2])
