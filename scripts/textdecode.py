"""Text files from outside (Markdown submissions, CSV comment sheets) as str.

Chinese offices save text in two encodings: UTF-8 (with or without the BOM
Excel and Notepad write) and GBK, which Excel on Chinese Windows uses for
"CSV（逗号分隔）". GBK is a subset of GB18030, so one decoder reads both.
Anything else (UTF-16 "Unicode 文本", Big5, binary) is refused with the fix,
never guessed: a wrong guess would put mojibake into the record silently.
"""
from __future__ import annotations

from dataclasses import dataclass

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SAVE_AS = "请用 Excel、WPS 或记事本另存为“UTF-8”或“CSV（逗号分隔）”（GBK）编码后重试"


class UnknownEncoding(ValueError):
    """The bytes are neither UTF-8 nor GB18030 text; str(err) is the Chinese reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str          # "UTF-8" or "GB18030"


def decode_text(data: bytes) -> Decoded:
    """`data` as text: UTF-8 (BOM optional) first, then GB18030/GBK."""
    if data.startswith(UTF16_BOMS):
        raise UnknownEncoding("文件是 UTF-16 编码（Excel 的“Unicode 文本”），不是 UTF-8 或 GBK")
    if b"\x00" in data:
        raise UnknownEncoding("文件含有二进制内容，不是文本文件")
    try:
        return Decoded(data[len(UTF8_BOM):].decode("utf-8") if data.startswith(UTF8_BOM) else data.decode("utf-8"),
                       "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(data.decode("gb18030"), "GB18030")
    except UnicodeDecodeError as err:
        raise UnknownEncoding(f"文本编码无法识别（既不是 UTF-8 也不是 GBK/GB18030，第 {err.start + 1} 个字节起无法读取）") from None
