"""Personal data must never reach the site or a public document.

`redact` hides it in comment text at import; `scan` checks what is published.
Only the office's own published contacts (data/plan.yml) are allowed.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

PATTERNS = {
    "邮箱": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    "身份证号": re.compile(r"(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])"),
    "手机号": re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])"),
    "电话": re.compile(r"(?<![0-9])0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}(?![0-9])"),
}
HIDDEN = "〔已隐去〕"
PUBLIC_SUFFIXES = (".html", ".json", ".xml", ".txt", ".md", ".csv", ".docx", ".pdf", ".xlsx")


def redact(text: str) -> tuple[str, int]:
    count = 0
    for pattern in PATTERNS.values():
        text, n = pattern.subn(HIDDEN, text)
        count += n
    return text, count


def find_personal_data(text: str, allowed: set[str]) -> list[tuple[str, str]]:
    hits = []
    for kind, pattern in PATTERNS.items():
        for value in pattern.findall(text):
            digits = re.sub(r"\D", "", value)
            if value in allowed or any(a and a in digits for a in allowed if a.isdigit()):
                continue
            hits.append((kind, value))
    return hits


def _text_of(path: Path) -> str:
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            xml = " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                           if n.endswith(".xml"))
        return re.sub(r"<[^>]+>", "", xml)
    if path.suffix == ".pdf":
        from pypdf import PdfReader
        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return path.read_text(encoding="utf-8", errors="replace")


def scan(folders: list[Path], allowed: set[str]) -> list[str]:
    """'file: kind value' for every piece of personal data found in published files."""
    findings = []
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in PUBLIC_SUFFIXES):
            for kind, value in find_personal_data(_text_of(path), allowed):
                findings.append(f"{path}：发现{kind} {value}")
    return findings


def office_contacts(model) -> set[str]:
    """The contacts the office itself published in the notice."""
    allowed = {model.plan.email}
    for _, phone in model.plan.contacts:
        allowed.add(re.sub(r"\D", "", phone.split("转")[0]))
    return allowed
