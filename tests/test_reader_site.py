"""The public site for every reader, in headless Chromium: keyboard, finger, contrast, versions.

One published tree serves every test here, laid out as mike lays out gh-pages:
the consultation stage (window open today) as `consultation/` with the alias
`latest/`, and an earlier stage `draft/` that lacks one chapter. The site
carries a stage comparison, so every page type is there.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from scripts.comments.anchors import load_items
from scripts.site import build_site
from tests.browser import PHONE, browser_page, serve
from tests.conftest import ROOT, copy_project, set_stage

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
MISSING_IN_DRAFT = "plan/culture/"


def _add_comparison(root: Path) -> str:
    """A 版本对照 between the built text and a copy with one sentence changed."""
    from scripts.diff.outputs import compare_versions, write_site_pages
    from scripts.diff.result import Side
    from scripts.diff.sources import Version, read_rendered
    pages = read_rendered(root / "build" / "rendered")
    changed = [(src, part, md.replace("质量", "品质", 1) if src == "plan/general.md" else md)
               for src, part, md in pages]
    when = dt.datetime(2021, 8, 31, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    targets = (root / "data" / "targets.yml").read_text(encoding="utf-8")
    old = Version(Side("stage/draft", "初稿（stage/draft）", "draft", None, when, "初稿"), pages, targets)
    new = Version(Side("stage/consultation", "征求意见稿（stage/consultation）", "consultation", None, when,
                       "征求意见稿"), changed, targets)
    return write_site_pages(compare_versions(old, new, "质量强国建设纲要上海实施方案"), root / "docs").name


def _drop_page(site: Path, url: str) -> None:
    shutil.rmtree(site / url)
    sitemap = site / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8")
    sitemap.write_text(re.sub(r"\s*<url>\s*<loc>[^<]*/" + re.escape(url) + r"</loc>.*?</url>", "", text, flags=re.S),
                       encoding="utf-8")


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("reader")
    root = copy_project(work / "plan")
    today = dt.date.today()
    set_stage(root, "consultation", today - dt.timedelta(days=3), today + dt.timedelta(days=20))
    build_site(root)
    slug = _add_comparison(root)
    build_site(root)
    pages = work / "gh-pages"
    shutil.copytree(root / "site", pages / "consultation")
    (pages / "latest").symlink_to("consultation")
    shutil.copytree(root / "site", pages / "draft")
    _drop_page(pages / "draft", MISSING_IN_DRAFT)
    versions = [{"version": "consultation", "title": "征求意见稿（2021-08）", "aliases": ["latest"]},
                {"version": "draft", "title": "初稿（2021-08）", "aliases": []}]
    (pages / "versions.json").write_text(json.dumps(versions, ensure_ascii=False), encoding="utf-8")
    return {"pages": pages, "root": root, "compare": f"compare/{slug}/"}


def _chosen_paragraph(root: Path):
    paragraphs = [i for i in load_items(root) if i.page == "plan/enterprise.md" and i.kind == "p"]
    return paragraphs[2]


def test_keyboard_alone_reaches_提意见_on_a_paragraph_and_opens_the_mail_link(published, artifacts):
    item = _chosen_paragraph(published["root"])
    with serve(published["pages"]) as base, browser_page() as page:
        page.goto(f"{base}/latest/plan/enterprise/")
        page.wait_for_load_state("networkidle")
        page.locator(f"#{item.id} .para-comment").wait_for(state="attached")
        presses = 0
        while presses < 300:
            page.keyboard.press("Tab")
            presses += 1
            if page.evaluate(f"document.activeElement.matches('#{item.id} .para-comment')"):
                break
        else:
            pytest.fail(f"按 Tab {presses} 次仍未到达段落 {item.address} 的“提意见”")
        link = page.locator(f"#{item.id} .para-comment")
        style = link.evaluate("a => { const s = getComputedStyle(a); return [s.outlineStyle, s.outlineWidth]; }")
        assert style[0] != "none" and style[1] != "0px", style          # a visible focus ring
        assert link.evaluate("a => getComputedStyle(a.parentElement).opacity") == "1"
        page.screenshot(path=str(artifacts / "keyboard-提意见.png"))
        page.evaluate("""() => document.addEventListener('click', event => {
            window.followed = event.target.closest('a')?.href; event.preventDefault(); }, true)""")
        page.keyboard.press("Enter")
        mail = page.evaluate("window.followed")
    parsed = urlparse(mail)
    assert parsed.scheme == "mailto" and parsed.path == "zlfzc@scjgj.sh.gov.cn"
    assert item.address in parse_qs(parsed.query)["subject"][0]


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 768}], ids=["phone", "desktop"])
def test_paragraph_tools_never_make_a_paragraph_taller(published, viewport):
    with serve(published["pages"]) as base, browser_page(viewport, touch=viewport is PHONE) as page:
        for chapter in ("general", "enterprise", "safeguards"):
            page.goto(f"{base}/latest/plan/{chapter}/")
            page.wait_for_load_state("networkidle")
            assert page.locator(".para-comment").count() > 5
            heights = "() => [...document.querySelectorAll('article [data-address]')].map(e => e.getBoundingClientRect().height)"
            page.add_style_tag(content=".para-tools { opacity: 1 !important; }")
            shown = page.evaluate(heights)
            page.add_style_tag(content=".para-tools { display: none !important; }")
            without = page.evaluate(heights)
            taller = [n for n, (a, b) in enumerate(zip(shown, without)) if a > b + 0.5]
            assert not taller, f"{chapter}：第 {taller} 个段落因段落工具变高"


def test_a_finger_opens_the_tools_and_提意见_is_a_44_pixel_target(published, artifacts):
    item = _chosen_paragraph(published["root"])
    with serve(published["pages"]) as base, browser_page(PHONE, touch=True) as page:
        page.goto(f"{base}/latest/plan/enterprise/")
        page.wait_for_load_state("networkidle")
        paragraph = page.locator(f"#{item.id}")
        paragraph.scroll_into_view_if_needed()
        paragraph.tap()
        comment = paragraph.locator(".para-comment")
        page.wait_for_function(f"getComputedStyle(document.querySelector('#{item.id} .para-tools')).opacity === '1'")
        box = comment.bounding_box()
        page.screenshot(path=str(artifacts / "phone-提意见.png"))
        assert box["width"] >= 44 and box["height"] >= 44, box
        hit = page.evaluate(f"""() => {{ const r = document.querySelector('#{item.id} .para-comment').getBoundingClientRect();
            return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2).closest('.para-comment') !== null; }}""")
        assert hit, "提意见被其他元素遮住，手指点不到"


def test_public_comparison_pages_name_stages_not_tags(published):
    folder = published["pages"] / "consultation" / published["compare"]
    pages = list(folder.rglob("index.html"))
    assert len(pages) > 3
    for page in pages:
        assert "stage/" not in page.read_text(encoding="utf-8"), page
    overview = (folder / "index.html").read_text(encoding="utf-8")
    assert "原稿 <strong>初稿</strong>（2021年8月31日）" in overview


def _axe_findings(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.id}（${v.impact}）：${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('；')}`)""")
    return result


def test_axe_finds_no_serious_violation_on_any_page_type(published):
    if not AXE.exists():
        pytest.skip("没有安装 axe-core：请运行 scripts/setup-system.sh --with-test-tools（make test 会自动运行）")
    urls = {"首页": "latest/", "正文": "latest/plan/general/", "附件指标表": "latest/annex/targets/",
            "征求意见汇总处理表": "latest/comments/", "版本对照概览": f"latest/{published['compare']}",
            "版本对照正文": f"latest/{published['compare']}01-plan-general/", "以往阶段": "draft/plan/general/"}
    findings = []
    with serve(published["pages"]) as base:
        # a fresh browser per scheme: Material remembers the first page's palette
        for scheme, names in (("light", list(urls)), ("dark", ["正文", "附件指标表", "版本对照正文"])):
            with browser_page() as page:
                page.emulate_media(color_scheme=scheme)
                for name in names:
                    url = urls[name]
                    assert page.goto(f"{base}/{url}").ok, url
                    page.wait_for_load_state("networkidle")
                    shown = page.evaluate("document.body.dataset.mdColorScheme")
                    assert shown == {"light": "default", "dark": "slate"}[scheme], (url, shown)
                    findings += [f"{name}（{scheme}） /{url}：{f}" for f in _axe_findings(page)]
    assert not findings, "\n".join(findings)


def _choose_version(page, title: str) -> None:
    page.locator(".md-version__current").hover()
    page.get_by_role("link", name=title).click()


def test_switching_stage_keeps_the_page_and_the_old_stage_links_to_the_same_page(published, artifacts):
    with serve(published["pages"]) as base, browser_page(PHONE, touch=True) as page:
        page.goto(f"{base}/latest/plan/general/")
        page.wait_for_load_state("networkidle")
        page.locator(".md-version__current").wait_for()
        title = page.locator(".md-header__topic:first-child .md-ellipsis")
        page.screenshot(path=str(artifacts / "phone-header-version.png"))
        size = title.evaluate("e => [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]")
        assert size[0] <= size[1] and size[2] <= size[3] + 1, f"手机上标题被截断：{size}"   # 1 px: rounding

        _choose_version(page, "初稿（2021-08）")
        page.wait_for_url(f"{base}/draft/plan/general/")
        notice = page.locator("[data-md-component=outdated]")
        notice.wait_for()
        notice.get_by_role("link").click()
        page.wait_for_url(f"{base}/latest/plan/general/")

        page.goto(f"{base}/latest/{MISSING_IN_DRAFT}")
        page.wait_for_load_state("networkidle")
        _choose_version(page, "初稿（2021-08）")
        page.wait_for_url(f"{base}/draft/")     # the earlier stage has no such page: its home page

        # search inside a stage leads to that stage's pages
        page.locator("[data-plan-search-open]").click()
        page.get_by_role("dialog", name="搜索").locator("input").fill("首席质量官")
        link = page.locator(".pagefind-ui__result-link").first
        link.wait_for(timeout=15000)
        assert link.get_attribute("href").startswith("/draft/plan/"), link.get_attribute("href")
