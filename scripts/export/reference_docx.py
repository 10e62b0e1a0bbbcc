"""The pandoc reference document (reference.docx) for the formal Word file.

Pandoc takes page setup, footers, settings and styles from this document and
ignores its body. It is generated from the GB/T 9704-2012 numbers in
layout.py (nothing binary is committed; export keeps it for each version of
the numbers and this code, docx.py), starting from python-docx's default template:

- one A4 section with the 公文 margins, a 22-line × 28-character document
  grid, and page numbers "— N —" in 4号宋体 on odd (right) and even (left)
  page footers;
- the paragraph and character styles pandoc uses, each with explicit East
  Asian and Latin fonts (the official font names), black, not italic.

Raw elements go in through ooxml.py, in OOXML schema order. The bytes are deterministic: fixed document
dates and a zip rewritten with fixed timestamps and sorted entries.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

from scripts.atomic import write_bytes
from scripts.export.layout import GBT9704, MM_PER_PT, OFFICIAL_FONTS, Layout
from scripts.export.ooxml import (fresh, insert, local, paragraph_props, run_props, set_child, twips_mm,
                                  twips_pt)
from scripts.export.word_fonts import font_table_xml
from scripts.reproducible import normalise_zip

FIXED_DATE = dt.datetime(2021, 1, 1, tzinfo=dt.timezone.utc)
HEADER_DISTANCE_MM = 15
FOOTER_LINE_FACTOR = 1.2     # page-number line height = 1.2 × its font size


# Where the dash's ink sits in a 宋体 line of exact height: the baseline is a
# descent (≈0.12 em) above the line's bottom, the em dash ≈0.35 em above it.
DESCENT_EM = 0.12
DASH_ABOVE_BASELINE_EM = 0.35


def footer_distance_mm(layout: Layout) -> float:
    """Page edge → bottom of the page-number line, so that the dash (一字线)
    sits page_number_gap_mm below the 版心 (GB/T 9704 7.5.1)."""
    line_pt = layout.page_number_pt * FOOTER_LINE_FACTOR
    dash_below_top_pt = line_pt - (DESCENT_EM + DASH_ABOVE_BASELINE_EM) * layout.page_number_pt
    line_top_mm = layout.page_number_gap_mm - dash_below_top_pt * MM_PER_PT
    return layout.margin_bottom_mm - line_top_mm - line_pt * MM_PER_PT


# --- styles --------------------------------------------------------------

def _style(document, name: str, kind=WD_STYLE_TYPE.PARAGRAPH, based_on: str | None = "Normal",
           next_style: str | None = None):
    """The style element `name` (created if missing), without its old pPr and rPr."""
    try:
        style = document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, kind)
    if based_on and name != based_on:
        style.base_style = document.styles[based_on]
    if next_style:
        style.next_paragraph_style = document.styles[next_style]
    element = style.element
    for tag in ("pPr", "rPr"):
        old = element.find(qn(f"w:{tag}"))
        if old is not None:
            element.remove(old)
    return element


def _para_style(document, name: str, *, based_on: str | None = "Normal", next_style=None,
                font: str, size_pt: float, bold=False, hidden=False, spacing_twips=None, **ppr) -> None:
    """Paragraph style `name`: explicit fonts, black, upright; bold only if asked."""
    element = _style(document, name, based_on=based_on, next_style=next_style)
    paragraph_props(fresh(element, "pPr"), **ppr)
    run_props(fresh(element, "rPr"), font=font, size_pt=size_pt, bold=bold, italic=False,
               black=True, vanish=hidden, spacing_twips=spacing_twips)


def _char_style(document, name: str, **rpr) -> None:
    element = _style(document, name, WD_STYLE_TYPE.CHARACTER, based_on="Default Paragraph Font")
    if rpr:
        run_props(fresh(element, "rPr"), **rpr)


def _sync_linked_character_styles(document) -> None:
    """Word shows a paragraph style's linked character style (e.g. "Heading 1
    Char") for partly formatted text: give it the paragraph style's fonts."""
    styles = document.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    for style in by_id.values():
        if style.get(qn("w:type")) != "paragraph":
            continue
        link = style.find(qn("w:link"))
        rpr = style.find(qn("w:rPr"))
        target = by_id.get(link.get(qn("w:val"))) if link is not None else None
        if target is None or rpr is None or target.get(qn("w:type")) != "character":
            continue
        old = target.find(qn("w:rPr"))
        if old is not None:
            target.remove(old)
        insert(target, copy.deepcopy(rpr))


def _doc_defaults(document, layout: Layout, fonts: dict[str, str]) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    run_props(rpr, font=fonts["body"], size_pt=layout.body_pt)
    set_child(rpr, "lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    set_child(ppr, "spacing", after=0, line=240, lineRule="auto")


def _styles(document, layout: Layout, fonts: dict[str, str]) -> None:
    _doc_defaults(document, layout, fonts)
    body, size = fonts["body"], layout.body_pt
    line = twips_pt(layout.word_line_pitch_pt)
    indent = dict(first_chars=200, first=twips_pt(2 * layout.body_pt))
    no_indent = dict(first_chars=0, first=0)
    title_line = twips_pt(max(layout.word_line_pitch_pt, layout.title_pt * 1.3))
    single = dict(line=240, rule="auto", snap=False)

    # Condensed characters, not a character grid, give 28 per line: Word, WPS and
    # LibreOffice all honour character spacing, while LibreOffice mis-reads a
    # negative grid charSpace and sets one character per two cells.
    _para_style(document, "Normal", based_on=None, font=body, size_pt=size, widow_control=False,
                asian_typography=True, line=line, jc="both",
                spacing_twips=twips_pt(layout.word_char_spacing_pt))
    for name in ("Body Text", "First Paragraph"):
        _para_style(document, name, font=body, size_pt=size, line=line, jc="both", **indent)
    # Compact is pandoc's style for tight lists: the filter makes list items
    # body paragraphs, and anything left stays in the body size and pitch.
    _para_style(document, "Compact", font=body, size_pt=size, line=line, jc="both", **indent)
    _para_style(document, "Table Text", font=body, size_pt=layout.table_pt, **single)
    # 22pt characters are wider than a grid cell: snapped, Word would give each two cells.
    _para_style(document, "Title", next_style="Body Text", font=fonts["title"], size_pt=layout.title_pt,
                snap=False, after=line, line=title_line, jc="center", **no_indent)
    _para_style(document, "Subtitle", next_style="Body Text", font=fonts["kai"], size_pt=size,
                after=line, line=line, jc="center", **no_indent)
    for name in ("Author", "Date"):
        _para_style(document, name, font=body, size_pt=size, hidden=True, jc="center", **no_indent)
    _para_style(document, "Abstract Title", font=fonts["hei"], size_pt=size, keep_next=True, line=line,
                jc="center", **no_indent)
    _para_style(document, "Abstract", font=body, size_pt=size, line=line, jc="both", **indent)
    heading_fonts = {1: fonts["hei"], 2: fonts["kai"], 3: body}
    for level in range(1, 10):
        _para_style(document, f"Heading {level}", next_style="Body Text",
                    font=heading_fonts.get(level, body), size_pt=size, bold=level == 3,
                    keep_next=True, line=line, jc="both", outline=level - 1, **indent)
    _para_style(document, "Annex Title", next_style="Body Text", font=fonts["title"],
                size_pt=layout.title_pt, keep_next=True, snap=False, after=line, line=title_line,
                jc="center", outline=0, **no_indent)
    # GB/T 9704: 附件N in the first line of the 版心, the annex title in the third.
    # Each annex starts a new page: the break belongs to the label's style,
    # so no empty break paragraph is left at the top of the page.
    _para_style(document, "Annex Label", next_style="Annex Title", font=fonts["hei"], size_pt=size,
                keep_next=True, page_break_before=True, after=line, line=line, jc="left", **no_indent)
    for name in ("Block Text", "Bibliography", "Definition"):
        _para_style(document, name, font=body, size_pt=size, line=line, jc="both", **indent)
    _para_style(document, "Definition Term", font=body, size_pt=size, keep_next=True, line=line,
                jc="both", **indent)
    for name in ("Footnote Text", "Footnote Block Text"):
        _para_style(document, name, font=body, size_pt=layout.footnote_pt, jc="both", **no_indent,
                    **single)
    for name in ("Caption", "Image Caption"):
        _para_style(document, name, font=body, size_pt=size, line=line, jc="center", **no_indent)
    # 表N titles: centred in 黑体 above the table, kept with it.
    _para_style(document, "Table Caption", font=fonts["hei"], size_pt=size, keep_next=True, line=line,
                jc="center", **no_indent)
    # The 附件 list after the body: one empty line, 附件：1．… two characters in,
    # later items (and wrapped lines) under the first item's title.
    char = twips_pt(layout.body_pt + layout.word_char_spacing_pt)
    _para_style(document, "Annex List", font=body, size_pt=size, before=line, line=line, jc="left",
                left=5 * char, hanging=3 * char)
    _para_style(document, "Annex List Item", font=body, size_pt=size, line=line, jc="left",
                left=5 * char, first_chars=0, first=0)
    # Images must not sit in exact line spacing: it would clip them.
    for name in ("Figure", "Captioned Figure"):
        _para_style(document, name, font=body, size_pt=size, keep_next=True, jc="center", **no_indent,
                    **single)
    _para_style(document, "TOC Heading", font=fonts["hei"], size_pt=size, line=line, jc="center",
                **no_indent)

    _char_style(document, "Footnote Reference", superscript=True)
    _char_style(document, "Hyperlink", black=True, no_underline=True)
    _char_style(document, "Verbatim Char", font=body, latin="Courier New")
    for name in ("Body Text Char", "Section Number"):
        _char_style(document, name)
    _sync_linked_character_styles(document)
    _table_style(document, layout)


def _table_style(document, layout: Layout) -> None:
    element = _style(document, "Table", WD_STYLE_TYPE.TABLE, based_on="Normal Table")
    tblpr = fresh(element, "tblPr")
    set_child(tblpr, "jc", val="center")
    set_child(tblpr, "tblInd", w=0, type="dxa")
    borders = set_child(tblpr, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        set_child(borders, side, val="single", sz=4, space=0, color="000000")
    margins = set_child(tblpr, "tblCellMar")
    # readable padding: text never touches the rules
    for side, width in (("top", twips_mm(1)), ("left", twips_mm(1)), ("bottom", twips_mm(1)),
                        ("right", twips_mm(1))):
        set_child(margins, side, w=width, type="dxa")
    set_child(fresh(element, "tcPr"), "vAlign", val="center")


# --- page, footers, settings ----------------------------------------------

def _section(document, layout: Layout) -> None:
    section = document.sections[0]
    section.page_width = Twips(twips_mm(layout.paper_width_mm))
    section.page_height = Twips(twips_mm(layout.paper_height_mm))
    section.top_margin = Twips(twips_mm(layout.margin_top_mm))
    section.bottom_margin = Twips(twips_mm(layout.margin_bottom_mm))
    section.left_margin = Twips(twips_mm(layout.margin_left_mm))
    section.right_margin = Twips(twips_mm(layout.margin_right_mm))
    section.header_distance = Twips(twips_mm(HEADER_DISTANCE_MM))
    section.footer_distance = Twips(twips_mm(footer_distance_mm(layout)))
    section.gutter = Twips(0)
    set_child(section._sectPr, "docGrid", type="lines", linePitch=twips_pt(layout.word_line_pitch_pt))


def _run(paragraph, rpr_source, text: str | None = None, field_char: str | None = None,
         instr: str | None = None):
    run = OxmlElement("w:r")
    run.append(copy.deepcopy(rpr_source))
    if field_char:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), field_char)
        run.append(element)
    if instr is not None:
        element = OxmlElement("w:instrText")
        element.set(qn("xml:space"), "preserve")
        element.text = instr
        run.append(element)
    if text is not None:
        element = OxmlElement("w:t")
        element.set(qn("xml:space"), "preserve")
        element.text = text
        run.append(element)
    paragraph.append(run)


def _page_number_paragraph(footer, layout: Layout, font: str, odd: bool) -> None:
    """ "— N —" in 4号宋体: odd pages at the right, even pages at the left,
    one character in from the 版心 edge."""
    paragraph = footer.paragraphs[0]._p
    for child in list(paragraph):
        paragraph.remove(child)
    ppr = paragraph.get_or_add_pPr()
    set_child(ppr, "pStyle", val="Footer")
    one_char = twips_pt(layout.page_number_pt)
    side = {"right": one_char, "left": 0} if odd else {"left": one_char, "right": 0}
    paragraph_props(ppr, snap=False, line=twips_pt(layout.page_number_pt * FOOTER_LINE_FACTOR),
                     first_chars=0, first=0, jc="right" if odd else "left", **side)
    rpr = OxmlElement("w:rPr")
    run_props(rpr, font=font, size_pt=layout.page_number_pt)
    insert(ppr, copy.deepcopy(rpr))
    _run(paragraph, rpr, text="— ")
    _run(paragraph, rpr, field_char="begin")
    _run(paragraph, rpr, instr=" PAGE ")
    _run(paragraph, rpr, field_char="separate")
    _run(paragraph, rpr, text="1")
    _run(paragraph, rpr, field_char="end")
    _run(paragraph, rpr, text=" —")


def _footers(document, layout: Layout, fonts: dict[str, str]) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    _page_number_paragraph(section.footer, layout, fonts["song"], odd=True)
    _page_number_paragraph(section.even_page_footer, layout, fonts["song"], odd=False)


# Characters that may not start (end) a line, for Word's 避头尾 (kinsoku):
# Word's own list plus the dashes, the ellipsis and the middle dot.
NO_LINE_START = "!%),.:;?]}¢°·’\"†‡›℃∶、。〃〆〕〗〞﹚﹜！＂％＇），．：；？］｝～—…–"
NO_LINE_END = "$(£¥·‘\"〈《「『【〔〖〝﹙﹛＄（．［｛￡￥"


def _settings(document) -> None:
    settings = document.settings.element
    set_child(settings, "noLineBreaksAfter", lang="zh-CN", val=NO_LINE_END)
    set_child(settings, "noLineBreaksBefore", lang="zh-CN", val=NO_LINE_START)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    even_odd = settings.find(qn("w:evenAndOddHeaders"))
    if even_odd is None:   # python-docx's setter normally adds it
        set_child(settings, "evenAndOddHeaders")


def _font_table(document, fonts: dict[str, str]) -> None:
    """Replace python-docx's font table (MS 明朝 …) with the fonts we use,
    each with the name a stock Windows has (w:altName) and its panose and
    charset, so Word and WPS substitute 仿宋 for 仿宋_GB2312, not a random face."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            rel.target_part._blob = font_table_xml(fonts).encode("utf-8")
            return


def _drop_parts(document) -> None:
    """Drop template leftovers pandoc does not need: the Word 2010 copy of the
    styles (stylesWithEffects, which still has blue headings) and the thumbnail."""
    for part, reltype_end in ((document.part, "/stylesWithEffects"),
                              (document.part.package, "/thumbnail")):
        for rid, rel in list(part.rels.items()):
            if rel.reltype.endswith(reltype_end):
                del part.rels[rid]


def _drop_template_table_styles(document) -> None:
    """python-docx's template carries a hundred table styles (Light Shading …) that the
    formal file never uses; pandoc parses every one on each export. Keep only ours."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in ("Table", "TableNormal"):
            styles.remove(style)


def _core_properties(document) -> None:
    core = document.core_properties
    core.author = ""
    core.last_modified_by = ""
    core.title = ""
    core.comments = ""
    core.language = "zh-CN"
    core.revision = 1
    core.created = FIXED_DATE
    core.modified = FIXED_DATE
    core.last_printed = FIXED_DATE


def _empty_body(document) -> None:
    body = document.element.body
    for child in list(body):
        if local(child) != "sectPr":
            body.remove(child)
    body.insert(0, OxmlElement("w:p"))


def reference_docx_bytes(layout: Layout = GBT9704, fonts: dict[str, str] = OFFICIAL_FONTS) -> bytes:
    document = docx.Document()
    _empty_body(document)
    _section(document, layout)
    _footers(document, layout, fonts)
    _settings(document)
    _styles(document, layout, fonts)
    _drop_template_table_styles(document)
    _font_table(document, fonts)
    _drop_parts(document)
    _core_properties(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


def write_reference_docx(path: Path, layout: Layout = GBT9704, fonts: dict[str, str] = OFFICIAL_FONTS) -> None:
    """Write the pandoc reference document for the 公文 layout to `path`."""
    write_bytes(path, reference_docx_bytes(layout, fonts))

