"""Text boxes (VML and DrawingML) out of the drawing and into the text.

pandoc's Word reader skips w:txbxContent, so text a unit put in a text box
(a highlighted target, a boxed case study) was silently lost. Before pandoc
runs, each text box's paragraphs are moved to just after the paragraph that
anchors it, and the drawing is dropped. Word writes a DrawingML box with a
VML fallback holding the same text: only one of the two is taken.
"""
from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
BODY = "word/document.xml"
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _inside(element, tag: str) -> bool:
    return any(a.tag == tag for a in element.iterancestors())


def _shape(box):
    """The element holding the box in its run: the AlternateContent, or the w:drawing / w:pict."""
    outermost = None
    for ancestor in box.iterancestors():
        if ancestor.tag in (W + "drawing", W + "pict", MC + "AlternateContent"):
            outermost = ancestor
        if ancestor.tag == W + "r":
            break
    return outermost


def lift(document: etree._Element) -> int:
    """Move every text box's paragraphs after its anchoring paragraph; returns how many boxes."""
    boxes = [b for b in document.iter(W + "txbxContent")
             if not _inside(b, W + "txbxContent") and not _inside(b, MC + "Fallback")]
    for box in boxes:
        shape = _shape(box)
        host = next((a for a in box.iterancestors(W + "p")), None)
        if shape is None or host is None:
            continue
        paragraphs = [p for p in box if p.tag in (W + "p", W + "tbl")]
        at = host
        for paragraph in paragraphs:
            at.addnext(paragraph)
            at = paragraph
        shape.getparent().remove(shape)
    return len(boxes)


def lift_text_boxes(data: bytes) -> tuple[bytes, int]:
    """The .docx with its text boxes lifted, and their count (data unchanged when none)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    document = etree.fromstring(source.read(BODY), _XML)
    count = lift(document)
    if not count:
        return data, 0
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True) \
                if info.filename == BODY else source.read(info)
            target.writestr(info, content)
    return out.getvalue(), count
