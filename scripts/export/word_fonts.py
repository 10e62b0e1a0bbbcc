"""The Word font table (word/fontTable.xml) for the 公文 fonts.

Windows 10/11 ship 仿宋, 楷体, 黑体 and 宋体, not 仿宋_GB2312, 楷体_GB2312 or
方正小标宋简体. Word and WPS read w:altName, the panose number and the
charset of a missing font to choose a substitute; without them they pick
one silently (often a Latin serif for the Chinese text).
"""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

# name → (altName, panose-1, family, pitch): the stock Windows face for each
# official name, with the panose of the face itself. Charset 86 is GB2312.
WINDOWS_FACES: dict[str, tuple[str, str, str, str]] = {
    "仿宋_GB2312": ("仿宋", "02010609030101010101", "modern", "fixed"),
    "楷体_GB2312": ("楷体", "02010609030101010101", "modern", "fixed"),
    "方正小标宋简体": ("宋体", "02000000000000000000", "auto", "variable"),
    "黑体": ("SimHei", "02010609060101010101", "modern", "fixed"),
    "宋体": ("SimSun", "02010600030101010101", "auto", "variable"),
    "仿宋": ("FangSong", "02010609060101010101", "modern", "fixed"),
    "楷体": ("KaiTi", "02010609060101010101", "modern", "fixed"),
}
GB2312_CHARSET = "86"
LATIN_FACES = {"Courier New": ("02070309020205020404", "modern", "fixed")}
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _font(name: str, alt: str | None, panose: str, charset: str, family: str, pitch: str) -> str:
    alt_xml = f"<w:altName w:val={quoteattr(alt)}/>" if alt else ""
    return (f"<w:font w:name={quoteattr(name)}>{alt_xml}<w:panose1 w:val=\"{panose}\"/>"
            f"<w:charset w:val=\"{charset}\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/></w:font>")


def font_table_xml(fonts: dict[str, str]) -> str:
    """Every font the styles name (official names first), then the Windows
    faces they fall back to, each described for substitution."""
    names = list(dict.fromkeys([*fonts.values(), *(WINDOWS_FACES[n][0] for n in fonts.values() if n in WINDOWS_FACES)]))
    entries = []
    for name in names:
        if name in WINDOWS_FACES:
            alt, panose, family, pitch = WINDOWS_FACES[name]
            entries.append(_font(name, alt, panose, GB2312_CHARSET, family, pitch))
        elif name in ("SimHei", "SimSun"):
            continue     # the English names are altNames only
        else:
            entries.append(_font(name, None, "02010609030101010101", GB2312_CHARSET, "auto", "variable"))
    for name, (panose, family, pitch) in LATIN_FACES.items():
        entries.append(_font(name, None, panose, "00", family, pitch))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{W_NS}">'
            + "".join(entries) + "</w:fonts>")
