"""The formal Word file: the generated reference document (GB/T 9704 page,
grid, footers and styles), what survives pandoc, and a LibreOffice round trip."""
from __future__ import annotations

import math
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from scripts.errors import Failure
from scripts.export.docx import export_docx
from scripts.export.layout import GBT9704, OFFICIAL_FONTS
from scripts.export.pandoc_runner import run_pandoc
from scripts.export.reference_docx import write_reference_docx
from tests import gbt9704 as STD
from tests.gbt9704 import MM_PER_PT
from tests.office import libreoffice_to_pdf

# Paragraph styles pandoc's DOCX writer uses (plus the filter's custom styles).
PANDOC_PARAGRAPH_STYLES = [
    "Normal", "Body Text", "First Paragraph", "Compact", "Title", "Subtitle", "Author", "Date",
    "Abstract Title", "Abstract", "Bibliography", "Heading 1", "Heading 2", "Heading 3", "Heading 4",
    "Heading 5", "Heading 6", "Block Text", "Footnote Text", "Footnote Block Text", "Definition Term",
    "Definition", "Caption", "Table Caption", "Image Caption", "Figure", "Captioned Figure",
    "TOC Heading", "Annex Label", "Annex Title", "Table Text", "Annex List", "Annex List Item",
]
EM_DASH = "\u2014"
LINE_TWIPS = 579   # 28.95pt

# Child order from the OOXML schema for the elements the generator writes.
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "numPr", "tabs",
             "snapToGrid", "spacing", "ind", "jc", "outlineLvl", "rPr"]
RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "vanish", "color", "spacing", "sz", "szCs",
             "u", "vertAlign", "lang"]


def sample_markdown(rows: int = 60) -> str:
    long_paragraph = ("为深入贯彻落实《质量强国建设纲要》，全面提升上海质量发展水平，结合本市实际，"
                      "制定本实施方案。到二〇二五年，质量整体水平进一步全面提高，品牌影响力稳步提升。")
    table = ["| 序号 | 指标名称 | 目标值 |", "|------|----------|--------|"]
    table += [f"| {n} | 质量指标第{n}项 | {n}% |" for n in range(1, rows + 1)]
    parts = [
        "---\ntitle: 质量强国建设纲要上海实施方案\nauthor: 上海市市场监督管理局\nlang: zh-CN\n---",
        "# 一、总则 {#a}",
        "总则第一段：坚持以质量为先，推动高质量发展。[^n1]",
        *[f"第{n}段。{long_paragraph * 3}" for n in range(2, 12)],
        "## （一）指导思想",
        "指导思想正文。",
        "### 1.主要目标",
        "主要目标正文。",
        "#### （1）具体指标",
        "\n".join(table),
        "表后段落。",
        "[^n1]: 脚注正文：依据国家标准编制。",
        '::: {.annex number="1"}\n\n# 附件标题\n\n附件正文段落。\n\n:::',
    ]
    return "\n\n".join(parts) + "\n"


# --- helpers ---------------------------------------------------------------

def style_element(document, name: str):
    return document.styles[name].element


def rpr_of(element):
    return element.find(qn("w:rPr"))


def ppr_of(element):
    return element.find(qn("w:pPr"))


def child(parent, name: str):
    return None if parent is None else parent.find(qn(f"w:{name}"))


def attr(element, name: str):
    return None if element is None else element.get(qn(f"w:{name}"))


def east_asia_font(document, name: str) -> str | None:
    return attr(child(rpr_of(style_element(document, name)), "rFonts"), "eastAsia")


def local_names(element) -> list[str]:
    prefix = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return [c.tag[len(prefix):] for c in element if isinstance(c.tag, str) and c.tag.startswith(prefix)]


def assert_schema_order(element, order: list[str]) -> None:
    positions = [order.index(n) for n in local_names(element) if n in order]
    assert positions == sorted(positions), f"{element.tag}: {local_names(element)}"


def mm(length) -> float:
    return length / 36000


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("reference") / "reference.docx"
    write_reference_docx(path)
    return path


@pytest.fixture(scope="module")
def ref_doc(reference):
    return docx.Document(str(reference))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("export")
    source = base / "plan.md"
    source.write_text(sample_markdown(), encoding="utf-8")
    output = base / "dist" / "方案.docx"
    export_docx(source, output, base / "work")
    return output


@pytest.fixture(scope="module")
def out_doc(exported):
    return docx.Document(str(exported))


# --- the reference document -------------------------------------------------

def test_page_is_a4_with_gbt9704_margins(ref_doc):
    assert len(ref_doc.sections) == 1
    section = ref_doc.sections[0]
    expected = {"page_width": 210, "page_height": 297, "top_margin": 37, "bottom_margin": 35,
                "left_margin": 28, "right_margin": 26}
    for name, value in expected.items():
        assert abs(mm(getattr(section, name)) - value) < 0.1, name
    # the (empty) header sits inside the top margin; that it never pushes the text down is
    # measured in LibreOffice's rendering (test_libreoffice_page_grid_and_page_numbers)
    assert mm(section.header_distance) < 37


def test_page_number_line_sits_between_the_type_area_and_7mm(ref_doc):
    # the line's top is above the dash; the dash itself is measured at
    # 7 ± 1 mm in a LibreOffice rendering (test_formal_reading.py)
    section = ref_doc.sections[0]
    line_mm = mm(Pt(14 * 1.2))                        # one 4号 line
    gap_mm = mm(section.bottom_margin) - mm(section.footer_distance) - line_mm
    assert 1 < gap_mm < 7
    footer_p = ppr_of(section.footer.paragraphs[0]._p)
    spacing = child(footer_p, "spacing")
    assert (attr(spacing, "lineRule"), int(attr(spacing, "line"))) == ("exact", 336)


def test_document_grid_gives_22_lines_of_28_characters(ref_doc):
    sect_pr = ref_doc.sections[0]._sectPr
    grid = child(sect_pr, "docGrid")
    assert attr(grid, "type") == "lines"
    line_pitch = int(attr(grid, "linePitch"))
    assert line_pitch == LINE_TWIPS
    section = ref_doc.sections[0]
    height_twips = (section.page_height - section.top_margin - section.bottom_margin) / 635
    width_pt = (section.page_width - section.left_margin - section.right_margin) / 12700
    assert math.floor(height_twips / line_pitch) == 22
    spacing = child(ref_doc.styles["Normal"].element.find(qn("w:rPr")), "spacing")
    pitch_pt = 16 + int(attr(spacing, "val")) / 20    # 3号 plus the style's character spacing
    assert math.floor(width_pt / pitch_pt) == 28      # 28 characters fit, 29 do not


def test_normal_style(ref_doc):
    normal = ref_doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    fmt = normal.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing == Pt(28.95)
    assert fmt.space_before == 0 and fmt.space_after == 0
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert east_asia_font(ref_doc, "Normal") == "仿宋_GB2312"
    fonts = child(rpr_of(style_element(ref_doc, "Normal")), "rFonts")
    assert attr(fonts, "ascii") == attr(fonts, "hAnsi") == "仿宋_GB2312"
    assert attr(child(ppr_of(style_element(ref_doc, "Normal")), "snapToGrid"), "val") not in ("0", "false")


@pytest.mark.parametrize("name", ["Body Text", "First Paragraph"])
def test_body_paragraphs_indent_two_characters(ref_doc, name):
    style = ref_doc.styles[name]
    assert style.base_style.name == "Normal"
    fmt = style.paragraph_format
    assert fmt.first_line_indent == Pt(32)
    assert attr(child(ppr_of(style.element), "ind"), "firstLineChars") == "200"
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.space_before == 0 and fmt.space_after == 0
    assert east_asia_font(ref_doc, name) == "仿宋_GB2312"


@pytest.mark.parametrize("name, font, bold, level", [
    ("Heading 1", "黑体", False, 0),
    ("Heading 2", "楷体_GB2312", False, 1),
    ("Heading 3", "仿宋_GB2312", True, 2),
    ("Heading 4", "仿宋_GB2312", False, 3),
])
def test_headings(ref_doc, name, font, bold, level):
    style = ref_doc.styles[name]
    assert east_asia_font(ref_doc, name) == font
    assert style.font.size == Pt(16)
    assert style.font.bold is bold
    assert style.font.italic is not True
    rpr = rpr_of(style.element)
    color = child(rpr, "color")
    assert color is None or (attr(color, "val") == "000000" and attr(color, "themeColor") is None)
    fonts = child(rpr, "rFonts")
    assert not [k for k in fonts.attrib if k.endswith("Theme") or k.endswith("theme")]
    fmt = style.paragraph_format
    assert fmt.first_line_indent == Pt(32)
    assert fmt.line_spacing == Pt(28.95) and fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.space_before == 0 and fmt.space_after == 0
    assert fmt.keep_with_next is True
    assert attr(child(ppr_of(style.element), "outlineLvl"), "val") == str(level)


def test_no_paragraph_or_linked_style_is_coloured_or_themed(ref_doc):
    for name in PANDOC_PARAGRAPH_STYLES + ["Heading 1 Char", "Title Char"]:
        rpr = rpr_of(style_element(ref_doc, name))
        color = child(rpr, "color")
        assert color is None or attr(color, "val") == "000000", name
        fonts = child(rpr, "rFonts")
        assert fonts is None or not [k for k in fonts.attrib if "heme" in k], name


def test_title(ref_doc):
    title = ref_doc.styles["Title"]
    assert east_asia_font(ref_doc, "Title") == "方正小标宋简体"
    assert title.font.size == Pt(22)
    assert title.font.bold is not True
    fmt = title.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert fmt.line_spacing >= Pt(22 * 1.3)          # a 22pt line is not clipped
    assert abs(fmt.space_after - Pt(28.95)) <= Pt(0.05)
    assert not fmt.first_line_indent


def test_compact_lists_keep_the_body_size(ref_doc):
    compact = ref_doc.styles["Compact"]
    assert compact.font.size == Pt(16)
    assert compact.paragraph_format.line_spacing == Pt(28.95)


def test_table_text(ref_doc):
    compact = ref_doc.styles["Table Text"]
    assert compact.base_style.name == "Normal"
    assert compact.font.size == Pt(10.5)      # 5号
    assert east_asia_font(ref_doc, "Table Text") == "仿宋_GB2312"
    fmt = compact.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.SINGLE
    assert not fmt.first_line_indent
    assert fmt.space_before == 0 and fmt.space_after == 0
    assert attr(child(ppr_of(compact.element), "snapToGrid"), "val") == "0"


@pytest.mark.parametrize("name", ["Author", "Date"])
def test_author_and_date_are_hidden(ref_doc, name):
    assert ref_doc.styles[name].font.hidden is True


def test_annex_styles(ref_doc):
    label, title = ref_doc.styles["Annex Label"], ref_doc.styles["Annex Title"]
    assert east_asia_font(ref_doc, "Annex Label") == "黑体"
    assert label.font.size == Pt(16)
    assert label.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert not label.paragraph_format.first_line_indent
    assert label.paragraph_format.line_spacing == Pt(28.95)
    # one empty line after the label: the annex title sits on the third line
    assert abs(label.paragraph_format.space_after - Pt(28.95)) <= Pt(0.05)
    assert east_asia_font(ref_doc, "Annex Title") == "方正小标宋简体"
    assert title.font.size == Pt(22)
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert abs(title.paragraph_format.space_after - Pt(28.95)) <= Pt(0.05)


def test_footnote_styles(ref_doc):
    text = ref_doc.styles["Footnote Text"]
    assert text.font.size == Pt(14)
    assert east_asia_font(ref_doc, "Footnote Text") == "仿宋_GB2312"
    assert text.paragraph_format.line_spacing_rule == WD_LINE_SPACING.SINGLE
    assert attr(child(ppr_of(text.element), "snapToGrid"), "val") == "0"
    assert ref_doc.styles["Footnote Reference"].font.superscript is True


def test_hyperlink_is_black(ref_doc):
    rpr = rpr_of(style_element(ref_doc, "Hyperlink"))
    assert attr(child(rpr, "color"), "val") == "000000"


def test_table_style_has_thin_black_borders(ref_doc):
    table = style_element(ref_doc, "Table")
    assert attr(table, "styleId") == "Table" and attr(table, "type") == "table"
    borders = child(child(table, "tblPr"), "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = child(borders, side)
        assert (attr(border, "val"), attr(border, "sz"), attr(border, "color")) == ("single", "4", "000000")
    margins = child(child(table, "tblPr"), "tblCellMar")
    for side in ("top", "bottom", "left", "right"):      # text never touches the rules
        assert int(attr(child(margins, side), "w")) >= 50, side     # ≈ 1 mm (56.7 twips)


def test_every_pandoc_paragraph_style_has_explicit_fonts(ref_doc):
    for name in PANDOC_PARAGRAPH_STYLES:
        fonts = child(rpr_of(style_element(ref_doc, name)), "rFonts")
        assert attr(fonts, "eastAsia") in OFFICIAL_FONTS.values(), name
        assert attr(fonts, "ascii") and attr(fonts, "hAnsi"), name


def test_document_defaults(ref_doc):
    rpr = ref_doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = child(rpr, "rFonts")
    assert attr(fonts, "eastAsia") == attr(fonts, "ascii") == attr(fonts, "hAnsi") == "仿宋_GB2312"
    assert attr(child(rpr, "lang"), "eastAsia") == "zh-CN"
    assert attr(child(rpr, "sz"), "val") == "32"


def footer_text(footer) -> str:
    return "".join(t.text for t in footer._element.iter(qn("w:t")))


def has_page_field(paragraph) -> bool:
    instr = " ".join(t.text or "" for t in paragraph.iter(qn("w:instrText")))
    simple = [f.get(qn("w:instr")) or "" for f in paragraph.iter(qn("w:fldSimple"))]
    return any(text.split()[:1] == ["PAGE"] for text in [instr, *simple] if text.strip())


@pytest.mark.parametrize("which, align, side", [
    ("footer", WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
    ("even_page_footer", WD_ALIGN_PARAGRAPH.LEFT, "left_indent"),
])
def test_page_number_footers(ref_doc, which, align, side):
    assert ref_doc.settings.odd_and_even_pages_header_footer is True
    footer = getattr(ref_doc.sections[0], which)
    assert not footer.is_linked_to_previous
    paragraph = footer.paragraphs[0]
    assert paragraph.alignment == align
    assert getattr(paragraph.paragraph_format, side) == Pt(14)
    assert has_page_field(paragraph._p)
    text = footer_text(footer)
    assert text.startswith(EM_DASH + " ") and text.endswith(" " + EM_DASH)
    for run in paragraph._p.iter(qn("w:r")):
        fonts = child(rpr_of(run), "rFonts")
        assert attr(fonts, "eastAsia") == attr(fonts, "ascii") == attr(fonts, "hAnsi") == "宋体"
        assert attr(child(rpr_of(run), "sz"), "val") == "28"


def test_settings_turn_on_odd_and_even_footers(reference):
    with zipfile.ZipFile(reference) as archive:
        assert b"<w:evenAndOddHeaders/>" in archive.read("word/settings.xml")


def test_body_is_one_empty_paragraph(ref_doc):
    body = ref_doc.element.body
    assert local_names(body) == ["p", "sectPr"]
    assert ref_doc.paragraphs[0].text == ""


def test_elements_are_in_schema_order(ref_doc):
    parts = [ref_doc.styles.element, ref_doc.sections[0].footer._element,
             ref_doc.sections[0].even_page_footer._element]
    count = 0
    for part in parts:
        for ppr in part.iter(qn("w:pPr")):
            assert_schema_order(ppr, PPR_ORDER)
            count += 1
        for rpr in part.iter(qn("w:rPr")):
            assert_schema_order(rpr, RPR_ORDER)
            count += 1
    assert count > 50
    assert_schema_order(ref_doc.sections[0]._sectPr,
                        ["footerReference", "pgSz", "pgMar", "cols", "docGrid"])


def test_generation_is_deterministic(tmp_path, reference):
    again = tmp_path / "again.docx"
    write_reference_docx(again)
    assert again.read_bytes() == reference.read_bytes()
    with zipfile.ZipFile(again) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
        assert "2021-01-01T00:00:00Z" in core
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.docx"]


def test_the_reference_carries_no_unused_template_table_styles(ref_doc):
    from docx.enum.style import WD_STYLE_TYPE
    table_styles = {s.name for s in ref_doc.styles if s.type == WD_STYLE_TYPE.TABLE}
    assert table_styles == {"Normal Table", "Table"}


def test_the_cached_reference_is_the_generated_one_and_follows_the_layout(tmp_path, reference):
    from dataclasses import replace
    from scripts.export.docx import cached_reference_docx
    first = cached_reference_docx(tmp_path)
    assert first.read_bytes() == reference.read_bytes()
    assert cached_reference_docx(tmp_path) == first
    other = cached_reference_docx(tmp_path, replace(GBT9704, margin_top_mm=30))
    assert other != first
    assert abs(mm(docx.Document(str(other)).sections[0].top_margin) - 30) < 0.1


def test_fonts_and_layout_come_from_the_arguments(tmp_path):
    from dataclasses import replace
    path = tmp_path / "other.docx"
    fonts = dict(OFFICIAL_FONTS, hei="SimHei")
    write_reference_docx(path, replace(GBT9704, margin_top_mm=30), fonts)
    document = docx.Document(str(path))
    assert east_asia_font(document, "Heading 1") == "SimHei"
    assert abs(mm(document.sections[0].top_margin) - 30) < 0.1


# --- after pandoc -----------------------------------------------------------

def paragraphs_by_text(document):
    return {p.text: p for p in document.paragraphs}


def test_export_keeps_page_setup_and_footers(out_doc, exported):
    section = out_doc.sections[-1]
    for name, value in {"page_width": 210, "page_height": 297, "top_margin": 37, "bottom_margin": 35,
                        "left_margin": 28, "right_margin": 26}.items():
        assert abs(mm(getattr(section, name)) - value) < 0.1, name
    assert attr(child(section._sectPr, "docGrid"), "linePitch") == str(LINE_TWIPS)
    assert out_doc.settings.odd_and_even_pages_header_footer is True
    assert has_page_field(section.footer.paragraphs[0]._p)
    assert section.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert section.even_page_footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_export_uses_the_styles(out_doc):
    by_text = paragraphs_by_text(out_doc)
    assert by_text["质量强国建设纲要上海实施方案"].style.name == "Title"
    assert "上海市市场监督管理局" not in by_text      # no (hidden) author line under the title
    assert by_text["一、总则"].style.name == "Heading 1"
    assert by_text["（一）指导思想"].style.name == "Heading 2"
    assert by_text["1．主要目标"].style.name == "Heading 3"     # full-width point
    assert by_text["（1）具体指标"].style.name == "Heading 4"
    body = [p for text, p in by_text.items() if text.startswith("第") and "段。" in text]
    assert len(body) == 10
    assert {p.style.name for p in body} <= {"Body Text", "First Paragraph"}
    assert by_text["附件1"].style.name == "Annex Label"
    assert by_text["附件标题"].style.name == "Annex Title"
    # the annex label's style starts a new page; no empty break paragraph precedes it
    assert out_doc.styles["Annex Label"].paragraph_format.page_break_before is True
    previous = by_text["附件1"]._p.getprevious()
    assert previous is None or previous.find(".//" + qn("w:br")) is None
    for name, font in [("Normal", "仿宋_GB2312"), ("Body Text", "仿宋_GB2312"), ("Heading 1", "黑体"),
                       ("Heading 2", "楷体_GB2312"), ("Title", "方正小标宋简体"),
                       ("Annex Label", "黑体"), ("Table Text", "仿宋_GB2312")]:
        assert east_asia_font(out_doc, name) == font, name


def test_export_table_repeats_its_header_row(out_doc):
    assert len(out_doc.tables) == 1
    table = out_doc.tables[0]
    assert len(table.rows) == 61
    assert attr(child(table._tbl.tblPr, "tblStyle"), "val") == "Table"
    header = child(table.rows[0]._tr, "trPr")
    flag = child(header, "tblHeader")
    assert flag is not None and attr(flag, "val") in (None, "1", "true", "on")
    assert child(child(table.rows[1]._tr, "trPr"), "tblHeader") is None
    cell = table.rows[1].cells[1].paragraphs[0]
    assert cell.text == "质量指标第1项" and cell.style.name == "Table Text"


def test_export_has_the_footnote(exported):
    with zipfile.ZipFile(exported) as archive:
        notes = archive.read("word/footnotes.xml").decode()
        document = archive.read("word/document.xml").decode()
    assert "脚注正文：依据国家标准编制。" in notes
    assert "w:footnoteReference" in document


# --- failures ---------------------------------------------------------------

def assert_no_leftovers(folder: Path, allowed: set[str]) -> None:
    names = {p.name for p in folder.iterdir()} if folder.exists() else set()
    assert names <= allowed, names


def test_missing_source_fails_cleanly(tmp_path):
    out_dir = tmp_path / "dist"
    output = out_dir / "方案.docx"
    with pytest.raises(Failure) as err:
        export_docx(tmp_path / "不存在.md", output, tmp_path / "work")
    assert "失败" in str(err.value) and "pandoc" in str(err.value)
    assert not output.exists()
    assert_no_leftovers(out_dir, set())


def test_bad_metadata_keeps_the_old_output(tmp_path):
    source = tmp_path / "bad.md"
    source.write_text("---\ntitle: [未闭合\nx: : :\n---\n\n正文\n", encoding="utf-8")
    out_dir = tmp_path / "dist"
    out_dir.mkdir()
    output = out_dir / "方案.docx"
    output.write_bytes(b"old version")
    with pytest.raises(Failure) as err:
        export_docx(source, output, tmp_path / "work")
    assert "请检查" in str(err.value)
    assert output.read_bytes() == b"old version"
    assert_no_leftovers(out_dir, {"方案.docx"})


def test_unknown_defaults_fails_in_chinese(tmp_path):
    source = tmp_path / "ok.md"
    source.write_text("正文\n", encoding="utf-8")
    output = tmp_path / "out" / "x.docx"
    output.parent.mkdir()
    with pytest.raises(Failure) as err:
        run_pandoc("no-such-defaults", source, output)
    assert "pandoc 转换 ok.md 失败" in str(err.value)
    assert_no_leftovers(output.parent, set())


# --- LibreOffice round trip -------------------------------------------------

@pytest.fixture(scope="module")
def libreoffice_pdf(exported, tmp_path_factory) -> Path:
    return libreoffice_to_pdf(exported, tmp_path_factory.mktemp("lo"))


@pytest.mark.slow
def test_libreoffice_renders_the_docx(libreoffice_pdf):
    import pypdf
    reader = pypdf.PdfReader(str(libreoffice_pdf))
    # LibreOffice cannot squeeze 16pt characters into Word's 15.8pt character
    # grid cells and spaces them out, so compare text without whitespace.
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    for expected in ("质量强国建设纲要上海实施方案", "一、总则", "质量指标第60项", "附件1", "附件标题"):
        assert expected in text, expected
    assert "上海市市场监督管理局" not in text          # the Author line is hidden
    pages = [page.extract_text() for page in reader.pages]
    assert sum("序号" in page for page in pages) >= 2     # header row repeated on the next page
    assert "附件1" in "".join(pages[-1].split())           # the annex starts a page


@pytest.mark.slow
def test_libreoffice_page_grid_and_page_numbers(libreoffice_pdf):
    import pdfplumber
    bottom_of_area = (STD.MARGIN_TOP_MM + STD.TEXT_HEIGHT_MM) / MM_PER_PT
    with pdfplumber.open(str(libreoffice_pdf)) as pdf:
        body_lines = []
        for number, page in enumerate(pdf.pages, 1):
            body = {round(c["top"]) for c in page.chars if round(c["size"]) == 16}
            body_lines.append(len(body))
            if len(body) == 22:            # a page of running text
                # the first glyphs sit inside the first of the 22 lines, 37 mm from the top edge
                first_mm = min(body) * MM_PER_PT
                assert STD.MARGIN_TOP_MM <= first_mm <= STD.MARGIN_TOP_MM + 225 / 22 - 16 * MM_PER_PT, first_mm
            if body:
                assert max(body) <= bottom_of_area
            marks = [c for c in page.chars if round(c["size"]) == 14 and c["top"] > bottom_of_area]
            text = "".join(c["text"] for c in sorted(marks, key=lambda c: c["x0"]))
            assert text.replace(" ", "") == f"{EM_DASH}{number}{EM_DASH}"
            gap_mm = (min(c["top"] for c in marks) - bottom_of_area) * MM_PER_PT
            assert 1 <= gap_mm <= 8, gap_mm     # the dash's ink: test_formal_reading.py
            centre = page.width / 2
            if number % 2:
                assert min(c["x0"] for c in marks) > centre       # odd pages: right
            else:
                assert max(c["x1"] for c in marks) < centre       # even pages: left
    # a page of running text holds exactly the 22 lines of the 版心 (GB/T 9704 5.2.3)
    assert max(body_lines) == 22


# --- said once: drafting notes, repeated footnotes -------------------------------

def test_drafting_notes_and_repeated_footnotes_stay_out_of_the_formal_text(tmp_path):
    source = tmp_path / "plan.md"
    source.write_text("\n\n".join([
        "---\ntitle: 方案\n---",
        "第一段。[^a]",
        '!!! note "起草说明"\n\n    本段为起草组内部说明，不进入正式文件。',
        "::: {.drafting-note}\n起草注：待有关部门核实。\n:::",
        "第二段。[^b]",
        "[^a]: 同一条注释。",
        "[^b]: 同一条注释。",
    ]) + "\n", encoding="utf-8")
    output = tmp_path / "方案.docx"
    export_docx(source, output, tmp_path / "work")
    with zipfile.ZipFile(output) as archive:
        body = archive.read("word/document.xml").decode()
        notes = archive.read("word/footnotes.xml").decode()
    assert "第一段。" in body and "第二段。" in body
    assert "起草组内部说明" not in body and "起草说明" not in body and "待有关部门核实" not in body
    assert notes.count("同一条注释。") == 1 and body.count("w:footnoteReference") == 1
