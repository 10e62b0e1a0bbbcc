"""MkDocs hook: the public build leaves out what the drafting group keeps to itself.

The rule for which page is internal lives in scripts/audience.py. Here, when
`extra.audience` is public (mkdocs.public.yml): internal pages leave the nav,
internal files (pages and the submissions' media) leave the site, and a link
from a public page to an internal one stops the build with the page and the
link named. The internal build (mkdocs.yml, `mkdocs serve`) keeps everything.
"""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from scripts import audience

_HREF = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""")


class _State:
    public = False
    internal: set[str] = set()


_state = _State()


def on_config(config):
    chosen = config.extra.get(audience.AUDIENCE_KEY, audience.INTERNAL)
    if chosen not in audience.AUDIENCES:
        raise PluginError(f"{config.config_file_path}: extra.audience：“{chosen}”无效。改法：写 public 或 internal")
    _state.public = chosen == audience.PUBLIC
    if not _state.public:   # every page of the internal site says so in its header and title
        config.site_name = f"{config.site_name}（内部版·{audience.INTERNAL_MARK}）"
    _state.internal = audience.internal_pages(Path(config.docs_dir)) if _state.public else set()
    if _state.public and config.nav:
        config.nav = audience.prune_nav(config.nav, _state.internal) or []
    return config


def on_files(files, config):
    if not _state.public:
        return files
    for file in list(files):
        if audience.in_internal_dir(file.src_uri) or file.src_uri in _state.internal:
            files.remove(file)
    return files


def on_page_markdown(markdown, page, config, files):
    if _state.public and audience.is_internal(page.file.src_uri, page.meta):
        # front matter is read by MkDocs after on_files: a page that declares itself
        # internal there but was missed by the folder rule is caught here
        raise PluginError(f"docs/{page.file.src_uri}: audience：该页声明为内部页面，但未被排除。"
                          "改法：检查 front matter 的 audience: internal 是否写在文件开头的 --- 之间")
    return markdown


def on_page_content(html, page, config, files):
    if not _state.public:
        return html
    bad = audience.leaks(page.file.src_uri, _HREF.findall(html), _state.internal)
    if bad:
        shown = "、".join(dict.fromkeys(bad))
        raise PluginError(f"docs/{page.file.src_uri}: 链接：公开页面链接了内部页面（{shown}）。"
                          "内部页面（起草工作、报送材料、支持材料，或 front matter 写有 audience: internal 的页面）"
                          "不在公开网站上。改法：删去该链接，或把目标页面改为公开")
    return html
