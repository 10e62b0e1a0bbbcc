"""Read a redline the way a reviewer's tool does: accept or reject every change.

Word: accepting drops w:del and w:moveFrom and keeps w:ins and w:moveTo; a
paragraph whose mark is deleted (or moved away) then joins the next
paragraph (rejecting: the same with w:ins and w:moveTo).
The HTML redline follows the same rules with <del>/<ins> and their
cmp-mark elements. Generated heading numbers, annex labels, the title
block and reader notes are not document text and are left out.
"""
from __future__ import annotations

import io
import re
import zipfile

from lxml import etree
from lxml import html as lxml_html

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SKIPPED_STYLES = {"Title", "Subtitle", "AnnexLabel"}
HEADING_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)")


def _drop_trailing_empty(cells: list[str]) -> str:
    while cells and not cells[-1]:
        cells.pop()
    return "\t".join(cells)


# --- Word ------------------------------------------------------------------

def document_xml(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _dropped(accept: bool) -> set[str]:
    return {W + "del", W + "moveFrom"} if accept else {W + "ins", W + "moveTo"}


def _run_text(paragraph, accept: bool) -> str:
    dropped = _dropped(accept)
    text = []
    for child in paragraph:
        if child.tag == W + "pPr" or child.tag in dropped:
            continue
        for node in child.iter(W + "t", W + "delText"):
            text.append(node.text or "")
    return "".join(text)


def _mark_dropped(paragraph, accept: bool) -> bool:
    rpr = paragraph.find(f"{W}pPr/{W}rPr")
    return rpr is not None and any(child.tag in _dropped(accept) for child in rpr)


def _style(paragraph) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val") if style is not None else ""


def docx_lines(docx: bytes, accept: bool) -> list[str]:
    body = document_xml(docx).find(W + "body")
    lines, carry = [], ""
    for element in body:
        if element.tag == W + "p":
            text = carry + _run_text(element, accept)
            if _mark_dropped(element, accept):
                carry = text
                continue
            carry = ""
            style = _style(element)
            if style in SKIPPED_STYLES:
                continue
            if style.startswith("Heading") or style == "AnnexTitle":
                text = HEADING_NUMBER.sub("", text, count=1)
            if text:
                lines.append(text)
        elif element.tag == W + "tbl":
            if carry:
                lines.append(carry)
                carry = ""
            for row in element.iter(W + "tr"):
                trpr = row.find(W + "trPr")
                if trpr is not None and trpr.find(W + ("del" if accept else "ins")) is not None:
                    continue
                cells = ["".join(_run_text(p, accept) for p in cell.iter(W + "p")) for cell in row.iter(W + "tc")]
                text = _drop_trailing_empty(cells)
                if text:
                    lines.append(text)
    if carry:
        lines.append(carry)
    return lines


# --- HTML ------------------------------------------------------------------

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}


def html_lines(markup: str, accept: bool) -> list[str]:
    """Lines of every div.cmp-redline in the page, with changes accepted or rejected."""
    root = lxml_html.fromstring(f"<div>{markup}</div>")
    for note in root.xpath('.//*[contains(@class, "cmp-note") or contains(@class, "cmp-num")]'):
        note.drop_tree()
    for mark in root.xpath('.//*[contains(concat(" ", @class, " "), " cmp-mark ")]'):
        block = next(a for a in mark.iterancestors() if a.tag in BLOCKS)
        block.set("data-mark", mark.tag)
    for dropped in root.xpath(".//del" if accept else ".//ins"):
        if dropped.getparent() is not None:
            dropped.drop_tree()
    lines, carry = [], ""
    for redline in root.xpath('.//div[contains(@class, "cmp-redline")]'):
        for block in redline.iter(*BLOCKS):
            if block.tag == "tr":
                cells = [c.text_content() for c in block if c.tag in ("td", "th")]
                text = _drop_trailing_empty(cells)
                if carry:
                    lines.append(carry)
                    carry = ""
                if text:
                    lines.append(text)
                continue
            text = carry + block.text_content()
            if block.get("data-mark") == ("del" if accept else "ins"):
                carry = text
                continue
            carry = ""
            if text:
                lines.append(text)
    if carry:
        lines.append(carry)
    return lines


# --- the plan's own Markdown, read by pandoc ----------------------------------------

def _pandoc_text(node, notes: list) -> str:
    """The words pandoc's AST shows; a footnote becomes its number and is kept for later."""
    if isinstance(node, list):
        return "".join(_pandoc_text(n, notes) for n in node)
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return content
    if kind == "Space":
        return " "
    if kind in ("SoftBreak", "LineBreak"):
        return "\n"
    if kind == "Note":
        notes.append(content)
        return f"[{len(notes)}]"
    if kind in ("Code", "Math"):
        return content[-1]
    if kind in ("RawInline", "RawBlock"):
        return ""
    if kind == "Quoted":
        quote = ("“", "”") if content[0]["t"] == "DoubleQuote" else ("‘", "’")
        return quote[0] + _pandoc_text(content[1], notes) + quote[1]
    if kind in ("Link", "Image", "Span"):
        return _pandoc_text(content[1], notes)
    if kind in ("Emph", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Underline"):
        return _pandoc_text(content, notes)
    if kind == "Cite":
        return _pandoc_text(content[1], notes)
    return ""


def _tidy(text: str) -> str:
    """A line break next to a Chinese character shows as nothing, between Latin words as a space."""
    text = re.sub(r"[ \t]*\n[ \t]*(?=[^\x00-\u2e7f])|(?<=[^\x00-\u2e7f])[ \t]*\n[ \t]*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _pandoc_blocks(blocks, notes: list, lines: list[str], annex: bool) -> None:
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind == "Header":
            level, inlines = content[0], content[2]
            text = _tidy(_pandoc_text(inlines, notes))
            if not (annex and level == 1):
                text = HEADING_NUMBER.sub("", text, count=1)
            lines.append(text)
        elif kind in ("Para", "Plain"):
            text = _tidy(_pandoc_text(content, notes))
            if text:
                lines.append(text)
        elif kind in ("BulletList", "OrderedList"):
            for item in (content if kind == "BulletList" else content[1]):
                _pandoc_blocks(item, notes, lines, annex)
        elif kind in ("BlockQuote",):
            _pandoc_blocks(content, notes, lines, annex)
        elif kind == "Div":
            _pandoc_blocks(content[1], notes, lines, annex)
        elif kind == "Table":
            head, bodies = content[3], content[4]
            rows = head[1] + [row for body in bodies for row in body[2] + body[3]]
            for row in rows:
                cells = [_tidy(" ".join(_pandoc_text(b.get("c", []), notes) if b["t"] in ("Plain", "Para") else ""
                                        for b in cell[4])) for cell in row[1]]
                text = _drop_trailing_empty(cells)
                if text:
                    lines.append(text)
        elif kind == "CodeBlock":
            lines += [l.strip() for l in content[1].splitlines() if l.strip()]


# Python-Markdown's admonition line (markdown/extensions/admonition.py, the only kind mkdocs.yml enables)
ADMONITION = re.compile(r'^!!! ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *$')


def _admonitions_as_divs(markdown: str) -> str:
    """Pandoc does not know admonitions (`!!! type "title"`, then a body indented four spaces): it would read
    the first line as text and the body as code. Hand them to pandoc as the site shows them: a div holding the
    title (the type capitalised when none is given, nothing for "") and the body, unindented, as Markdown."""
    lines, out, i = markdown.replace("\r\n", "\n").split("\n"), [], 0
    while i < len(lines):
        opened = ADMONITION.match(lines[i])
        i += 1
        if not opened:
            out.append(lines[i - 1])
            continue
        body = []
        while i < len(lines) and (lines[i].expandtabs(4).startswith("    ") or not lines[i].strip()):
            body.append(lines[i].expandtabs(4)[4:])
            i += 1
        while body and not body[-1].strip():
            body.pop()
        kind, title = opened.groups()
        if title is None:
            title = kind.split()[0].lower().capitalize()
        head = [f"[{title}]{{.admonition-title}}", ""] if title else []   # a span: a title is never a list or heading
        out += ["", "::: admonition", *head, _admonitions_as_divs("\n".join(body)), ":::", ""]
    return "\n".join(out)


def markdown_lines(pages: list[tuple[str, str, str]]) -> list[str]:
    """What a reader sees of the rendered pages, read by pandoc rather than the diff engine's parser:
    headings without their generated numbers, paragraphs, list items, table rows (cells TAB-joined),
    admonitions as their title and body, and each page's footnotes, numbered in order, after its text."""
    import json

    import pypandoc
    lines: list[str] = []
    for _, part, markdown in pages:
        document = json.loads(pypandoc.convert_text(_admonitions_as_divs(markdown), "json", format="markdown-smart"))
        notes: list = []
        _pandoc_blocks(document["blocks"], notes, lines, part == "annex")
        for number, note in enumerate(notes, 1):
            note_lines: list[str] = []
            _pandoc_blocks(note, [], note_lines, False)
            lines.append(f"[{number}] " + " ".join(note_lines))
    return lines
