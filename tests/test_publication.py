"""The publication boundary: one source, a public site/ and an internal site-internal/."""
from __future__ import annotations

import pytest

from scripts import audience
from scripts.errors import Failure
from scripts.search_index import indexed_urls
from scripts.site import build_site


@pytest.mark.parametrize(("src", "meta", "internal"), [
    pytest.param("drafting/tracker.md", {}, True, id="drafting-folder"),
    pytest.param("reports/material/pudong.md", {}, True, id="submission"),
    pytest.param("reports/material/pudong.files/r1/media/image1.png", {}, True, id="submission-media"),
    pytest.param("support/index.md", {}, True, id="support-index"),
    pytest.param("comments/notes.md", {"audience": "internal"}, True, id="front-matter"),
    pytest.param("plan/general.md", {}, False, id="chapter"),
    pytest.param("annex/targets.md", {"audience": "public"}, False, id="annex"),
    pytest.param("comments/index.md", {"comments_source": "public"}, False, id="disposition-table"),
    pytest.param("index.md", {}, False, id="home"),
    pytest.param("reportsx/a.md", {}, False, id="near-miss-folder-name"),
])
def test_one_rule_says_which_page_is_internal(src, meta, internal):
    assert audience.is_internal(src, meta) is internal


@pytest.mark.parametrize(("page", "href", "target"), [
    ("plan/general/", "../../drafting/tracker/", "drafting/tracker/"),
    ("", "drafting/tracker/", "drafting/tracker/"),
    ("comments/", "../reports/material/pudong.files/r1/x.png", "reports/material/pudong.files/r1/x.png"),
    ("plan/general/", "#p-1a2b3c4d", None),
    ("plan/general/", "mailto:zlfzc@example.org", None),
])
def test_links_resolve_relative_to_the_page(page, href, target):
    assert audience.link_target(page, href) == target


def test_public_site_has_no_internal_page_and_the_internal_site_has_all(built_project):
    public, internal = built_project / "site", built_project / "site-internal"
    for folder in ("drafting", "reports", "support"):
        assert not (public / folder).exists(), folder
    assert (internal / "drafting" / "tracker" / "index.html").is_file()
    assert (internal / "support" / "index.html").is_file()
    assert (public / "plan" / "general" / "index.html").is_file() and (public / "comments" / "index.html").is_file()
    home = (public / "index.html").read_text(encoding="utf-8")
    assert "drafting/" not in home and "报送情况" not in home
    assert "drafting/" in (internal / "index.html").read_text(encoding="utf-8")
    assert "内部版·仅供起草工作组" in (internal / "index.html").read_text(encoding="utf-8") and "内部版" not in home
    indexed = indexed_urls(public)
    assert "/plan/general/" in indexed
    assert not [url for url in indexed if url.startswith(("/drafting", "/reports", "/support"))]
    assert audience.stray_internal_files(public) == []


def test_front_matter_makes_a_page_internal(project):
    (project / "docs" / "comments" / "notes.md").write_text(
        "---\naudience: internal\n---\n# 起草组内部说明\n\n仅供内部。\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      - comments/expert.md\n", "      - comments/expert.md\n      - comments/notes.md\n"), encoding="utf-8")
    build_site(project)
    assert not (project / "site" / "comments" / "notes").exists()
    assert (project / "site-internal" / "comments" / "notes" / "index.html").is_file()
    assert "起草组内部说明" not in (project / "site" / "comments" / "index.html").read_text(encoding="utf-8")


def test_a_public_page_linking_to_an_internal_one_fails_and_keeps_both_sites(built_copy):
    project = built_copy   # a previous build of both sites
    before = {d: (project / d / "index.html").read_bytes() for d in ("site", "site-internal")}
    page = project / "docs" / "plan" / "talent.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n详见[报送情况](../drafting/tracker.md)。\n", encoding="utf-8")
    with pytest.raises(Failure) as caught:
        build_site(project)
    message = str(caught.value)
    assert "docs/plan/talent.md" in message and "公开页面链接了内部页面" in message
    assert {d: (project / d / "index.html").read_bytes() for d in before} == before
    assert not (project / "site.partial").exists() and not (project / "site-internal.partial").exists()
