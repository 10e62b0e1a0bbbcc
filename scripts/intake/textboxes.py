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


def lift(document: etree._Element) -> tuple[int, int]:
    """Move every text box's paragraphs after its anchoring paragraph.
    Returns (boxes lifted, boxes with text left where pandoc cannot read it)."""
    boxes = [b for b in document.iter(W + "txbxContent")
             if not _inside(b, W + "txbxContent") and not _inside(b, MC + "Fallback")]
    lifted = skipped = 0
    for box in boxes:
        shape = _shape(box)
        host = next((a for a in box.iterancestors(W + "p")), None)
        if shape is None or host is None:
            skipped += bool("".join(box.itertext()).strip())
            continue
        at = host
        for paragraph in [p for p in box if p.tag in (W + "p", W + "tbl")]:
            at.addnext(paragraph)
            at = paragraph
        shape.getparent().remove(shape)
        lifted += 1
    return lifted, skipped


def lift_text_boxes(data: bytes) -> tuple[bytes, int, int]:
    """The .docx with its text boxes lifted (data unchanged when none), and
    the counts of boxes lifted and left out."""
    source = zipfile.ZipFile(io.BytesIO(data))
    document = etree.fromstring(source.read(BODY), _XML)
    count, skipped = lift(document)
    if not count:
        return data, 0, skipped
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True) \
                if info.filename == BODY else source.read(info)
            target.writestr(info, content)
    return out.getvalue(), count, skipped
