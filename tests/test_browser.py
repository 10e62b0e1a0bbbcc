"""The published site as a reader sees it, in headless Chromium."""
from __future__ import annotations

import html
import re

import lxml.html
import pytest
import yaml
from playwright.sync_api import expect

from tests.browser import browser_page, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]


# query → what a reader expects on top. Page titles are read from the built pages.
SEARCH_TABLE = [
    ("首席质量官", ["五、提升企业质量管理水平"], ["一、总体要求", "附件1 主要指标表"], 4),
    ("2035", [], ["附件1 主要指标表"], 4),   # chapters that name 2035 in their text come first too
    ("质量基础设施", ["四、夯实质量基础设施"], [], 1),
    ("计量", ["四、夯实质量基础设施"], [], 1),
]
PLAN_PAGES = re.compile(r"/(plan|annex)/")


def _search(page, query: str) -> list[dict]:
    """Pagefind's ranked results for a query, as the site's search dialog gets them."""
    return page.evaluate("""async (query) => {
        const pagefind = await import('/pagefind/pagefind.js');
        const found = await pagefind.search(query);
        return Promise.all(found.results.slice(0, 8).map(r => r.data().then(d => ({url: d.url, title: d.meta.title}))));
    }""", query)


def _page_text(site, url: str) -> str:
    raw = (site / url.strip("/") / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", raw))


def test_search_ranks_whole_words_and_the_plan_first(built_project):
    site = built_project / "site"
    with serve(site) as base, browser_page() as page:
        page.goto(base + "/")
        for query, first, within, depth in SEARCH_TABLE:
            results = _search(page, query)
            titles = [r["title"] for r in results]
            assert titles[:len(first)] == first, (query, titles)
            assert all(t in titles[:depth] for t in within), (query, titles)
        # whole words only: every page found for 首席质量官 has the word, none merely a 首 (页首, 首次)
        for result in _search(page, "首席质量官"):
            assert "首席质量官" in _page_text(site, result["url"]), result
        ranked = _search(page, "质量")
        assert all(PLAN_PAGES.search(r["url"]) for r in ranked[:5]), ranked      # chapters before drafting pages


def test_the_search_dialog_finds_marks_and_leads_to_the_words(built_project, artifacts):
    with serve(built_project / "site") as base, browser_page() as page:
        page.goto(base + "/plan/general/")
        page.wait_for_load_state("networkidle")
        page.keyboard.press("/")
        box = page.get_by_role("dialog", name="搜索").locator("input")
        box.wait_for()
        box.fill("质量基础设施")
        results = page.locator(".pagefind-ui__result")
        results.first.wait_for(timeout=15000)
        # the title shows once its page's fragment has loaded (a ". . ." placeholder until then)
        expect(results.first.locator(".pagefind-ui__result-title").first).to_have_text("四、夯实质量基础设施",
                                                                                     timeout=15000)
        excerpt = results.first.locator(".pagefind-ui__result-excerpt").first.inner_text()
        assert "\u200b" not in excerpt
        page.screenshot(path=str(artifacts / "search-质量基础设施.png"))
        results.first.locator("a").first.click()
        page.wait_for_url("**/plan/infrastructure/**")
        page.locator("article mark").first.wait_for()
        marked = set(page.locator("article mark").all_inner_texts())
        assert marked and marked <= {"质量", "基础设施", "质量基础设施", "基础", "设施"}, marked
        assert page.requested_hosts == {"127.0.0.1"}, page.requested_hosts


def test_outside_text_shows_as_text_in_the_browser(project, tmp_path):
    from scripts.site import build_site
    reports = project / "docs" / "reports"
    reports.mkdir()
    (reports / "unit.md").write_text(
        "# 报送材料\n\n{{ 7 * 7 }} 与 <script>window.pwned = true</script><img src=x onerror=\"window.pwned=true\">\n",
        encoding="utf-8")
    build_site(project)
    with serve(project / "site-internal") as base, browser_page() as page:
        page.goto(base + "/reports/unit/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.pwned === undefined")
        body = page.locator("article").inner_text()
        assert "{{ 7 * 7 }}" in body and "49" not in body
        assert "<script>window.pwned = true</script>" in body


def test_search_downloads_far_less_than_the_whole_index_before_its_first_result(built_project):
    from scripts.search_bench import measure_search
    site = built_project / "site"
    measured = measure_search(site)
    assert measured is not None, "Chromium 与 Playwright 应已安装"
    bundle = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    assert 0 < measured["bytes"] < 500 * 1024 and measured["bytes"] < bundle, (measured, bundle)


def test_a_chapter_marks_every_unconfirmed_figure(built_project, artifacts):
    with serve(built_project / "site") as base, browser_page() as page:
        page.goto(base + "/")
        page.get_by_role("link", name="一、总体要求").first.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.inner_text().startswith("一、总体要求")
        # every figure not yet confirmed in data/targets.yml carries its mark on the chapter
        # (at least once, in the target table), as many as the built HTML holds, and visibly
        marks = page.locator(".target-status")
        html_marks = len(lxml.html.parse(str(built_project / "site" / "plan" / "general" / "index.html"))
                         .xpath("//article//*[contains(@class, 'target-status')]"))
        targets = yaml.safe_load((built_project / "data" / "targets.yml").read_text(encoding="utf-8"))["targets"]
        unconfirmed = [t for t in targets if t.get("status") in ("示例", "待核定")]
        assert marks.count() == html_marks >= len(unconfirmed) > 0
        assert marks.first.is_visible() and marks.first.inner_text() in ("（示例）", "（待核定）")
        page.screenshot(path=str(artifacts / "chapter-总体要求.png"), full_page=False)
