"""The site's search index: Pagefind's extended build, run over the built HTML.

Why Pagefind and not Material's lunr search (measured on the 1M-character
synthetic corpus of `plan bench`, README “网站搜索”): lunr makes a phone
download the whole index before its first answer (9.1 MB, 1.0 MB gzipped),
while Pagefind splits its index into chunks and fetches only those a query
needs (160–230 KB compressed in all before the first result). Its extended
build segments Chinese into words, so a query matches whole words, never a
lone character's prefix.

What is indexed is marked in the templates (overrides/main.html):
data-pagefind-body on each page's article, data-pagefind-weight on the
plan's chapters and annexes so that they rank before drafting pages.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from scripts.errors import Failure

BUNDLE_DIR = "pagefind"        # under the site: site/pagefind/
IGNORED = ".headerlink, .para-tools, .md-source-file"


def pagefind_executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise Failure("缺少网站搜索工具 Pagefind：请运行 make（或 .venv/bin/pip install -r requirements.lock）") from None
    return Path(get_executable())


def index_site(site_dir: Path) -> None:
    """Write site_dir/pagefind/; Failure with Pagefind's own words when it fails."""
    command = [str(pagefind_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
               "--exclude-selectors", IGNORED, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure("网站搜索索引生成失败（Pagefind）：\n" + (result.stderr or result.stdout).strip()[-2000:])


def indexed_urls(site_dir: Path) -> list[str]:
    """The page URLs in a site's search index (each fragment is gzip: b"pagefind_dcd" + JSON)."""
    import gzip
    import json
    urls = []
    for fragment in sorted((site_dir / BUNDLE_DIR / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        urls.append(json.loads(data[data.index(b"{"):])["url"])
    return urls
