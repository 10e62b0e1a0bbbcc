"""Personal data in comment text and published files: every form, and the near misses.

Written against the public functions only (find, redact, personal_data, scan),
so the cases stay valid however the module is arranged inside; tests/test_privacy.py
holds the written forms (full-width, spaced, +86) and the hash/date near misses. The forms
are those of real submissions: mobiles of every current prefix (13x–19x),
18-digit ID numbers born in the 1900s and 2000s, landlines with and without
a dash, and e-mail addresses.
"""
from __future__ import annotations

import docx
import pytest

from scripts.privacy import HIDDEN, find, personal_data, redact, scan


def find_personal_data(text: str, allowed: set[str]) -> list[tuple[str, str]]:
    return [(hit.kind, hit.value) for hit in personal_data(text, allowed)]

PERSONAL = [
    pytest.param("13812345678", "手机号", id="mobile-13x"),
    pytest.param("15098765432", "手机号", id="mobile-15x"),
    pytest.param("17712345678", "手机号", id="mobile-17x"),
    pytest.param("18612345678", "手机号", id="mobile-18x"),
    pytest.param("19912345678", "手机号", id="mobile-199"),
    pytest.param("19112345678", "手机号", id="mobile-191"),
    pytest.param("110101199003071234", "身份证号", id="id-born-1990"),
    pytest.param("310104195512310012", "身份证号", id="id-born-1955-dec-31"),
    pytest.param("11010120050307123X", "身份证号", id="id-born-2005-check-X"),
    pytest.param("31010420100101002x", "身份证号", id="id-check-lowercase-x"),
    pytest.param("021-63211234", "电话", id="landline-shanghai-dash"),
    pytest.param("02163211234", "电话", id="landline-no-dash"),
    pytest.param("0571-87654321", "电话", id="landline-hangzhou"),
    pytest.param("zhang.san+plan@example.com.cn", "邮箱", id="email-dots-plus"),
    pytest.param("li_si@mail.sh-gov.cn", "邮箱", id="email-dash-domain"),
]

NOT_PERSONAL = [
    pytest.param("1381234567", id="ten-digits"),
    pytest.param("138123456789", id="twelve-digits"),
    pytest.param("12812345678", id="mobile-prefix-12"),
    pytest.param("10012345678", id="mobile-prefix-10"),
    pytest.param("110101189003071234", id="id-born-1890"),
    pytest.param("110101199013071234", id="id-month-13"),
    pytest.param("110101199003321234", id="id-day-32"),
    pytest.param("1101011990030712345", id="nineteen-digits"),
    pytest.param("010101199003071234", id="id-area-starting-0"),
    pytest.param("021-12345678", id="landline-exchange-starting-1"),
    pytest.param("2021-08-31", id="iso-date"),
    pytest.param("2025年达到95%以上，投入1,000万元", id="targets-and-money"),
    pytest.param("沪质办〔2021〕4号", id="document-number"),
    pytest.param("user@localhost", id="email-without-domain-dot"),
    pytest.param("请发至@质量处", id="at-sign-in-prose"),
]


@pytest.mark.parametrize("value, kind", PERSONAL)
def test_every_form_is_hidden_in_comment_text(value, kind):
    text, count = redact(f"联系人张三，{value}，请回电。")
    assert (text, count) == (f"联系人张三，{HIDDEN}，请回电。", 1)


@pytest.mark.parametrize("value, kind", PERSONAL)
def test_every_form_is_found_in_published_text_and_named(value, kind):
    assert find_personal_data(f"意见人：{value}。", set()) == [(kind, value)]


@pytest.mark.parametrize("value", NOT_PERSONAL)
def test_near_misses_are_left_alone(value):
    assert redact(f"数据：{value}。") == (f"数据：{value}。", 0)
    assert find_personal_data(f"数据：{value}。", set()) == []


def test_several_kinds_in_one_comment_are_all_hidden_and_counted():
    text = "手机19912345678，身份证110101199003071234，座机021-63211234，邮箱a.b@example.com"
    assert redact(text) == (f"手机{HIDDEN}，身份证{HIDDEN}，座机{HIDDEN}，邮箱{HIDDEN}", 4)


def test_an_id_number_is_not_reported_as_a_mobile_as_well():
    assert [(h.kind, h.value) for h in find("110101199003071234")] == [("身份证号", "110101199003071234")]


@pytest.mark.parametrize("text", [
    pytest.param("联系电话：021-23111111", id="published-number-with-dash"),
    pytest.param("联系电话：02123111111", id="published-number-digits-only"),
    pytest.param("邮箱 zlc@scjgj.sh.gov.cn", id="published-email"),
])
def test_the_office_s_own_published_contacts_are_allowed(text):
    assert find_personal_data(text, {"23111111", "zlc@scjgj.sh.gov.cn"}) == []


def test_an_allowed_contact_does_not_hide_someone_else_s():
    found = find_personal_data("021-23111111 或 13812345678 或 x@example.com",
                               {"23111111", "zlc@scjgj.sh.gov.cn", ""})
    assert sorted(found) == [("手机号", "13812345678"), ("邮箱", "x@example.com")]


def test_scan_names_each_published_file_and_value(tmp_path):
    site = tmp_path / "site"
    (site / "comments").mkdir(parents=True)
    (site / "index.html").write_text("<p>联系 13812345678</p>", encoding="utf-8")
    (site / "comments" / "data.json").write_text('{"phone": "19912345678"}', encoding="utf-8")
    (site / "logo.png").write_bytes(b"13812345678")            # not text: not scanned
    (site / "clean.txt").write_text("无个人信息", encoding="utf-8")
    word = docx.Document()
    paragraph = word.add_paragraph("身份证")
    paragraph.add_run("110101")                                 # split across runs, as Word does
    paragraph.add_run("199003071234")
    word.save(site / "table.docx")
    assert scan([tmp_path / "missing", site], set()) == [
        f"{site / 'comments' / 'data.json'}：发现手机号 19912345678",
        f"{site / 'index.html'}：发现手机号 13812345678",
        f"{site / 'table.docx'}：发现身份证号 110101199003071234",
    ]


def test_an_allowed_number_does_not_stop_the_search_for_the_next_one():
    assert find_personal_data("021-23111111 或 021-63211234", {"23111111"}) == [("电话", "021-63211234")]


def test_spreadsheets_pdfs_and_damaged_text_are_scanned_too(tmp_path):
    import openpyxl
    import typst
    dist = tmp_path / "dist"
    dist.mkdir()
    book = openpyxl.Workbook()
    book.active["C3"] = "13812345678"
    book.save(dist / "table.xlsx")
    (dist / "note.typ").write_text("Phone 19912345678", encoding="utf-8")
    (dist / "plan.pdf").write_bytes(typst.compile(str(dist / "note.typ")))
    (dist / "note.typ").unlink()
    (dist / "broken.txt").write_bytes(b"\xff\xfe 15098765432")
    assert scan([dist], set()) == [
        f"{dist / 'broken.txt'}：发现手机号 15098765432",
        f"{dist / 'plan.pdf'}：发现手机号 19912345678",
        f"{dist / 'table.xlsx'}：发现手机号 13812345678",
    ]
