"""The whole process as the office runs it, 初稿 to 报批稿, on a scratch repository.

No YAML is edited by hand: every change to data/ is a `plan` command. Each
readiness gate refuses first and passes after the fix, and `plan verify`
accepts every release. The steps follow the README's numbered walkthrough.
"""
from __future__ import annotations

import csv
import json
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from tests.test_release import git, new_repo, plan, replace

pytestmark = pytest.mark.slow

HEADER = ["收到日期", "渠道", "提出者类别", "段落", "意见内容", "处理情况", "理由"]


def sheet(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def ok(result):
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def commit(repo, message):
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", message)


def stage_state(repo) -> dict:
    stages = yaml.safe_load((repo / "data" / "stages.yml").read_text(encoding="utf-8"))["stages"]
    return {s["id"]: (s["status"], str(s["date"])) for s in stages}


def first_paragraph_address(repo) -> str:
    anchors = json.loads((repo / "build" / "rendered" / "anchors.json").read_text(encoding="utf-8"))
    return next(a["id"] for a in anchors if a["page"] == "plan/talent.md" and a["kind"] == "p")


def test_the_five_stages_end_to_end(tmp_path):
    repo = new_repo(tmp_path / "plan")
    (repo / ".gitignore").write_text("site/\nsite.partial/\nbuild/\ndist/\n.cache/\nprivate/\n", encoding="utf-8")
    commit(repo, "忽略个人信息目录")

    # 1. 初稿
    assert "当前阶段：初稿（draft）" in ok(plan(repo, "status", "--today", "2021-08-20")).stdout
    ok(plan(repo, "release", "draft", "--date", "2021-08-20", "--no-deploy"))
    assert stage_state(repo)["consultation"] == ("current", "None")

    # 2. 征求意见稿, with its consultation window set on the command line
    replace(repo / "docs" / "plan" / "talent.md", "。", "。根据调研意见补充本句。")
    commit(repo, "调研后修改")
    early = plan(repo, "release", "consultation", "--date", "2021-09-05", "--no-deploy")
    assert early.returncode == 1 and "晚于征求意见开始日期 2021-09-01" in early.stderr
    ok(plan(repo, "release", "consultation", "--date", "2021-08-31", "--window", "2021-09-02", "2021-10-08",
            "--no-deploy"))
    window = yaml.safe_load(git(repo, "show", "stage/consultation:data/stages.yml"))["stages"][1]["consultation"]
    assert (str(window["start"]), str(window["end"])) == ("2021-09-02", "2021-10-08")
    title = "质量强国建设纲要上海实施方案（征求意见稿）"
    with zipfile.ZipFile(repo / "dist" / "consultation" / f"{title}（网站）.zip") as archive:
        home = archive.read("index.html").decode("utf-8")
    assert title in home and "向社会公开征求意见" in home and "征求意见时间为2021年09月02日至2021年10月08日" in home
    assert "工作草稿）" not in home

    # 3. public comments imported (one arrives late, after the window) and answered
    ok(plan(repo, "comments", "check"))   # builds the site: the paragraphs' addresses
    anchor = first_paragraph_address(repo)
    rows = [["2021-09-10", "电子邮件", "个人", anchor, "建议增加质量人才培养的具体措施。", "", ""],
            ["2021-10-09", "信函", "企业", anchor, "建议明确企业首席质量官的培训要求。", "", ""]]
    ok(plan(repo, "comments", "import", str(sheet(tmp_path / "公众意见.csv", rows))))
    commit(repo, "收到的公众意见")
    status = plan(repo, "status", "--today", "2021-10-10")
    assert "待处理 2" in status.stdout and "consultation 2" in status.stdout and status.returncode == 1
    refused = plan(repo, "release", "review", "--date", "2021-10-15", "--no-deploy")
    assert refused.returncode == 1 and refused.stderr.count("〔comment〕") == 2
    assert "stage/review" not in git(repo, "tag", "--list")
    answered = [r[:5] + ["采纳", "已在第七章补充。"] for r in rows]
    ok(plan(repo, "comments", "import", str(sheet(tmp_path / "公众意见.csv", answered))))
    commit(repo, "公众意见处理情况")

    # 4. 论证稿, then the experts' opinions on it
    ok(plan(repo, "release", "review", "--date", "2021-10-15", "--no-deploy"))
    expert = [["2021-10-20", "论证会", "专家", anchor, "人才指标宜分层设置。", "部分采纳", "增加分层表述。"]]
    ok(plan(repo, "comments", "import", str(sheet(tmp_path / "专家意见.csv", expert)), "--source", "expert"))
    commit(repo, "专家论证意见")
    comments = yaml.safe_load((repo / "data" / "comments.yml").read_text(encoding="utf-8"))["comments"]
    assert sorted((c["source"], c["stage"]) for c in comments) == [
        ("expert", "review"), ("public", "consultation"), ("public", "consultation")]

    # 5. 送审稿: refused for placeholders and the drafting note, passes once they are gone
    refused = plan(repo, "release", "submission", "--date", "2021-11-10", "--no-deploy")
    assert refused.returncode == 1 and "〔placeholder〕" in refused.stderr and "〔drafting-note〕" in refused.stderr
    ok(plan(repo, "confirm", "--all"))
    targets_md = repo / "docs" / "annex" / "targets.md"
    text = targets_md.read_text(encoding="utf-8")
    targets_md.write_text(text[: text.index('!!! note "起草说明"')].rstrip() + "\n", encoding="utf-8")
    commit(repo, "指标数值已核定，删去起草说明")
    ok(plan(repo, "check", "--for", "submission"))
    ok(plan(repo, "release", "submission", "--date", "2021-11-10", "--no-deploy"))

    # 6. the leading group's review, then 报批稿
    leaders = [["2021-11-20", "审议会", "领导小组", anchor, "请突出质量基础设施建设。", "", ""]]
    ok(plan(repo, "comments", "import", str(sheet(tmp_path / "审议意见.csv", leaders)), "--source", "leadership"))
    commit(repo, "领导小组审议意见")
    gate = plan(repo, "check", "--for", "approval")
    assert gate.returncode == 1 and "领导小组审议意见汇总处理表中的意见（2021-11-20" in gate.stderr
    ok(plan(repo, "comments", "import", str(sheet(tmp_path / "审议意见.csv",
                                                  [leaders[0][:5] + ["采纳", "已在第四章突出。"]])), "--source", "leadership"))
    commit(repo, "审议意见处理情况")
    ok(plan(repo, "release", "approval", "--date", "2021-12-10", "--no-deploy"))
    assert "编制流程已结束" in ok(plan(repo, "status", "--today", "2021-12-11")).stdout
    assert set(stage_state(repo).values()) == {("released", d) for d in
                                               ("2021-08-20", "2021-08-31", "2021-10-15", "2021-11-10", "2021-12-10")}
    assert git(repo, "status", "--porcelain") == ""

    # 7. every release verifies (five reviewers at once: each verify rebuilds in its own worktree)
    stages = ("draft", "consultation", "review", "submission", "approval")
    with ThreadPoolExecutor(len(stages)) as pool:
        results = list(pool.map(lambda stage: plan(repo, "verify", f"stage/{stage}"), stages))
    for stage, result in zip(stages, results):
        assert result.returncode == 0, (stage, result.stdout, result.stderr)
