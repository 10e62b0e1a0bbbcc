"""What pandoc's DOCX writer cannot say, added to the file it wrote.

- Table rows never split across pages (w:cantSplit): pandoc has no option.
- No Author/Date paragraphs under the title: pandoc writes them from the
  metadata, and a hidden paragraph still prints with "print hidden text".
  The author stays in the document properties.
- The document properties' title without the title's line breaks.
"""
from __future__ import annotations

import html
import io
import re
import zipfile

from lxml import etree

from scripts.export.ooxml import W_NS, w_tag
from scripts.reproducible import zip_bytes

DROPPED_STYLES = ("Author", "Date")
# w:trPr children that must follow w:cantSplit (ECMA-376 CT_TrPr order)
AFTER_CANT_SPLIT = {w_tag(n) for n in ("trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del")}


def _rows_never_split(body) -> None:
    for row in body.iter(w_tag("tr")):
        props = row.find(w_tag("trPr"))
        if props is None:
            props = etree.Element(w_tag("trPr"))
            row.insert(0, props)
        if props.find(w_tag("cantSplit")) is not None:
            continue
        flag = etree.Element(w_tag("cantSplit"))
        later = next((c for c in props if c.tag in AFTER_CANT_SPLIT), None)
        if later is None:
            props.append(flag)
        else:
            later.addprevious(flag)


def _drop_title_block_paragraphs(document) -> None:
    # pandoc writes the title block as paragraphs of the body itself
    styles = " or ".join(f"@w:val='{name}'" for name in DROPPED_STYLES)
    for paragraph in document.xpath(f"w:body/w:p[w:pPr/w:pStyle[{styles}]]", namespaces={"w": W_NS}):
        paragraph.getparent().remove(paragraph)


def finish_document_xml(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    _rows_never_split(root)
    _drop_title_block_paragraphs(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def finish_docx(data: bytes, title: str) -> bytes:
    """The DOCX `data` with the fixes above (deterministic bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {name: source.read(name) for name in source.namelist()}
        date_time = source.infolist()[0].date_time
    entries["word/document.xml"] = finish_document_xml(entries["word/document.xml"])
    if title and "docProps/core.xml" in entries:
        core = entries["docProps/core.xml"].decode("utf-8")
        element = f"<dc:title>{html.escape(title, quote=False)}</dc:title>"
        core = re.sub(r"<dc:title>.*?</dc:title>", lambda _: element, core, flags=re.S)
        entries["docProps/core.xml"] = core.encode("utf-8")
    return zip_bytes(entries.items(), date_time)
