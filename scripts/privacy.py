"""Personal data: one module finds it, hides it at intake and import, and scans
what is about to be published.

Forms found: e-mail (also with ＠ and full-width letters), mobile numbers
(13912345678, +86 139 1234 5678, 138-1234-5678), landlines with or without an
area code ((021)62345678, 021 6422 1234, 021-6422-1234, 64221234) and ID
numbers (also written with spaces), in half- or full-width digits. A number
glued to ASCII letters or digits is part of something else (a hash, an id such
as p-61647238), and an eight-digit run that is a date (20210903) or a span of
years (2021-2025) is not a telephone number.

Files are scanned as their readers see them: HTML entities and JSON escapes
decoded, DOCX/XLSX as their XML text, PDF as its text, zip archives entry by
entry. The office's own published contacts (data/plan.yml) are allowed after
normalising, so 021-64220000, 64220000 and ６４２２００００ are all the office.
"""
from __future__ import annotations

import hashlib
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

HIDDEN = "〔已隐去〕"
TEXT_SUFFIXES = (".html", ".htm", ".json", ".xml", ".txt", ".md", ".csv", ".yml", ".yaml")   # not the theme's code
OFFICE_SUFFIXES = (".docx", ".xlsx")
SCANNED_SUFFIXES = TEXT_SUFFIXES + OFFICE_SUFFIXES + (".pdf", ".zip")

# Full-width ASCII forms and the ideographic space, one character for one, so
# a match in the shadow text is a match at the same place in the original.
_HALF = str.maketrans({**{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}, "\u3000": " ", "－": "-"})
_EDGE_BEFORE = r"(?<![0-9A-Za-z])(?<![0-9A-Za-z]-)"   # not inside a hash, nor an id such as p-61647238
_EDGE_AFTER = r"(?![0-9A-Za-z])"
_SEP = r"[ \-]?"
_AREA = r"(?:\(0\d{2,3}\)|0\d{2,3})"
# Each pattern first looks at the character it would start with: a Chinese character fails
# there at once, before the lookbehinds are tried (a third of the time on a long text).
PATTERNS = {
    "邮箱": re.compile(r"(?=[A-Za-z0-9._%+-])(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+ ?@ ?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    "身份证号": re.compile(r"(?=[1-9])" + _EDGE_BEFORE + r"[1-9]\d{5}" + _SEP + r"(?:19|20)\d{2}" + _SEP
                          + r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])" + _SEP + r"\d{3}[0-9Xx]" + _EDGE_AFTER),
    "手机号": re.compile(r"(?=[+\d])" + _EDGE_BEFORE + r"(?<!\+)(?:\+?86" + _SEP + r")?1[3-9]\d" + _SEP + r"\d{4}"
                        + _SEP + r"\d{4}" + _EDGE_AFTER),
    "电话": re.compile(r"(?=[(\d])" + _EDGE_BEFORE + r"(?<!\()(?:" + _AREA + _SEP + r"[2-9]\d{2,3}" + _SEP + r"\d{4}"
                      r"|[2-9]\d{3}" + _SEP + r"\d{4})" + _EDGE_AFTER),
}
_DATE = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_YEARS = re.compile(r"(?:19|20)\d{2}(?:19|20)\d{2}")   # 2021-2025: a span of years
_JSON_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|[nrtbf\"\\/])")
_BREAKS = re.compile(r"</w:p>|</w:tc>|<w:br/>|<w:tab/>|</si>|</c>|</a:p>|</text:p>")


@dataclass(frozen=True)
class Hit:
    kind: str
    value: str     # as written
    key: str       # normalised: lower-case e-mail, or the digits that identify the line

    def __str__(self) -> str:
        return f"{self.kind} {self.value}"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text.translate(_HALF))


def phone_key(text: str) -> str:
    """The digits that identify a line: no country code, no area code, no extension."""
    digits = _digits(re.split(r"转|分机|ext", text.translate(_HALF), flags=re.I)[0])
    if digits.startswith("86") and len(digits) > 11:
        digits = digits[2:]
    if digits.startswith("0") and len(digits) > 9:
        area = 3 if digits[1] in "12" else 4        # 010, 021…; 0512…
        digits = digits[area:]
    return digits


def contact_key(kind: str, value: str) -> str:
    if kind == "邮箱":
        return re.sub(r"\s", "", value.translate(_HALF)).lower()
    if kind == "身份证号":
        value = re.sub(r"[\s-]", "", value.translate(_HALF))
        return value.upper()
    return phone_key(value)


def _spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every piece of personal data in `text`."""
    shadow = text.translate(_HALF)
    found = []
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(shadow):
            value = match.group()
            if kind == "电话" and len(_digits(value)) == 8 and (_DATE.fullmatch(_digits(value))
                                                              or _YEARS.fullmatch(_digits(value))):
                continue
            found.append((match.start(), match.end(), kind))
            shadow = shadow[:match.start()] + "#" * len(value) + shadow[match.end():]
    return sorted(found)


def find(text: str) -> list[Hit]:
    return [Hit(kind, text[start:end], contact_key(kind, text[start:end])) for start, end, kind in _spans(text)]


def redact(text: str) -> tuple[str, int]:
    """The text with every piece of personal data replaced by 〔已隐去〕, and how many."""
    spans = _spans(text)
    for start, end, _ in reversed(spans):
        text = text[:start] + HIDDEN + text[end:]
    return text, len(spans)


def readable(text: str) -> str:
    """Text as a reader sees it: JSON escapes and HTML entities decoded."""
    decoded = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else " ", text)
    return html.unescape(decoded)


def office_contacts(model) -> set[str]:
    """Keys of the contacts the office itself published (data/plan.yml)."""
    allowed = {contact_key("邮箱", model.plan.email)} if model.plan.email else set()
    for _, phone in model.plan.contacts:
        if phone:
            allowed.add(phone_key(str(phone)))
    return allowed


def personal_data(text: str, allowed: set[str], only: set[str] | None = None) -> list[Hit]:
    """Hits in readable text, minus the allowed keys; with `only`, just those keys."""
    hits = [h for h in find(readable(text)) if h.key not in allowed]
    return [h for h in hits if h.key in only] if only is not None else hits


def _office_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml"))
    return re.sub(r"<[^>]+>", "", _BREAKS.sub("\n", xml))


def _pdf_text(data: bytes) -> str:
    import pypdfium2   # PDFium reads a 300-page PDF's text in a fraction of pypdf's time
    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


# PDFs this process typeset, by the SHA-256 of their bytes: the Markdown each was made from.
_MADE_FROM: dict[str, str] = {}
# Markdown's inline markup, which the PDF does not print: without it **138**12345678 reads
# 13812345678 as printed, and **ID**13912345678 reads ID13912345678, no telephone in print either.
_INLINE_MARKUP = re.compile(r"\\(?=[^\s\w])|[*`]|\{(?:[#.=]|[\w-]+=)[^{}\n]*\}|[\[\]]")


def made_from(pdf: bytes, markdown: str) -> None:
    """Record that `pdf`, just typeset from `markdown` (whose metadata holds its title, author
    and preview mark), prints no text but that one's: the scan then reads the Markdown, its
    inline markup removed, instead of extracting the PDF's text (seconds per few hundred pages).
    Changed bytes are other bytes and are extracted as before."""
    _MADE_FROM[hashlib.sha256(pdf).hexdigest()] = markdown


def texts_of(name: str, data: bytes):
    """(name, text) of a file, and of every scanned entry inside it when it is a zip."""
    suffix = Path(name).suffix.lower()
    if suffix in OFFICE_SUFFIXES:
        yield name, _office_text(data)
    elif suffix == ".pdf":
        markdown = _MADE_FROM.get(hashlib.sha256(data).hexdigest())
        if markdown is None:
            yield name, _pdf_text(data)
        else:
            yield name, _INLINE_MARKUP.sub("", markdown)
    elif suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in archive.namelist():
                if entry.lower().endswith(SCANNED_SUFFIXES):
                    yield from texts_of(f"{name}/{entry}", archive.read(entry))
    elif suffix in TEXT_SUFFIXES:
        yield name, data.decode("utf-8", "replace")


class CleanFiles:
    """Files already scanned clean, by their bytes and the rules they were scanned under
    (this module's code, the allowed and the only keys), kept in a JSON file between runs:
    a file is read again only when it, the rules or the allowlist change."""
    LIMIT = 20_000

    def __init__(self, path: Path | None, allowed: set[str], only: set[str] | None):
        self.path = path
        rules = hashlib.sha256(Path(__file__).read_bytes())
        rules.update(repr((sorted(allowed), sorted(only) if only is not None else None)).encode())
        self.rules = rules.hexdigest()[:16]
        self.known: dict[str, None] = {}   # insertion-ordered, so the oldest are dropped first
        if path and path.exists():
            try:
                self.known = dict.fromkeys(json.loads(path.read_text(encoding="utf-8")))
            except (ValueError, TypeError):
                self.known = {}   # a damaged cache only costs a full scan

    def key(self, data: bytes) -> str:
        return f"{self.rules}:{hashlib.sha256(data).hexdigest()}"

    def save(self) -> None:
        if self.path:
            from scripts.atomic import write_bytes
            write_bytes(self.path, json.dumps(list(self.known)[-self.LIMIT:]).encode("utf-8"))


def scan(paths: list[Path], allowed: set[str], only: set[str] | None = None, skip=lambda path: False,
         cache: Path | None = None) -> list[str]:
    """'file：发现kind value' for every piece of personal data in files under `paths`
    (folders or single files), other than `allowed`; with `only`, just those keys.
    With `cache`, files scanned clean before (same bytes, same rules) are not read again."""
    findings, clean = [], CleanFiles(cache, allowed, only)
    for top in paths:
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.exists() else []
        for path in files:
            if skip(path) or not path.name.lower().endswith(SCANNED_SUFFIXES):
                continue
            data = path.read_bytes()
            key = clean.key(data)
            if key in clean.known:
                continue
            hits = [f"{name}：发现{hit}" for name, text in texts_of(str(path), data)
                    for hit in personal_data(text, allowed, only)]
            if not hits:
                clean.known[key] = None
            findings += hits
    clean.save()
    return findings


def contact_keys(contacts) -> set[str]:
    """Keys of commenters' contacts (private/comments-contacts.yml): what the internal site may not show."""
    keys = set()
    for contact in contacts:
        for value in (contact.email, contact.phone, contact.address):
            keys |= {hit.key for hit in find(readable(str(value or "")))}
    return keys
