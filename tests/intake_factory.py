"""Word files as units really send them, built for the intake tests.

pandoc writes a clean .docx from Markdown (footnotes, tables, images, lists);
python-docx and raw XML then mess it up: heading styles replaced by bold or
numbered plain paragraphs, tracked changes left in, comments left in.
"""
from __future__ import annotations

import copy
import subprocess
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from scripts.export.pandoc_runner import pandoc_path

FILLER = ("本区坚持以质量第一为价值导向，统筹推进质量强区建设，产品、工程、服务和环境质量总体稳步提升，"
          "质量基础设施不断完善，企业质量管理水平持续提高，质量工作体制机制进一步健全。")

PARTS = ("一、发展现状", "二、存在的问题和不足", "三、发展目标", "四、主要任务和举措")

GOALS = ("到2025年，全区制造业产品质量合格率由2020年的93.8%提高到96%以上，2035年达到98%以上。"
         "规模以上工业企业首席质量官制度覆盖率在2025年、2035年分别达到70%、95%。")

GOAL_TABLE = """| 序号 | 指标 | 单位 | 2020年 | 2025年 | 2035年 |
|------|------|------|--------|--------|--------|
| 1 | 公共服务质量满意度 | 分 | 81 | 84以上 | ≥88 |
| 2 | 规模以上制造业企业质量损失率 | % | 0.85 | ≤0.7 | ≤0.5 |
"""


def paragraphs(chars: int) -> str:
    """About `chars` characters of plausible text, in paragraphs."""
    count = max(1, chars // len(FILLER))
    return "\n\n".join(FILLER for _ in range(count))


def material_markdown(title: str = "浦东新区质量发展材料", headings=PARTS, chars: int = 2800,
                      goals: str = GOALS, table: str = GOAL_TABLE, extra: str = "") -> str:
    share = chars // 4
    parts = [
        f"---\ntitle: {title}\n---\n",
        f"# {headings[0]}\n\n2020年全区制造业产品质量合格率为93.8%[^1]。\n\n{paragraphs(share)}",
        f"# {headings[1]}\n\n1. 质量基础设施服务能力不足。\n2. 企业质量管理水平参差不齐。\n\n{paragraphs(share)}",
        f"# {headings[2]}\n\n{goals}\n\n{table}\n{paragraphs(share // 2)}",
        f"# {headings[3]}\n\n{paragraphs(share)}",
        extra,
        "[^1]: 数据来源：浦东新区统计局《2020年浦东新区国民经济和社会发展统计公报》。",
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def docx_from_markdown(markdown: str, target: Path, resources: Path | None = None) -> Path:
    source = target.with_suffix(".source.md")
    source.write_text(markdown, encoding="utf-8")
    subprocess.run([pandoc_path(), str(source), "-o", str(target),
                    "--resource-path", str(resources or target.parent)], check=True, capture_output=True)
    source.unlink()
    return target


def handmake_headings(path: Path, numbered_plain: int = 1) -> None:
    """Replace heading and title styles by what people type: bold paragraphs,
    and (for the `numbered_plain`-th heading) a plain paragraph that only has its number."""
    document = docx.Document(path)
    n = 0
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if style.startswith("Heading") or style == "Title":
            n += style.startswith("Heading")
            paragraph.style = document.styles["Normal"]
            for run in paragraph.runs:
                run.bold = not (style.startswith("Heading") and n == numbered_plain)
    document.save(path)


def _paragraph(document, contains: str):
    for paragraph in document.paragraphs:
        if contains in paragraph.text:
            return paragraph
    raise AssertionError(f"no paragraph contains {contains!r}")


def add_tracked_change(path: Path, contains: str, inserted: str, deleted: str) -> None:
    """A w:ins with `inserted` and a w:del with `deleted` at the end of a paragraph."""
    document = docx.Document(path)
    p = _paragraph(document, contains)._p
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "901")
    ins.set(qn("w:author"), "张三")
    ins.set(qn("w:date"), "2021-07-20T10:00:00Z")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = inserted
    run.append(text)
    ins.append(run)
    gone = OxmlElement("w:del")
    gone.set(qn("w:id"), "902")
    gone.set(qn("w:author"), "张三")
    gone.set(qn("w:date"), "2021-07-20T10:00:00Z")
    run = OxmlElement("w:r")
    text = OxmlElement("w:delText")
    text.text = deleted
    run.append(text)
    gone.append(run)
    p.append(ins)
    p.append(gone)
    document.save(path)


def add_comment(path: Path, contains: str, text: str) -> None:
    document = docx.Document(path)
    paragraph = _paragraph(document, contains)
    document.add_comment(paragraph.runs[0], text=text, author="李四", initials="LS")
    document.save(path)


def append_paragraphs(path: Path, texts: list[str], bold: bool = False) -> None:
    document = docx.Document(path)
    for text in texts:
        run = document.add_paragraph().add_run(text)
        run.bold = bold
    document.save(path)


def encrypted_docx(path: Path) -> Path:
    """What Word writes for a password-protected .docx: an OLE compound file
    holding EncryptionInfo and EncryptedPackage streams (header and names only)."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    body = header.ljust(512, b"\x00")
    names = "".join(name.ljust(32, "\x00") for name in ("EncryptionInfo", "EncryptedPackage")).encode("utf-16-le")
    path.write_bytes(body + names + copy.copy(b"\x00" * 1024))
    return path


def png(path: Path) -> Path:
    from PIL import Image
    Image.new("RGB", (40, 30), (200, 30, 30)).save(path)
    return path


def messy_material(folder: Path, name: str = "浦东新区质量发展材料.docx", extra_texts: tuple[str, ...] = (),
                   **markdown) -> Path:
    """A unit material in every state of formatting: hand-made headings (bold,
    and one only numbered), a target table, a footnote, an image, a numbered
    list, tracked changes, a comment and a 附件; plus `extra_texts` paragraphs."""
    folder.mkdir(parents=True, exist_ok=True)
    png(folder / "photo.png")
    text = material_markdown(extra="![质量提升现场](photo.png)\n\n附件：浦东新区质量发展主要指标表", **markdown)
    path = docx_from_markdown(text, folder / name, folder)
    handmake_headings(path)
    add_tracked_change(path, "质量基础设施服务能力不足", "（新增文字）", "删去文字")
    add_comment(path, "2020年全区制造业", "请核实该数据")
    if extra_texts:
        append_paragraphs(path, list(extra_texts))
    return path


SVG_WITH_SCRIPT = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                   b'<script>window.pwned = true</script><rect width="10" height="10"/></svg>')
HTML_PART = b"<!DOCTYPE html><html><body><script>window.pwned = true</script></body></html>"


def material_with_pictures(folder: Path, pictures: dict[str, bytes], name: str = "图片材料.docx", **markdown) -> Path:
    """A unit material whose Word file holds one picture per entry of `pictures`:
    {part name under word/media/: bytes}. pandoc writes PNGs; the parts are then
    renamed and their bytes replaced, as a crafted or careless file would carry them."""
    import zipfile
    folder.mkdir(parents=True, exist_ok=True)
    images = []
    for n, _ in enumerate(pictures, 1):
        png(folder / f"pic{n}.png")
        images.append(f"![图{n}](pic{n}.png)")
    path = docx_from_markdown(material_markdown(extra="\n\n".join(images), **markdown), folder / name, folder)
    with zipfile.ZipFile(path) as source:
        entries = {n: source.read(n) for n in source.namelist()}
    media = sorted(n for n in entries if n.startswith("word/media/"))
    assert len(media) == len(pictures), media
    rels = entries["word/_rels/document.xml.rels"].decode("utf-8")
    for old, (new, data) in zip(media, pictures.items()):
        del entries[old]
        entries[f"word/media/{new}"] = data
        rels = rels.replace(f'Target="{old.removeprefix("word/")}"', f'Target="media/{new}"')
    entries["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for n, data in entries.items():
            out.writestr(n, data)
    return path


def emf_drawing() -> bytes:
    """A small Windows enhanced metafile: header, one filled rectangle, end of file."""
    import struct
    rect = struct.pack("<II4i", 43, 24, 10, 10, 190, 90)
    eof = struct.pack("<5I", 14, 20, 0, 16, 20)
    size = 88 + len(rect) + len(eof)
    header = struct.pack("<II4i4iIIIIHHIIIii ii", 1, 88, 0, 0, 200, 100, 0, 0, 5292, 2646,
                         0x464D4520, 0x10000, size, 3, 1, 0, 0, 0, 0, 1024, 768, 270, 203)
    return header + rect + eof
