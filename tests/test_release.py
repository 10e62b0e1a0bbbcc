"""Stage releases, in temporary git repositories (never the project's own)."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import copy_built, copy_project, git, init_repository, plan

pytestmark = pytest.mark.slow





def new_repo(path, built=None):
    """A scratch repository of the project; from `built` (a built tree, copied): site/ and build/ ready."""
    repo = copy_built(built, path) if built else copy_project(path)
    (repo / ".gitignore").write_text("site/\nsite.partial/\nsite-internal/\nsite-internal.partial/\nbuild/\ndist/\n.cache/\n", encoding="utf-8")
    init_repository(repo)
    return repo


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def move_to_consultation(repo):
    """What the drafting group commits before releasing the 征求意见稿 (the stage itself moved on release)."""
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
    redirect = git(released, "show", "gh-pages:index.html")
    assert "latest" in redirect and "正在转到" in redirect and "Redirecting" not in redirect
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
    # the engine's totals: the talent paragraph, and the 97.5 target wherever it is rendered:
    # 一、's 2035 sentence, 三、's chapter table and 附件1 (the full table now appears only there)
    assert "新增段落 0 个，删除 0 个，修改 4 个" in notes
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
    home = git(released, "show", "gh-pages:consultation/index.html")
    assert "版本对照" in home
    assert "assets/compare.css" in page and "assets/compare.css" not in home   # loaded where it is used
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


def tampered_copy(released, tmp_path, stage="draft"):
    folder = tmp_path / stage
    shutil.copytree(released / "dist" / stage, folder)
    return folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def save_manifest(folder, manifest):
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def sha(path):
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()


def problems(result) -> list[str]:
    """What `plan verify` lists as not matching, one finding a line."""
    return [line.removeprefix("不一致：") for line in result.stdout.splitlines() if line.startswith("不一致：")]


# Each verify rebuilds the whole stage from its tag, so one copy of dist/draft/ is tampered
# in several independent ways and verified once; each test reads its own finding from it.

@pytest.fixture(scope="module")
def tampered_files(released, tmp_path_factory):
    """A PDF with one bit flipped, a file the manifest does not list, and release notes
    edited with their hash updated in the manifest."""
    folder, manifest = tampered_copy(released, tmp_path_factory.mktemp("tampered-files"))
    pdf = next(folder.glob("*.pdf"))
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    (folder / "补充说明.docx").write_bytes(b"PK\x03\x04 not from the tag")
    notes = folder / "发布说明.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace("本阶段为首次发布。", "本阶段已经批准。"),
                     encoding="utf-8")
    manifest["artifacts"]["发布说明.md"]["sha256"] = sha(notes)
    save_manifest(folder, manifest)
    return pdf.name, plan(released, "verify", str(folder))


@pytest.fixture(scope="module")
def tampered_manifest(released, tmp_path_factory):
    """The manifest's commit set to another stage's, and a PDF dropped from it and replaced."""
    folder, manifest = tampered_copy(released, tmp_path_factory.mktemp("tampered-manifest"))
    manifest["commit"] = git(released, "rev-parse", "stage/consultation^{commit}")
    pdf = next(folder.glob("质量强国建设纲要上海实施方案（初稿）.pdf"))
    del manifest["artifacts"][pdf.name]
    save_manifest(folder, manifest)
    pdf.write_bytes(b"%PDF-1.7 another document")
    return pdf.name, plan(released, "verify", str(folder))


def test_verify_names_a_tampered_pdf(tampered_files):
    pdf, result = tampered_files
    assert result.returncode == 1
    others = ("补充说明.docx：", "发布说明.md：")   # the tests below
    # the untouched DOCX and everything else rebuilt byte for byte
    assert [p for p in problems(result) if not p.startswith(others)] == [
        f"{pdf}：文件内容与清单中的 SHA-256 不符（文件被改动过）"]


def test_verify_rebuilds_the_release_notes_so_an_edit_with_its_hash_updated_is_caught(tampered_files):
    _, result = tampered_files
    assert result.returncode == 1
    assert "发布说明.md：按标签 stage/draft 重新构建的结果与清单不一致" in problems(result)


def test_verify_refuses_files_the_manifest_does_not_list(tampered_files):
    _, result = tampered_files
    assert result.returncode == 1
    assert "补充说明.docx：目录中有此文件，但清单中没有（多出的或被替换的文件）" in problems(result)


def test_verify_catches_a_pdf_dropped_from_the_manifest_and_replaced(tampered_manifest):
    pdf, result = tampered_manifest
    assert result.returncode == 1
    assert f"{pdf}：目录中有此文件，但清单中没有（多出的或被替换的文件）" in problems(result)
    assert f"{pdf}：按标签 stage/draft 构建会生成此文件，但清单中没有（清单被改动过）" in problems(result)


def test_verify_resolves_the_tag_itself_not_the_manifests_commit(released, tampered_manifest):
    _, result = tampered_manifest
    assert result.returncode == 1
    other = git(released, "rev-parse", "stage/consultation^{commit}")
    draft = git(released, "rev-parse", "stage/draft^{commit}")
    assert f"manifest.json：commit 为 {other}，但标签 stage/draft 指向 {draft}（清单被改动过）" in problems(result)
    # the rebuild followed the tag, so the files themselves still match
    assert not [p for p in problems(result) if "重新构建的结果与清单不一致" in p]


def test_release_moves_the_repository_to_the_next_stage_keeping_comments(released):
    import yaml
    from tests.conftest import ROOT
    stages = (released / "data" / "stages.yml").read_text(encoding="utf-8")
    original = (ROOT / "data" / "stages.yml").read_text(encoding="utf-8")
    assert [line for line in stages.splitlines() if "#" in line] == [l for l in original.splitlines() if "#" in l]
    assert len(stages.splitlines()) == len(original.splitlines())
    read = {s["id"]: (s["status"], str(s["date"])) for s in yaml.safe_load(stages)["stages"]}
    assert read == {"draft": ("released", "2021-08-20"), "consultation": ("released", "2021-08-31"),
                    "review": ("current", "None"), "submission": ("planned", "None"),
                    "approval": ("planned", "None")}
    assert yaml.safe_load((released / "data" / "plan.yml").read_text(encoding="utf-8"))["current_stage"] == "review"
    assert git(released, "log", "--format=%s", "-1") == "征求意见稿已发布（2021-08-31），进入论证稿阶段"
    # the tagged text carries the stage's own date, written before tagging
    tagged = yaml.safe_load(git(released, "show", "stage/consultation:data/stages.yml"))["stages"]
    assert (tagged[1]["status"], str(tagged[1]["date"])) == ("current", "2021-08-31")
    assert git(released, "status", "--porcelain") == ""


def test_a_date_before_the_previous_stage_is_refused_and_nothing_is_tagged(released):
    head = git(released, "rev-parse", "HEAD")
    result = plan(released, "release", "review", "--date", "2021-08-01")
    assert result.returncode == 1
    assert "论证稿的日期 2021-08-01 早于征求意见稿的日期 2021-08-31" in result.stderr
    assert "stage/review" not in git(released, "tag", "--list")
    assert git(released, "rev-parse", "HEAD") == head


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


def test_refuses_what_plan_check_refuses_in_the_writing_too(tmp_path):
    """The style gate is part of plan check: a half-width comma in a chapter stops the release
    as it stops CI's `make check`, naming the line and the fix."""
    repo = new_repo(tmp_path / "plan")
    replace(repo / "docs" / "plan" / "talent.md", "。", "。人才是第一资源,也是质量强市的根本。")
    git(repo, "commit", "--quiet", "--all", "--message", "半角逗号")
    result = plan(repo, "release", "draft")
    assert result.returncode == 1 and "plan check 发现 1 个问题，拒绝发布" in result.stderr
    assert "docs/plan/talent.md:" in result.stderr and "改为全角“，”" in result.stderr
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
    assert early.returncode == 1
    assert "当前阶段是初稿（draft），不能发布征求意见稿。请先发布初稿：plan release draft" in early.stderr
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
    # the re-issued text says it is the 征求意见稿, though the branch has moved on to the 论证稿
    assert "current_stage: consultation" in git(repo, "show", "stage/consultation-r2:data/plan.yml")
    assert "current_stage: review" in (repo / "data" / "plan.yml").read_text(encoding="utf-8")


# --- what the CI workflows call ------------------------------------------------

def test_ci_release_of_a_pushed_tag(tmp_path):
    """CI receives a tag someone pushed and runs `plan release --from-tag`."""
    repo = new_repo(tmp_path / "plan")
    git(repo, "tag", "--annotate", "stage/draft", "--message", "初稿")
    result = plan(repo, "release", "--from-tag", "stage/draft", "--no-deploy")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((repo / "dist" / "draft" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tag"] == "stage/draft" and manifest["previous_tag"] is None
    # tagged by hand on the branch: the repository still moves on to the next stage
    assert "current_stage: consultation" in (repo / "data" / "plan.yml").read_text(encoding="utf-8")
    assert git(repo, "log", "--format=%s", "-1").startswith("初稿已发布")
    missing = plan(repo, "release", "--from-tag", "stage/review")
    assert missing.returncode == 2 and "标签 stage/review 不存在" in missing.stderr


def _commands(lines) -> list[list[str]]:
    """Each shell command of a CI step as argv, comments and git setup left out."""
    import shlex
    out = []
    for block in lines:
        for line in block.splitlines():
            argv = shlex.split(line, comments=True)
            if argv and argv[0] != "git":
                out.append(argv)
    return out


def test_workflows_run_the_commands_tested_here(tmp_path):
    import re

    import yaml
    from tests.conftest import ROOT
    github = yaml.safe_load((ROOT / ".github" / "workflows" / "plan.yml").read_text(encoding="utf-8"))
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    jobs = github["jobs"]
    # pull requests and main: check, strict build, full tests, in that order; tags only release
    test_runs = [step["run"] for step in jobs["test"]["steps"] if "run" in step]
    assert _commands(test_runs) == _commands(gitlab["test"]["script"]) == [["make", "check"], ["make"], ["make", "test"]]
    assert "pull_request" in github[True] and github[True]["push"]["branches"] == ["main"]
    assert github[True]["push"]["tags"] == ["stage/*"]          # YAML reads the key `on` as True
    assert jobs["test"]["if"] == "github.ref_type != 'tag'"
    assert jobs["release"]["if"] == "github.ref_type == 'tag' && startsWith(github.ref_name, 'stage/')"
    assert [r["if"] for r in gitlab["release"]["rules"]] == ["$CI_COMMIT_TAG =~ /^stage\\//"]
    # the release job runs the same release command, for the tag that was pushed
    release_runs = [step["run"] for step in jobs["release"]["steps"] if "run" in step]
    for commands, tag in ((_commands(release_runs), "${{ github.ref_name }}"),
                          (_commands(gitlab["release"]["script"]), "$CI_COMMIT_TAG")):
        assert commands[-2:] == [["make", "system", ".venv/.installed"],
                                 [".venv/bin/plan", "release", "--from-tag", tag, "--push"]]
    # …and the options it uses exist: the CLI accepts them (argparse would exit 2 otherwise)
    helped = plan(tmp_path, "release", "--help")
    assert helped.returncode == 0 and "--from-tag" in helped.stdout and "--push" in helped.stdout
    for target in ("check", "test", "system", ".venv/.installed"):
        dry = subprocess.run(["make", "-n", "-C", str(ROOT), target], capture_output=True, text=True)
        assert dry.returncode == 0, (target, dry.stderr)
    # the internal (仅供起草工作组) files are never uploaded as CI artifacts
    uploaded = next(s["with"]["path"] for s in github["jobs"]["release"]["steps"] if "upload" in s.get("uses", ""))
    assert "!dist/**/*仅供起草工作组*" in uploaded and gitlab["release"]["artifacts"]["exclude"] == ["dist/**/*仅供起草工作组*"]
    # .ci/run and the README's quick start run the same command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands([re.sub(r"^(set|cd) .*$", "", ci, flags=re.M)]) == [["make", "test"]]
    assert subprocess.run(["sh", "-n", str(ROOT / ".ci" / "run")]).returncode == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = re.search(r"```(?:sh|bash|shell)?\n(.*?)```", readme, re.S).group(1)
    assert [line.strip() for line in quick_start.splitlines() if line.strip()] == ["make", "make test"]


# --- runs that stop, runs at once -------------------------------------------------

def children_of(pid: int) -> list[int]:
    from pathlib import Path
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def test_a_killed_release_cleans_up_and_says_how_to_continue(tmp_path):
    import os
    import signal
    import time
    repo = new_repo(tmp_path / "plan")
    process = subprocess.Popen([sys.executable, "-m", "scripts", "--root", str(repo), "release", "draft",
                                "--date", "2021-08-20", "--no-deploy"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    children = []
    while not children:   # killed while building in its worktree, with mkdocs or pandoc running
        assert process.poll() is None, process.communicate()
        if len(git(repo, "worktree", "list").splitlines()) > 1:
            children = children_of(process.pid)
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "发布被中断" in stderr and "plan release --from-tag stage/draft" in stderr
    assert not (repo / "dist" / "draft.partial").exists() and not (repo / "dist" / "draft").exists()
    assert len(git(repo, "worktree", "list").splitlines()) == 1
    for child in children:   # and their own children, in the groups they lead
        with pytest.raises(ProcessLookupError):
            os.kill(child, 0)
        with pytest.raises(ProcessLookupError):
            os.killpg(child, 0)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)   # nothing left in its process group
    again = plan(repo, "release", "draft")
    assert again.returncode == 1 and "plan release --from-tag stage/draft 继续" in again.stderr
    resumed = plan(repo, "release", "--from-tag", "stage/draft", "--no-deploy")
    assert resumed.returncode == 0, resumed.stderr
    assert (repo / "dist" / "draft" / "manifest.json").exists()


def test_what_a_release_killed_outright_leaves_is_cleared_by_the_next_run(tmp_path):
    import os
    import signal
    import time
    from pathlib import Path
    repo = new_repo(tmp_path / "plan")
    process = subprocess.Popen([sys.executable, "-m", "scripts", "--root", str(repo), "release", "draft",
                                "--date", "2021-08-20", "--no-deploy"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    while len(git(repo, "worktree", "list").splitlines()) < 2:
        assert process.poll() is None
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)   # kill -9: no clean-up can run
    process.wait()
    left = Path(git(repo, "worktree", "list", "--porcelain").split("\n\n")[1].splitlines()[0].split(" ", 1)[1])
    assert left.exists() and (repo / "dist" / "draft.partial").exists()
    resumed = plan(repo, "release", "--from-tag", "stage/draft", "--no-deploy")
    assert resumed.returncode == 0, resumed.stderr
    assert len(git(repo, "worktree", "list").splitlines()) == 1
    assert not left.exists() and not left.parent.exists()
    assert not (repo / "dist" / "draft.partial").exists() and (repo / "dist" / "draft" / "manifest.json").exists()


def running_in(folder: Path) -> list[int]:
    """Live processes whose working folder is `folder` (Linux /proc)."""
    import os
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and Path(os.readlink(proc / "cwd")) == folder and " Z" not in (proc / "stat").read_text():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def test_a_release_killed_outright_takes_its_site_builds_with_it(tmp_path):
    """kill -9 leaves plan no chance to end its children: the kernel must, or the mkdocs
    builds go on writing into a worktree the next run has already cleared."""
    import os
    import signal
    import time
    repo = new_repo(tmp_path / "plan")
    process = subprocess.Popen([sys.executable, "-m", "scripts", "--root", str(repo), "release", "draft",
                                "--date", "2021-08-20", "--no-deploy"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline, builds = time.monotonic() + 120, []
    while not builds:
        assert process.poll() is None and time.monotonic() < deadline
        trees = [Path(line.split()[0]) for line in git(repo, "worktree", "list").splitlines()[1:]]
        builds = [pid for tree in trees for pid in running_in(tree)]
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 1     # a build, just started, takes seconds: long gone only if killed
    while any(running_in(tree) for tree in trees) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for tree in trees for pid in running_in(tree)] == []


def test_two_intakes_at_once_both_register(tmp_path):
    import yaml
    from tests.intake_factory import material_markdown
    repo = new_repo(tmp_path / "plan")
    files = []
    for unit in ("pudong", "huangpu"):
        path = tmp_path / f"{unit}.md"
        path.write_text(material_markdown(f"{unit}质量发展材料"), encoding="utf-8")
        files.append((unit, path))
    runs = [subprocess.Popen([sys.executable, "-m", "scripts", "--root", str(repo), "intake", str(path),
                              "--unit", unit, "--date", "2021-07-20"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for unit, path in files]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode in (0, 1), stderr   # 1: registered, but short of the notice's requirements
    registered = yaml.safe_load((repo / "data" / "submissions.yml").read_text(encoding="utf-8"))["submissions"]
    assert sorted(s["unit"] for s in registered) == ["huangpu", "pudong"]
    assert plan(repo, "check").returncode == 0


def test_a_second_writer_waits_for_the_first_and_says_so(tmp_path):
    import fcntl
    from tests.intake_factory import material_markdown
    repo = new_repo(tmp_path / "plan")
    path = tmp_path / "pudong.md"
    path.write_text(material_markdown(), encoding="utf-8")
    (repo / "build").mkdir(exist_ok=True)
    with open(repo / "build" / "plan-data.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("plan adopt（进程 1）")
        held.flush()
        run = subprocess.Popen([sys.executable, "-m", "scripts", "--root", str(repo), "intake", str(path),
                                "--unit", "pudong"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = run.stderr.readline()
        assert "plan adopt（进程 1） 正在修改 data/，等待其完成后继续" in first
        assert "pudong" not in (repo / "data" / "submissions.yml").read_text(encoding="utf-8")
        fcntl.flock(held, fcntl.LOCK_UN)
    run.communicate(timeout=300)
    assert "pudong" in (repo / "data" / "submissions.yml").read_text(encoding="utf-8")


def test_a_gate_let_through_deliberately_is_recorded_in_the_manifest_and_notes(tmp_path):
    repo = new_repo(tmp_path / "plan")
    git(repo, "tag", "--annotate", "stage/submission", "--message", "送审稿")
    refused = plan(repo, "release", "--from-tag", "stage/submission", "--no-deploy")
    assert refused.returncode == 1 and "发布送审稿前须解决以上" in refused.stderr
    assert "〔placeholder〕" in refused.stderr and "〔drafting-note〕" in refused.stderr
    half = plan(repo, "release", "--from-tag", "stage/submission", "--no-deploy",
                "--allow", "placeholder", "--reason", "两项数值待市统计局年底公布")
    assert half.returncode == 1 and "〔drafting-note〕" in half.stderr and "〔placeholder〕" not in half.stderr
    result = plan(repo, "release", "--from-tag", "stage/submission", "--no-deploy",
                  "--allow", "placeholder", "--reason", "两项数值待市统计局年底公布",
                  "--allow", "drafting-note", "--reason", "附件说明待领导小组审议后删除")
    assert result.returncode == 0, result.stderr
    folder = repo / "dist" / "submission"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert [(a["rule"], a["reason"]) for a in manifest["allowed"]] == [
        ("placeholder", "两项数值待市统计局年底公布"), ("drafting-note", "附件说明待领导小组审议后删除")]
    assert any("manufacturing_pass_rate.status" in item for item in manifest["allowed"][0]["items"])
    notes = (folder / "发布说明.md").read_text(encoding="utf-8")
    assert "## 明知存在的问题" in notes and "- placeholder（" in notes and "两项数值待市统计局年底公布" in notes
    assert plan(repo, "verify", "stage/submission").returncode == 0
