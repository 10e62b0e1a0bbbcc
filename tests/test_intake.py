"""plan intake: messy Word files, bad files, revisions, duplicates, the registry."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile

import docx
import jinja2
import pytest
import yaml

from scripts.errors import Failure
from scripts.intake.submit import Request, intake
from scripts.model import load_model
from tests import intake_factory as factory
from tests.conftest import plan

JULY_20 = dt.date(2021, 7, 20)




def tree_digest(root) -> dict:
    """Every file under data/ and docs/ with its hash: to prove nothing was written."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for part in ("data", "docs") for p in sorted((root / part).rglob("*")) if p.is_file()}


def front_matter(page: str) -> dict:
    return yaml.safe_load(page.split("---\n")[1])


@pytest.fixture
def messy(tmp_path):
    return factory.messy_material(tmp_path / "incoming")


def test_a_messy_word_file_becomes_a_structured_page(project, messy):
    outcome = intake(project, Request(messy, "pudong", received=JULY_20))
    page = (project / "docs/reports/material/pudong.md").read_text(encoding="utf-8")
    meta = front_matter(page)
    assert meta["unit"] == "pudong" and meta["kind"] == "material" and meta["revision"] == 1
    assert meta["title"] == "浦东新区质量发展材料" and meta["received"] == JULY_20
    assert meta["source_file"] == messy.name
    assert meta["sha256"] == hashlib.sha256(messy.read_bytes()).hexdigest()
    # hand-made headings (one bold, one only numbered) are headings under the page title
    assert page.count("\n# ") == 1 and "\n# 浦东新区质量发展材料\n" in page
    for heading in factory.PARTS:
        assert f"\n## {heading}\n" in page
    assert "\n## 附件：浦东新区质量发展主要指标表\n" in page
    # the table, the numbered list, the footnote, the image
    assert re.search(r"^\| 1 +\| 公共服务质量满意度 +\| 分 +\| 81 +\| 84以上 +\| ≥88 +\|$", page, re.M)
    assert re.search(r"^1\. +质量基础设施服务能力不足。（新增文字）$", page, re.M)
    assert re.search(r"^\[\^1\]: 数据来源：浦东新区统计局", page, re.M) and "93.8%[^1]" in page
    image = re.search(r"!\[质量提升现场\]\((pudong\.files/r1/media/[^)]+\.png)\)", page).group(1)
    assert (project / "docs/reports/material" / image).read_bytes() == (messy.parent / "photo.png").read_bytes()
    # tracked changes accepted, comments dropped, both reported
    assert "删去文字" not in page and "请核实该数据" not in page
    texts = [n.text for n in outcome.revision.notes]
    assert any("修订痕迹2处" in t for t in texts) and any("批注1条" in t for t in texts)
    assert "修订痕迹2处" in page and "批注1条" in page
    # the original is kept byte for byte, and registered
    original = project / "data/submissions/pudong" / f"r1-{messy.name}"
    assert original.read_bytes() == messy.read_bytes()
    model = load_model(project)
    assert [(s.unit, s.revision, s.original) for s in model.submissions] == [
        ("pudong", 1, f"data/submissions/pudong/r1-{messy.name}")]


@pytest.mark.parametrize("kind", ["corrupt", "empty", "blank", "encrypted", "pdf", "xlsx", "doc"])
def test_bad_files_are_refused_with_a_chinese_reason_and_nothing_is_written(project, tmp_path, messy, kind):
    path = tmp_path / f"bad-{kind}.docx"
    if kind == "corrupt":
        path.write_bytes(messy.read_bytes()[: len(messy.read_bytes()) // 2])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "blank":
        docx.Document().save(path)
    elif kind == "encrypted":
        factory.encrypted_docx(path)
    elif kind == "pdf":
        path.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    elif kind == "xlsx":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook/>")
    else:
        path = tmp_path / "old.doc"
        path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 500 + "WordDocument".encode("utf-16-le"))
    expected = {"corrupt": "文件已损坏", "empty": "文件为空", "blank": "Word 文件中没有正文文字", "encrypted": "文件已加密（设置了打开密码）",
                "pdf": "这是 PDF 文件", "xlsx": "这是Excel 文件，不是 Word 文件", "doc": "旧版 Word 97-2003"}[kind]
    before = tree_digest(project)
    with pytest.raises(Failure) as caught:
        intake(project, Request(path, "pudong", received=JULY_20))
    assert expected in str(caught.value) and path.name in str(caught.value)
    assert "未写入任何文件" in str(caught.value)
    assert tree_digest(project) == before
    result = plan(project, "intake", str(path), "--unit", "pudong")
    assert result.returncode == 1 and expected in result.stderr


def test_a_second_submission_is_a_new_revision_and_history_stays(project, messy, tmp_path):
    intake(project, Request(messy, "pudong", received=JULY_20))
    first_page = (project / "docs/reports/material/pudong.md").read_text(encoding="utf-8")
    revised = factory.messy_material(tmp_path / "revised", name="浦东材料（修改稿）.docx", chars=3200)
    outcome = intake(project, Request(revised, "pudong", received=dt.date(2021, 7, 28)))
    assert outcome.revision.revision == 2 and outcome.late == 3
    folder = project / "docs/reports/material"
    kept = (folder / "pudong.r1.md").read_text(encoding="utf-8")
    assert "本版已被第2版（2021年7月28日收到）取代" in kept and "[查看最新版](pudong.md)" in kept
    assert first_page.split("[//]: # (正文开始)")[1] == kept.split("[//]: # (正文开始)")[1]
    latest = (folder / "pudong.md").read_text(encoding="utf-8")
    assert front_matter(latest)["revision"] == 2
    assert "**以前各版**：[第1版（2021年7月20日收到）](pudong.r1.md)" in latest
    assert "逾期3天" in latest
    assert (project / "data/submissions/pudong" / f"r1-{messy.name}").exists()
    assert (project / "data/submissions/pudong" / "r2-浦东材料（修改稿）.docx").read_bytes() == revised.read_bytes()
    assert (folder / "pudong.files/r1/media").is_dir() and (folder / "pudong.files/r2/media").is_dir()
    model = load_model(project)
    assert [(s.revision, s.received) for s in model.submissions] == [(1, JULY_20), (2, dt.date(2021, 7, 28))]


def test_the_same_file_twice_is_reported_not_duplicated(project, messy, tmp_path):
    intake(project, Request(messy, "pudong", received=JULY_20))
    before = tree_digest(project)
    copy = tmp_path / "再次报送.docx"
    copy.write_bytes(messy.read_bytes())
    result = plan(project, "intake", str(copy), "--unit", "pudong", "--date", "2021-07-22")
    assert result.returncode == 0, result.stderr
    assert "未重复登记" in result.stdout and "第1版" in result.stdout
    assert tree_digest(project) == before


def test_cli_reports_findings_and_misuse(project, tmp_path):
    thin = tmp_path / "短材料.md"
    thin.write_text("# 某委材料\n\n## 一、现状\n\n情况良好。\n\n## 二、任务\n\n加强工作。\n", encoding="utf-8")
    result = plan(project, "intake", str(thin), "--unit", "sdrc", "--date", "2021-07-01")
    assert result.returncode == 1
    assert "【不符合】缺少“存在问题和不足”部分" in result.stdout and "【不符合】缺少“目标”部分" in result.stdout
    assert "已登记" in result.stdout and "明显偏少" in result.stdout
    unknown = plan(project, "intake", str(thin), "--unit", "nosuch")
    assert unknown.returncode == 2 and "data/units.yml 中没有这个单位标识" in unknown.stderr
    assert plan(project, "intake", "--help").stdout.count("报送") > 2


def test_markdown_submission_cannot_carry_html_links_or_templates(project, tmp_path):
    evil = tmp_path / "report.md"
    evil.write_text(
        "# 研究报告\n\n<script>alert(1)</script> {{ 7 * 7 }} {% raw %} {# x #}\n\n"
        "段落\n{: onclick=\"alert(1)\" }\n\n[点我](javascript:alert(1)) ![远程](http://evil.example/x.png)\n\n"
        "`x`{=markdown} <img src=x onerror=alert(1)>\n\n```{=html}\n<iframe src=x></iframe>\n```\n",
        encoding="utf-8")
    outcome = intake(project, Request(evil, "sist", topic=1, received=JULY_20))
    page = (project / "docs/reports/report/sist.md").read_text(encoding="utf-8")
    body = page.split("\n---\n", 1)[1]
    assert "{" not in body and "<" not in body and "javascript:" not in body
    assert "evil.example" not in body and "〔图片：远程〕" in body
    assert "&#123;&#123; 7 &#42; 7 &#125;&#125;" in body and "&#60;script&#62;" in body
    assert any("链接" in n.text for n in outcome.revision.notes)


def test_personal_data_is_hidden_on_the_page_and_kept_in_the_original(project, tmp_path):
    path = factory.messy_material(tmp_path / "in", extra_texts=(
        "联系人：张三，电话：13912345678，021-64221234，邮箱：zhang_san@example.com",))
    outcome = intake(project, Request(path, "pudong", received=JULY_20))
    page = (project / "docs/reports/material/pudong.md").read_text(encoding="utf-8")
    assert "13912345678" not in page and "64221234" not in page and "example" not in page
    assert "电话：〔已隐去〕" in page and "邮箱：〔已隐去〕" in page
    assert any("3处电话、邮箱或身份证号已隐去" in n.text for n in outcome.revision.notes)
    original = project / "data/submissions/pudong" / f"r1-{path.name}"
    assert b"13912345678" in zipfile.ZipFile(original).read("word/document.xml")


def test_every_written_form_of_personal_data_is_hidden_in_a_submission(project, tmp_path):
    forms = ("+86 139 1234 5678", "138-1234-5678", "(021)62345678", "021 6422 1234", "64221234",
             "１３９１２３４５６７８", "li＠example.org", "310101 19900307 123X")
    path = factory.messy_material(tmp_path / "in", extra_texts=("联系方式：" + "；".join(forms) + "。",))
    intake(project, Request(path, "pudong", received=JULY_20))
    page = (project / "docs/reports/material/pudong.md").read_text(encoding="utf-8")
    assert "联系方式：" + "；".join(["〔已隐去〕"] * len(forms)) + "。" in page


def test_the_written_page_is_inert_even_if_rendered_as_a_template(project, tmp_path):
    marker = tmp_path / "pwned"
    payload = "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}" % marker
    path = factory.messy_material(tmp_path / "in", extra_texts=(payload, "{% for x in range(3) %}x{% endfor %}{# c #}"))
    intake(project, Request(path, "pudong", received=JULY_20))
    page = (project / "docs/reports/material/pudong.md").read_text(encoding="utf-8")
    assert jinja2.Environment().from_string(page).render() == page.rstrip("\n")
    assert not marker.exists()
    assert not any(d in page for d in ("{{", "{%", "{#"))
