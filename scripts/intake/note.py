"""One finding of intake against the notice: a level and a short Chinese text.

A floor below the checks, so the registry (and the data model that reads it)
can store notes without loading the checks' section and target readers.
"""
from __future__ import annotations

from dataclasses import dataclass

OK, FAIL, HINT = "符合", "不符合", "提示"
LEVELS = (OK, FAIL, HINT)


@dataclass(frozen=True)
class Note:
    level: str
    text: str

    def __str__(self) -> str:
        return f"【{self.level}】{self.text}"
