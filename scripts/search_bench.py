"""What a phone downloads before its first search result, measured in Chromium.

The built site is served on localhost; a page imports Pagefind's search API,
runs a few queries and loads the first result, as the search dialog does. Bytes
are counted as sent compressed: Pagefind's index and fragment files are gzip
already, everything else is gzipped here as a web server would.
"""
from __future__ import annotations

import functools
import gzip
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

QUERIES = ("首席质量官", "2035", "质量", "质量基础设施")
PRECOMPRESSED = (".pf_index", ".pf_fragment", ".pf_meta")
FIRST_RESULT = """async (query) => {
    const pagefind = await import('./pagefind/pagefind.js');
    const found = await pagefind.search(query);
    if (found.results.length) await found.results[0].data();
    return found.results.length;
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _compressed_size(url: str, body: bytes) -> int:
    return len(body) if url.endswith(PRECOMPRESSED) else len(gzip.compress(body, 6))


def measure_search(site_dir: Path) -> dict | None:
    """{"bytes": worst query's compressed bytes, "seconds": its time to first result}; None without Chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium:
        return None
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    worst = {"bytes": 0, "seconds": 0.0}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            for query in QUERIES:   # a fresh page each time: nothing cached from the query before
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{server.server_port}/")
                page.wait_for_load_state("networkidle")
                responses = []
                page.on("response", lambda response: responses.append(response))
                start = time.perf_counter()
                page.evaluate(FIRST_RESULT, query)
                seconds = time.perf_counter() - start
                size = sum(_compressed_size(r.url, r.body()) for r in responses if r.ok)
                worst = {"bytes": max(worst["bytes"], size), "seconds": max(worst["seconds"], seconds)}
                page.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return worst
