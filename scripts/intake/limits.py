"""Bounds on what one submission may be, checked before pandoc runs.

A material is about 3,000 characters and a research report about 10,000
(沪质办〔2021〕4号 四(一)1); the bounds leave room for annexes and pictures but
stop what is not a submission: a zip bomb, a page that would block every
later `mkdocs build`, an original that would bloat the repository for ever.
Each message names the bound it broke.
"""
from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024
SHRINK = "请报送单位压缩图片（Word：选中图片 → 图片格式 → 压缩图片）或删去与材料无关的内容后重新报送"
# a body part this large with a normal length is formatting split into tens of thousands of pieces
MESSY = "正文格式过于零碎：请报送单位全选正文后“清除格式”，或复制到新建文档中另存为 .docx 后重新报送"


@dataclass(frozen=True)
class Limits:
    file_mb: int = 20             # the original, kept in data/submissions/
    unpacked_mb: int = 100        # all parts of the .docx, decompressed
    document_xml_mb: int = 5      # the body part alone: pandoc needs about 0.6 s of CPU per MB of it
    page_chars: int = 60_000      # six research reports: longer text is not one submission
    images: int = 80              # pictures on one page


LIMITS = Limits()


def over(what: str, amount: str, bound: str) -> str:
    return f"{what}为{amount}，超过上限{bound}（见 README“材料报送”中的限制）"


def mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"
