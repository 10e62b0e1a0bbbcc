"""The git plumbing of releases (scripts/git.py), checked with git itself on small repositories:
what a file was at a tag, where a tag points, and the throw-away worktrees a release builds in,
including the ones a killed run leaves behind."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from scripts import git as plumbing
from tests.conftest import git, init_repository


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "plan"
    (root / "data").mkdir(parents=True)
    (root / "data" / "plan.yml").write_text("title: 质量强国建设纲要上海实施方案\n", encoding="utf-8")
    return init_repository(root)


def commit(repo: Path, text: str) -> str:
    (repo / "data" / "plan.yml").write_text(text, encoding="utf-8")
    git(repo, "commit", "--quiet", "--all", "--message", "改稿")
    return git(repo, "rev-parse", "HEAD")


def test_git_output_is_kept_as_is_but_for_the_final_newline(repo):
    # --format=%n…: git's own output starts with a newline and ends in a space or a letter
    assert plumbing.git(repo, "log", "-1", "--format=%n%s X") == "\n初稿文本 X"
    assert plumbing.git(repo, "log", "-1", "--format=%n%s ") == "\n初稿文本 "


def test_a_folder_is_a_repository_only_inside_a_work_tree(repo, tmp_path):
    assert plumbing.is_repository(repo)
    assert plumbing.is_repository(repo / "data")
    assert not plumbing.is_repository(repo / ".git")          # inside .git, not a work tree
    outside = tmp_path / "plain"
    outside.mkdir()
    assert not plumbing.is_repository(outside)


def test_a_file_is_read_as_it_was_at_a_tag(repo):
    first = "title: 质量强国建设纲要上海实施方案\n"
    git(repo, "tag", "stage/draft")
    commit(repo, "title: 改后的标题\n")
    assert plumbing.file_at(repo, "stage/draft", "data/plan.yml") == first
    assert plumbing.file_at(repo, "HEAD", "data/plan.yml") == "title: 改后的标题\n"
    assert plumbing.file_at(repo, "stage/draft", "data/missing.yml") is None
    assert plumbing.file_at(repo, "stage/none", "data/plan.yml") is None


def test_a_tag_made_for_an_earlier_commit_points_there_with_its_message_and_date(repo):
    first = git(repo, "rev-parse", "HEAD")
    commit(repo, "title: 改后的标题\n")
    when = dt.datetime(2021, 8, 31, 9, 30, tzinfo=plumbing.CHINA)
    plumbing.create_tag(repo, "stage/draft", "初稿", when, ref=first)
    assert plumbing.tag_commit(repo, "stage/draft") == first != git(repo, "rev-parse", "HEAD")
    assert git(repo, "tag", "--list", "--format=%(objecttype) %(contents:subject)", "stage/draft") == "tag 初稿"
    assert plumbing.tag_epoch(repo, "stage/draft") == int(when.timestamp())


def test_the_stage_of_a_tag_is_its_name_without_prefix_and_issue():
    assert plumbing.stage_of_tag("stage/consultation-r2") == "consultation"
    assert plumbing.stage_of_tag("stage/draft") == "draft"


def test_a_worktree_is_a_detached_checkout_removed_afterwards(repo):
    git(repo, "tag", "stage/draft")
    commit(repo, "title: 改后的标题\n")
    with plumbing.worktree(repo, "stage/draft") as tree:
        assert (tree / "data" / "plan.yml").read_text(encoding="utf-8") == "title: 质量强国建设纲要上海实施方案\n"
        assert tree.parent.name.startswith("plan-worktree-")
        assert git(tree, "rev-parse", "--abbrev-ref", "HEAD") == "HEAD"        # detached
        assert f"locked plan pid {os.getpid()}" in git(repo, "worktree", "list", "--porcelain")
    assert not tree.parent.exists()
    assert git(repo, "worktree", "list", "--porcelain").count("worktree ") == 1
    assert (repo / "data" / "plan.yml").read_text(encoding="utf-8") == "title: 改后的标题\n"   # untouched


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def left_behind(repo: Path, reason: str | None, prefix: str = plumbing.WORKTREE_PREFIX) -> Path:
    """A worktree as a run leaves it when killed outright: in its temporary folder, locked."""
    path = Path(tempfile.mkdtemp(prefix=prefix)) / "plan"
    lock = ["--lock", "--reason", reason] if reason else []
    git(repo, "worktree", "add", "--detach", "--quiet", *lock, str(path), "HEAD")
    return path


def test_a_worktree_whose_run_was_killed_is_removed_with_its_folder(repo):
    stale = left_behind(repo, f"plan pid {dead_pid()}")
    assert plumbing.remove_stale_worktrees(repo) == [str(stale)]
    assert not stale.parent.exists()
    assert git(repo, "worktree", "list", "--porcelain").count("worktree ") == 1


def test_worktrees_of_a_live_run_or_of_someone_else_are_kept(repo, tmp_path):
    live = left_behind(repo, f"plan pid {os.getpid()}")
    by_hand = left_behind(repo, f"my pid {dead_pid()}")
    unlocked = left_behind(repo, None)
    try:
        assert plumbing.remove_stale_worktrees(repo) == []
        assert live.is_dir() and by_hand.is_dir() and unlocked.is_dir()
    finally:
        for path in (live, by_hand, unlocked):
            git(repo, "worktree", "remove", "--force", "--force", str(path))
            path.parent.rmdir()


def test_a_stale_worktree_outside_a_plan_folder_leaves_that_folder_alone(repo):
    stale = left_behind(repo, f"plan pid {dead_pid()}", prefix="mine-")
    try:
        assert plumbing.remove_stale_worktrees(repo) == [str(stale)]
        assert stale.parent.is_dir() and not stale.exists()
    finally:
        stale.parent.rmdir()


def test_a_worktree_deleted_by_hand_is_pruned(repo):
    stale = left_behind(repo, None)
    subprocess.run(["rm", "-rf", str(stale.parent)], check=True)
    plumbing.remove_stale_worktrees(repo)
    assert git(repo, "worktree", "list", "--porcelain").count("worktree ") == 1


def test_a_process_is_alive_until_it_has_ended():
    assert plumbing._alive(os.getpid())
    assert not plumbing._alive(dead_pid())


def test_reissues_sort_by_number_whatever_order_git_lists_tags_in(repo):
    git(repo, "config", "tag.sort", "-refname")      # a user's setting: newest name first
    for name in ("stage/draft", "stage/draft-r2", "stage/draft-r10"):
        git(repo, "tag", name)
    assert plumbing.stage_tags(repo, "draft") == ["stage/draft", "stage/draft-r2", "stage/draft-r10"]


def test_a_stale_worktree_among_others_is_the_only_one_removed(repo):
    stale = left_behind(repo, f"plan pid {dead_pid()}")
    live = left_behind(repo, f"plan pid {os.getpid()}")       # listed after the stale one
    try:
        assert plumbing.remove_stale_worktrees(repo) == [str(stale)]
        assert live.is_dir() and not stale.parent.exists()
    finally:
        git(repo, "worktree", "remove", "--force", "--force", str(live))
        live.parent.rmdir()


def test_a_stale_worktree_whose_folder_was_deleted_by_hand_is_still_cleaned_up(repo):
    stale = left_behind(repo, f"plan pid {dead_pid()}")
    subprocess.run(["rm", "-rf", str(stale.parent)], check=True)
    assert plumbing.remove_stale_worktrees(repo) == [str(stale)]
    assert git(repo, "worktree", "list", "--porcelain").count("worktree ") == 1


def test_every_stale_worktree_is_removed(repo):
    stale = [left_behind(repo, f"plan pid {dead_pid()}") for _ in range(2)]
    assert sorted(plumbing.remove_stale_worktrees(repo)) == sorted(map(str, stale))
    assert not any(path.parent.exists() for path in stale)


def test_worktrees_made_at_once_by_several_runs_do_not_collide(repo):
    """Several plan runs at once (the walkthrough verifies five stages side by side) each add
    and remove a worktree; git names them and prunes .git/worktrees without a lock of its own."""
    script = ("import sys\nfrom pathlib import Path\nfrom scripts import git\n"
              "for _ in range(4):\n"
              "    with git.worktree(Path(sys.argv[1]), 'HEAD') as tree:\n"
              "        assert (tree / 'data' / 'plan.yml').read_text(encoding='utf-8').startswith('title')\n")
    runs = [subprocess.Popen([sys.executable, "-c", script, str(repo)], stderr=subprocess.PIPE, text=True)
            for _ in range(6)]
    failures = [run.stderr.read() for run in runs if run.wait() != 0]
    assert failures == []
    assert git(repo, "worktree", "list", "--porcelain").count("worktree ") == 1
