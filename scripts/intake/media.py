"""The pictures of a submission: only safe raster images reach the site.

An extracted media file is kept when its bytes are PNG, JPEG, GIF or WebP,
whatever its name says. EMF/WMF drawings (common in Word) are converted to
PNG with LibreOffice when it is installed, and refused otherwise. Anything
else (SVG, which may carry script, HTML, unknown data) is refused. A refused
picture is left out of the page, which shows “〔图片未采用：…〕” instead, and
the intake notes name the part and say what the unit should send.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SAFE = {"png": ".png", "jpeg": ".jpg", "gif": ".gif", "webp": ".webp"}
DRAWINGS = ("emf", "wmf")
NAMES = {"svg": "SVG 矢量图（可含脚本）", "html": "HTML 网页（可含脚本）", "emf": "EMF 图元文件", "wmf": "WMF 图元文件",
         "unknown": "无法识别的类型"}
CONVERT_SECONDS = 120
RESEND = "请报送单位把该图片另存为 PNG 或 JPEG 后插入 Word，重新报送"


def sniff(data: bytes) -> str:
    """What the bytes are: png, jpeg, gif, webp, emf, wmf, svg, html or unknown."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:4] == b"\x01\x00\x00\x00" and data[40:44] == b" EMF":
        return "emf"
    if data.startswith((b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00")):
        return "wmf"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096].lower():
        return "svg"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<")):
        return "html"
    return "unknown"


@dataclass
class Screened:
    kept: list[Path] = field(default_factory=list)             # safe files, possibly renamed
    renamed: dict[str, str] = field(default_factory=dict)      # old relative path → new (a converted drawing)
    refused: dict[str, str] = field(default_factory=dict)      # relative path → kind
    notes: list[str] = field(default_factory=list)


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def drawing_to_png(path: Path) -> bytes | None:
    """An EMF/WMF drawing as PNG through LibreOffice; None when that is not possible."""
    office = libreoffice()
    if office is None:
        return None
    with tempfile.TemporaryDirectory(prefix="plan-media-") as work:
        source = Path(work) / ("drawing" + path.suffix.lower() if path.suffix else "drawing.emf")
        source.write_bytes(path.read_bytes())
        try:
            subprocess.run([office, "--headless", "--norestore", f"-env:UserInstallation=file://{work}/profile",
                            "--convert-to", "png", "--outdir", work, str(source)],
                           capture_output=True, timeout=CONVERT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        out = Path(work) / "drawing.png"
        data = out.read_bytes() if out.is_file() else b""
        return data if sniff(data) == "png" else None


def screen(media: list[Path], media_root: Path, part_prefix: str = "word/") -> Screened:
    """Keep, convert or delete each extracted file (in place under media_root)."""
    result = Screened()
    for path in media:
        relative = path.relative_to(media_root).as_posix()
        part = part_prefix + relative
        kind = sniff(path.read_bytes())
        if kind in SAFE:
            result.kept.append(path)
            continue
        if kind in DRAWINGS:
            png = drawing_to_png(path)
            if png is not None:
                target = path.with_suffix(".png")
                target.write_bytes(png)
                path.unlink()
                result.kept.append(target)
                result.renamed[relative] = target.relative_to(media_root).as_posix()
                result.notes.append(f"图片 {part} 是{NAMES[kind]}，已转换为 PNG，请核对显示效果")
                continue
            result.notes.append(f"图片 {part} 是{NAMES[kind]}，浏览器无法显示，本机无法将其转换为 PNG（需要 LibreOffice 的 Draw 组件），未采用。{RESEND}")
        else:
            result.notes.append(f"图片 {part} 是{NAMES[kind]}，不是安全的位图（只接受 PNG、JPEG、GIF、WebP），已拒收，未采用。{RESEND}")
        path.unlink()
        result.refused[relative] = kind
    return result
