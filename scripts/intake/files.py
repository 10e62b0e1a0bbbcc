"""The submitted file: read it, recognise what it really is, refuse what
cannot be a submission (empty, encrypted, corrupt, not Word), and note what
the submitter left in it (tracked changes, comments).

The bytes decide, not the file name: a PDF renamed .docx is still a PDF.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from scripts.errors import Failure, UsageError
from scripts.intake.limits import LIMITS, MB, MESSY, SHRINK, mb, over
from scripts.textdecode import UnknownEncoding, decode_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # OLE/CFB compound file
ZIP_MAGIC = b"PK\x03\x04"
MARKDOWN_SUFFIXES = (".md", ".markdown")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STRICT_W = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"   # Word's "Strict Open XML Document"
PICTURES = ("{http://schemas.openxmlformats.org/drawingml/2006/main}blip", "{urn:schemas-microsoft-com:vml}imagedata")
_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
HEADS, TAILS = 2, 3      # lines read for the unit's name: title and sender, signature and date
RESUBMIT = "请用 Word 或 WPS 打开后另存为 .docx（不设密码），重新报送"


@dataclass
class Submitted:
    path: Path
    name: str
    data: bytes
    sha256: str
    format: str                  # "docx" or "md"
    tracked_changes: int = 0     # w:ins / w:del / moves left in the document
    comments: int = 0
    notes: list[str] = field(default_factory=list)
    heads: list[str] = field(default_factory=list)   # its first lines (title, sender): to tell the unit
    tails: list[str] = field(default_factory=list)   # its last lines (the signature)


def _fail(name: str, problem: str, fix: str = RESUBMIT) -> Failure:
    return Failure(f"{name}：{problem}。{fix}。未写入任何文件。")


def read_submission(path: Path) -> Submitted:
    """Read and recognise `path`; Failure with a Chinese reason for a bad file."""
    if not path.is_file():
        raise UsageError(f"找不到报送文件 {path}：请检查路径和文件名")
    name = path.name
    data = path.read_bytes()
    sub = Submitted(path, name, data, hashlib.sha256(data).hexdigest(), "docx")
    if not data.strip():
        raise _fail(name, f"文件为空（{len(data)} 字节）", "请向报送单位索取完整的文件后重新报送")
    if len(data) > LIMITS.file_mb * MB:
        raise _fail(name, over("文件大小", mb(len(data)), f"{LIMITS.file_mb} MB"), SHRINK)
    if data.startswith(OLE_MAGIC):
        raise _ole_failure(name, data)
    if data.startswith(b"%PDF"):
        raise _fail(name, "这是 PDF 文件，不是 Word 文件", "请报送单位提供 Word 原件（.docx）")
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK"):
        _check_docx(sub)
        if path.suffix.lower() != ".docx":
            sub.notes.append(f"文件扩展名为“{path.suffix}”，内容是 Word（.docx）文件，已按 .docx 处理")
        return sub
    if path.suffix.lower() == ".docx":
        raise _fail(name, "扩展名是 .docx，但内容不是 Word 文件（文件已损坏或被改名）")
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        sub.format = "md"
        _check_markdown(sub)
        return sub
    raise UsageError(f"{name}：只接受 Word（.docx）或 Markdown（.md）文件，"
                     f"扩展名“{path.suffix or '（无）'}”无法处理。{RESUBMIT}")


def _ole_failure(name: str, data: bytes) -> Failure:
    """An OLE compound file: an encrypted .docx, or an old binary .doc/.wps."""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return _fail(name, "文件已加密（设置了打开密码），无法读取",
                     "请报送单位取消密码（Word：文件 → 信息 → 保护文档 → 用密码进行加密，清空密码）后另存为 .docx 重新报送")
    if "WordDocument".encode("utf-16-le") in data:
        return _fail(name, "这是旧版 Word 97-2003（.doc）或 WPS 格式文件，不能直接读取")
    return _fail(name, "这是 OLE 复合文档（如旧版 Excel、PowerPoint 文件），不是 Word 文件")


def _check_docx(sub: Submitted) -> None:
    name = sub.name
    try:
        archive = zipfile.ZipFile(io.BytesIO(sub.data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _fail(name, "文件已损坏，无法作为 Word 文件打开（压缩包结构不完整）") from None
    if "word/document.xml" not in names:
        kind = ("OpenDocument（.odt 等）文件" if "mimetype" in names else
                "Excel 文件" if "xl/workbook.xml" in names else
                "PowerPoint 文件" if "ppt/presentation.xml" in names else "压缩包")
        raise _fail(name, f"这是{kind}，不是 Word 文件")
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > LIMITS.unpacked_mb * MB:
        raise _fail(name, over("解压后的大小", mb(unpacked), f"{LIMITS.unpacked_mb} MB"), SHRINK)
    body_size = archive.getinfo("word/document.xml").file_size
    if body_size > LIMITS.document_xml_mb * MB:
        raise _fail(name, over("正文部分（word/document.xml）解压后", mb(body_size), f"{LIMITS.document_xml_mb} MB"), MESSY)
    try:
        bad = archive.testzip()
        document = etree.fromstring(archive.read("word/document.xml"), _XML)
        comments = (etree.fromstring(archive.read("word/comments.xml"), _XML)
                    if "word/comments.xml" in names else None)
    except (zipfile.BadZipFile, OSError, EOFError, etree.XMLSyntaxError, KeyError, ValueError):
        raise _fail(name, "文件已损坏，Word 正文部分无法读取") from None
    if bad:
        raise _fail(name, f"文件已损坏（其中的 {bad} 校验失败）")
    if document.tag.startswith(STRICT_W):
        raise _fail(name, "这是“Strict Open XML 文档”格式的 Word 文件，其中的文字无法读取",
                    "请在 Word 中打开，“另存为”“Word 文档(*.docx)”后重新登记（秘书处可自行另存，不必退回报送单位）")
    text = "".join(t.text or "" for t in document.iter(W + "t"))
    if not text.strip():
        raise _fail(name, "Word 文件中没有正文文字", "请报送单位确认文件内容后重新报送")
    _check_length(name, text)
    lines = [line for p in document.iter(W + "p") if (line := "".join(t.text or "" for t in p.iter(W + "t")).strip())]
    sub.heads, sub.tails = lines[:HEADS], lines[-TAILS:]
    pictures = sum(1 for tag in PICTURES for _ in document.iter(tag))
    if pictures > LIMITS.images:
        raise _fail(name, over("图片数量", f"{pictures}幅", f"{LIMITS.images}幅"), "请报送单位删去与材料无关的图片后重新报送")
    sub.tracked_changes = sum(1 for tag in ("ins", "del", "moveFrom", "moveTo")
                              for _ in document.iter(W + tag))
    sub.comments = (sum(1 for _ in comments.iter(W + "comment")) if comments is not None
                    else sum(1 for _ in document.iter(W + "commentReference")))


def _check_markdown(sub: Submitted) -> None:
    try:
        decoded = decode_text(sub.data)
    except UnknownEncoding as err:
        raise _fail(sub.name, f"扩展名是 .md，但{err}", "请提供 Word（.docx）或 UTF-8 编码的 Markdown 文件") from None
    _check_length(sub.name, decoded.text)
    lines = [line.strip("#*>-_ \t") for line in decoded.text.splitlines()]
    lines = [line for line in lines if line and line != "---"]
    sub.heads, sub.tails = lines[:HEADS], lines[-TAILS:]
    if decoded.encoding != "UTF-8":
        sub.notes.append("文件为 GBK/GB18030 编码，已转换为 UTF-8")


def _check_length(name: str, text: str) -> None:
    chars = len("".join(text.split()))
    if chars > LIMITS.page_chars:
        raise _fail(name, over("字数", f"约{chars:,}字", f"{LIMITS.page_chars:,}字"),
                    "材料约3000字、研究报告约1万字：请报送单位精简，或把附件另行报送")


def markdown_text(sub: Submitted) -> str:
    """The Markdown submission as text (after _check_markdown)."""
    return decode_text(sub.data).text
