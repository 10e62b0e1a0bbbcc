"""plan diff end to end in a temporary git repository, and its pages in headless Chromium."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from scripts.diff.sources import read_rendered, rendered_at
from tests.redline_readers import docx_lines, markdown_lines
from tests.test_release import git, new_repo, plan, replace

pytestmark = pytest.mark.slow

ADDED = "根据调研意见补充本句。"


def tag(repo, name: str, when: str) -> None:
    subprocess.run(["git", "tag", "--annotate", name, "--message", name], cwd=repo, check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": when})


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """stage/draft tagged; then, uncommitted: a sentence added, a heading renamed, a target raised."""
    repo = new_repo(tmp_path_factory.mktemp("diff") / "plan")
    tag(repo, "stage/draft", "2021-08-20T12:00:00+08:00")
    talent = repo / "docs" / "plan" / "talent.md"
    replace(talent, "人才是质量强市建设的第一资源。", "人才是质量强市建设的第一资源。" + ADDED)
    replace(talent, "## 壮大质量专业技术人才队伍", "## 壮大质量专业人才队伍")
    replace(repo / "data" / "targets.yml", "target_2025: {comparator: ≥, value: 95.0}",
            "target_2025: {comparator: ≥, value: 96.0}")
    result = plan(repo, "diff", "--site")
    assert result.returncode == 0, result.stderr
    return repo, result


def test_plan_diff_compares_the_newest_stage_with_the_working_tree(compared):
    repo, result = compared
    out = repo / "dist" / "compare" / "draft..worktree"
    assert sorted(p.name for p in out.iterdir()) == ["版本对照.docx", "版本对照.html", "版本对照.json"]
    data = json.loads((out / "版本对照.json").read_text(encoding="utf-8"))
    assert (data["a"]["ref"], data["a"]["date"], data["b"]["ref"]) == ("stage/draft", "2021-08-20T12:00:00+08:00", "工作区")
    changed = {c["source"]: c for c in data["chapters"] if c["status"] != "unchanged"}
    assert set(changed) == {"plan/talent.md", "plan/industry-chain.md", "plan/general.md", "annex/targets.md"}
    talent = changed["plan/talent.md"]   # the other three show the raised target through the macros
    assert talent["paragraphs"] == {"added": 0, "deleted": 0, "modified": 2}
    assert talent["chars"] == {"added": len(ADDED), "deleted": len("技术")}
    assert [(t["id"], t["ambition"]) for t in data["targets"]] == [("manufacturing_pass_rate", "more")]
    assert "制造业产品质量合格率：2025年目标 ≥95 → ≥96（更积极）" in result.stdout
    assert "七、建设高素质质量人才队伍：新增 0、删除 0、修改 2 段，+11 / −2 字" in result.stdout
    assert (repo / "docs" / "compare" / "draft..worktree" / "index.md").exists()


def test_accepting_the_word_file_gives_the_working_tree_and_rejecting_it_the_stage(compared):
    repo, _ = compared
    docx = (repo / "dist" / "compare" / "draft..worktree" / "版本对照.docx").read_bytes()
    # what a reader sees of each side, read by pandoc, not by the diff engine's parser
    new = markdown_lines(read_rendered(repo / "build" / "rendered"))
    old = markdown_lines(read_rendered(rendered_at(repo, "stage/draft")))   # cached: no rebuild
    assert ADDED in "".join(new) and new != old
    assert docx_lines(docx, accept=True) == new
    assert docx_lines(docx, accept=False) == old


@pytest.fixture(scope="module")
def reviewed(compared):
    """The worktree's edits committed, then a heading added inside a section of 八、 and committed:
    the pull-request summary of stage/draft → HEAD."""
    repo, _ = compared
    git(repo, "commit", "--quiet", "--all", "--message", "征求意见前的修改")
    replace(repo / "docs" / "plan" / "culture.md", "**深化质量品牌宣传。**", "## 加强质量品牌宣传\n\n**深化质量品牌宣传。**")
    git(repo, "commit", "--quiet", "--all", "--message", "增加一个标题")
    out = repo / "dist" / "pr"
    result = plan(repo, "diff", "stage/draft", "HEAD", "--output", str(out), "--summary-markdown", str(out / "摘要.md"))
    assert result.returncode == 0, result.stderr
    data = json.loads((out / "版本对照.json").read_text(encoding="utf-8"))
    return (out / "摘要.md").read_text(encoding="utf-8"), data


def _table(markdown: str, heading: str) -> list[list[str]]:
    section = markdown.split(heading, 1)[1].split("\n### ", 1)[0]
    rows = [line.strip("|").split("|") for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[2:]]   # after the header and its rule


def test_the_pull_request_summary_counts_each_chapter_as_the_json_does(reviewed):
    markdown, data = reviewed
    rows = {row[0]: row[2:] for row in _table(markdown, "### 各章修改")}
    changed = [c for c in data["chapters"] if c["status"] != "unchanged"]
    assert set(rows) == {c["title"] for c in changed}
    for chapter in changed:
        p, c = chapter["paragraphs"], chapter["chars"]
        assert rows[chapter["title"]] == [str(p["added"]), str(p["deleted"]), str(p["modified"]),
                                          str(chapter["moved_sections"]), f"+{c['added']:,}", f"−{c['deleted']:,}"]
    culture = next(c for c in changed if c["source"] == "plan/culture.md")
    assert culture["paragraphs"] == {"added": 1, "deleted": 0, "modified": 0}   # one heading, nothing else
    assert culture["chars"] == {"added": len("加强质量品牌宣传"), "deleted": 0}
    totals = data["totals"]["paragraphs"]
    assert (f"合计：新增段落 {totals['added']} 个，删除 {totals['deleted']} 个，修改 {totals['modified']} 个"
            in markdown)


def test_the_pull_request_summary_names_target_ambition_and_quotes_the_first_changes(reviewed):
    markdown, _ = reviewed
    assert "- 调整：制造业产品质量合格率（更积极）：2025年目标 ≥95 → ≥96" in markdown
    excerpt = markdown.split("### 最先几处修改", 1)[1]
    assert f"<ins>{ADDED}</ins>" in excerpt and "<del>技术</del>" in excerpt
    assert "八、大力弘扬质量文化（标题）：<ins>加强质量品牌宣传</ins>" in excerpt


def test_without_a_stage_tag_plan_diff_says_what_to_do(tmp_path):
    repo = new_repo(tmp_path / "plan")
    result = plan(repo, "diff")
    assert result.returncode == 2
    assert "还没有任何阶段标签（stage/*）" in result.stderr and "plan release" in result.stderr


def test_an_unknown_version_is_a_usage_error(compared):
    repo, _ = compared
    result = plan(repo, "diff", "stage/nope")
    assert result.returncode == 2 and "找不到版本“stage/nope”" in result.stderr


@pytest.mark.browser
def test_the_comparison_section_steps_through_changes_in_the_browser(compared, artifacts):
    from scripts.site import build_site
    from tests.browser import browser_page, serve
    repo, _ = compared
    build_site(repo)
    with serve(repo / "site") as base, browser_page() as page:
        page.goto(base + "/compare/draft..worktree/")
        page.wait_for_load_state("networkidle")
        assert "版本对照" in page.locator(".md-nav").first.inner_text()
        row = page.locator(".cmp-summary tr", has_text="七、建设高素质质量人才队伍")
        assert row.locator("td").nth(1).inner_text() == "有修改"
        row.get_by_role("link").click()
        page.wait_for_load_state("networkidle")
        assert page.locator(".cmp-count").inner_text() == "本章共 2 处修改"
        page.get_by_role("button", name="下一处").click()
        current = page.locator(".cmp-current")
        assert current.evaluate("e => e.tagName") == "INS" and current.inner_text() == ADDED
        assert current.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
        assert page.locator(".cmp-count").inner_text() == "第 1 处，共 2 处修改"
        page.keyboard.press("j")
        current = page.locator(".cmp-current")
        assert current.evaluate("e => e.tagName") == "DEL" and current.inner_text() == "技术"
        assert current.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
        assert page.url.endswith("#c2")
        page.screenshot(path=str(artifacts / "版本对照-人才队伍.png"))
        page.get_by_role("button", name="上一处").click()
        assert page.locator(".cmp-current").inner_text() == ADDED
        assert page.requested_hosts == {"127.0.0.1"}, page.requested_hosts


def test_pull_request_jobs_publish_the_summary_and_only_the_public_site():
    import yaml
    from tests.conftest import ROOT
    github = yaml.safe_load((ROOT / ".github" / "workflows" / "plan.yml").read_text(encoding="utf-8"))
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["redline"]["steps"]
    script = "\n".join(s.get("run", "") for s in steps)
    assert "plan diff" in script and "--summary-markdown redline/摘要.md" in script
    assert 'cat redline/摘要.md >> "$GITHUB_STEP_SUMMARY"' in script
    uploaded = " ".join(s["with"]["path"] for s in steps if "upload-artifact" in s.get("uses", ""))
    assert "版本对照.html" in uploaded and "版本对照.docx" in uploaded and "site/" in uploaded
    assert "site-internal" not in uploaded
    job = gitlab["redline"]
    assert any("--summary-markdown redline/摘要.md" in line for line in job["script"])
    assert job["artifacts"]["paths"] == ["redline/"] and not any("site-internal" in line for line in job["script"])
