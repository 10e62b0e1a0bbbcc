"""Submissions on the site: payloads stay text (built HTML and Chromium), the
tracker (received, revised, findings, late), the support index."""
from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from lxml import html as lxml_html

from scripts import privacy
from scripts.intake.submit import Request, intake
from scripts.model import load_model
from scripts.site import build_site
from tests import intake_factory as factory
from tests.browser import browser_page, serve
from tests.conftest import copy_project

pytestmark = pytest.mark.slow

SSTI = "{{ cycler.__init__.__globals__.os.popen('id').read() }}"
SCRIPT = "<script>window.pwned = true</script>"
IMG = '<img src=x onerror="window.pwned = true">'
ATTR = '报送说明{: onclick="window.pwned = true" }'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("intake-site")
    root = copy_project(base / "plan")
    marker = base / "pwned-at-build"
    touch = "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}" % marker
    first = factory.messy_material(base / "in1", extra_texts=(SSTI, touch, SCRIPT + IMG, ATTR))
    intake(root, Request(first, "pudong", received=dt.date(2021, 7, 20)))
    second = factory.messy_material(base / "in2", name="浦东材料（修改稿）.docx", chars=3300,
                                    extra_texts=(SSTI, SCRIPT))
    intake(root, Request(second, "pudong", received=dt.date(2021, 7, 28)))
    evil_title = base / "发改委.md"
    evil_title.write_text("# 发改委材料<b>加粗</b>{{ 7*7 }}\"'\n\n" + factory.material_markdown(title="x").split("---\n", 2)[2],
                          encoding="utf-8")
    intake(root, Request(evil_title, "sdrc", received=dt.date(2021, 7, 24)))
    build_site(root)
    return root, marker


def article(root, url_path: str):
    tree = lxml_html.fromstring((root / "site-internal" / url_path / "index.html").read_text(encoding="utf-8"))
    return tree, tree.xpath("//article")[0]


def test_payloads_never_run_at_build_time_and_stay_text_in_the_html(site):
    root, marker = site
    assert not marker.exists(), "the Jinja payload ran during the build"
    raw = (root / "site-internal/reports/material/pudong/index.html").read_text(encoding="utf-8")
    tree, body = article(root, "reports/material/pudong")
    text = body.text_content()
    assert SSTI in text and SCRIPT in text
    assert "uid=" not in raw
    assert not body.xpath(".//script | .//iframe | .//*[@onerror] | .//*[@onclick]")
    assert "<script>window.pwned" not in raw and "onerror=\"window" not in raw
    # the earlier revision keeps its own page, inert too
    _, old = article(root, "reports/material/pudong.r1")
    assert "本版已被第2版" in old.text_content() and SCRIPT + IMG in old.text_content()
    assert ATTR in old.text_content()
    assert not old.xpath(".//script | .//*[@onerror] | .//*[@onclick]")


def test_published_pages_carry_no_personal_data(site):
    root, _ = site
    assert privacy.scan([root / "site", root / "site-internal"], privacy.office_contacts(load_model(root))) == []


def test_outside_titles_cannot_reach_the_page_head_or_navigation(site):
    root, _ = site
    raw = (root / "site-internal/reports/material/sdrc/index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", raw).group(1)
    assert "<b>" not in title and "{{" not in title
    assert html.unescape(title).startswith("发改委材料加粗｛｛ 7＊7 ｝｝")
    tree, body = article(root, "reports/material/sdrc")
    assert body.xpath(".//h1")[0].text_content().startswith("发改委材料加粗{{ 7*7 }}")
    assert not body.xpath(".//h1//b")
    tracker = (root / "site-internal/drafting/tracker/index.html").read_text(encoding="utf-8")
    assert "<b>加粗" not in tracker


def rows(root, url_path: str, table: int) -> list[list[str]]:
    _, body = article(root, url_path)
    found = body.xpath(".//table")[table]
    return [[cell.text_content().strip() for cell in tr.xpath("./td")] for tr in found.xpath(".//tr") if tr.xpath("./td")]


def test_tracker_shows_received_revised_findings_and_late(site):
    root, _ = site
    units = {row[1]: row for row in rows(root, "drafting/tracker", 1)}
    assert len(units) == 47
    pudong = units["浦东新区质量工作领导小组办公室"]
    assert pudong[3:] == ["7月20日（质量发展材料）", "第2版（7月28日）", "提示3项", "第2版逾期3天"]
    assert units["市发展改革委（示例）"][3] == "7月24日（质量发展材料）" and units["市发展改革委（示例）"][6] == "按期"
    assert units["市商务委（示例）"][3:] == ["未报送", "—", "—", "逾期未报送"]
    totals = {row[0]: row[1:] for row in rows(root, "drafting/tracker", 0)}
    assert totals["区质量工作领导小组办公室"] == ["16", "1", "1", "16", "15", "0"]
    assert totals["合计"][:3] == ["47", "2", "1"]
    _, body = article(root, "drafting/tracker")
    link = body.xpath(".//a[normalize-space()='浦东新区质量工作领导小组办公室']/@href")[0]
    assert link == "../../reports/material/pudong/"


def test_support_index_links_every_latest_report(site):
    root, _ = site
    _, body = article(root, "support")
    links = body.xpath(".//li//a/@href")
    assert links == ["../reports/material/sdrc/", "../reports/material/pudong/", "../reports/material/pudong.r1/"]
    for link in links:
        assert (root / "site-internal/support" / link / "index.html").resolve().is_file()


@pytest.mark.browser
def test_payloads_show_as_text_in_chromium(site, artifacts):
    root, _ = site
    with serve(root / "site-internal") as base, browser_page() as page:
        page.goto(base + "/reports/material/pudong.r1/")
        page.locator("article p", has_text="报送说明").first.click()
        page.locator("article img").first.scroll_into_view_if_needed()
        assert page.evaluate("window.pwned === undefined")
        assert ATTR in page.locator("article").inner_text()
        page.goto(base + "/drafting/tracker/")
        page.get_by_role("link", name="浦东新区质量工作领导小组办公室").click()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.pwned === undefined")
        assert page.locator("h1").first.inner_text().startswith("浦东新区质量发展材料")
        text = page.locator("article").inner_text()
        assert SSTI in text and SCRIPT in text and "uid=" not in text
        assert page.locator("article img").count() == 1
        assert page.evaluate("document.querySelector('article img').naturalWidth") == 40
        page.screenshot(path=str(artifacts / "intake-浦东材料.png"))
        assert page.requested_hosts == {"127.0.0.1"}, page.requested_hosts
