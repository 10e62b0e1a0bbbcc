"""The comparison as a Word file with real tracked changes.

Built on the formal export's GB/T 9704 reference document (page set-up,
footers, styles Title, Heading 1–4, Body Text, Compact, Table): only the
body and the core properties are replaced. Inserted text is a w:ins run,
deleted text a w:del run with w:delText; a paragraph mark inserted or
deleted carries w:ins / w:del in its w:pPr/w:rPr, and a whole table row in
its w:trPr. Every revision has a unique w:id, the author 起草工作组 and the
date of the newer version. A moved section is a Word move: w:moveFrom where
the text was and w:moveTo where it is now, each range opened by a named
w:moveFromRangeStart / w:moveToRangeStart in its first paragraph and closed
after its last, the way Word writes it (table rows, whose w:trPr has no
move, keep w:del / w:ins on the row). A move whose two halves do not hold
the same sections falls back to deletion and insertion.

The body is written as text, not through python-docx, so a million
characters take well under a second; the zip is deterministic.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from scripts.diff.result import Comparison, Move, Para, Row, side_items
from scripts.export.layout import GBT9704, MM_PER_PT

AUTHOR = "起草工作组"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BODY = re.compile(r"(<w:body>)(.*)(<w:sectPr\b.*</w:sectPr>)(\s*</w:body>)", re.S)
TEXT_WIDTH_TWIPS = round(GBT9704.text_width_mm / MM_PER_PT * 20)


@functools.lru_cache(maxsize=1)
def _reference(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _x(text: str) -> str:
    return escape(_INVALID_XML.sub("", text))


def heading_style(para: Para) -> str:
    depth = para.level - (1 if para.part == "annex" else 0)
    if depth <= 0:
        return "AnnexTitle"
    return f"Heading{min(depth, 9)}"


def para_style(para: Para) -> str:
    if para.kind == "heading":
        return heading_style(para)
    if para.kind == "item":
        base = "ListNumber" if para.ordered else "ListBullet"
        return base + (str(min(para.level, 2) + 1) if para.level else "")
    if para.kind == "note":
        return "FootnoteText"
    return "BodyText"


class _Body:
    def __init__(self, date: dt.datetime):
        self.out: list[str] = []
        self.next_id = 0
        self.stamp = date.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.moving = ""             # "moveFrom" | "moveTo" while writing one half of a move
        self.range_start = ""        # written into the next paragraph

    def _revision(self, tag: str) -> str:
        self.next_id += 1
        return f'<w:{tag} w:id="{self.next_id}" w:author="{AUTHOR}" w:date="{self.stamp}"'

    def _tag(self, op: str) -> str:
        return self.moving or ("ins" if op == "+" else "del")

    def runs(self, pieces) -> str:
        xml = [self.range_start]
        self.range_start = ""
        for op, text in pieces:
            if not text:
                continue
            if op == "=":
                xml.append(f'<w:r><w:t xml:space="preserve">{_x(text)}</w:t></w:r>')
            elif op == "-" and not self.moving:
                xml.append(f'{self._revision("del")}><w:r><w:delText xml:space="preserve">{_x(text)}'
                           "</w:delText></w:r></w:del>")
            else:
                tag = self._tag(op)
                xml.append(f'{self._revision(tag)}><w:r><w:t xml:space="preserve">{_x(text)}</w:t></w:r></w:{tag}>')
        return "".join(xml)

    def paragraph(self, style: str, pieces, mark: str = "=") -> None:
        tracked = ""
        if mark != "=":
            tracked = f'<w:rPr>{self._revision(self._tag(mark))}/></w:rPr>'
        self.out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{tracked}</w:pPr>{self.runs(pieces)}</w:p>')

    def move(self, tag: str, name: str, write) -> None:
        """One half of a move: `write()` writes its paragraphs inside the named range."""
        self.next_id += 1
        range_id = self.next_id
        self.range_start = (f'<w:{tag}RangeStart w:id="{range_id}" w:author="{AUTHOR}" w:date="{self.stamp}" '
                            f'w:name="{name}"/>')
        self.moving = tag
        write()
        self.moving = self.range_start = ""
        self.out.append(f'<w:{tag}RangeEnd w:id="{range_id}"/>')

    def para(self, para: Para, force: str | None = None) -> None:
        """force "+"/"-": the whole paragraph inserted or deleted (a move's two halves)."""
        pieces = [(force or op, t) for op, t in para.pieces]
        mark = force or para.mark
        if para.kind == "heading" and para.number:
            if heading_style(para) == "AnnexTitle":
                self.paragraph("AnnexLabel", [(mark, para.number)], mark)
            else:
                pieces = [(mark, para.number)] + pieces
        self.paragraph(para_style(para), pieces, mark)

    def table(self, rows: list[tuple[Row, str | None]]) -> None:
        columns = max(len(row.cells) for row, _ in rows) or 1
        width = TEXT_WIDTH_TWIPS // columns
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
        xml = ['<w:tbl><w:tblPr><w:tblStyle w:val="Table"/><w:tblW w:w="5000" w:type="pct"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
               f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
        for row, force in rows:
            op = force or row.op
            props = ("<w:tblHeader/>" if row.header else "") + (   # w:trPr has no move: a row is ins / del
                f'{self._revision("ins" if op == "+" else "del")}/>' if op != "=" else "")
            cells = []
            for k in range(columns):
                cell = row.cells[k] if k < len(row.cells) else []
                pieces = [(force or o, t) for o, t in cell]
                cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                             f'<w:p><w:pPr><w:pStyle w:val="Compact"/></w:pPr>{self.runs(pieces)}</w:p></w:tc>')
            xml.append(f'<w:tr>{f"<w:trPr>{props}</w:trPr>" if props else ""}{"".join(cells)}</w:tr>')
        xml.append("</w:tbl>")
        self.out.append("".join(xml))

    def items(self, items: list, force: str | None = None, paired: frozenset = frozenset()) -> None:
        rows: list[tuple[Row, str | None]] = []
        for item in items:
            if isinstance(item, Row):
                rows.append((item, force))
                continue
            if rows:
                self.table(rows)
                rows = []
            if isinstance(item, Move):
                moved, op = (item.items, "-") if item.direction == "from" else (side_items(item.items, "b"), "+")
                write = functools.partial(self.items, moved, op)
                if tuple(item.members) in paired:
                    self.move("moveFrom" if item.direction == "from" else "moveTo", f"move{item.members[0]}", write)
                else:
                    write()
            else:
                self.para(item, force)
        if rows:
            self.table(rows)


def body_xml(comparison: Comparison) -> str:
    body = _Body(comparison.b.date)
    body.paragraph("Title", [("=", comparison.title)])
    body.paragraph("Subtitle", [("=", f"修改对照稿：{comparison.a.label} → {comparison.b.label}")])
    halves: dict[tuple[int, ...], set[str]] = {}
    for chapter in comparison.chapters:
        for item in chapter.items:
            if isinstance(item, Move):
                halves.setdefault(tuple(item.members), set()).add(item.direction)
    paired = frozenset(members for members, directions in halves.items() if len(directions) == 2)
    for chapter in comparison.chapters:
        body.items(chapter.items, paired=paired)
    body.paragraph("BodyText", [])
    return "".join(body.out)


def _core(comparison: Comparison) -> bytes:
    stamp = comparison.b.date.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    title = _x(f"《{comparison.title}》修改对照稿（{comparison.a.label} → {comparison.b.label}）")
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{title}</dc:title><dc:creator>{AUTHOR}</dc:creator>"
            f"<cp:lastModifiedBy>{AUTHOR}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "<dc:language>zh-CN</dc:language></cp:coreProperties>").encode("utf-8")


def docx_bytes(comparison: Comparison, reference: Path) -> bytes:
    """The comparison on `reference`, the formal export's reference document
    (scripts.export.docx.cached_reference_docx)."""
    parts = dict(_reference(reference))
    document = parts["word/document.xml"].decode("utf-8")
    found = _BODY.search(document)
    if not found:
        raise ValueError("参考文档 word/document.xml 的结构不是预期的 <w:body>…<w:sectPr>")
    document = (document[: found.start()] + found.group(1) + body_xml(comparison) + found.group(3)
                + found.group(4) + document[found.end():])
    parts["word/document.xml"] = document.encode("utf-8")
    parts["docProps/core.xml"] = _core(comparison)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name])
    return out.getvalue()
