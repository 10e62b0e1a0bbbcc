"""The 报批 package, read as the office would read it: python-docx, pdfplumber, the site's HTML.

One scratch repository gets two unit submissions (one late), public comments on
the 征求意见稿 and expert opinions on the 论证稿; its earlier stages are tagged
and the 报批稿 is released. Expected figures are counted here from the rows
this test writes, never taken from the code.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import zipfile

import docx
import pdfplumber
import pytest
import yaml

from scripts import git as plan_git
from scripts.comments.anchors import load_items
from scripts.site import build_site
from tests.conftest import copy_project
from tests.intake_factory import material_markdown
from tests.test_comments import write_csv
from tests.test_release import git, new_repo, plan, replace

pytestmark = pytest.mark.slow

PUBLIC = [("2021-09-03", "采纳"), ("2021-09-05", "部分采纳"), ("2021-09-08", "未采纳")]
EXPERT = [("2021-10-12", "采纳"), ("2021-10-12", "已有体现")]
TAG_DATES = {"draft": "2021-08-20", "consultation": "2021-08-31", "review": "2021-09-30", "submission": "2021-10-29"}


def _rate(dispositions: list[str]) -> str:
    adopted = sum(1 for d in dispositions if d in ("采纳", "部分采纳"))
    return f"{round(100 * adopted / len(dispositions))}%"


def _comments(repo, tmp_path, source: str, rows, stage: str) -> None:
    items = [i for i in load_items(repo) if i.page == "plan/infrastructure.md" and i.kind == "p"]
    sheet = write_csv(tmp_path / f"{source}.csv", [
        [str(n), day, "电子邮件", "专家" if source == "expert" else "个人", "", "", "", "", "", items[n].id,
         f"第{n}条意见：建议完善质量基础设施建设（{source}）", disposition, "经研究处理"]
        for n, (day, disposition) in enumerate(rows, 1)])
    result = plan(repo, "comments", "import", str(sheet), "--source", source)
    assert result.returncode == 0, result.stderr
    # the stage commented on (issue 11 derives it from the date; here it is set as the office records it)
    path = repo / "data" / "comments.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in data["comments"]:
        if entry["source"] == source:
            entry["stage"] = stage
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def approved(tmp_path_factory, built_template):
    tmp = tmp_path_factory.mktemp("package")
    repo = new_repo(tmp / "plan", built_template)   # built: the comments need the paragraphs' addresses
    for unit, day in (("pudong", "2021-07-20"), ("sdrc", "2021-07-28")):
        source = tmp / f"{unit}.md"
        source.write_text(material_markdown(title=f"{unit}质量发展材料"), encoding="utf-8")
        result = plan(repo, "intake", str(source), "--unit", unit, "--date", day)
        assert result.returncode in (0, 1), result.stderr
    _comments(repo, tmp, "public", PUBLIC, "consultation")
    _comments(repo, tmp, "expert", EXPERT, "review")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "材料、意见")
    for stage, day in TAG_DATES.items():
        plan_git.create_tag(repo, f"stage/{stage}", f"{stage}发布",
                            dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), plan_git.CHINA))
    replace(repo / "data" / "plan.yml", "current_stage: draft", "current_stage: approval")
    stages = repo / "data" / "stages.yml"
    stages.write_text(stages.read_text(encoding="utf-8").replace("status: current", "status: released")
                      .replace("status: planned", "status: released"), encoding="utf-8")
    text = stages.read_text(encoding="utf-8")
    head, tail = text.rsplit("status: released", 1)
    stages.write_text(head + "status: current" + tail, encoding="utf-8")
    replace(repo / "docs" / "plan" / "talent.md", "。", "。根据领导小组审议意见修改本句。")
    (repo / "docs" / "explanation").mkdir(exist_ok=True)
    (repo / "docs" / "explanation" / "process.md").write_text(
        "# 编制过程\n\n## 调研走访\n\n起草工作组赴浦东新区等地调研走访。\n", encoding="utf-8")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "报批稿文本")
    # the package is built whatever is still open: the readiness gate (issue 11) is let through on purpose
    gates = [arg for rule in ("placeholder", "comment", "proposal", "drafting-note")
             for arg in ("--allow", rule, "--reason", "测试报批材料的组成，不取决于发布条件")]
    result = plan(repo, "release", "approval", "--date", "2021-12-20", "--no-deploy", *gates)
    assert result.returncode == 0, result.stdout + result.stderr
    build_site(repo)   # the site as published at this commit, for the cross-check
    return repo


def _folder(repo):
    return repo / "dist" / "approval" / "报批材料"


def _docx_text(path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pdf_text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_files_are_numbered_and_named_as_an_office_names_them(approved):
    names = sorted(p.name for p in _folder(approved).iterdir())
    title = "质量强国建设纲要上海实施方案"
    expected = [f"1.{title}（报批稿）", f"2.{title}（报批稿）编制说明", f"3.{title}（征求意见稿）征求意见汇总处理表",
                f"4-1.{title}（论证稿）专家论证意见汇总处理表", f"5.{title}支持报告汇编", "6.材料清单"]
    assert names == sorted(f"{stem}.{ext}" for stem in expected for ext in ("docx", "pdf"))
    assert not any("预览" in name for name in names)
    archive = approved / "dist" / "approval" / "报批材料.zip"
    with zipfile.ZipFile(archive) as z:
        assert sorted(n.split("/", 1)[1] for n in z.namelist()) == names


def test_the_explanation_has_six_sections_and_the_records_figures(approved):
    path = next(_folder(approved).glob("2.*.docx"))
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["一、编制背景和依据", "二、编制过程", "三、主要内容", "四、征求意见及采纳情况",
                        "五、与国家纲要和相关规划的衔接", "六、各阶段主要修改"]
    text = _docx_text(path)
    assert "沪质办〔2021〕4号" in text
    assert "2021年8月20日" in text and "2021年12月20日" in text            # stage dates from the tags
    assert "共收到2个单位报送的质量发展材料" in text and "1份逾期报送" in text   # pudong on time, sdrc late
    assert "起草工作组赴浦东新区等地调研走访" in text                           # hand-written prose merged
    assert "制造业质量竞争力指数达到86" in text                                 # the 衔接 table
    assert "送审稿至报批稿" in text                                            # changes between stage tags
    assert "专家论证于2021年10月12日进行，共提出意见 2 条" in text


def test_counts_and_adoption_rate_agree_across_explanation_tables_and_site(approved):
    folder = _folder(approved)
    explanation = _docx_text(next(folder.glob("2.*.docx")))
    public_table = _pdf_text(next(folder.glob("3.*.pdf")))
    expert_table = _docx_text(next(folder.glob("4-1.*.docx")))
    site = re.sub(r"<[^>]+>", "", (approved / "site" / "comments" / "index.html").read_text(encoding="utf-8"))
    public = f"共收到意见 {len(PUBLIC)} 条，其中采纳 1 条，部分采纳 1 条，未采纳 1 条；已处理意见的采纳率（含部分采纳）为 {_rate([d for _, d in PUBLIC])}"
    expert = f"共收到意见 {len(EXPERT)} 条，其中采纳 1 条，已有体现 1 条；已处理意见的采纳率（含部分采纳）为 {_rate([d for _, d in EXPERT])}"
    flat = lambda s: re.sub(r"\s+", "", s)   # the PDF wraps lines
    assert public in explanation and expert in explanation
    assert flat(public) in flat(public_table) and expert in expert_table
    assert public in site


def test_opinion_tables_are_titled_by_the_stage_commented_on_numbered_and_grouped(approved):
    document = docx.Document(str(next(_folder(approved).glob("3.*.docx"))))
    title = document.paragraphs[0].text   # a long 公文 title is set in balanced lines,
    assert title.replace("\n", "") == "《质量强国建设纲要上海实施方案（征求意见稿）》征求意见汇总处理表"
    assert any("（征求意见稿）" in line for line in title.split("\n")), title   # never inside the stage suffix
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert all(r[1].startswith("四") for r in rows[1:])                           # all on the 4th chapter
    assert "夯实质量基础设施" in "\n".join(p.text for p in document.paragraphs)


def test_the_list_matches_the_files_pages_and_hashes(approved):
    folder = _folder(approved)
    document = docx.Document(str(next(folder.glob("6.*.docx"))))
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows][1:]
    listed = {r[1]: r for r in rows}
    files = [p for p in folder.iterdir() if not p.name.startswith("6.")]
    assert sorted(listed) == sorted(p.name for p in files)
    for path in files:
        assert listed[path.name][3] == hashlib.sha256(path.read_bytes()).hexdigest()
        if path.suffix == ".pdf":
            with pdfplumber.open(path) as pdf:
                assert listed[path.name][2] == str(len(pdf.pages)), path.name


def test_the_package_is_in_the_manifest_and_verify_rejects_a_tampered_file(approved, tmp_path):
    dist = approved / "dist" / "approval"
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    package = {n for n in manifest["artifacts"] if n.startswith("报批材料")}
    assert package == {"报批材料.zip"} | {f"报批材料/{p.name}" for p in _folder(approved).iterdir()}
    copy = tmp_path / "approval"
    shutil.copytree(dist, copy)
    pdf = next((copy / "报批材料").glob("2.*.pdf"))
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    result = plan(approved, "verify", str(copy))
    assert result.returncode == 1
    assert f"报批材料/{pdf.name}：文件内容与清单中的 SHA-256 不符" in result.stdout
    problems = [line for line in result.stdout.splitlines() if line.startswith("不一致")]
    assert problems and all(pdf.name in line for line in problems), problems   # the rest rebuilt byte for byte


def test_a_clean_copy_packages_a_preview_from_its_own_data(tmp_path):
    repo = copy_project(tmp_path / "clean")
    result = plan(repo, "package")
    assert result.returncode == 0, result.stderr
    folder = repo / "dist" / "draft" / "报批材料"
    pdfs = sorted(folder.glob("*.pdf"))
    assert [p.name.split(".", 1)[0] for p in pdfs] == ["1", "2", "3", "4-1", "5", "6"]
    for pdf in pdfs:
        with pdfplumber.open(pdf) as document:
            first = re.sub(r"\s+", "", document.pages[0].extract_text())
            bottom = document.pages[-1].crop((0, document.pages[-1].height * 0.85, document.pages[-1].width,
                                              document.pages[-1].height)).extract_text()
        assert "（预览）" in first.split("一、")[0] or first.startswith(pdf.name.split(".", 1)[1][:6]), pdf.name
        assert "预览" in bottom, pdf.name
        word = docx.Document(str(pdf.with_suffix(".docx")))
        assert any("预览" in p.text for s in word.sections for p in s.footer.paragraphs), pdf.name
    assert (repo / "dist" / "draft" / "报批材料.zip").exists()


def test_a_third_comment_source_gets_its_own_table_and_sentence():
    """Sources are read from the store's list, so 领导小组审议意见 appears once it has records."""
    import datetime as dt

    from scripts.comments.store import Comment
    from scripts.explanation import comment_sections
    from scripts.package import opinion_numbers
    sources = {"public": "征求意见汇总处理表", "expert": "专家论证意见汇总处理表", "leadership": "领导小组审议意见汇总处理表"}
    leader = Comment("C1", "leadership", dt.date(2021, 11, 20), "会议", "成员单位", "", "", "", "", "建议", "采纳",
                     stage="submission")
    assert opinion_numbers(sources, [leader]) == [("3", "public"), ("4-1", "expert"), ("4-2", "leadership")]
    assert opinion_numbers(sources, []) == [("3", "public"), ("4-1", "expert")]
    from unittest import mock
    with mock.patch("scripts.explanation.SOURCES", sources):
        text = comment_sections([leader], {"submission": "送审稿"})
    assert "领导小组审议意见（针对送审稿）：共收到意见 1 条，其中采纳 1 条；已处理意见的采纳率（含部分采纳）为 100%。" in text
