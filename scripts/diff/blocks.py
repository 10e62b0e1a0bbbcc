"""Rendered Markdown → the reader's text, as sections of blocks.

A section is a heading and the blocks up to the next heading (a page's text
before its first heading is a section without heading). Generated 公文
numbers are taken off headings and kept aside, with the `{#anchor}` that
aligns headings across versions: renumbering is never a text change.
Inline markup (emphasis, links, spans) is reduced to the words it shows.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from scripts.numbering import slug

PARTS = ("body", "annex")

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ATTRS = re.compile(r"[ \t]*\{([^{}]*)\}$")
_ANCHOR = re.compile(r"#([^\s}]+)")
_LABELS = {
    1: re.compile(r"^[一二三四五六七八九十]+、"),
    2: re.compile(r"^（[一二三四五六七八九十]+）"),
    3: re.compile(r"^\d+\."),
    4: re.compile(r"^（\d+）"),
}
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d+[.)])[ \t]+(.*)$")
_NOTE_DEF = re.compile(r"^\[\^([^\]]+)\]:[ \t]*(.*)$")
_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
# an admonition's first line, as Python-Markdown reads it: `!!! type "title"`; its body is indented four spaces
_ADMONITION = re.compile(r'^[ \t]*(?:!!!|\?\?\?\+?) ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *$')
_ADMONITION_BODY = "    "
_TABLE_RULE = re.compile(r"^\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_RULE = re.compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$")
_ATTR_LINE = re.compile(r"^[ \t]*\{:?[^{}]*\}[ \t]*$")

# inline markup → shown text
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE = re.compile(r"`+([^`]*)`+")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_STRONG = re.compile(r"\*\*|__")
_EM = re.compile(r"(?<![\*\w])\*(?=\S)(.+?)(?<=\S)\*(?!\*)")
_TRAILING_ATTRS = re.compile(r"[ \t]*\{:?[ \t]*[#.][^{}]*\}[ \t]*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_LINE_JOIN = re.compile(r"([^\n])?[ \t]*\n[ \t]*([^\n])?")


@dataclass(frozen=True)
class Block:
    kind: str                 # "para" | "item" | "note" | "row" | "heading"
    text: str                 # the reader's text; a row's cells joined by TAB
    level: int = 0            # list nesting depth; a heading's level
    ordered: bool = False
    cells: tuple[str, ...] = ()
    header: bool = False
    number: str = ""          # a heading's generated label

    @property
    def key(self) -> tuple:
        return (self.kind, self.text) if self.kind in ("row", "heading") else ("text", self.text)


@dataclass
class Section:
    page: str                 # source path, e.g. plan/talent.md
    part: str                 # "body" | "annex"
    level: int                # heading level 1–6; 0 for the text before a page's first heading
    title: str                # heading text without its number
    number: str               # the generated label shown before it (一、 （二） 3. 附件1), or ""
    anchor: str
    first: bool               # the page's first section: it opens a chapter
    blocks: list[Block] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return self.page, self.anchor

    @property
    def body_text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    def heading_block(self) -> list[Block]:
        """The heading as a block among others: how it is compared when it is new or gone."""
        return [Block("heading", self.title, self.level, number=self.number)] if self.level else []


@dataclass
class Document:
    sections: list[Section]

    def pages(self) -> list[str]:
        return list(dict.fromkeys(s.page for s in self.sections))


def row_text(cells) -> str:
    """A row as text: cells joined by TAB, trailing empty cells dropped."""
    cells = list(cells)
    while cells and not cells[-1]:
        cells.pop()
    return "\t".join(cells)


def reader_text(markdown: str, notes: dict[str, int] | None = None) -> str:
    """The words a reader sees for a piece of inline Markdown."""
    text = _LINE_JOIN.sub(_join_lines, markdown) if "\n" in markdown else markdown
    if "`" in text:
        text = _CODE.sub(r"\1", text)
    if "[" in text:
        text = _IMAGE.sub(r"\1", text)
        text = _NOTE_REF.sub(lambda m: f"[{(notes or {}).get(m.group(1), m.group(1))}]", text)
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
        text = _TAG.sub("", text)
    if "*" in text or "_" in text:
        text = _STRONG.sub("", text)
        text = _EM.sub(r"\1", text)
    if "{" in text:
        text = _TRAILING_ATTRS.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "&" in text:
        text = html.unescape(text)
    return _SPACES.sub(" ", text).strip()


def _join_lines(match: re.Match) -> str:
    """Soft line breaks: nothing between Chinese characters, a space between Latin words."""
    before, after = match.group(1) or "", match.group(2) or ""
    wide = (before and ord(before) > 0x2E7F) or (after and ord(after) > 0x2E7F)
    return before + ("" if wide else " ") + after


def _note_numbers(markdown: str) -> dict[str, int]:
    """Footnotes are numbered per page in order of first reference, as on the site."""
    numbers: dict[str, int] = {}
    for label in _NOTE_REF.findall(markdown):
        numbers.setdefault(label, len(numbers) + 1)
    return numbers


def _split_heading(text: str, level: int, part: str) -> tuple[str, str, str]:
    """(title, number, anchor) of a heading line's text."""
    anchor = ""
    attrs = _ATTRS.search(text)
    if attrs:
        found = _ANCHOR.search(attrs.group(1))
        anchor = found.group(1) if found else ""
        text = text[: attrs.start()]
    depth = level - (1 if part == "annex" else 0)
    number = ""
    if attrs and depth in _LABELS:
        label = _LABELS[depth].match(text)
        if label:
            number, text = label.group(0), text[label.end():]
    return text.strip(), number, anchor


def parse_page(page: str, part: str, markdown: str, annex_number: int = 0) -> list[Section]:
    """One rendered page → its sections, in order."""
    notes = _note_numbers(markdown)
    sections = [Section(page, part, 0, "", "", "", True)]
    seen: dict[str, int] = {}
    lines = markdown.replace("\r\n", "\n").split("\n")
    para: list[str] = []
    item: list | None = None          # [indent, ordered, lines]
    note: list | None = None          # [label, lines]
    rows: list[list] = []             # [[cells, header]]
    fence: str | None = None
    admonition_body = False           # inside an admonition, until a line that is not indented

    def add(block: Block) -> None:
        if block.text:
            sections[-1].blocks.append(block)

    def flush() -> None:
        nonlocal para, item, note, rows
        if para:
            add(Block("para", reader_text("\n".join(para), notes)))
        if item:
            indent, ordered, text = item
            add(Block("item", reader_text("\n".join(text), notes), level=indent, ordered=ordered))
        if note:
            label, text = note
            add(Block("note", f"[{notes.get(label, label)}] " + reader_text("\n".join(text), notes)))
        for cells, header in rows:
            shown = tuple(reader_text(c, notes) for c in cells)
            add(Block("row", row_text(shown), cells=shown, header=header))
        para, item, note, rows = [], None, None, []

    for line in lines:
        fence_match = _FENCE.match(line)
        if fence or fence_match:
            if fence_match:
                marker = fence_match.group(1)[0]
                flush()
                fence = None if fence == marker else (fence or marker)
            elif line.strip():
                add(Block("para", line.strip()))
            continue
        stripped = line.strip()
        if admonition_body and stripped and not line.expandtabs(4).startswith(_ADMONITION_BODY):
            flush()                   # the site ends the admonition here: no lazy continuation
            admonition_body = False
        heading = _HEADING.match(line)
        if heading:
            flush()
            level = len(heading.group(1))
            title, number, anchor = _split_heading(heading.group(2), level, part)
            if part == "annex" and level == 1 and annex_number:
                number = f"附件{annex_number}"
            anchor = anchor or slug(title)
            seen[anchor] = seen.get(anchor, 0) + 1
            if seen[anchor] > 1:
                anchor = f"{anchor}-{seen[anchor]}"
            first = not any(s.blocks or s.level for s in sections)
            sections.append(Section(page, part, level, reader_text(title, notes), number, anchor, first))
            continue
        if not stripped or _RULE.match(line) or _ATTR_LINE.match(line):
            flush()
            continue
        if stripped.startswith("|"):
            if not rows:
                flush()
            if _TABLE_RULE.match(stripped):
                if rows:
                    rows[-1][1] = True
                continue
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", stripped.strip("|"))]
            rows.append([cells, False])
            continue
        if rows:
            flush()
        defined = _NOTE_DEF.match(line)
        if defined:
            flush()
            note = [defined.group(1), [defined.group(2)]]
            continue
        listed = _ITEM.match(line)
        if listed and not (para and not item and not note):
            flush()
            indent = len(listed.group(1).expandtabs(4)) // 2
            item = [indent, listed.group(2)[0].isdigit(), [listed.group(3)]]
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            flush()
            admonition_body = True
            kind, title = admonition.groups()
            if title is None:         # the site shows the type as the title: `!!! note` → Note; `""` → none
                title = kind.split()[0].lower().capitalize()
            if title:
                add(Block("para", reader_text(title, notes)))
            continue
        if stripped.startswith(">"):
            stripped = stripped.lstrip("> ")
        if item:
            item[2].append(stripped)
        elif note:
            note[1].append(stripped)
        else:
            para.append(stripped)
    flush()
    if not sections[0].blocks:
        sections.pop(0)
    if sections:
        sections[0].first = True
        for section in sections[1:]:
            section.first = False
    return sections


def parse_document(pages: list[tuple[str, str, str]]) -> Document:
    """pages: (source path, "body" | "annex", rendered Markdown), in outline order."""
    sections: list[Section] = []
    annexes = 0
    for page, part, markdown in pages:
        if part == "annex":
            annexes += 1
        sections += parse_page(page, part, markdown, annexes if part == "annex" else 0)
    return Document(sections)


def plain_lines(document: Document) -> list[str]:
    """The document as a reader's lines: headings, paragraphs, rows (cells TAB-joined)."""
    lines = []
    for section in document.sections:
        if section.level and section.title:
            lines.append(section.title)
        lines += [b.text for b in section.blocks if b.text]
    return lines
