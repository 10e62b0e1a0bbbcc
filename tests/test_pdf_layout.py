"""The formal PDF read as a reader would: glyph positions, fonts, metadata, outline."""
from __future__ import annotations

import re
from collections import defaultdict

import pdfplumber
import pytest
from pypdf import PdfReader

from scripts.model import load_model
from tests import gbt9704 as STD
from tests.gbt9704 import MM_PER_PT

pytestmark = pytest.mark.slow

MM = 1 / MM_PER_PT          # points per millimetre
BODY = (15.5, 16.5)         # 3号 glyphs
CJK_ONLY = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—]+$")


def lines_of(page, size=BODY):
    """Text lines of glyphs in a size range: {top: [chars sorted by x]}."""
    rows = defaultdict(list)
    for char in page.chars:
        if size[0] <= char["size"] <= size[1] and char["text"].strip() and char["text"] != "\u2060":
            rows[round(char["top"])].append(char)
    return {top: sorted(chars, key=lambda c: c["x0"]) for top, chars in sorted(rows.items())}


@pytest.fixture(scope="module")
def pdf(exported):
    with pdfplumber.open(exported["pdf"]) as document:
        yield document


@pytest.fixture(scope="module")
def body_pages(pdf):
    """Pages holding only running body text (no table, no annex), as line maps."""
    pages = []
    for page in pdf.pages:
        text = page.extract_text() or ""
        if page.find_tables() or "附件" in text[:20] or page.page_number == 1:
            continue
        pages.append((page.page_number, lines_of(page)))
    return pages


def test_full_pages_hold_22_lines_on_the_grid(body_pages):
    counts = [len(lines) for _, lines in body_pages]
    assert max(counts) == 22, counts
    assert counts.count(22) >= len(counts) // 2
    _, lines = next(p for p in body_pages if len(p[1]) == 22)
    tops = list(lines)
    pitches = {round(b - a, 1) for a, b in zip(tops, tops[1:])}
    assert all(abs(p - STD.LINE_PITCH_PT) < 0.6 for p in pitches), pitches


def test_full_lines_hold_28_characters(body_pages):
    left_edge = STD.MARGIN_LEFT_MM * MM
    right_edge = (STD.MARGIN_LEFT_MM + STD.TEXT_WIDTH_MM) * MM
    full = [chars for _, lines in body_pages for chars in lines.values()
            if CJK_ONLY.match("".join(c["text"] for c in chars)) and abs(chars[-1]["x1"] - right_edge) < 2]
    # a first line starts after a two-character indent: count those cells too
    lengths = [len(chars) + round((chars[0]["x0"] - left_edge) / STD.CHAR_PITCH_PT) for chars in full]
    assert len(lengths) > 50
    assert max(lengths) == 28
    # 27 happens only where a closing mark may not start the next line (避头尾)
    assert lengths.count(28) / len(lengths) > 0.8, lengths


def test_margins_are_gbt9704(body_pages):
    _, lines = next(p for p in body_pages if len(p[1]) == 22)
    first_top = min(lines)
    lefts = [chars[0]["x0"] for chars in lines.values()]
    rights = [chars[-1]["x1"] for chars in lines.values()]
    assert abs(first_top / MM - 37) <= STD.TOLERANCE_MM
    assert abs(min(lefts) / MM - 28) <= STD.TOLERANCE_MM
    assert abs((210 * MM - max(rights)) / MM - 26) <= STD.TOLERANCE_MM
    last = max(lines)
    bottom_of_text = (last + 16) / MM
    assert bottom_of_text <= 297 - 35 + STD.TOLERANCE_MM


def test_page_numbers_alternate_sides(pdf):
    for page in pdf.pages[:4]:
        numbers = lines_of(page, size=(13.5, 14.5))
        assert numbers, f"第 {page.page_number} 页没有 4 号页码"
        top, chars = max(numbers.items())
        text = "".join(c["text"] for c in chars)
        assert text == f"—{page.page_number}—"
        # the line's top sits above the dash; the dash's own ink is measured
        # in test_formal_reading.py (7 ± 1 mm below the 版心)
        gap = top / MM - (STD.MARGIN_TOP_MM + STD.TEXT_HEIGHT_MM)
        assert 2 <= gap <= 8, gap
        one_char = STD.PAGE_NUMBER_PT
        if page.page_number % 2:
            expected = (STD.MARGIN_LEFT_MM + STD.TEXT_WIDTH_MM) * MM - one_char
            assert abs(chars[-1]["x1"] - expected) < 3
        else:
            expected = STD.MARGIN_LEFT_MM * MM + one_char
            assert abs(chars[0]["x0"] - expected) < 3
        assert "Song" in chars[0]["fontname"] or "宋" in chars[0]["fontname"] or "Serif" in chars[0]["fontname"]


def test_title_heading_fonts_and_embedding(pdf, exported):
    first = pdf.pages[0]
    title = [c for c in first.chars if c["size"] > 21]
    model = load_model(exported["pdf"].parents[2])
    assert "".join(c["text"] for c in title) == model.document_title()
    centre = (min(c["x0"] for c in title) + max(c["x1"] for c in title)) / 2
    assert abs(centre / MM - (STD.MARGIN_LEFT_MM + STD.TEXT_WIDTH_MM / 2)) < 3
    fonts_by_text = {}
    for chars in lines_of(first).values():
        fonts_by_text["".join(c["text"] for c in chars)] = chars[2]["fontname"]
    assert "Hei" in fonts_by_text["一、总体要求"]
    assert "Kai" in fonts_by_text["（一）指导思想"]
    reader = PdfReader(exported["pdf"])
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            assert descriptor is not None
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")


def test_metadata_outline_and_tags(exported):
    reader = PdfReader(exported["pdf"])
    model = load_model(exported["pdf"].parents[2])
    info = reader.metadata
    assert info.title == model.document_title()
    assert info.author == model.plan.drafting_body
    assert info.subject == model.stage().name
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top[0] == "一、总体要求" and "十、保障措施" in top
    assert "主要指标表" in top
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_annexes_start_a_page_with_their_label(pdf):
    labels = []
    for page in pdf.pages:
        lines = lines_of(page)
        if not lines:
            continue
        top, chars = next(iter(lines.items()))
        text = "".join(c["text"] for c in chars)
        if re.fullmatch(r"附件\d+", text):
            labels.append(text)
            assert abs(chars[0]["x0"] / MM - STD.MARGIN_LEFT_MM) < 1
            assert "Hei" in chars[0]["fontname"]
    assert labels == ["附件1", "附件2", "附件3"]


def test_target_table_repeats_its_header_and_footnotes_print(pdf):
    header_pages = [p.page_number for p in pdf.pages
                    if re.search(r"类别 指标 单位 基期值", p.extract_text() or "")]
    consecutive = [a for a, b in zip(header_pages, header_pages[1:]) if b == a + 1]
    assert consecutive, "the target table's header row should repeat on the next page"
    small = "".join(c["text"] for p in pdf.pages for c in p.chars if 13 <= c["size"] <= 14.5)
    assert "沪质办〔2021〕4号" in small


def test_font_substitutions_are_recorded_beside_the_pdf(exported):
    note = exported["pdf"].with_name(exported["pdf"].stem + ".字体.txt").read_text(encoding="utf-8")
    assert "正文（仿宋）" in note and "页码（宋体）" in note
    assert ("代替" in note) or ("使用 仿宋_GB2312" in note)
