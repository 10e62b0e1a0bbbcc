"""Dates as the 公文 writes them: 2021年8月20日, never 2021-08-20 or 2021年08月20日."""
from __future__ import annotations

import datetime as dt


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
