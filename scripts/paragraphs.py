"""Two addresses for every paragraph, list item and table row of the plan.

- A readable 公文 address built from the numbered headings above it, e.g.
  "二（三）3 第2段", "附件1 表1第3行".
- A stable ID from its page and its own words ("p-" + 8 hex digits): it survives
  insertions elsewhere and renumbering between stages. When the words
  themselves change, comments still find their place through the quoted
  text they carry (scripts/comments/anchors.py).

Works on the HTML of one page, after Markdown rendering; the site hook sets
the IDs and data attributes, and the list of items goes to build/anchors.json.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass

import lxml.html

KINDS = {"p": "p", "li": "li", "tr": "tr"}
_SKIP_ANCESTORS = ("footnote", "admonition", "md-typeset__scrollwrap-skip")
_LABEL = re.compile(r"^(?:([一二三四五六七八九十]+)、|（([一二三四五六七八九十]+)）|(\d+)\.|（(\d+)）)")
_SPACE = re.compile(r"[\s\u200b¶]+")


@dataclass(frozen=True)
class Item:
    id: str
    address: str
    kind: str        # p | li | tr
    page: str        # source path, e.g. plan/general.md
    chapter: str     # the page's title, e.g. 一、总体要求
    text: str

    def as_dict(self) -> dict:
        return asdict(self)


def normalise(text: str) -> str:
    return _SPACE.sub("", text)


def item_id(kind: str, page: str, text: str) -> str:
    """From the page and the item's own words: not from its position or number."""
    digest = hashlib.sha1(f"{page}\x1f{normalise(text)}".encode("utf-8")).hexdigest()[:8]
    return f"{ {'p': 'p', 'li': 'i', 'tr': 'r'}[kind] }-{digest}"


def _heading_label(text: str, level: int) -> str:
    match = _LABEL.match(text.strip())
    if not match:
        return ""
    chinese, bracketed, arabic, bracketed_arabic = match.groups()
    return {1: chinese, 2: f"（{bracketed}）" if bracketed else "", 3: arabic,
            4: f"（{bracketed_arabic}）" if bracketed_arabic else ""}.get(level) or ""


def _skipped(element) -> bool:
    for ancestor in element.iterancestors():
        classes = ancestor.get("class") or ""
        if any(name in classes for name in _SKIP_ANCESTORS):
            return True
    return False


def _text(element) -> str:
    """The words a reader sees, without footnote marks and permalink signs."""
    parts: list[str] = []

    def walk(node) -> None:
        skipped = node.tag == "sup" or (node.tag == "a" and "headerlink" in (node.get("class") or ""))
        if not skipped:
            parts.append(node.text or "")
            for child in node:
                walk(child)
        if node is not element:
            parts.append(node.tail or "")

    walk(element)
    return normalise("".join(parts))


def address_page(content: str, page: str, annex_number: int | None = None) -> tuple[str, list[Item]]:
    """Give each item of a page's HTML an id and data-address; return the new HTML and the items."""
    root = lxml.html.fragment_fromstring(content, create_parent="div")
    labels = {1: "", 2: "", 3: "", 4: ""}
    chapter = ""
    counters: dict[str, int] = {}
    tables = 0
    seen: dict[str, int] = {}
    items = []
    for element in root.iter("h1", "h2", "h3", "h4", "p", "li", "tr", "table"):
        if element.tag.startswith("h"):
            level = int(element.tag[1])
            text = _text(element)
            if level == 1:
                chapter = text
            labels[level] = _heading_label(text, level)
            for deeper in range(level + 1, 5):
                labels[deeper] = ""
            counters, tables = {}, 0
            continue
        if _skipped(element):
            continue
        if element.tag == "table":
            tables += 1
            counters["tr"] = 0     # rows count from 1 in each table: 表2第1行
            continue
        if element.tag == "p" and element.getparent() is not None and element.getparent().tag == "li":
            continue
        if element.tag == "tr" and element.getparent() is not None and element.getparent().tag == "thead":
            continue
        if element.tag == "tr":
            text = " | ".join(_text(cell) for cell in element.iterchildren("td", "th"))
        else:
            text = _text(element)
        if not text.strip(" |"):
            continue
        kind = KINDS[element.tag]
        counters[kind] = counters.get(kind, 0) + 1
        n = counters[kind]
        where = f"附件{annex_number}" if annex_number else "".join(labels[l] for l in (1, 2, 3, 4))
        suffix = {"p": f"第{n}段", "li": f"第{n}项", "tr": f"表{tables}第{n}行"}[kind]
        identifier = item_id(kind, page, text)
        seen[identifier] = seen.get(identifier, 0) + 1
        if seen[identifier] > 1:
            identifier += f"-{seen[identifier]}"
        address = f"{where} {suffix}".strip()
        element.set("id", identifier)
        element.set("data-address", address)
        items.append(Item(identifier, address, kind, page, chapter, text))
    html = "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return (root.text or "") + html, items
