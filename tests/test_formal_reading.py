"""The formal DOCX and PDF read page by page as an office prints them.

Expected values come from GB/T 9704-2012 (版心 37 mm from the top, 225 mm
high, 22 lines; the page-number dash 7 mm below the 版心) and from reading
the Word file with python-docx or LibreOffice, never from layout.py.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from contextlib import contextmanager
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from lxml import etree
from PIL import Image
from pypdf import PdfReader

from tests.office import libreoffice_to_pdf

pytestmark = pytest.mark.slow

MM = 72 / 25.4                     # points per millimetre
TOP_MM, AREA_HEIGHT_MM = 37, 225   # 天头, 版心 height
LINE_MM = AREA_HEIGHT_MM / 22      # 22 lines fill the 版心
BOTTOM = (TOP_MM + AREA_HEIGHT_MM) * MM
NO_LINE_START = ("—", "…", "·")


_parsed: dict[Path, pdfplumber.PDF] = {}


@contextmanager
def read_pdf(pdf_path: Path):
    """The exported or LibreOffice PDF as pdfplumber reads it, parsed once for all the
    tests here: they only read it, and parsing every character of 40 pages takes seconds."""
    if pdf_path not in _parsed:
        _parsed[pdf_path] = pdfplumber.open(pdf_path)
    yield _parsed[pdf_path]


@pytest.fixture(scope="module", autouse=True)
def _close_parsed_pdfs():
    yield
    for pdf in _parsed.values():
        pdf.close()
    _parsed.clear()


@pytest.fixture(scope="module")
def lo_pdf(exported, tmp_path_factory) -> Path:
    return libreoffice_to_pdf(exported["docx"], tmp_path_factory.mktemp("lo-formal"))


@pytest.fixture(scope="module")
def word(exported):
    return docx.Document(str(exported["docx"]))


# A stock Windows 10/11 PC has these Chinese faces (and no 仿宋_GB2312,
# 楷体_GB2312 or 方正小标宋简体); here each is the open font of its kind.
STOCK_PC_FACES = {"仿宋": "FandolFang", "FangSong": "FandolFang", "楷体": "FandolKai", "KaiTi": "FandolKai",
                  "黑体": "FandolHei", "SimHei": "FandolHei", "宋体": "FandolSong", "SimSun": "FandolSong"}
R_FONTS_ATTRS = ("ascii", "hAnsi", "eastAsia", "cs")


def stock_pc_fontconfig(folder: Path) -> Path:
    """A fontconfig file that offers only the stock Windows names, each an
    alias of an open font, and nothing else (no system fonts)."""
    fonts = Path(__file__).resolve().parents[1] / ".cache" / "fonts"
    if not all(list(fonts.rglob(f"{face}-Regular.otf")) for face in set(STOCK_PC_FACES.values())):
        pytest.skip("没有 Fandol 字体：请运行 scripts/setup-system.sh")
    aliases = "".join(f"<match target=\"pattern\"><test name=\"family\"><string>{name}</string></test>"
                      f"<edit name=\"family\" mode=\"assign\" binding=\"strong\"><string>{face}</string></edit></match>"
                      for name, face in STOCK_PC_FACES.items())
    # Word draws bold for a face without one, as fontconfig's 90-synthetic.conf does
    embolden = ("<match target=\"font\"><test name=\"weight\" compare=\"less_eq\"><const>medium</const></test>"
                "<test target=\"pattern\" name=\"weight\" compare=\"more_eq\"><const>bold</const></test>"
                "<edit name=\"embolden\" mode=\"assign\"><bool>true</bool></edit>"
                "<edit name=\"weight\" mode=\"assign\"><const>bold</const></edit></match>")
    config = folder / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                      f"<dir>{fonts.resolve()}</dir><cachedir>{folder / 'fc-cache'}</cachedir>{aliases}{embolden}</fontconfig>",
                      encoding="utf-8")
    return config


def as_word_substitutes(docx_path: Path, out: Path) -> dict[str, str]:
    """Word on a PC without a font uses the font table's w:altName for it.
    LibreOffice ignores w:altName (writerfilter FontTable.cxx), so the copy at
    `out` names, in every run property, the altName of each font the stock PC
    lacks, as Word would show it. Returns the altNames read from the XML."""
    with zipfile.ZipFile(docx_path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    table = docx.oxml.parse_xml(entries["word/fontTable.xml"])
    alt = {f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
           for f in table.iter(qn("w:font")) if f.find(qn("w:altName")) is not None}
    for name, data in entries.items():
        if re.fullmatch(r"word/(document|styles|footer\d*|header\d*|footnotes)\.xml", name):
            root = docx.oxml.parse_xml(data)
            for fonts in root.iter(qn("w:rFonts")):
                for attr in R_FONTS_ATTRS:
                    face = fonts.get(qn(f"w:{attr}"))
                    if face and face not in STOCK_PC_FACES and face in alt:
                        fonts.set(qn(f"w:{attr}"), alt[face])
            entries[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return alt


def text_lines(pdf_path: Path, min_size=15.5, max_size=16.5) -> list[str]:
    """Body-size text lines of every page, in reading order."""
    lines = []
    with read_pdf(pdf_path) as pdf:
        for page in pdf.pages:
            rows: dict[int, list] = {}
            for char in page.chars:
                if min_size <= char["size"] <= max_size and char["top"] < BOTTOM:
                    rows.setdefault(round(char["top"]), []).append(char)
            lines += ["".join(c["text"] for c in sorted(row, key=lambda c: c["x0"])).replace("\u2060", "").strip()
                      for _, row in sorted(rows.items())]
    return lines


def stroked_text(pdf_path: Path) -> list[str]:
    """Runs of text drawn filled and stroked (render mode 2: emulated bold) or
    in a bold face, as pypdf reads them; consecutive pieces joined."""
    runs, current, state = [], [], {"mode": 0}

    def operator(op, args, *_):
        if op == b"Tr":
            state["mode"] = int(args[0])

    def text(piece, _cm, _tm, font, _size):
        bold_face = font is not None and "Bold" in str(font.get("/BaseFont", ""))
        if piece.strip() and (state["mode"] == 2 or bold_face):
            current.append(piece)
        elif piece.strip() and current:
            runs.append("".join(current))
            current.clear()

    for page in PdfReader(pdf_path).pages:
        page.extract_text(visitor_operand_before=operator, visitor_text=text)
    if current:
        runs.append("".join(current))
    return ["".join(r.split()).replace("\u2060", "") for r in runs]


def word_bold_texts(document) -> list[str]:
    """Bold runs (w:b) and bold-styled paragraphs (the 1． headings) in Word."""
    found = []
    for paragraph in document.paragraphs:
        if paragraph.style.font.bold:
            found.append(paragraph.text)
            continue
        bold = "".join(r.text for r in paragraph.runs if r.bold)
        if bold:
            found.append(bold)
    return ["".join(t.split()).replace("\u2060", "") for t in found]


def dash_ink_below_area_mm(pdf_path: Path, page_number: int, out_dir: Path) -> float:
    """Rasterise a page and measure where the page number's first dash is inked."""
    with read_pdf(pdf_path) as pdf:
        page = pdf.pages[page_number - 1]
        dash = next(c for c in sorted(page.chars, key=lambda c: c["x0"])
                    if "—" in c["text"] and c["top"] > BOTTOM)
    stem = out_dir / f"ink-{pdf_path.stem}-{page_number}"
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-singlefile", "-f", str(page_number), "-l",
                    str(page_number), "-png", str(pdf_path), str(stem)], check=True)
    image = Image.open(f"{stem}.png").convert("L")
    scale = 300 / 72
    columns = range(int(dash["x0"] * scale) + 3, int(dash["x1"] * scale) - 3)
    start = int((BOTTOM + 3 * MM) * scale)          # below any body descender
    inked = [y for y in range(start, image.height) if any(image.getpixel((x, y)) < 128 for x in columns)]
    return ((inked[0] + inked[-1]) / 2 / scale - BOTTOM) / MM


# --- bold ---------------------------------------------------------------------

def test_bold_lead_ins_print_bold_in_the_pdf_as_in_word(exported, word):
    pdf_bold = stroked_text(exported["pdf"])
    word_bold = word_bold_texts(word)
    lead_ins = [t for t in word_bold if t.endswith("。")]
    assert len(lead_ins) > 50 and "完善计量基标准体系。" in lead_ins
    assert "完善计量基标准体系。" in pdf_bold
    assert sorted(pdf_bold) == sorted(word_bold)
    note = exported["pdf"].with_name(exported["pdf"].stem + ".字体.txt").read_text(encoding="utf-8")
    if "描边模拟" not in note:      # a real bold face is installed
        assert any("Bold" in t for t in note.splitlines())


# --- titles -------------------------------------------------------------------

@pytest.mark.parametrize("title", ["质量强国建设纲要上海实施方案（征求意见稿）",
                                   "关于推进质量强国建设纲要上海实施方案编制工作的若干意见（送审稿）"])
def test_long_titles_break_into_balanced_lines_keeping_the_stage_whole(tmp_path, title):
    from scripts.export import fonts as font_roles
    from scripts.export.docx import export_docx
    from scripts.export.pdf import export_pdf
    source = tmp_path / "t.md"
    source.write_text(f"---\ntitle: {title}\ntitle-chars: 20\n---\n\n正文。\n", encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    dirs = font_roles.font_dirs(root)
    export_pdf(source, tmp_path / "t.pdf", tmp_path, dirs)
    export_docx(source, tmp_path / "t.docx", tmp_path / "w", title)
    with pdfplumber.open(tmp_path / "t.pdf") as pdf:
        rows: dict[int, list] = {}
        for char in pdf.pages[0].chars:
            if char["size"] > 20:
                rows.setdefault(round(char["top"]), []).append(char["text"])
    pdf_lines = ["".join(r) for _, r in sorted(rows.items())]
    paragraph = docx.Document(str(tmp_path / "t.docx")).paragraphs[0]
    word_lines = [t for t in "".join(
        "\n" if node.tag == qn("w:br") else (node.text or "")
        for node in paragraph._p.iter(qn("w:t"), qn("w:br"))).split("\n")]
    for lines in (pdf_lines, word_lines):
        assert "".join(lines) == title and len(lines) >= 2, lines
        assert min(len(line) for line in lines) >= 3, lines
        assert max(len(line) for line in lines) - min(len(line) for line in lines) <= 7, lines
        stage = title[title.rindex("（"):]
        assert any(line.endswith(stage) for line in lines)       # the stage suffix is never split
    assert docx.Document(str(tmp_path / "t.docx")).core_properties.title == title


# --- tables -------------------------------------------------------------------

def test_table_rows_never_split_and_headers_repeat(exported, word):
    with read_pdf(exported["pdf"]) as pdf:
        rows = [row for page in pdf.pages for table in page.extract_tables() for row in table[1:]]
    assert rows
    # a row continued on the next page would start with an empty 序号 cell
    assert all(row[0] and row[0].strip() for row in rows), [r for r in rows if not (r[0] or "").strip()]
    for table in word.tables:
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_table_columns_keep_short_labels_whole_and_tables_are_titled(exported, word):
    text = "\n".join(text_lines(exported["pdf"], 10, 11))
    for header in ("序号", "单位", "2025年", "2035年"):
        assert header in text, header
    captions = [p.text for p in word.paragraphs if p.style.name == "Table Caption"]
    assert captions and all(re.fullmatch(r"表\d+　\S+主要指标", c) for c in captions), captions
    pdf_lines = text_lines(exported["pdf"])
    bare = [re.sub(r"[\s\u3000]", "", line) for line in pdf_lines]
    assert [line for line in bare if re.fullmatch(r"表\d+\S+", line)] == [c.replace("　", "") for c in captions]
    widths = [c.width for c in word.tables[0].columns]
    assert widths[2] > widths[0] * 2      # the indicator name gets the room, 序号 stays narrow


def table_starts_at_page_bottoms(pdf_path: Path) -> list[tuple[int, float, float]]:
    """For every page followed by a page that opens with a 表N title: (page,
    empty room at its foot, height of the next page's title + header row +
    first row), in points. Also asserts no 表N title is a page's last line."""
    found = []
    with read_pdf(pdf_path) as pdf:
        pages = pdf.pages
        for page, following in zip(pages, pages[1:]):
            body = [c for c in page.chars if c["top"] < BOTTOM and c["text"].strip()]
            lines = [line for line in (page.extract_text() or "").split("\n") if line.strip()]
            last_body_line = lines[-2] if len(lines) > 1 else ""      # the last line is the page number
            assert not re.match(r"表\s*\d+", last_body_line), (pdf_path.name, page.page_number, last_body_line)
            first = ((following.extract_text() or "").split("\n") or [""])[0]
            tables = following.find_tables()
            if not (re.match(r"表\s*\d+", first) and tables):
                continue
            title_top = min(c["top"] for c in following.chars if c["top"] > TOP_MM * MM - 5)
            rows = tables[0].rows
            needed = rows[min(1, len(rows) - 1)].bbox[3] - title_top
            room = BOTTOM - max(c["bottom"] for c in body)
            found.append((page.page_number, room, needed))
    return found


def test_a_table_goes_to_the_next_page_only_when_it_does_not_fit(exported, lo_pdf):
    """Issue 13 11a: empty lines at a page's foot before a table. Whatever is
    left at the foot must be too small for the table's title, header and
    first row (rows never split), and the title never stays behind."""
    for pdf_path in (exported["pdf"], lo_pdf):
        for page, room, needed in table_starts_at_page_bottoms(pdf_path):
            assert room < needed, (pdf_path.name, page, room / (LINE_MM * MM), needed / (LINE_MM * MM))


# --- annexes, page numbers, line starts ---------------------------------------

def test_annex_title_sits_on_line_3(exported):
    with read_pdf(exported["pdf"]) as pdf:
        titles = [[c for c in page.chars if c["size"] > 20] for page in pdf.pages
                  if (page.extract_text() or "").startswith("附件")]
    assert len(titles) == 3
    for chars in titles:
        centre_mm = (min(c["top"] for c in chars) + max(c["bottom"] for c in chars)) / 2 / MM - TOP_MM
        assert 2 * LINE_MM <= centre_mm <= 3 * LINE_MM, centre_mm


def test_page_number_dash_is_7mm_below_the_type_area(exported, lo_pdf, tmp_path):
    for pdf_path in (exported["pdf"], lo_pdf):
        for page_number in (1, 2):
            gap = dash_ink_below_area_mm(pdf_path, page_number, tmp_path)
            assert 6 <= gap <= 8, (pdf_path.name, page_number, gap)


def test_page_number_insets_are_equal_on_odd_and_even_pages(exported, lo_pdf):
    area_left, area_right = 28 * MM, (28 + 156) * MM
    for pdf_path in (exported["pdf"], lo_pdf):
        with read_pdf(pdf_path) as pdf:
            insets = []
            for page in pdf.pages[:2]:
                marks = sorted((c for c in page.chars if c["top"] > BOTTOM and c["text"].strip()),
                               key=lambda c: c["x0"])
                insets.append(area_right - marks[-1]["x1"] if page.page_number % 2 else marks[0]["x0"] - area_left)
        assert abs(insets[0] - insets[1]) / MM < 0.3, (pdf_path.name, insets)
        assert 3 <= insets[0] / MM <= 7          # about one character in from the 版心 edge


def test_no_line_starts_with_a_dash_or_ellipsis(exported, lo_pdf):
    for pdf_path in (exported["pdf"], lo_pdf):
        lines = text_lines(pdf_path)
        assert len(lines) > 300
        assert [line for line in lines if line.startswith(NO_LINE_START)] == [], pdf_path.name


def test_the_pdf_text_stays_searchable_around_dashes(exported):
    """The PDF keeps dashes off line starts without characters in the text:
    copying or searching "2011—2020" finds it (Word keeps a U+2060 joiner,
    see README 断行)."""
    with read_pdf(exported["pdf"]) as pdf:
        text = "".join(c["text"] for page in pdf.pages for c in page.chars)
    assert "\u2060" not in text
    assert "2011—2020" in text


def test_word_and_pdf_page_counts_agree(exported, lo_pdf):
    assert abs(len(PdfReader(lo_pdf).pages) - len(PdfReader(exported["pdf"]).pages)) <= 1


# --- said once ----------------------------------------------------------------

def test_footnotes_are_said_once(exported):
    with zipfile.ZipFile(exported["docx"]) as archive:
        notes = docx.oxml.parse_xml(archive.read("word/footnotes.xml"))
    texts = ["".join(t.text for t in note.iter(qn("w:t"))).strip() for note in notes.iter(qn("w:footnote"))]
    texts = [t for t in texts if t]
    assert texts and len(texts) == len(set(texts))


def test_annex_list_follows_the_body_and_the_full_table_is_only_annex_1(exported, word):
    texts = [p.text for p in word.paragraphs]
    first = texts.index("附件：1．主要指标表")
    assert texts[first + 1].startswith("2．") and texts[first + 2].startswith("3．")
    assert first < texts.index("附件1")
    lines = text_lines(exported["pdf"])
    assert "附件：1．主要指标表" in [line.replace(" ", "") for line in lines]
    full = [t for t in word.tables if len(t.rows) > 10]
    assert len(full) == 1                       # the 14-row table appears once, as 附件1


def test_short_lists_are_body_paragraphs_in_word(word):
    topics = [p for p in word.paragraphs if re.match(r"\d+．我市", p.text)]
    assert len(topics) >= 3
    for paragraph in topics:
        assert paragraph.style.font.size.pt == 16
        assert paragraph._p.pPr.find(qn("w:numPr")) is None


# --- Word on a stock PC ---------------------------------------------------------

def render_page(pdf_path: Path, number: int, stem: Path) -> None:
    """A 100 dpi PNG of one page, for a reviewer (test-artifacts/)."""
    if not shutil.which("pdftoppm"):
        pytest.skip("没有安装 poppler-utils（pdftoppm）")
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                    str(pdf_path), str(stem)], check=True)
    assert stem.with_suffix(".png").stat().st_size > 1000


def test_word_on_a_stock_pc_shows_fangsong_kaiti_heiti_and_songti(exported, tmp_path, artifacts):
    """Only the Windows-named faces exist (aliased to the open fonts): the body
    comes out in 仿宋, 一、 headings in 黑体, （一） headings in 楷体 and the
    title in 宋体 (GB/T 9704: 小标宋, 仿宋, 黑体, 楷体), not in a fallback."""
    config = stock_pc_fontconfig(tmp_path)
    stock = tmp_path / "stock" / "stock.docx"
    stock.parent.mkdir()
    alt = as_word_substitutes(exported["docx"], stock)
    assert {alt["仿宋_GB2312"], alt["楷体_GB2312"], alt["方正小标宋简体"]} <= set(STOCK_PC_FACES)
    pdf_path = libreoffice_to_pdf(stock, tmp_path / "stock", {"FONTCONFIG_FILE": str(config)})
    faces: dict[str, set] = {"title": set(), "body": set(), "一、": set(), "（一）": set()}
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            rows: dict[int, list] = {}
            for char in page.chars:
                if char["top"] < BOTTOM and ord(char["text"][0]) > 0x2E80:
                    rows.setdefault(round(char["top"]), []).append(char)
            for _, row in sorted(rows.items()):
                row.sort(key=lambda c: c["x0"])
                text, size = "".join(c["text"] for c in row), row[0]["size"]
                family = {c["fontname"].split("+")[-1].split("-")[0] for c in row if c["text"] not in "，。、（）"}
                if size > 20:                               # the title and the annex titles
                    faces["title"] |= family
                elif re.match(r"[一二三四五六七八九十]+、", text) and 15.5 < size < 16.5:
                    faces["一、"] |= family
                elif re.match(r"（[一二三四五六七八九十]+）", text) and len(text) < 28:
                    faces["（一）"] |= family
                elif 15.5 < size < 16.5 and len(text) >= 20:
                    faces["body"] |= family
    assert faces == {"title": {"FandolSong"}, "body": {"FandolFang"}, "一、": {"FandolHei"},
                     "（一）": {"FandolKai"}}, faces
    with pdfplumber.open(pdf_path) as pdf:
        table_page = next(p.page_number for p in pdf.pages if p.find_tables())
    render_page(pdf_path, table_page, artifacts / "formal-table-page-word")   # as a stock PC prints it


def test_word_spacing_and_font_table(exported, word):
    normal = word.styles["Normal"].element.find(qn("w:pPr"))
    assert normal.find(qn("w:autoSpaceDE")).get(qn("w:val")) == "0"
    assert normal.find(qn("w:autoSpaceDN")).get(qn("w:val")) == "0"
    assert normal.find(qn("w:overflowPunct")).get(qn("w:val")) == "0"
    with zipfile.ZipFile(exported["docx"]) as archive:
        table = docx.oxml.parse_xml(archive.read("word/fontTable.xml"))
        settings = archive.read("word/settings.xml").decode()
    alt = {f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
           for f in table.iter(qn("w:font")) if f.find(qn("w:altName")) is not None}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"
    assert alt["黑体"] == "SimHei" and alt["宋体"] == "SimSun"
    for font in table.iter(qn("w:font")):
        assert font.find(qn("w:panose1")) is not None and font.find(qn("w:charset")) is not None
    assert "MS 明朝" not in alt and "MS Mincho" not in alt
    assert re.search(r'noLineBreaksBefore[^>]*w:val="[^"]*—[^"]*…', settings)
    assert [p for p in word.paragraphs if p.style.name in ("Author", "Date")] == []
    assert word.core_properties.author


def test_renders_for_a_reviewer(exported, artifacts):
    """PNGs of a page with a table and a page with an annex (test-artifacts/);
    the Word file's table page is rendered by the stock-PC test."""
    with read_pdf(exported["pdf"]) as pdf:
        table_page = next(p.page_number for p in pdf.pages if p.find_tables())
        annex_page = next(p.page_number for p in pdf.pages if (p.extract_text() or "").startswith("附件2"))
    for name, number in (("formal-table-page", table_page), ("formal-annex-page", annex_page)):
        render_page(exported["pdf"], number, artifacts / name)
