"""GB/T 9704-2012 党政机关公文格式: the numbers as the standard states them.

Layout tests compare what a reader measures in the PDF and in LibreOffice's
rendering of the DOCX with these literals, never with the code's own Layout
(scripts/export/layout.py): a wrong number there must fail a test here.
"""
from __future__ import annotations

MM_PER_PT = 25.4 / 72            # 1 pt = 1/72 inch

PAPER_WIDTH_MM = 210             # 5.2.1 A4
PAPER_HEIGHT_MM = 297
MARGIN_TOP_MM = 37               # 5.2.2 天头 37 mm ± 1 mm
MARGIN_LEFT_MM = 28              # 订口 28 mm ± 1 mm
TEXT_WIDTH_MM = 156              # 版心 156 mm × 225 mm
TEXT_HEIGHT_MM = 225
MARGIN_RIGHT_MM = 26             # 210 − 28 − 156
MARGIN_BOTTOM_MM = 35            # 297 − 37 − 225
TOLERANCE_MM = 1                 # the standard's ± 1 mm
LINES_PER_PAGE = 22              # 5.2.3 一般每面排 22 行
CHARS_PER_LINE = 28              # 每行排 28 个字
LINE_PITCH_PT = TEXT_HEIGHT_MM / LINES_PER_PAGE / MM_PER_PT     # 225 mm / 22
CHAR_PITCH_PT = TEXT_WIDTH_MM / CHARS_PER_LINE / MM_PER_PT      # 156 mm / 28
BODY_PT = 16                     # 5.2.3 3号仿宋体字
PAGE_NUMBER_PT = 14              # 7.5 4号半角宋体阿拉伯数字
PAGE_NUMBER_GAP_MM = 7           # 7.5 一字线上距版心下边缘 7 mm
