"""One module finds personal data in every form people write it, and nothing else."""
from __future__ import annotations

import io
import json
import zipfile

import docx
import pytest

from scripts import privacy
from scripts.comments.store import Contact
from scripts.model import load_model
from tests.conftest import ROOT

OFFICE = privacy.office_contacts(load_model(ROOT))   # zlfzc@scjgj.sh.gov.cn, 64220000转2337/2338


@pytest.mark.parametrize(("text", "kind", "value"), [
    pytest.param("请回电13912345678。", "手机号", "13912345678", id="mobile"),
    pytest.param("电话 +86 139 1234 5678 联系", "手机号", "+86 139 1234 5678", id="mobile-country-code-spaced"),
    pytest.param("手机138-1234-5678", "手机号", "138-1234-5678", id="mobile-hyphens"),
    pytest.param("手机１３９１２３４５６７８", "手机号", "１３９１２３４５６７８", id="mobile-full-width"),
    pytest.param("电话(021)62345678", "电话", "(021)62345678", id="landline-parentheses"),
    pytest.param("电话（０２１）６２３４５６７８", "电话", "（０２１）６２３４５６７８", id="landline-full-width"),
    pytest.param("电话021 6422 1234", "电话", "021 6422 1234", id="landline-spaced"),
    pytest.param("电话021-64221234转8", "电话", "021-64221234", id="landline-extension"),
    pytest.param("拨64221234即可", "电话", "64221234", id="landline-bare"),
    pytest.param("邮箱 zhang.san@example.com", "邮箱", "zhang.san@example.com", id="email"),
    pytest.param("邮箱ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "邮箱", "ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", id="email-full-width"),
    pytest.param("身份证310101199003071234", "身份证号", "310101199003071234", id="id"),
    pytest.param("身份证 310101 19900307 123X", "身份证号", "310101 19900307 123X", id="id-spaced"),
])
def test_every_form_is_found_and_hidden(text, kind, value):
    assert [(h.kind, h.value) for h in privacy.find(text)] == [(kind, value)]
    hidden, count = privacy.redact(text)
    assert count == 1 and value not in hidden and privacy.HIDDEN in hidden


@pytest.mark.parametrize("text", [
    pytest.param("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", id="sha256"),
    pytest.param('"sha256": "13912345678a3bf4f1b2b0b822cd15d6c15b0f00a08e64221234"', id="hash-with-phone-like-runs"),
    pytest.param("段落 p-13912345 与意见 C1391234567", id="ids"),
    pytest.param("收到日期20210903，2021-09-03，2021年9月3日", id="dates"),
    pytest.param("《上海市质量发展规划（2011-2020年）》与2021 2025", id="year-spans"),
    pytest.param('<p id="p-61647238" data-address="二（一）">', id="paragraph-id-all-digits"),
    pytest.param("SOURCE_DATE_EPOCH 1630382400", id="epoch"),
    pytest.param("合格率提高到96.5%，投入1,234,567万元，编号2021001", id="figures"),
    pytest.param("意见请发送至\\uff1azlfzc@scjgj.sh.gov.cn", id="office-email-json-escaped"),
    pytest.param("联系电话：021-64220000转2337；６４２２００００", id="office-phone-forms"),
    pytest.param("邮箱 ZLFZC＠SCJGJ.SH.GOV.CN", id="office-email-full-width-upper"),
])
def test_near_misses_and_the_office_contacts_are_not_hits(text):
    assert privacy.personal_data(text, OFFICE) == []


def test_redaction_keeps_chinese_punctuation_and_everything_else():
    text = "建议：请致电（021）62345678或发邮件至ａ＠ｂ．ｃｎ，谢谢！"
    assert privacy.redact(text) == ("建议：请致电〔已隐去〕或发邮件至〔已隐去〕，谢谢！", 2)


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    run = document.add_paragraph().add_run(text[:5])
    run.add_text(text[5:])       # Word splits runs mid-number
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_scan_reads_inside_json_docx_and_zip(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "search.json").write_text(json.dumps({"text": "理由：请拨\uff08021\uff0962345678"}), encoding="utf-8")
    (site / "meta.html").write_text('<meta content="发至\\uff1azlfzc@scjgj.sh.gov.cn">', encoding="utf-8")
    (site / "表.docx").write_bytes(_docx_bytes("联系人电话13912345678"))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("comments/index.html", "邮箱 li&#64;example.org")
    (tmp_path / "网站.zip").write_bytes(archive.getvalue())
    found = privacy.scan([site, tmp_path / "网站.zip"], OFFICE)
    assert sorted(line.split("：发现")[1] for line in found) == [
        "手机号 13912345678", "电话 （021）62345678", "邮箱 li@example.org"]
    assert any(line.startswith(f"{tmp_path / '网站.zip'}/comments/index.html") for line in found)


def test_the_internal_scan_looks_only_for_commenters_contacts(tmp_path):
    page = tmp_path / "unit.html"
    page.write_text("报送单位联系人 王五 13800000000；意见人电话 139-1234-5678", encoding="utf-8")
    only = privacy.contact_keys([Contact(name="赵六", phone="+86 13912345678", email="z@example.org")])
    assert [line.split("：发现")[1] for line in privacy.scan([page], OFFICE, only)] == ["手机号 139-1234-5678"]


def test_the_scan_reads_the_text_of_a_pdf(tmp_path):
    import typst
    source = tmp_path / "表.typ"
    source.write_text("理由：请回电 139 1234 5678，或发邮件至 someone\\@example.org。", encoding="utf-8")
    typst.compile(str(source), output=str(tmp_path / "表.pdf"), font_paths=[str(ROOT / ".cache" / "fonts")])
    found = privacy.scan([tmp_path / "表.pdf"], OFFICE)
    assert sorted(line.split("：发现")[1] for line in found) == ["手机号 139 1234 5678", "邮箱 someone@example.org"]


def test_a_pdf_typeset_here_is_scanned_as_its_markdown_and_finds_what_its_text_shows(tmp_path, monkeypatch):
    from scripts.export import fonts as font_roles
    from scripts.export.pdf import export_pdf
    source, pdf = tmp_path / "plan.md", tmp_path / "通知.pdf"
    source.write_text("---\ntitle: 通知\nauthor: 某某办公室\n---\n\n请回电 **138**1234 5678，或发邮件至 someone@example.org。"
                      "编号 **ID**13912345678 不是电话。\n", encoding="utf-8")
    dirs = font_roles.font_dirs(ROOT)
    export_pdf(source, pdf, tmp_path, dirs)
    extracted, real_pdf_text = [], privacy._pdf_text
    monkeypatch.setattr(privacy, "_pdf_text", lambda data: extracted.append(data) or real_pdf_text(data))

    from_markdown = [line.split("：发现")[1] for line in privacy.scan([pdf], OFFICE)]
    assert extracted == []                           # not read back from the PDF
    pdf.write_bytes(pdf.read_bytes() + b"\n")       # other bytes: read as any PDF
    from_pdf = [line.split("：发现")[1] for line in privacy.scan([pdf], OFFICE)]
    assert len(extracted) == 1
    assert sorted(from_markdown) == sorted(from_pdf) == ["手机号 1381234 5678", "邮箱 someone@example.org"]


def test_a_file_scanned_clean_is_read_once_until_it_or_the_rules_change(tmp_path, monkeypatch):
    site, cache = tmp_path / "site", tmp_path / "scan.json"
    site.mkdir()
    page = site / "index.html"
    page.write_text("没有个人信息的页面", encoding="utf-8")
    read = []
    real_texts_of = privacy.texts_of
    monkeypatch.setattr(privacy, "texts_of", lambda name, data: read.append(name) or real_texts_of(name, data))

    assert privacy.scan([site], OFFICE, cache=cache) == []
    assert privacy.scan([site], OFFICE, cache=cache) == []
    assert read == [str(page)]                       # the second scan trusted the first
    assert privacy.scan([site], OFFICE | {"13912345678"}, cache=cache) == []
    assert len(read) == 2                            # another allowlist: read again
    page.write_text("新增：请回电13912345678", encoding="utf-8")
    assert [line.split("：发现")[1] for line in privacy.scan([site], OFFICE, cache=cache)] == ["手机号 13912345678"]
    assert [line.split("：发现")[1] for line in privacy.scan([site], OFFICE, cache=cache)] == ["手机号 13912345678"]


def test_a_damaged_scan_cache_only_costs_a_full_scan(tmp_path):
    (tmp_path / "scan.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "a.html").write_text("电话13912345678", encoding="utf-8")
    assert len(privacy.scan([tmp_path / "a.html"], OFFICE, cache=tmp_path / "scan.json")) == 1


def test_release_notes_name_the_commit_whole_so_a_digit_only_hash_is_no_telephone(tmp_path, monkeypatch):
    """A commit whose short hash is all digits ("071152844560") read as a landline and
    stopped a release; the notes now give the whole hash, which the scan leaves alone."""
    import datetime as dt

    from scripts import git, notes
    commit = "0711528445601392345678" + "a" * 18
    monkeypatch.setattr(git, "tag_commit", lambda root, tag: commit)
    monkeypatch.setattr(notes, "_paragraphs", lambda root, ref: ["总体要求"])
    monkeypatch.setattr(notes, "_targets", lambda root, ref: {})
    model = load_model(ROOT)
    text = notes.release_notes(ROOT, model, model.stage("draft"), "stage/draft", None, dt.date(2021, 8, 20))
    assert f"（提交 {commit}）" in text
    (tmp_path / "发布说明.md").write_text(text, encoding="utf-8")
    assert privacy.scan([tmp_path / "发布说明.md"], OFFICE) == []
