"""A release is made only from committed text: every kind of uncommitted change refuses it.

Each case sets up a small git repository with git itself and asks which
paths are dirty; the release command's refusal is checked once per kind.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scripts.git import dirty_paths
from tests.conftest import git, init_repository



@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "plan"
    (root / "docs" / "plan").mkdir(parents=True)
    (root / "docs" / "plan" / "talent.md").write_text("# 人才\n", encoding="utf-8")
    (root / "docs" / "plan" / "brand.md").write_text("# 品牌\n", encoding="utf-8")
    (root / ".gitignore").write_text("site/\nbuild/\n", encoding="utf-8")
    init_repository(root)
    return root


def untracked(repo):
    (repo / "docs" / "plan" / "new.md").write_text("新", encoding="utf-8")


def untracked_in_a_new_folder(repo):
    (repo / "docs" / "annex").mkdir()
    (repo / "docs" / "annex" / "a.md").write_text("新", encoding="utf-8")


def untracked_chinese_name(repo):
    (repo / "docs" / "plan" / "质量.md").write_text("新", encoding="utf-8")


def staged_new(repo):
    untracked(repo)
    git(repo, "add", "docs/plan/new.md")


def staged_change(repo):
    (repo / "docs" / "plan" / "talent.md").write_text("# 改动\n", encoding="utf-8")
    git(repo, "add", "docs/plan/talent.md")


def changed(repo):
    (repo / "docs" / "plan" / "talent.md").write_text("# 改动\n", encoding="utf-8")


def deleted(repo):
    (repo / "docs" / "plan" / "talent.md").unlink()


def renamed(repo):
    git(repo, "mv", "docs/plan/talent.md", "docs/plan/人才.md")


def staged_and_changed_again(repo):
    staged_change(repo)
    (repo / "docs" / "plan" / "talent.md").write_text("# 再改\n", encoding="utf-8")


@pytest.mark.parametrize("make_dirty, paths", [
    pytest.param(untracked, ["docs/plan/new.md"], id="untracked"),
    pytest.param(untracked_in_a_new_folder, ["docs/annex/a.md"], id="untracked-in-a-new-folder"),
    pytest.param(untracked_chinese_name, ["docs/plan/质量.md"], id="untracked-chinese-name"),
    pytest.param(staged_new, ["docs/plan/new.md"], id="staged-new-file"),
    pytest.param(staged_change, ["docs/plan/talent.md"], id="staged-change"),
    pytest.param(changed, ["docs/plan/talent.md"], id="changed-not-staged"),
    pytest.param(deleted, ["docs/plan/talent.md"], id="deleted"),
    pytest.param(renamed, ["docs/plan/人才.md"], id="renamed"),
    pytest.param(staged_and_changed_again, ["docs/plan/talent.md"], id="staged-and-changed-again"),
])
def test_every_kind_of_uncommitted_change_is_dirty(repo, make_dirty, paths):
    make_dirty(repo)
    assert dirty_paths(repo) == paths


def test_several_changes_are_all_named(repo):
    untracked(repo)
    changed(repo)
    git(repo, "mv", "docs/plan/brand.md", "docs/plan/品牌.md")
    assert sorted(dirty_paths(repo)) == ["docs/plan/new.md", "docs/plan/talent.md", "docs/plan/品牌.md"]


def test_a_clean_tree_and_ignored_outputs_are_not_dirty(repo):
    assert dirty_paths(repo) == []
    (repo / "site").mkdir()
    (repo / "site" / "index.html").write_text("<p>x</p>", encoding="utf-8")
    (repo / "build").mkdir()
    (repo / "build" / "x.json").write_text("{}", encoding="utf-8")
    assert dirty_paths(repo) == []


@pytest.mark.slow
@pytest.mark.parametrize("make_dirty, path", [
    pytest.param(untracked, "docs/plan/new.md", id="untracked"),
    pytest.param(staged_new, "docs/plan/new.md", id="staged"),
    pytest.param(changed, "docs/plan/talent.md", id="changed"),
])
def test_release_refuses_and_names_the_file(repo, make_dirty, path):
    make_dirty(repo)
    result = subprocess.run([sys.executable, "-m", "scripts", "--root", str(repo), "release", "draft"],
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert f"工作区有未提交的修改（{path}）：请先提交或撤销，发布只针对已提交的文本" in result.stderr
    assert git(repo, "tag", "--list") == ""
