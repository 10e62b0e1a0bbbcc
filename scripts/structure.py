"""The plan's outline, read from the nav of mkdocs.yml.

The nav is the one place that orders chapters: pages under plan/ are the
body chapters (一、二、…), pages under annex/ are the annexes (附件1, 2, …).
The site and the formal documents both take their order from here.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

BODY_DIR = "plan/"
ANNEX_DIR = "annex/"


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name or !ENV tags; the outline needs none of them."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def parse_mkdocs_config(text: str) -> dict:
    return yaml.load(text, Loader=_ConfigLoader) or {}


def load_mkdocs_config(root: Path) -> dict:
    return parse_mkdocs_config((root / "mkdocs.yml").read_text(encoding="utf-8"))


def _pages(nav) -> list[str]:
    """All page paths of a nav tree, in order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [p for item in nav for p in _pages(item)]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _pages(value)]
    return []


@dataclass(frozen=True)
class Outline:
    body: tuple[str, ...]
    annexes: tuple[str, ...]

    def position(self, src_path: str) -> tuple[str, int] | None:
        """("body", n) or ("annex", n), 1-based; None for other pages."""
        src_path = src_path.replace("\\", "/")
        if src_path in self.body:
            return "body", self.body.index(src_path) + 1
        if src_path in self.annexes:
            return "annex", self.annexes.index(src_path) + 1
        return None

    @property
    def pages(self) -> tuple[str, ...]:
        return self.body + self.annexes


def outline_from_nav(nav) -> Outline:
    pages = _pages(nav or [])
    return Outline(
        body=tuple(p for p in pages if p.startswith(BODY_DIR)),
        annexes=tuple(p for p in pages if p.startswith(ANNEX_DIR)),
    )


def load_outline(root: Path) -> Outline:
    return outline_from_nav(load_mkdocs_config(root).get("nav"))
