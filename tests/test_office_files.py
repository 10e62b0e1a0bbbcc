"""Files as Chinese offices really save them: comment sheets from Excel on
Windows (GBK CSV), comment YAML written by hand, Markdown in GBK, and the
messages a user gets when such a file cannot be read."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from scripts import cli
from scripts.comments.importer import read_rows
from scripts.errors import Failure
from scripts.intake.files import read_submission
from scripts.intake.page import body_of
from scripts.intake.submit import Request, intake
from scripts.model import load_model
from scripts.textdecode import UnknownEncoding, decode_text
from tests import intake_factory as factory
from tests.test_intake import tree_digest
from tests.conftest import plan

HEADER = ["收到日期", "渠道", "提出者类别", "姓名", "段落", "意见内容"]
ROW = ["2021/9/3", "电子邮件", "个人", "王五", "p-1a2b3c4d", "建议把“质量强市”改为“质量强国建设”，并补充长三角协同。"]


def csv_bytes(rows, encoding: str) -> bytes:
    """What Excel writes: CRLF lines, in the encoding of its "save as" choice."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_a_comment_sheet_is_read_in_every_encoding_excel_writes(tmp_path, encoding):
    sheet = tmp_path / "意见汇总.csv"
    sheet.write_bytes(csv_bytes([HEADER, ROW], encoding))
    rows = read_rows(sheet)
    assert rows == [(2, dict(zip(HEADER, ROW)))]


def test_a_gb18030_only_character_survives(tmp_path):
    # 㐀 (U+3400, CJK extension A) is in GB18030 but not in GBK
    sheet = tmp_path / "意见.csv"
    sheet.write_bytes(csv_bytes([HEADER, ROW[:-1] + ["㐀字的写法"]], "gb18030"))
    assert read_rows(sheet)[0][1]["意见内容"] == "㐀字的写法"


@pytest.mark.parametrize("encoding, reason", [("utf-16", "UTF-16"), ("cp1252", "文本编码无法识别")])
def test_other_encodings_are_refused_in_chinese(tmp_path, encoding, reason):
    sheet = tmp_path / "意见.csv"
    rows = [HEADER, ROW] if encoding == "utf-16" else [["Date", "Channel"], ["2021/9/3", "Café, résumé"]]
    sheet.write_bytes(csv_bytes(rows, encoding))
    with pytest.raises(Failure) as caught:
        read_rows(sheet)
    message = str(caught.value)
    assert "意见.csv" in message and reason in message and "另存为" in message and "未导入" in message


def test_the_markdown_path_and_the_importer_share_one_decoder():
    text = "# 材料\n\n现状良好。\n"
    assert decode_text(text.encode("gbk")).text == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode()).text == text
    with pytest.raises(UnknownEncoding):
        decode_text(b"\xff\xfe" + text.encode("utf-16-le"))


@pytest.mark.parametrize("content, shape", [("只有一句话\n", "单个值"), ("42\n", "单个值"),
                                            ("comments: 不是列表\n", "单个值"), ("- 一句话\n", "第1条意见是单个值")])
def test_a_comment_yaml_of_the_wrong_shape_gets_a_chinese_message(tmp_path, content, shape):
    path = tmp_path / "意见.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(Failure) as caught:
        read_rows(path)
    assert "意见.yml" in str(caught.value) and shape in str(caught.value) and "意见列表" in str(caught.value)


# --- messages instead of tracebacks -------------------------------------------------

JULY_20 = dt.date(2021, 7, 20)




def test_a_broken_docx_is_refused_naming_the_users_file_not_pandoc(project, tmp_path):
    # a zip with a readable word/document.xml but no package parts: Word and pandoc cannot open it
    path = tmp_path / "浦东新区材料.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                         'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>')
    before = tree_digest(project)
    result = plan(project, "intake", str(path), "--unit", "pudong")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "浦东新区材料.docx" in result.stderr and "source.docx" not in result.stderr
    assert "重装" not in result.stderr and "另存为 .docx" in result.stderr and "未写入任何文件" in result.stderr
    assert tree_digest(project) == before


def test_an_eighty_character_chinese_file_name_is_registered(project, tmp_path):
    name = "关于" + "上海市浦东新区推进质量强区建设工作情况及下一步打算的报告" * 3
    name = name[:80] + ".docx"
    assert len(name) == 85 and len(name.encode("utf-8")) > 240
    path = factory.messy_material(tmp_path / "in", name=name)
    outcome = intake(project, Request(path, "pudong", received=JULY_20))
    original = project / outcome.revision.original
    assert original.read_bytes() == path.read_bytes() and original.suffix == ".docx"
    assert outcome.revision.source_name == name        # the registry keeps the name as sent


def test_a_failed_write_leaves_no_empty_unit_folder(project, tmp_path, monkeypatch):
    path = factory.messy_material(tmp_path / "in")
    import scripts.intake.filing as filing

    def full_disk(target, data):
        if target.suffix == ".md":
            raise OSError(28, "No space left on device", str(target))
        return real(target, data)
    real = filing.write_bytes
    monkeypatch.setattr(filing, "write_bytes", full_disk)
    before = tree_digest(project)
    with pytest.raises(OSError):
        intake(project, Request(path, "pudong", received=JULY_20))
    assert tree_digest(project) == before
    assert not (project / "data/submissions/pudong").exists()
    assert not (project / "docs/reports/material/pudong.files").exists()


@pytest.mark.parametrize("content, problem", [("{not json", "不是 plan release 生成的清单"),
                                              ('{"stage": "draft"}', "缺少 tag、stage_date、artifacts")])
def test_a_malformed_manifest_gets_a_chinese_message(project, tmp_path, content, problem):
    folder = tmp_path / "dist-draft"
    folder.mkdir()
    (folder / "manifest.json").write_text(content, encoding="utf-8")
    result = plan(project, "verify", str(folder))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "manifest.json" in result.stderr and problem in result.stderr


def test_an_unwritable_dist_gets_a_chinese_message(project, monkeypatch, capsys):
    # as root chmod cannot deny a write, so the export meets the error the file system gives a normal user
    def denied(args, root, *rest):
        raise PermissionError(13, "Permission denied", str(root / "dist" / "draft"))
    monkeypatch.setattr("scripts.commands.export.export_documents", denied)
    assert cli.main(["--root", str(project), "export", "--format", "docx", "--no-build"]) == 1
    err = capsys.readouterr().err
    assert "dist/draft：没有读写权限" in err and "权限" in err and "Traceback" not in err


# --- resource limits ----------------------------------------------------------------

def refused(path) -> str:
    with pytest.raises(Failure) as caught:
        read_submission(path)
    message = str(caught.value)
    assert path.name in message and "未写入任何文件" in message
    return message


def test_a_docx_that_unpacks_to_hundreds_of_megabytes_is_refused_before_conversion(tmp_path):
    # the shape of the reported file: a few hundred KB that unpack to 250 MB
    path = tmp_path / "材料.docx"
    docx.Document().save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("customXml/item9.xml", b"<a>" + b" " * (250 * 1024 * 1024) + b"</a>")
    assert path.stat().st_size < 2 * 1024 * 1024
    message = refused(path)
    assert "解压后的大小为" in message and "超过上限100 MB" in message


def test_a_strict_open_xml_document_is_refused_saying_how_to_save_it(tmp_path):
    """Word's "Strict Open XML Document" keeps the text under other namespaces, which pandoc
    does not read: the file is refused for what it is, not as a file without text."""
    transitional = tmp_path / "普通.docx"
    document = docx.Document()
    document.add_paragraph("一、现状")
    document.save(transitional)
    path = tmp_path / "材料.docx"
    strict = {"http://schemas.openxmlformats.org/wordprocessingml/2006/main": "http://purl.oclc.org/ooxml/wordprocessingml/main",
              "http://schemas.openxmlformats.org/officeDocument/2006/relationships":
                  "http://purl.oclc.org/ooxml/officeDocument/relationships"}
    with zipfile.ZipFile(transitional) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith((".xml", ".rels")):
                for old, new in strict.items():
                    data = data.replace(old.encode(), new.encode())
            target.writestr(item, data)
    message = refused(path)
    assert "Strict Open XML" in message and "另存为" in message and "Word 文档" in message
    assert "没有正文文字" not in message


def test_an_overlong_document_is_refused_naming_the_bound(tmp_path):
    path = tmp_path / "材料.docx"
    document = docx.Document()
    for _ in range(800):          # 800 × 80 characters = 64,000, over six research reports
        document.add_paragraph(factory.FILLER[:80])
    document.save(path)
    message = refused(path)
    assert "字数为约64,000字，超过上限60,000字" in message


def test_a_large_original_is_refused_naming_the_bound(tmp_path):
    import os
    path = tmp_path / "材料.docx"
    document = docx.Document()
    document.add_paragraph("正文")
    document.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("word/media/image1.png", os.urandom(21 * 1024 * 1024))
    message = refused(path)
    assert "文件大小为" in message and "超过上限20 MB" in message and "压缩图片" in message


def test_too_many_pictures_are_refused_naming_the_bound(tmp_path):
    path = tmp_path / "材料.docx"
    document = docx.Document()
    picture = factory.png(tmp_path / "p.png")
    document.add_paragraph("现场照片如下。")
    for _ in range(81):
        document.add_picture(str(picture))
    document.save(path)
    assert "图片数量为81幅，超过上限80幅" in refused(path)


# --- content that used to vanish ------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def registered_page(project, path, unit="pudong"):
    outcome = intake(project, Request(path, unit, received=JULY_20))
    page = (project / "docs/reports" / outcome.revision.kind / f"{unit}.md").read_text(encoding="utf-8")
    return outcome, page


def test_a_lone_pasted_picture_is_kept_with_a_generated_alt_text(project, tmp_path):
    path = tmp_path / "材料.docx"
    document = docx.Document()
    document.add_paragraph("浦东新区质量发展材料")
    document.add_paragraph("质量提升现场如下。")
    document.add_picture(str(factory.png(tmp_path / "p.png")))     # Word's paste: no alt text, alone in its paragraph
    document.add_paragraph("以上为现场照片。")
    document.save(path)
    outcome, page = registered_page(project, path)
    image = re.search(r"!\[图1\]\((pudong\.files/r1/media/[^)]+)\)", page)
    assert image and (project / "docs/reports/material" / image.group(1)).is_file()
    assert any("1幅图片没有替代文字" in n.text for n in outcome.revision.notes)


def test_a_footnote_on_the_first_paragraph_is_not_lost(project, tmp_path):
    path = factory.docx_from_markdown("本区质量工作总体情况良好[^1]\n\n[^1]: 数据来源：浦东新区统计局2020年公报。\n",
                                      tmp_path / "材料.docx")
    outcome, page = registered_page(project, path)
    assert "数据来源：浦东新区统计局2020年公报" in body_of(page)
    assert outcome.revision.chars > 0


def test_lists_in_a_table_cell_keep_their_items_and_numbers(project, tmp_path):
    path = tmp_path / "材料.docx"
    document = docx.Document()
    document.add_paragraph("指标表如下。")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "事项", "举措"
    cell = table.rows[1].cells[1]
    cell.text = "Cell with"
    cell.add_paragraph("完善标准体系", style="List Number")
    cell.add_paragraph("加强计量服务", style="List Number")
    table.rows[1].cells[0].text = "质量基础设施"
    document.save(path)
    _, page = registered_page(project, path)
    assert re.search(r"\| Cell with 1\. 完善标准体系 2\. 加强计量服务 +\|", page), page


VML_BOX = (f'<w:p xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict>'
           '<v:shape id="box1" type="#_x0000_t202" style="width:200pt;height:50pt"><v:textbox><w:txbxContent>'
           '<w:p><w:r><w:t>VML文本框：到2025年服务满意度达到85分。</w:t></w:r></w:p>'
           '</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>')
DRAWING_BOX = (
    f'<w:p xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
    '<w:r><w:t>正文中的锚点段落。</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    '<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="2000000" cy="500000"/><wp:docPr id="5" name="文本框 5"/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
    '<wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx><w:txbxContent>'
    '<w:p><w:r><w:t>DrawingML文本框：典型案例一则。</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/>'
    '</wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:shape id="box2"><v:textbox><w:txbxContent>'
    '<w:p><w:r><w:t>DrawingML文本框：典型案例一则。</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>'
    '</mc:Fallback></mc:AlternateContent></w:r></w:p>')


def test_text_in_text_boxes_is_kept_as_paragraphs_and_reported(project, tmp_path):
    # Word for Windows writes a DrawingML box with a VML fallback (same text); WPS and old files write VML only
    path = tmp_path / "材料.docx"
    document = docx.Document()
    document.add_paragraph("第一段正文。")
    body = document.element.body
    for xml in (VML_BOX, DRAWING_BOX):
        body.insert(len(body) - 1, etree.fromstring(xml))
    document.add_paragraph("最后一段正文。")
    document.save(path)
    outcome, page = registered_page(project, path)
    body_text = body_of(page)
    assert "VML文本框：到2025年服务满意度达到85分。" in body_text
    assert body_text.count("DrawingML文本框：典型案例一则。") == 1
    assert body_text.index("正文中的锚点段落") < body_text.index("DrawingML文本框") < body_text.index("最后一段正文")
    assert any("文本框2个" in n.text for n in outcome.revision.notes)


# --- honest sample data ---------------------------------------------------------------

SHANGHAI_DISTRICTS = ("黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区", "嘉定区",
                      "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区")


def test_only_units_the_notice_makes_certain_are_not_marked_as_examples():
    root = Path(__file__).resolve().parents[1]
    model = load_model(root)
    districts = [u for u in model.units if u.kind == "district"]
    assert sorted(u.name.split("质量")[0] for u in districts) == sorted(SHANGHAI_DISTRICTS)
    assert all(u.status == "已确定" for u in districts)
    # the notice is addressed to kinds of units and names one body: the 市市场监管局, seat of the secretariat
    certain = {u.name for u in model.units if u.status != "示例"}
    assert certain == {u.name for u in districts} | {"市市场监管局"}
    assert all(u.label.endswith("（示例）") for u in model.units if u.name not in certain)


def test_a_body_split_into_tens_of_thousands_of_runs_is_refused_before_pandoc(tmp_path):
    # what Word writes when every character carries its own formatting: each run about 150 bytes of XML
    run = ('<w:r><w:rPr><w:rFonts w:ascii="仿宋" w:eastAsia="仿宋"/><w:b/><w:i/><w:color w:val="010203"/>'
           '<w:sz w:val="32"/></w:rPr><w:t>质</w:t></w:r>')
    paragraph = "<w:p>" + run * 28 + "</w:p>"
    body = (f'<w:document xmlns:w="{W_NS}"><w:body>' + paragraph * 1500 + "</w:body></w:document>").encode()
    path = tmp_path / "材料.docx"
    docx.Document().save(path)
    source = zipfile.ZipFile(path)
    rebuilt = tmp_path / "零碎.docx"
    with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, body if info.filename == "word/document.xml" else source.read(info))
    message = refused(rebuilt)
    assert "正文部分（word/document.xml）解压后为" in message and "超过上限5 MB" in message and "清除格式" in message


def test_a_footnote_on_a_heading_stays_a_footnote(project, tmp_path):
    text = factory.material_markdown().replace("# 一、发展现状", "# 一、发展现状[^2]") + \
        "\n[^2]: 本部分数据截至2020年底。\n"
    path = factory.docx_from_markdown(text, tmp_path / "材料.docx")
    factory.handmake_headings(path)
    outcome, page = registered_page(project, path)
    assert re.search(r"^## 一、发展现状\[\^\d+\]$", page, re.M), page[:1500]
    assert re.search(r"^\[\^\d+\]: 本部分数据截至2020年底。$", page, re.M)
    assert any("四部分齐全" in n.text for n in outcome.revision.notes)
