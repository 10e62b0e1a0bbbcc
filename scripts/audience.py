"""Who may read a page: the public, or only the drafting group. The one rule.

A page is internal when it sits under INTERNAL_DIRS (the drafting pages, the
units' submissions and their media, the index of supporting materials) or
when its front matter says `audience: internal`. Every other page is public.

One source, two builds (mkdocs.yml's `extra.audience`):
- internal (mkdocs.yml, what `mkdocs serve` previews): every page → site-internal/;
- public (mkdocs.public.yml inherits it): internal pages and files are left
  out → site/, the release's site archive and the mike versions.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

import yaml

PUBLIC, INTERNAL = "public", "internal"
AUDIENCES = (PUBLIC, INTERNAL)
AUDIENCE_KEY = "audience"
INTERNAL_DIRS = ("drafting/", "reports/", "support/")
PUBLIC_CONFIG = "mkdocs.public.yml"
SITE_DIRS = {PUBLIC: "site", INTERNAL: "site-internal"}
INTERNAL_MARK = "仅供起草工作组"   # in the name of every internal file a release writes
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)(?:---|\.\.\.)\s*\n", re.S)


def front_matter(text: str) -> dict:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def in_internal_dir(src_path: str) -> bool:
    return src_path.replace("\\", "/").startswith(INTERNAL_DIRS)


def is_internal(src_path: str, meta: dict | None = None) -> bool:
    """The rule: an internal folder, or `audience: internal` in the front matter."""
    return in_internal_dir(src_path) or (meta or {}).get(AUDIENCE_KEY) == INTERNAL


def internal_pages(docs_dir: Path) -> set[str]:
    """Source paths (relative to docs/) of every internal Markdown page."""
    docs_dir = Path(docs_dir)
    found = set()
    for path in docs_dir.rglob("*.md"):
        src = path.relative_to(docs_dir).as_posix()
        if in_internal_dir(src) or is_internal(src, front_matter(path.read_text(encoding="utf-8"))):
            found.add(src)
    return found


def page_url(src_path: str) -> str:
    """The URL path MkDocs gives a page (use_directory_urls): plan/general.md → plan/general/."""
    stem = src_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def prune_nav(nav, internal: set[str]):
    """The nav without internal pages, and without sections left empty."""
    if isinstance(nav, str):
        return None if nav in internal else nav
    if isinstance(nav, list):
        kept = [pruned for item in nav if (pruned := prune_nav(item, internal)) is not None]
        return kept or None
    if isinstance(nav, dict):
        kept = {title: pruned for title, value in nav.items() if (pruned := prune_nav(value, internal)) is not None}
        return kept or None
    return nav


def link_target(page_url_path: str, href: str) -> str | None:
    """The site path a relative link points at, from a page URL (plan/general/) or a source
    file (plan/general.md); None for other sites and anchors."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#", href, re.I) or not href:
        return None
    path = href.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return None
    base = posixpath.dirname(page_url_path) if page_url_path.endswith(".md") else page_url_path
    joined = posixpath.normpath(posixpath.join("/", base, path))
    return joined.lstrip("/") + ("/" if path.endswith("/") and joined != "/" else "")


def leaks(page_src: str, hrefs: list[str], internal: set[str]) -> list[str]:
    """The links of a public page that point at an internal page or file. A link MkDocs
    resolved is relative to the page's URL; one it could not (still `….md`) to its source."""
    internal_urls = {page_url(src) for src in internal}
    found = []
    for href in hrefs:
        unresolved = href.split("#", 1)[0].endswith(".md")
        target = link_target(page_src if unresolved else page_url(page_src), href)
        if target is None:
            continue
        if in_internal_dir(target) or target in internal or target in internal_urls or target + "/" in internal_urls:
            found.append(href)
    return found


def stray_internal_files(public_site: Path) -> list[str]:
    """Files of a built public site that sit where internal pages live (must be none)."""
    public_site = Path(public_site)
    return sorted(p.relative_to(public_site).as_posix() for p in public_site.rglob("*")
                  if p.is_file() and in_internal_dir(p.relative_to(public_site).as_posix()))
