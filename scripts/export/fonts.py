"""Choose a font for each 公文 role: the official font if present, else an open substitute.

Each role has a fallback chain. The first family found is used, later ones
stay in the list for glyphs it lacks. Every substitution is reported, and a
role with no font at all is an error that says how to install one.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from scripts.errors import Failure
from scripts.export.layout import OFFICIAL_FONTS

# Open substitutes, in order of likeness: Fandol (texlive-lang-chinese),
# Noto CJK (fonts-noto-cjk), LXGW WenKai (fonts-lxgw-wenkai).
CHAINS: dict[str, tuple[str, ...]] = {
    "title": (OFFICIAL_FONTS["title"], "FZXiaoBiaoSong-B05S", "FandolSong", "Noto Serif CJK SC"),
    "body": (OFFICIAL_FONTS["body"], "FangSong_GB2312", "仿宋", "FangSong", "FandolFang R", "FandolFang", "Noto Serif CJK SC"),
    "hei": (OFFICIAL_FONTS["hei"], "SimHei", "FandolHei", "Noto Sans CJK SC"),
    "kai": (OFFICIAL_FONTS["kai"], "KaiTi_GB2312", "楷体", "KaiTi", "FandolKai", "LXGW WenKai", "Noto Serif CJK SC"),
    "song": (OFFICIAL_FONTS["song"], "SimSun", "FandolSong", "Noto Serif CJK SC"),
}
ROLE_NAMES = {"title": "标题（小标宋）", "body": "正文（仿宋）", "hei": "一级标题（黑体）",
              "kai": "二级标题（楷体）", "song": "页码（宋体）"}
PROJECT_FONT_DIR = Path(".cache/fonts")
INSTALL_HINT = ("请安装中文字体：运行 scripts/setup-system.sh（安装 fonts-noto-cjk、fonts-lxgw-wenkai 和 Fandol 字体），"
                "或把正式字体（方正小标宋简体、仿宋_GB2312、黑体、楷体_GB2312）放入 .cache/fonts/ 目录")


@dataclass(frozen=True)
class RoleFont:
    role: str
    wanted: str            # the official font
    families: tuple        # chosen family first, then available fallbacks
    has_bold: bool = True  # the chosen family has a bold face; if not, Typst emulates one

    @property
    def bold_mode(self) -> str:
        return "real" if self.has_bold else "emulated"

    @property
    def chosen(self) -> str:
        return self.families[0]

    @property
    def substituted(self) -> bool:
        return self.chosen != self.wanted


def font_dirs(root: Path) -> list[Path]:
    folder = root / PROJECT_FONT_DIR
    return [folder] if folder.is_dir() else []


@functools.lru_cache(maxsize=8)
def installed(dirs: tuple[Path, ...], include_system: bool = True):
    """The fonts Typst finds (the project's, the system's, its own): scanned once per process,
    for choosing the fonts and for every compilation."""
    import typst
    return typst.Fonts(include_system_fonts=include_system, include_embedded_fonts=True,
                       font_paths=[str(d) for d in dirs])


@functools.lru_cache(maxsize=8)
def _families(dirs: tuple[Path, ...], include_system: bool) -> tuple[frozenset[str], frozenset[str]]:
    """(every family, those with a real bold face of weight 600 or more), lower-case."""
    faces = installed(dirs, include_system).fonts()
    return (frozenset(f.family.lower() for f in faces),
            frozenset(f.family.lower() for f in faces if f.weight >= 600))


def available_families(dirs: list[Path], include_system: bool = True) -> set[str]:
    return set(_families(tuple(dirs), include_system)[0])


def bold_families(dirs: list[Path], include_system: bool = True) -> set[str]:
    """Families that have a real bold face (weight 600 or more)."""
    return set(_families(tuple(dirs), include_system)[1])


def resolve(available: set[str], chains: dict[str, tuple[str, ...]] = CHAINS,
            bold: set[str] | None = None) -> dict[str, RoleFont]:
    """Pick the fonts; Failure naming every role that has none.

    `bold` names the families with a bold face (None: assume every one has)."""
    chosen, missing = {}, []
    for role, chain in chains.items():
        found = tuple(name for name in chain if name.lower() in available)
        if not found:
            missing.append(f"{ROLE_NAMES.get(role, role)}：{' / '.join(chain)}")
            continue
        chosen[role] = RoleFont(role, chain[0], found, bold is None or found[0].lower() in bold)
    if missing:
        raise Failure("找不到以下字体角色可用的字体：\n  " + "\n  ".join(missing) + "\n" + INSTALL_HINT)
    return chosen


def choose(dirs: list[Path]) -> dict[str, RoleFont]:
    """The fonts of every role from the project's and the system's fonts."""
    return resolve(available_families(dirs), bold=bold_families(dirs))


def substitution_report(fonts: dict[str, RoleFont]) -> list[str]:
    lines = []
    for f in fonts.values():
        line = (f"{ROLE_NAMES[f.role]}：{f.wanted} 不可用，以 {f.chosen} 代替" if f.substituted
                else f"{ROLE_NAMES[f.role]}：使用 {f.chosen}")
        if not f.has_bold:
            line += f"；{f.chosen} 没有粗体字形，粗体（如加粗的段首句、“1．”级标题）以字形描边模拟"
        lines.append(line)
    return lines
