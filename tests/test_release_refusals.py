"""Which tag a release gets, and every refusal, decided in-process on small repositories.

The stage order and names come from the notice's five stages (初稿 → 征求意见稿 →
论证稿 → 送审稿 → 报批稿); tags are made with git itself. `plan release` tags first and
writes dist/<tag name>/manifest.json last, so a completed release is both; a tag alone
is a release to be continued with --from-tag.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.errors import Failure, UsageError
from scripts.model import load_model
from scripts.release import latest_release, plan_from_tag, plan_release, stage_tags
from tests.conftest import git, init_repository

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2021, 9, 1)



@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "plan"
    shutil.copytree(ROOT / "data", root / "data")
    init_repository(root)
    return root


def tag(repo: Path, *names: str) -> None:
    for name in names:
        git(repo, "tag", "--annotate", name, "--message", name)


def released(repo: Path, *names: str) -> None:
    """Completed releases: each tag, and the manifest.json `plan release` writes last."""
    for name in names:
        tag(repo, name)
        folder = repo / "dist" / name.removeprefix("stage/")
        folder.mkdir(parents=True)
        (folder / "manifest.json").write_text(json.dumps({"tag": name, "artifacts": {}}), encoding="utf-8")


def at_stage(repo: Path, stage_id: str):
    """The model as the drafting group commits it before releasing `stage_id`:
    earlier stages marked released, this one current."""
    plan = repo / "data" / "plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("current_stage: draft", f"current_stage: {stage_id}"),
                    encoding="utf-8")
    stages = repo / "data" / "stages.yml"
    lines, status = [], "released"
    for line in stages.read_text(encoding="utf-8").splitlines():
        if line.strip() == f"- id: {stage_id}":
            status = "current"
        elif line.strip().startswith("- id:") and status == "current":
            status = "planned"
        if line.strip().startswith("status:"):
            line = f"    status: {status}"
        elif line.strip().startswith("date: null") and status == "released":
            line = "    date: 2021-08-20"
        lines.append(line)
    stages.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_model(repo)


def test_the_first_release_of_a_stage_gets_the_plain_tag(repo):
    decided = plan_release(repo, load_model(repo), "draft", DAY, reissue=False)
    assert (decided.tag, decided.previous_tag, decided.date, decided.dist_name) == ("stage/draft", None, DAY, "draft")
    assert decided.stage.name == "初稿"


@pytest.mark.parametrize("existing, expected", [
    pytest.param(["stage/draft"], "stage/draft-r2", id="second-issue"),
    pytest.param(["stage/draft", "stage/draft-r2"], "stage/draft-r3", id="third-issue"),
])
def test_a_reissue_gets_the_next_suffix(repo, existing, expected):
    released(repo, *existing)
    model = at_stage(repo, "consultation")   # where a completed 初稿 release leaves the repository
    assert plan_release(repo, model, "draft", DAY, reissue=True).tag == expected


def test_reissues_sort_by_number_not_by_text(repo):
    released(repo, "stage/draft", *(f"stage/draft-r{n}" for n in range(2, 12)))
    tag(repo, "stage/drafts", "stage/draft-x", "stage/draft-rc1", "stage/draft-r2b")   # not re-issues
    model = at_stage(repo, "consultation")
    assert stage_tags(repo, "draft") == ["stage/draft", *(f"stage/draft-r{n}" for n in range(2, 12))]
    assert plan_release(repo, model, "draft", DAY, reissue=True).tag == "stage/draft-r12"
    with pytest.raises(Failure) as refused:
        plan_release(repo, model, "draft", DAY, reissue=False)
    assert str(refused.value) == ("初稿已发布（标签 stage/draft-r11）。已有标签不会被移动或删除；"
                                  "如需重新发布，请加 --reissue，生成新标签 stage/draft-r12")


@pytest.mark.parametrize("existing", [
    pytest.param(["stage/draft"], id="once"),
    pytest.param(["stage/draft", "stage/draft-r2"], id="twice"),
    pytest.param(["stage/draft", "stage/draft-r2", "stage/draft-r3"], id="three-times"),
])
@pytest.mark.parametrize("current", [
    pytest.param("draft", id="not-moved-on"),
    pytest.param("consultation", id="moved-on"),
])
def test_an_existing_tag_without_reissue_is_refused_with_the_way_out(repo, existing, current):
    released(repo, *existing)
    model = at_stage(repo, current)
    with pytest.raises(Failure) as refused:
        plan_release(repo, model, "draft", DAY, reissue=False)
    assert str(refused.value) == (f"初稿已发布（标签 {existing[-1]}）。已有标签不会被移动或删除；"
                                  f"如需重新发布，请加 --reissue，生成新标签 stage/draft-r{len(existing) + 1}")


@pytest.mark.parametrize("completed, unfinished, reissue", [
    pytest.param([], "stage/draft", False, id="first-issue"),
    pytest.param([], "stage/draft", True, id="first-issue-reissued"),
    pytest.param(["stage/draft"], "stage/draft-r2", True, id="second-issue"),
    pytest.param(["stage/draft", *(f"stage/draft-r{n}" for n in range(2, 11))], "stage/draft-r11", False,
                 id="eleventh-issue"),
])
def test_a_tag_whose_release_did_not_complete_is_continued_not_reissued(repo, completed, unfinished, reissue):
    released(repo, *completed)
    tag(repo, unfinished)
    with pytest.raises(Failure) as refused:
        plan_release(repo, at_stage(repo, "consultation"), "draft", DAY, reissue=reissue)
    assert str(refused.value) == (f"初稿的标签 {unfinished} 已创建，但发布没有完成（dist/ 中没有它的 manifest.json）。"
                                  f"请运行 plan release --from-tag {unfinished} 继续")


def test_an_unknown_stage_is_a_usage_error_listing_the_five(repo):
    with pytest.raises(UsageError) as refused:
        plan_release(repo, load_model(repo), "final", DAY, reissue=False)
    assert str(refused.value) == "未知的阶段“final”，可选：draft、consultation、review、submission、approval"


@pytest.mark.parametrize("done, current, stage_id, reissue, message", [
    pytest.param([], "draft", "consultation", False,
                 "当前阶段是初稿（draft），不能发布征求意见稿。请先发布初稿：plan release draft", id="next-stage"),
    pytest.param([], "draft", "approval", False,
                 "当前阶段是初稿（draft），不能发布报批稿。请先发布初稿：plan release draft", id="last-stage"),
    pytest.param([], "draft", "consultation", True,
                 "当前阶段是初稿（draft），不能发布征求意见稿。请先发布初稿：plan release draft",
                 id="reissue-of-a-stage-never-released"),
    pytest.param(["stage/draft"], "consultation", "review", False,
                 "当前阶段是征求意见稿（consultation），不能发布论证稿。请先发布征求意见稿：plan release consultation",
                 id="after-a-release"),
])
def test_a_stage_other_than_the_current_one_is_refused(repo, done, current, stage_id, reissue, message):
    released(repo, *done)
    with pytest.raises(Failure) as refused:
        plan_release(repo, at_stage(repo, current), stage_id, DAY, reissue=reissue)
    assert str(refused.value) == f"data/plan.yml：{message}（发布后自动进入下一阶段）"


@pytest.mark.parametrize("done, stage_id, missing", [
    pytest.param([], "consultation", "初稿", id="first-stage-missing"),
    pytest.param(["stage/draft"], "review", "征求意见稿", id="middle-stage-missing"),
    pytest.param([], "review", "初稿、征求意见稿", id="two-missing"),
])
def test_stages_out_of_order_are_refused_naming_the_missing_ones(repo, done, stage_id, missing):
    released(repo, *done)
    model = at_stage(repo, stage_id)
    with pytest.raises(Failure) as refused:
        plan_release(repo, model, stage_id, DAY, reissue=False)
    assert str(refused.value) == (f"阶段顺序不对：{model.stage(stage_id).name}之前的{missing}尚未发布。"
                                  "请按 初稿→征求意见稿→论证稿→送审稿→报批稿 的顺序发布")


def test_the_previous_tag_is_the_newest_issue_of_the_nearest_earlier_release(repo):
    released(repo, "stage/draft", "stage/draft-r2", "stage/consultation")
    model = at_stage(repo, "review")
    assert plan_release(repo, model, "review", DAY, reissue=False).previous_tag == "stage/consultation"
    assert latest_release(repo, ["draft"]) == "stage/draft-r2"
    assert latest_release(repo, ["draft", "consultation", "review"]) == "stage/consultation"
    assert latest_release(repo, ["review", "submission"]) is None


def test_a_pushed_tag_is_released_as_its_stage_on_its_own_date(repo):
    # 00:30 on 21 August in Shanghai is still 20 August in UTC: a stage's date is Shanghai's
    subprocess.run(["git", "tag", "--annotate", "stage/draft-r2", "--message", "初稿"], cwd=repo, check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": "2021-08-20T16:30:00+00:00"})
    decided = plan_from_tag(repo, load_model(repo), "stage/draft-r2")
    assert (decided.stage.id, decided.tag, decided.date) == ("draft", "stage/draft-r2", dt.date(2021, 8, 21))


def test_a_pushed_tag_of_a_later_stage_names_the_release_before_it(repo):
    tag(repo, "stage/draft", "stage/consultation")
    decided = plan_from_tag(repo, load_model(repo), "stage/consultation")    # current_stage is still draft
    assert (decided.stage.id, decided.previous_tag) == ("consultation", "stage/draft")


@pytest.mark.parametrize("name, message", [
    pytest.param("stage/review", "标签 stage/review 不存在", id="missing-tag"),
    pytest.param("stage/final", "标签 stage/final 不对应 data/stages.yml 中的任何阶段", id="unknown-stage"),
])
def test_a_pushed_tag_that_cannot_be_released_is_a_usage_error(repo, name, message):
    if name == "stage/final":
        tag(repo, name)
    with pytest.raises(UsageError) as refused:
        plan_from_tag(repo, load_model(repo), name)
    assert str(refused.value) == message


# --- the git plumbing under the refusals ----------------------------------------

def test_a_failing_git_command_is_a_failure_naming_the_command(repo):
    from scripts import git as plumbing
    with pytest.raises(Failure) as failed:
        plumbing.git(repo, "rev-parse", "--verify", "no-such-branch")
    assert str(failed.value).startswith("git rev-parse --verify no-such-branch 失败：")
    assert plumbing.git(repo, "rev-parse", "--verify", "no-such-branch", check=False) == ""


def test_tags_are_dated_by_the_stage_and_only_stage_tags_count(repo):
    from scripts import git as plumbing
    tag(repo, "v1.0", "stage/draft")
    when = dt.datetime(2021, 8, 31, 12, tzinfo=plumbing.CHINA)
    plumbing.create_tag(repo, "stage/consultation", "征求意见稿", when)
    assert plumbing.tags(repo) == ["stage/consultation", "stage/draft"]
    assert plumbing.tag_epoch(repo, "stage/consultation") == int(when.timestamp())
    assert plumbing.tag_exists(repo, "v1.0") and not plumbing.tag_exists(repo, "stage/review")
    with pytest.raises(Failure) as refused:
        plumbing.create_tag(repo, "stage/draft", "初稿", when)
    assert str(refused.value) == "标签 stage/draft 已存在，不会移动或删除已有标签"
