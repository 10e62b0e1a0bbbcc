"""Files as Chinese offices really save them: comment sheets from Excel on
Windows (GBK CSV), comment YAML written by hand, Markdown in GBK, and the
messages a user gets when such a file cannot be read."""
from __future__ import annotations

import csv
import io

import pytest

from scripts.comments.importer import read_rows
from scripts.errors import Failure
from scripts.textdecode import UnknownEncoding, decode_text

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
