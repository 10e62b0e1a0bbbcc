"""The published site as a reader sees it, in headless Chromium."""
from __future__ import annotations

import lxml.html
import pytest
import yaml

from tests.browser import browser_page, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_search_finds_the_infrastructure_chapter_and_nothing_leaves_localhost(built_project, artifacts):
    with serve(built_project / "site") as base, browser_page() as page:
        page.goto(base + "/")
        page.wait_for_load_state("networkidle")
        page.locator(".md-search__input").click()
        # Chinese arrives as composed text (no key events); Material searches on
        # keyup, as after an IME commit, so a key press follows the text.
        page.locator(".md-search__input").fill("质量基础设施")
        page.keyboard.press("End")
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=15000)
        first = results.first.locator("h1, h2").first.inner_text().replace("\u200b", "")
        assert first == "四、夯实质量基础设施", first     # the chapter ranks above pages that merely mention it
        page.screenshot(path=str(artifacts / "search-质量基础设施.png"))

        page.keyboard.press("Escape")
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
