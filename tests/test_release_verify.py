"""A release folder written and verified in-process, the builds replaced by a small fake.

The site and documents are built elsewhere (tests/test_release.py builds real ones);
here build_artifacts writes two small files from the stage and the tag's date, so the
manifest, the release notes, the privacy refusal and every tampering `verify` must
report run in well under a second. SHA-256 values come from hashlib or the standard's
own test vector; archives are read back with zipfile.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from scripts import release
from scripts.errors import Failure, UsageError
from scripts.model import load_model
from scripts.progress import Progress
from tests.conftest import git, init_repository

ROOT = Path(__file__).resolve().parents[1]
TAGGED = "2021-08-20T16:30:00+00:00"        # 00:30 on 21 August in Shanghai


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "plan"
    shutil.copytree(ROOT / "data", root / "data")
    (root / ".gitignore").write_text("dist/\nbuild/\n", encoding="utf-8")
    init_repository(root)
    subprocess.run(["git", "tag", "--annotate", "stage/draft", "--message", "初稿"], cwd=root, check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": TAGGED})
    return root


BUILT = {"content": "初稿正文"}     # what the fake build writes; a test changes it to make a rebuild differ
CALLS: list[tuple] = []              # (root, commit built, stage, epoch, progress) of each build


def fake_build(root, ref, stage_id, epoch, out_dir, progress):
    CALLS.append((root, git(root, "rev-parse", f"{ref}^{{commit}}"), stage_id, epoch, progress))
    (out_dir / "site").mkdir(parents=True, exist_ok=True)
    (out_dir / "site" / "index.html").write_text(f"<p>{BUILT['content']}</p>", encoding="utf-8")
    (out_dir / f"{stage_id}.md").write_bytes(f"{stage_id} {epoch}".encode())
    return {p.relative_to(out_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out_dir.rglob("*")) if p.is_file()}


COMPARISON = "版本对照（初稿→征求意见稿）.md"


def fake_comparison(root, model, plan, out_dir, progress):
    """A comparison file, as stage_comparison writes for every stage after the first."""
    CALLS.append(("comparison", root, model.plan.title, plan.tag, out_dir.name, progress))
    if plan.previous_tag is None:
        return []
    (out_dir / COMPARISON).write_bytes(f"{plan.previous_tag} → {plan.tag}".encode())
    return [out_dir / COMPARISON]


@pytest.fixture
def fakes(monkeypatch):
    BUILT["content"] = "初稿正文"
    CALLS.clear()
    monkeypatch.setattr(release, "build_artifacts", fake_build)
    monkeypatch.setattr(release, "stage_comparison", fake_comparison)
    monkeypatch.setattr(release, "tool_versions", lambda: {"python": "3"})


def progress() -> Progress:
    return Progress(total=1, stream=io.StringIO())


def released(repo: Path, shown: Progress | None = None) -> Path:
    model = load_model(repo)
    return release.write_release(repo, model, release.plan_from_tag(repo, model, "stage/draft"), shown or progress())


def test_a_release_folder_holds_the_files_notes_and_a_manifest_of_their_hashes(repo, fakes):
    shown = progress()
    folder = released(repo, shown)
    assert folder == repo / "dist" / "draft"
    epoch = int(dt.datetime.fromisoformat(TAGGED).timestamp())
    commit = git(repo, "rev-parse", "stage/draft^{commit}")
    assert CALLS == [(repo, commit, "draft", epoch, shown),
                     ("comparison", repo, "质量强国建设纲要上海实施方案", "stage/draft", "draft.partial", shown)]
    assert "个人信息检查（将发布的全部文件，含压缩包内的网页）" in shown.stream.getvalue()
    text = (folder / "manifest.json").read_text(encoding="utf-8")
    assert text.startswith('{\n  "stage": "draft",\n  "stage_name": "初稿",\n')    # readable: Chinese as is, indented
    manifest = json.loads(text)
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert files == ["draft.md", "manifest.json", "site/index.html", "发布说明.md"]
    assert manifest["artifacts"] == {name: {"sha256": hashlib.sha256((folder / name).read_bytes()).hexdigest()}
                                     for name in files if name != "manifest.json"}
    assert (folder / "draft.md").read_bytes() == f"draft {epoch}".encode()      # built with the tag's date
    assert {k: manifest[k] for k in ("stage", "stage_name", "title", "tag", "commit", "previous_tag",
                                     "stage_date", "source_date_epoch", "allowed", "tools")} == {
        "stage": "draft", "stage_name": "初稿", "title": "质量强国建设纲要上海实施方案（初稿）", "tag": "stage/draft",
        "commit": git(repo, "rev-parse", "stage/draft^{commit}"), "previous_tag": None, "stage_date": "2021-08-21",
        "source_date_epoch": epoch, "allowed": [], "tools": {"python": "3"}}
    assert dt.datetime.fromisoformat(manifest["built_at"]).utcoffset() == dt.timedelta(hours=8)
    notes = (folder / "发布说明.md").read_text(encoding="utf-8")
    assert notes.startswith("# 《质量强国建设纲要上海实施方案（初稿）》发布说明\n")
    assert not list(repo.joinpath("dist").glob("*.partial"))


def test_an_untouched_release_verifies_by_rebuilding_the_tag_s_commit(repo, fakes):
    folder = released(repo)
    shown = progress()
    assert release.verify(repo, folder, shown) == []
    commit = git(repo, "rev-parse", "stage/draft^{commit}")
    epoch = int(dt.datetime.fromisoformat(TAGGED).timestamp())
    assert CALLS[-1] == (repo, commit, "draft", epoch, shown)
    assert "解析标签 stage/draft，核对目录中的文件与清单" in shown.stream.getvalue()


def test_what_was_let_through_is_in_the_notes(repo, fakes):
    model = load_model(repo)
    plan = release.plan_from_tag(repo, model, "stage/draft")
    allowed = ({"rule": "指标待核定", "reason": "统计局尚未核定", "items": ["制造业质量竞争力指数", "质量损失率"]},)
    plan = release.ReleasePlan(plan.stage, plan.tag, plan.previous_tag, plan.date, allowed)
    folder = release.write_release(repo, model, plan, progress())
    notes = (folder / "发布说明.md").read_text(encoding="utf-8")
    assert notes.startswith("# 《质量强国建设纲要上海实施方案（初稿）》发布说明\n")
    assert notes.endswith("\n## 明知存在的问题\n\n本阶段发布时以下问题尚未解决，起草工作组说明了继续发布的理由：\n\n"
                          "- 指标待核定（2 项）：统计局尚未核定\n  - 制造业质量竞争力指数\n  - 质量损失率\n")
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["allowed"] == list(allowed)
    assert release.verify(repo, folder, progress()) == []     # the notes rebuilt from the manifest's list


def test_personal_data_in_a_release_refuses_it_and_leaves_dist_as_it_was(repo, fakes):
    earlier = released(repo)
    before = {p: p.read_bytes() for p in earlier.rglob("*") if p.is_file()}
    BUILT["content"] = "联系人手机 13912345678，备用 13812345678"
    with pytest.raises(release.PersonalDataFound) as refused:
        released(repo)
    lines = str(refused.value).splitlines()
    assert len(lines) == 3 and "13912345678" in "".join(lines[:2]) and "13812345678" in "".join(lines[:2])
    assert lines[2] == "共 2 处个人信息：初稿未发布，dist/ 未改动"
    assert {p: p.read_bytes() for p in earlier.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in (repo / "dist").iterdir()) == ["draft"]


def rewrite_manifest(folder: Path, **changes) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def test_every_tampering_is_reported(repo, fakes):
    folder = released(repo)
    commit = git(repo, "rev-parse", "stage/draft^{commit}")
    (folder / "draft.md").write_bytes(b"changed")
    (folder / "site" / "index.html").unlink()
    (folder / "extra.pdf").write_bytes(b"%PDF")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = manifest["artifacts"]
    listed["ghost.pdf"] = {"sha256": "0" * 64}
    rewrite_manifest(folder, commit="f" * 40, stage_date="2021-08-20", artifacts=listed)
    assert release.verify(repo, folder, progress()) == [
        f"manifest.json：commit 为 {'f' * 40}，但标签 stage/draft 指向 {commit}（清单被改动过）",
        "extra.pdf：目录中有此文件，但清单中没有（多出的或被替换的文件）",
        "draft.md：文件内容与清单中的 SHA-256 不符（文件被改动过）",
        "site/index.html：文件缺失",
        "ghost.pdf：文件缺失",
        "manifest.json：stage_date 为 2021-08-20，但标签 stage/draft 的日期是 2021-08-21（清单被改动过）",
        "ghost.pdf：清单中有此文件，但按标签 stage/draft 构建不会生成它",
    ]


def test_a_file_the_build_adds_or_makes_differently_is_reported(repo, fakes):
    folder = released(repo)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    del manifest["artifacts"]["draft.md"]
    (folder / "draft.md").unlink()
    rewrite_manifest(folder, artifacts=manifest["artifacts"])
    BUILT["content"] = "另一次构建"
    assert release.verify(repo, folder, progress()) == [
        "draft.md：按标签 stage/draft 构建会生成此文件，但清单中没有（清单被改动过）",
        "site/index.html：按标签 stage/draft 重新构建的结果与清单不一致",
    ]


@pytest.mark.parametrize("previous, tags", [
    pytest.param("stage/consultation", ["stage/consultation"], id="a-later-stage"),
    pytest.param("stage/draft", [], id="the-stage-itself"),
    pytest.param("stage/nowhere", [], id="no-such-tag"),
])
def test_a_previous_tag_that_is_not_an_earlier_stage_is_reported(repo, fakes, previous, tags):
    folder = released(repo)
    for name in tags:
        git(repo, "tag", "--annotate", name, "--message", name)
    rewrite_manifest(folder, previous_tag=previous)
    assert release.verify(repo, folder, progress()) == [
        f"manifest.json：previous_tag {previous} 不是本仓库中更早阶段的标签（清单被改动过）",
        "发布说明.md：按标签 stage/draft 重新构建的结果与清单不一致"]     # the notes name the previous tag


def test_an_earlier_stage_s_tag_is_a_valid_previous_tag_and_the_comparison_is_checked_by_hash(repo, fakes):
    git(repo, "tag", "--annotate", "stage/consultation", "--message", "征求意见稿")
    model = load_model(repo)
    folder = release.write_release(repo, model, release.plan_from_tag(repo, model, "stage/consultation"), progress())
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["previous_tag"] == "stage/draft"
    assert manifest["artifacts"][COMPARISON] == {"sha256": hashlib.sha256(b"stage/draft \xe2\x86\x92 stage/consultation"
                                                                          ).hexdigest()}
    assert release.verify(repo, folder, progress()) == []
    (folder / COMPARISON).write_bytes(b"changed")
    assert release.verify(repo, folder, progress()) == [f"{COMPARISON}：文件内容与清单中的 SHA-256 不符（文件被改动过）"]


def test_a_manifest_naming_a_tag_not_here_or_no_stage_is_reported(repo, fakes):
    folder = released(repo)
    rewrite_manifest(folder, tag="stage/review")
    assert release.verify(repo, folder, progress()) == [
        "manifest.json：标签 stage/review 在本仓库中不存在，无法核验（请先 git fetch --tags）"]
    git(repo, "tag", "--annotate", "stage/final", "--message", "final")
    rewrite_manifest(folder, tag="stage/final", commit=git(repo, "rev-parse", "stage/final^{commit}"))
    assert release.verify(repo, folder, progress()) == [
        "manifest.json：标签 stage/final 不对应 data/stages.yml 中的任何阶段"]


@pytest.mark.parametrize("content, expected", [
    pytest.param(None, UsageError, id="missing"),
    pytest.param("{not json", Failure, id="not-json"),
    pytest.param('["tag"]', Failure, id="not-a-mapping"),
    pytest.param('{"tag": "stage/draft", "artifacts": {}}', Failure, id="no-stage-date"),
    pytest.param('{"tag": "stage/draft", "stage_date": "2021-08-21"}', Failure, id="no-artifacts"),
    pytest.param('{"stage_date": "2021-08-21", "artifacts": {}}', Failure, id="no-tag"),
    pytest.param('{"tag": "stage/review", "stage_date": "2021-08-21", "artifacts": {}}', None, id="just-enough"),
])
def test_a_folder_without_a_readable_manifest_is_refused(tmp_path, content, expected):
    if content is not None:
        (tmp_path / "manifest.json").write_text(content, encoding="utf-8")
    if expected is None:
        init_repository(tmp_path)
        assert release.verify(tmp_path, tmp_path, progress()) == [
            "manifest.json：标签 stage/review 在本仓库中不存在，无法核验（请先 git fetch --tags）"]
        return
    with pytest.raises(expected) as refused:
        release.verify(tmp_path, tmp_path, progress())
    path = tmp_path / "manifest.json"
    assert str(refused.value) == (
        f"{path} 不存在：请指定 plan release 生成的 dist/<阶段>/ 目录或阶段标签" if content is None else
        f"{path} 不是 plan release 生成的清单（无法读取，或缺少 tag、stage_date、artifacts）")


# --- the small pieces --------------------------------------------------------------------

def test_sha256_is_the_standard_digest():
    # FIPS 180-2, appendix B.1: SHA-256("abc")
    path_digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert release.sha256(_write(b"abc")) == path_digest


def _write(data: bytes) -> Path:
    import tempfile
    handle, name = tempfile.mkstemp()
    os.write(handle, data)
    os.close(handle)
    return Path(name)


def test_a_site_archive_holds_every_file_dated_by_the_stage_in_utc(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "plan").mkdir(parents=True)
    (site / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    (site / "plan" / "talent.html").write_text("<p>人才</p>", encoding="utf-8")
    epoch = int(dt.datetime(2021, 8, 21, 0, 30, tzinfo=dt.timezone.utc).timestamp())
    monkeypatch.setenv("TZ", "Asia/Shanghai")     # the machine's zone must not move the dates
    time.tzset()
    try:
        release.zip_directory(site, tmp_path / "网站.zip", epoch)
    finally:
        monkeypatch.undo()
        time.tzset()
    with zipfile.ZipFile(tmp_path / "网站.zip") as archive:
        assert sorted(archive.namelist()) == ["index.html", "plan/talent.html"]
        assert archive.read("plan/talent.html").decode("utf-8") == "<p>人才</p>"
        assert {i.date_time for i in archive.infolist()} == {(2021, 8, 21, 0, 30, 0)}
    release.zip_directory(site, tmp_path / "早.zip", 0)     # zip dates start in 1980
    with zipfile.ZipFile(tmp_path / "早.zip") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_misspelt_stage_is_refused_with_the_likely_one(repo):
    with pytest.raises(UsageError) as refused:
        release.plan_release(repo, load_model(repo), "draf", dt.date(2021, 9, 1), reissue=False)
    assert str(refused.value) == ("未知的阶段“draf”（是否应为“draft”？），"
                                  "可选：draft、consultation、review、submission、approval")


def test_names_shown_for_a_release():
    model = load_model(ROOT)
    assert release.site_title(model.stage("consultation"), dt.date(2021, 9, 1)) == "征求意见稿（2021-09）"
    assert release.internal_archive_name("质量强国建设纲要上海实施方案（初稿）") == (
        "质量强国建设纲要上海实施方案（初稿）（内部网站·仅供起草工作组）.zip")


def test_tool_versions_name_each_tool_or_say_it_is_missing(monkeypatch):
    import platform
    from importlib import metadata
    monkeypatch.setattr(release, "TOOLS", ("pyyaml", "no-such-tool-for-plan"))
    versions = release.tool_versions()
    assert versions["python"] == platform.python_version()
    assert versions["pyyaml"] == metadata.version("PyYAML")
    assert versions["no-such-tool-for-plan"] == "未安装"
    assert versions["pandoc"].startswith("pandoc ")
