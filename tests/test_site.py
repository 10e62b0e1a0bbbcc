"""The built site: strict build, numbering, targets from data, trust boundary, failures."""
from __future__ import annotations

import html
import re

import pytest

from scripts.errors import Failure
from scripts.model import load_model
from scripts.site import build_site

pytestmark = pytest.mark.slow

PAYLOAD = "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}"


def page_text(root, url_path: str) -> str:
    raw = (root / "site" / url_path / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", raw))


def test_strict_build_has_every_chapter_numbered(built_project):
    titles = []
    for chapter in ("general", "benchmarking", "safeguards"):
        raw = (built_project / "site" / "plan" / chapter / "index.html").read_text(encoding="utf-8")
        titles.append(re.search(r"<h1[^>]*>(.*?)<", raw).group(1))
    assert titles[0] == "一、总体要求"
    assert titles[1].startswith("二、")
    assert titles[2] == "十、保障措施"
    text = page_text(built_project, "plan/general")
    assert "（一）指导思想" in text and "1.坚持目标导向和问题导向相结合" in text


def test_target_values_come_from_data(built_project):
    model = load_model(built_project)
    text = page_text(built_project, "annex/targets")
    for target in model.targets.values():
        assert target.name in text
        assert f"{target.goals[2035].comparator}{target.goals[2035].value:g}" in text
    raw = (built_project / "site" / "annex" / "targets" / "index.html").read_text(encoding="utf-8")
    assert raw.count('class="target-status') >= 2 * len(model.targets)


def test_front_page_says_it_is_a_working_draft(built_project):
    text = page_text(built_project, "")
    assert "工作草稿" in text and "初稿" in text


def test_pages_are_zh_cn_with_no_empty_banner_outside_the_consultation(built_project):
    raw = (built_project / "site" / "plan" / "general" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in raw
    assert re.search(r'<div data-md-component="announce">\s*</div>', raw), "初稿阶段不应有征求意见提示条"
    assert "compare.css" not in raw and "compare.js" not in raw


def test_no_external_requests_in_html(built_project):
    for page in (built_project / "site").rglob("*.html"):
        # the canonical address (site_url) names the page; a browser never fetches it
        raw = re.sub(r'<link rel="canonical" href="[^"]*">', "", page.read_text(encoding="utf-8"))
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", raw), page
        assert "fonts.googleapis" not in raw


def test_rendered_markdown_is_kept_for_the_export(built_project):
    general = (built_project / "build" / "rendered" / "plan" / "general.md").read_text(encoding="utf-8")
    assert general.startswith("# 一、总体要求 {#总体要求}")
    assert "{{" not in general


def test_unknown_target_fails_the_build_naming_page_and_id(project):
    page = project / "docs" / "plan" / "talent.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n比例达到{{ target('no_such_target', 2025) }}。\n",
                    encoding="utf-8")
    with pytest.raises(Failure) as caught:
        build_site(project)
    assert "docs/plan/talent.md" in str(caught.value) and "no_such_target" in str(caught.value)
    assert not (project / "site").exists(), "a failed build must not leave a site behind"


def test_failed_build_keeps_the_previous_site(built_copy):
    index = (built_copy / "site" / "index.html").read_bytes()
    (built_copy / "data" / "plan.yml").write_text("title: [broken\n", encoding="utf-8")
    with pytest.raises(Failure, match="data/plan.yml"):
        build_site(built_copy)
    assert (built_copy / "site" / "index.html").read_bytes() == index


def test_outside_text_is_never_rendered_as_a_template(project, tmp_path):
    marker = tmp_path / "pwned"
    reports = project / "docs" / "reports"
    reports.mkdir()
    (reports / "unit.md").write_text(
        "---\nrender_macros: true\n---\n# 某单位报送材料\n\n"
        f"意见：{PAYLOAD % marker}\n\n<script>window.pwned = 1</script>\n", encoding="utf-8")
    build_site(project)
    assert not marker.exists(), "the Jinja payload ran during the build"
    raw = (project / "site-internal" / "reports" / "unit" / "index.html").read_text(encoding="utf-8")
    assert "{{ cycler." in raw and "os.popen(" in raw
    assert "<script>window.pwned" not in raw
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in raw


def test_a_collapsible_drafting_note_renders_as_a_details_block(built_copy):
    """scripts/drafting.py lets a drafting note be open (!!!) or collapsible (???):
    the site shows the collapsible one as a closed block, not as ??? and a code block."""
    page = built_copy / "docs" / "plan" / "talent.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n??? note "起草说明"\n\n    人才指标的口径待市人力资源社会保障局确认。\n',
                    encoding="utf-8")
    build_site(built_copy)
    raw = (built_copy / "site" / "plan" / "talent" / "index.html").read_text(encoding="utf-8")
    block = re.search(r"<details[^>]*>(.*?)</details>", raw, re.S)
    assert block, "没有可折叠的起草说明"
    assert "起草说明" in block.group(1) and "口径待市人力资源社会保障局确认" in block.group(1)
    assert "???" not in page_text(built_copy, "plan/talent")
