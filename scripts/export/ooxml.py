"""Raw WordprocessingML: elements inserted in schema order, and units.

Declarations only (the child order of the elements we edit, unit
conversions, property setters); the 公文 choices live in reference_docx.py.
Elements are always inserted in OOXML schema order, so Word opens the file
without a "repair" prompt. Plain lxml: new elements are made by their parent
(python-docx's element classes when the parent is in a python-docx tree), so
reading or finishing a DOCX does not need python-docx.
"""
from __future__ import annotations

from scripts.export.layout import MM_PER_PT

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w_tag(name: str) -> str:
    """The tag of w:<name> in lxml's notation: w_tag("jc") → "{…/main}jc"."""
    return f"{{{W_NS}}}{name}"


def _element(parent, name: str):
    return parent.makeelement(w_tag(name), nsmap={"w": W_NS})

# Child order of the elements we edit (ECMA-376 Part 1, wml.xsd). New
# children are inserted before the first existing child that must follow them.
ORDER: dict[str, tuple[str, ...]] = {
    "pPr": (
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
        "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
        "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
        "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
        "sectPr", "pPrChange"),
    "rPr": (
        "ins", "del", "moveFrom", "moveTo",
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
        "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
        "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
        "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange"),
    "style": (
        "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
        "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid",
        "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"),
    "tblPr": (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
        "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
        "tblLook", "tblCaption", "tblDescription", "tblPrChange"),
    "tblBorders": ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV"),
    "tblCellMar": ("top", "left", "start", "bottom", "right", "end"),
    "tcPr": (
        "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
        "textDirection", "tcFitText", "vAlign", "hideMark"),
    "sectPr": (
        "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
        "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
        "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"),
    "settings": (
        "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
        "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
        "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
        "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
        "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
        "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
        "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
        "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
        "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
        "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
        "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
        "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
        "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
        "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
        "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData",
        "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
        "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema",
        "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
        "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
        "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
        "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
        "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
        "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
        "decimalSymbol", "listSeparator"),
}


# --- units ---------------------------------------------------------------

def twips_pt(points: float) -> int:
    return round(points * 20)


def twips_mm(mm: float) -> int:
    return round(mm / MM_PER_PT * 20)


def half_points(points: float) -> int:
    return round(points * 2)


# --- raw XML in schema order ---------------------------------------------

def local(element) -> str | None:
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith("{" + W_NS + "}"):
        return None
    return tag.split("}", 1)[1]


def insert(parent, child):
    order = ORDER[local(parent)]
    later = set(order[order.index(local(child)) + 1:])
    for existing in parent:
        if local(existing) in later:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def set_child(parent, name: str, **attrs):
    """The w:<name> child of parent (created in schema order), with attrs set."""
    element = parent.find(w_tag(name))
    if element is None:
        element = insert(parent, _element(parent, name))
    for key, value in attrs.items():
        element.set(w_tag(key), str(value))
    return element


def fresh(parent, name: str):
    """A new, empty w:<name> child replacing any existing one."""
    old = parent.find(w_tag(name))
    if old is not None:
        parent.remove(old)
    return insert(parent, _element(parent, name))


def paragraph_props(ppr, *, keep_next=False, page_break_before=False, widow_control=None, snap=True, before=0, after=0,
                     line: int | None = None, rule="exact", first_chars: int | None = None,
                     first: int | None = None, left: int | None = None, right: int | None = None,
                     hanging: int | None = None, jc: str | None = None, outline: int | None = None,
                     asian_typography: bool = False) -> None:
    if keep_next:
        set_child(ppr, "keepNext")
        set_child(ppr, "keepLines")
    if page_break_before:
        set_child(ppr, "pageBreakBefore")
    if widow_control is not None:
        set_child(ppr, "widowControl", val=int(widow_control))
    if asian_typography:
        # 公文 settings: no extra space between Chinese and Latin or digits
        # (Word's "2025 年"), no punctuation hanging into the margin.
        set_child(ppr, "kinsoku", val=1)
        set_child(ppr, "overflowPunct", val=0)
        set_child(ppr, "autoSpaceDE", val=0)
        set_child(ppr, "autoSpaceDN", val=0)
    if not snap:
        set_child(ppr, "snapToGrid", val=0)
    spacing = set_child(ppr, "spacing", before=before, after=after)
    if line is not None:
        spacing.set(w_tag("line"), str(line))
        spacing.set(w_tag("lineRule"), rule)
    ind = {}
    if left is not None:
        ind["left"] = left
    if right is not None:
        ind["right"] = right
    if first_chars is not None:
        ind["firstLineChars"] = first_chars
    if first is not None:
        ind["firstLine"] = first
    if hanging is not None:
        ind["hanging"] = hanging
    if ind:
        set_child(ppr, "ind", **ind)
    if jc:
        set_child(ppr, "jc", val=jc)
    if outline is not None:
        set_child(ppr, "outlineLvl", val=outline)


def run_props(rpr, *, font: str | None = None, latin: str | None = None, size_pt: float | None = None,
               bold: bool | None = None, italic: bool | None = None, black=False, vanish=False,
               superscript=False, no_underline=False, spacing_twips: int | None = None) -> None:
    if font:
        latin = latin or font
        set_child(rpr, "rFonts", ascii=latin, hAnsi=latin, eastAsia=font, cs=latin)
    if bold is not None:
        set_child(rpr, "b", val=int(bold))
        set_child(rpr, "bCs", val=int(bold))
    if italic is not None:
        set_child(rpr, "i", val=int(italic))
        set_child(rpr, "iCs", val=int(italic))
    if vanish:
        set_child(rpr, "vanish")
    if black:
        set_child(rpr, "color", val="000000")
    if spacing_twips is not None:
        set_child(rpr, "spacing", val=spacing_twips)
    if size_pt is not None:
        set_child(rpr, "sz", val=half_points(size_pt))
        set_child(rpr, "szCs", val=half_points(size_pt))
    if no_underline:
        set_child(rpr, "u", val="none")
    if superscript:
        set_child(rpr, "vertAlign", val="superscript")
