"""Where a comment points: resolve an item id, a readable address, or the quoted text."""
from __future__ import annotations

import difflib
import json
from pathlib import Path

from scripts.errors import Failure
from scripts.paragraphs import Item, normalise
from scripts.rendered import RENDERED_DIR

ANCHORS_NAME = "anchors.json"
ANCHORS_FILE = Path(RENDERED_DIR) / ANCHORS_NAME
QUOTE_CHARS = 60


def load_items(root: Path) -> list[Item]:
    path = root / ANCHORS_FILE
    if not path.exists():
        raise Failure(f"{ANCHORS_FILE} 不存在：请先运行 plan build（段落编号在构建网站时生成）")
    return [Item(**entry) for entry in json.loads(path.read_text(encoding="utf-8"))]


class AnchorIndex:
    def __init__(self, items: list[Item]):
        self.items = items
        self.by_id = {i.id: i for i in items}
        self.by_address = {}
        for item in items:
            self.by_address.setdefault(normalise(item.address), item)

    def resolve(self, anchor: str, quote: str = "") -> Item | None:
        """By id, then by readable address, then by the quoted words (exact, then close)."""
        anchor = (anchor or "").strip()
        if anchor in self.by_id:
            return self.by_id[anchor]
        if normalise(anchor) in self.by_address:
            return self.by_address[normalise(anchor)]
        words = normalise(quote)[:QUOTE_CHARS]
        if not words:
            return None
        for item in self.items:
            if words in item.text:
                return item
        best, score = None, 0.0
        for item in self.items:
            ratio = difflib.SequenceMatcher(None, words, item.text[: len(words)], autojunk=False).ratio()
            if ratio > score:
                best, score = item, ratio
        return best if score >= 0.75 else None
