"""Stage releases, in temporary git repositories (never the project's own)."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest

from tests.conftest import copy_project

pytestmark = pytest.mark.slow


def git(repo, *args) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def plan(repo, *args):
    return subprocess.run([sys.executable, "-m", "scripts", "--root", str(repo), *args],
                          capture_output=True, text=True)


def new_repo(path):
    repo = copy_project(path)
    (repo / ".gitignore").write_text("site/\nsite.partial/\nsite-internal/\nsite-internal.partial/\nbuild/\ndist/\n.cache/\n", encoding="utf-8")
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "config", "user.name", "起草工作组")
    git(repo, "config", "user.email", "drafting@example.org")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "初稿文本")
    return repo


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def move_to_consultation(repo):
    """What the drafting group commits before releasing the 征求意见稿."""
    replace(repo / "data" / "plan.yml", "current_stage: draft", "current_stage: consultation")
    stages = repo / "data" / "stages.yml"
    replace(stages, "    status: current\n", "    status: released\n")
    replace(stages, "    date: null\n    status: planned\n    consultation:",
            "    date: 2021-08-31\n    status: current\n    consultation:")
    replace(repo / "data" / "targets.yml", "target_2035: {comparator: ≥, value: 97.0}",
            "target_2035: {comparator: ≥, value: 97.5}")
    replace(repo / "docs" / "plan" / "talent.md", "。", "。根据调研意见补充本句。")
    git(repo, "commit", "--quiet", "--all", "--message", "征求意见稿文本")


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    repo = new_repo(tmp_path_factory.mktemp("release") / "plan")
    first = plan(repo, "release", "draft", "--date", "2021-08-20")
    assert first.returncode == 0, first.stderr
    move_to_consultation(repo)
    second = plan(repo, "release", "consultation", "--date", "2021-08-31")
    assert second.returncode == 0, second.stderr
    return repo


def test_tags_are_annotated_with_the_stage_name_and_date(released):
    assert git(released, "tag", "--list", "stage/*").splitlines() == ["stage/consultation", "stage/draft"]
    assert git(released, "cat-file", "-t", "stage/draft") == "tag"
    message = git(released, "tag", "-l", "--format=%(contents)", "stage/consultation")
    assert "征求意见稿" in message and "2021年08月31日" in message
    assert git(released, "for-each-ref", "--format=%(taggerdate:short)", "refs/tags/stage/consultation") == "2021-08-31"


def test_versions_and_latest_alias_on_the_pages_branch(released):
    versions = json.loads(git(released, "show", "gh-pages:versions.json"))
    assert [(v["version"], v["title"], v["aliases"]) for v in versions] == [
        ("draft", "初稿（2021-08）", []),
        ("consultation", "征求意见稿（2021-08）", ["latest"]),
    ]
    assert "latest" in git(released, "show", "gh-pages:index.html")
    assert "征求意见稿" in git(released, "show", "gh-pages:consultation/index.html")


def test_dist_holds_archive_documents_notes_and_manifest(released):
    folder = released / "dist" / "consultation"
    title = "质量强国建设纲要上海实施方案（征求意见稿）"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tag"] == "stage/consultation" and manifest["previous_tag"] == "stage/draft"
    assert manifest["commit"] == git(released, "rev-parse", "stage/consultation^{commit}")
    assert {"pandoc", "typst", "mkdocs", "mkdocs-material"} <= set(manifest["tools"])
    names = set(manifest["artifacts"])
    assert {f"{title}.docx", f"{title}.pdf", f"{title}（网站）.zip", "发布说明.md"} <= names
    import hashlib
    for name, entry in manifest["artifacts"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == entry["sha256"], name
    with zipfile.ZipFile(folder / f"{title}（网站）.zip") as archive:
        listed = archive.namelist()
        assert "index.html" in listed and "plan/general/index.html" in listed
        assert "征求意见稿" in archive.read("index.html").decode("utf-8")
    notes = (folder / "发布说明.md").read_text(encoding="utf-8")
    assert "与上一阶段（stage/draft）相比" in notes
    assert "- 七、建设高素质质量人才队伍：新增 0、删除 0、修改 1 段，+11 / −0 字" in notes
    # the engine's totals: the talent paragraph, and the 97.5 target wherever it is rendered
    assert "新增段落 0 个，删除 0 个，修改 5 个" in notes
    assert "- 段落：" not in notes                          # and no second, differently counted total
    assert "制造业产品质量合格率 2035年目标 ≥97.0 → ≥97.5" in notes


def test_a_release_publishes_only_the_public_site(released):
    folder = released / "dist" / "consultation"
    title = "质量强国建设纲要上海实施方案（征求意见稿）"
    with zipfile.ZipFile(folder / f"{title}（网站）.zip") as archive:
        public = archive.namelist()
    with zipfile.ZipFile(folder / f"{title}（内部网站·仅供起草工作组）.zip") as archive:
        internal = archive.namelist()
    assert not [n for n in public if n.startswith(("drafting/", "reports/", "support/"))]
    assert "drafting/tracker/index.html" in internal and "plan/general/index.html" in internal
    checked = plan(released, "check")        # hashes in manifest.json and the archives are not phone numbers
    assert checked.returncode == 0, checked.stderr
    deployed = git(released, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert "consultation/plan/general/index.html" in deployed
    assert not [n for n in deployed if "/drafting/" in n or "/reports/" in n or "/support/" in n]


def test_a_release_compares_the_stage_with_the_one_before(released):
    from tests.redline_readers import docx_lines
    folder = released / "dist" / "consultation"
    comparison = {"版本对照（初稿→征求意见稿）.docx", "版本对照（初稿→征求意见稿）.html", "版本对照.json"}
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert comparison <= set(manifest["artifacts"])
    assert not any(p.name.startswith("版本对照") for p in (released / "dist" / "draft").iterdir())
    summary = json.loads((folder / "版本对照.json").read_text(encoding="utf-8"))
    assert (summary["a"]["ref"], summary["b"]["ref"]) == ("stage/draft", "stage/consultation")
    assert summary["b"]["date"] == "2021-08-31T12:00:00+08:00"
    talent = next(c for c in summary["chapters"] if c["source"] == "plan/talent.md")
    assert (talent["status"], talent["paragraphs"]["modified"], talent["chars"]) == (
        "modified", 1, {"added": len("根据调研意见补充本句。"), "deleted": 0})
    assert summary["targets"] == [{"id": "manufacturing_pass_rate", "name": "制造业产品质量合格率", "unit": "%",
                                   "change": "changed", "ambition": "more", "fields": [
                                       {"field": "target_2035", "label": "2035年目标", "old": "≥97", "new": "≥97.5",
                                        "ambition": "more"}]}]
    lines = docx_lines((folder / "版本对照（初稿→征求意见稿）.docx").read_bytes(), accept=True)
    assert any("根据调研意见补充本句。" in line for line in lines)
    notes = (folder / "发布说明.md").read_text(encoding="utf-8")
    assert "## 修改对照" in notes and "七、建设高素质质量人才队伍：新增 0、删除 0、修改 1 段，+11 / −0 字" in notes


def test_the_stage_site_shows_its_comparison_with_the_stage_before(released):
    page = git(released, "show", "gh-pages:consultation/compare/draft..consultation/07-plan-talent/index.html")
    assert '<ins id="c1" class="cmp-c">根据调研意见补充本句。</ins>' in page
    assert "版本对照" in git(released, "show", "gh-pages:consultation/index.html")
    published = git(released, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert "consultation/assets/compare.js" in published
    assert not any(name.startswith("draft/compare/") for name in published)
    assert git(released, "status", "--porcelain") == ""   # the pages were generated, not committed


def test_verify_rebuilds_byte_identical_files_without_touching_the_tree(released):
    head = git(released, "rev-parse", "HEAD")
    result = plan(released, "verify", str(released / "dist" / "consultation"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "核验通过" in result.stdout
    assert git(released, "rev-parse", "HEAD") == head
    assert git(released, "status", "--porcelain") == ""
    assert len(git(released, "worktree", "list").splitlines()) == 1


def test_verify_names_a_tampered_pdf(released, tmp_path):
    folder = tmp_path / "draft"
    shutil.copytree(released / "dist" / "draft", folder)
    pdf = next(folder.glob("*.pdf"))
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    result = plan(released, "verify", str(folder))
    assert result.returncode == 1
    assert f"{pdf.name}：文件内容与清单中的 SHA-256 不符" in result.stdout
    assert ".docx" not in result.stdout


def test_past_stage_pages_say_so_in_the_browser(released, tmp_path):
    from tests.browser import browser_page, serve
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=released, check=True, capture_output=True).stdout
    tarfile.open(fileobj=io.BytesIO(archive)).extractall(tmp_path / "pages")
    with serve(tmp_path / "pages") as base, browser_page() as page:
        page.goto(base + "/draft/plan/general/")
        page.wait_for_load_state("networkidle")
        banner = page.locator("[data-md-component=outdated]")
        assert "以往阶段" in banner.inner_text()
        page.goto(base + "/latest/plan/general/")
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-md-component=outdated]").is_hidden()
        assert page.locator(".md-version__current").inner_text().startswith("征求意见稿")


# --- refusals ---------------------------------------------------------------

def test_refuses_a_dirty_tree(tmp_path):
    repo = new_repo(tmp_path / "plan")
    (repo / "docs" / "plan" / "talent.md").write_text("# 改动\n", encoding="utf-8")
    result = plan(repo, "release", "draft")
    assert result.returncode == 1 and "未提交的修改" in result.stderr and "docs/plan/talent.md" in result.stderr
    assert git(repo, "tag", "--list") == ""


def test_refuses_a_failing_check(tmp_path):
    repo = new_repo(tmp_path / "plan")
    replace(repo / "data" / "targets.yml", "target_2035: {comparator: ≥, value: 130}",
            "target_2035: {comparator: ≥, value: 70}")
    git(repo, "commit", "--quiet", "--all", "--message", "有误的数据")
    result = plan(repo, "release", "draft")
    assert result.returncode == 1 and "plan check 发现 1 个问题，拒绝发布" in result.stderr
    assert git(repo, "tag", "--list") == ""


def test_refuses_to_tag_or_deploy_what_carries_personal_data(tmp_path):
    repo = new_repo(tmp_path / "plan")
    replace(repo / "docs" / "plan" / "talent.md", "。", "。咨询电话：021 6422 1234。")
    git(repo, "commit", "--quiet", "--all", "--message", "误写了个人电话")
    result = plan(repo, "release", "draft", "--date", "2021-08-20")
    assert result.returncode == 1, result.stderr
    assert "发现电话 021 6422 1234" in result.stderr and "（网站）.zip/plan/talent/index.html" in result.stderr
    assert "标签 stage/draft 已撤销，网站未发布" in result.stderr
    assert git(repo, "tag", "--list") == ""
    assert git(repo, "branch", "--list", "gh-pages") == ""
    assert not (repo / "dist" / "draft").exists() and not (repo / "dist" / "draft.partial").exists()


def test_refuses_an_unknown_stage_and_a_stage_out_of_order(tmp_path):
    repo = new_repo(tmp_path / "plan")
    unknown = plan(repo, "release", "final")
    assert unknown.returncode == 2 and "未知的阶段“final”" in unknown.stderr
    move_to_consultation(repo)
    early = plan(repo, "release", "consultation")
    assert early.returncode == 1 and "阶段顺序不对" in early.stderr and "初稿尚未发布" in early.stderr
    assert git(repo, "tag", "--list") == ""


def test_refuses_an_existing_tag_and_never_moves_it(released):
    before = git(released, "rev-parse", "stage/consultation")
    result = plan(released, "release", "consultation")
    assert result.returncode == 1 and "已发布（标签 stage/consultation）" in result.stderr
    assert "--reissue" in result.stderr
    assert git(released, "rev-parse", "stage/consultation") == before


def test_a_reissue_is_a_new_suffixed_tag(released, tmp_path):
    repo = tmp_path / "copy"
    shutil.copytree(released, repo, symlinks=True)
    before = git(repo, "rev-parse", "stage/consultation")
    result = plan(repo, "release", "consultation", "--reissue", "--no-deploy", "--date", "2021-09-02")
    assert result.returncode == 0, result.stderr
    assert git(repo, "tag", "--list", "stage/consultation*").splitlines() == ["stage/consultation",
                                                                              "stage/consultation-r2"]
    assert git(repo, "rev-parse", "stage/consultation") == before
    assert (repo / "dist" / "consultation-r2" / "manifest.json").exists()
    assert (repo / "dist" / "consultation" / "manifest.json").exists()


# --- what the CI workflows call ------------------------------------------------

def test_ci_release_of_a_pushed_tag(tmp_path):
    """CI receives a tag someone pushed and runs `plan release --from-tag`."""
    repo = new_repo(tmp_path / "plan")
    git(repo, "tag", "--annotate", "stage/draft", "--message", "初稿")
    result = plan(repo, "release", "--from-tag", "stage/draft", "--no-deploy")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((repo / "dist" / "draft" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tag"] == "stage/draft" and manifest["previous_tag"] is None
    missing = plan(repo, "release", "--from-tag", "stage/review")
    assert missing.returncode == 2 and "标签 stage/review 不存在" in missing.stderr


def test_workflows_run_the_commands_tested_here():
    import yaml
    from tests.conftest import ROOT
    github = yaml.safe_load((ROOT / ".github" / "workflows" / "plan.yml").read_text(encoding="utf-8"))
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    github_steps = [s.get("run", "") for job in github["jobs"].values() for s in job["steps"]]
    for commands in (github_steps, gitlab["test"]["script"] + gitlab["release"]["script"]):
        text = "\n".join(commands)
        assert "make check" in text and "make test" in text
        assert "plan release --from-tag" in text and "--push" in text
    assert "stage/*" in github[True]["push"]["tags"]   # YAML reads the key `on` as True
    uploaded = next(s["with"]["path"] for s in github["jobs"]["release"]["steps"] if "upload" in s.get("uses", ""))
    assert "!dist/**/*仅供起草工作组*" in uploaded and gitlab["release"]["artifacts"]["exclude"] == ["dist/**/*仅供起草工作组*"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make test" in ci
