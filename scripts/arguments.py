"""Argument types shared by sub-commands, with Chinese messages on bad input."""
from __future__ import annotations

import argparse
import datetime as dt


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”无效，请写成 YYYY-MM-DD，如 2021-09-01") from None
