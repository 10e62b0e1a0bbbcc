"""GB/T 9704-2012 (党政机关公文格式) in numbers: the one place they are written.

The DOCX reference document and the Typst template are both made from these.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class Layout:
    paper_width_mm: float = 210
    paper_height_mm: float = 297
    margin_top_mm: float = 37        # 天头
    margin_left_mm: float = 28       # 订口
    text_width_mm: float = 156       # 版心宽
    text_height_mm: float = 225      # 版心高
    lines_per_page: int = 22
    chars_per_line: int = 28
    body_pt: float = 16              # 3号
    title_pt: float = 22             # 2号
    page_number_pt: float = 14       # 4号
    page_number_gap_mm: float = 7    # 页码在版心下边缘之下
    table_pt: float = 10.5           # 5号：八栏指标表须在版心宽度内放得下
    footnote_pt: float = 14          # 4号
    word_line_pitch_pt: float = 28.95  # Word 固定行距：略小于 225mm/22，否则只排 21 行
    word_char_spacing_pt: float = -0.5  # Word 字符间距：16−0.5=15.5pt/字，28 字排得下、29 字排不下

    @property
    def margin_right_mm(self) -> float:
        return self.paper_width_mm - self.margin_left_mm - self.text_width_mm

    @property
    def margin_bottom_mm(self) -> float:
        return self.paper_height_mm - self.margin_top_mm - self.text_height_mm

    @property
    def line_pitch_pt(self) -> float:
        """The exact pitch that puts lines_per_page lines in the 版心."""
        return self.text_height_mm / self.lines_per_page / MM_PER_PT

    @property
    def char_pitch_pt(self) -> float:
        return self.text_width_mm / self.chars_per_line / MM_PER_PT

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(margin_right_mm=self.margin_right_mm, margin_bottom_mm=self.margin_bottom_mm,
                    line_pitch_pt=self.line_pitch_pt, char_pitch_pt=self.char_pitch_pt)
        return data


GBT9704 = Layout()

# Font roles of a 公文 and their official font names (used in DOCX styles as is).
OFFICIAL_FONTS = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "hei": "黑体",
    "kai": "楷体_GB2312",
    "song": "宋体",   # page numbers
}
