"""Markdown → Typst (pandoc, gongwen.typ template) → PDF (typst)."""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts import privacy
from scripts.atomic import write_bytes
from scripts.errors import Failure
from scripts.export.fonts import RoleFont, choose, installed
from scripts.export.layout import GBT9704, Layout
from scripts.export.pandoc_runner import run_pandoc


def typst_inputs(fonts: dict[str, RoleFont], layout: Layout = GBT9704) -> dict[str, str]:
    config = {"layout": layout.as_dict(), "fonts": {role: list(f.families) for role, f in fonts.items()},
              "bold": {role: f.bold_mode for role, f in fonts.items()}}
    return {"gongwen": json.dumps(config, ensure_ascii=False)}


def compile_typst(source_typ: Path, fonts: dict[str, RoleFont], dirs: list[Path], timestamp: int | None) -> bytes:
    import typst
    try:
        compiler = typst.Compiler(root=str(source_typ.parent), font_paths=installed(tuple(dirs)))
        return compiler.compile(input=str(source_typ), sys_inputs=typst_inputs(fonts), timestamp=timestamp)
    except typst.TypstError as err:
        hints = "；".join(getattr(err, "hints", []) or [])
        raise Failure(f"Typst 排版 {source_typ.name} 失败：{err.message if hasattr(err, 'message') else err}"
                      + (f"（提示：{hints}）" if hints else "")) from None


def export_pdf(source_md: Path, output: Path, work_dir: Path, dirs: list[Path],
               timestamp: int | None = None) -> dict[str, RoleFont]:
    """source_md → output, with the fonts chosen from `dirs` and the system's (returned, for the
    font report). Pandoc converts while the fonts are scanned: the scan is as long as a short plan's
    conversion. Failure (no font for a role, pandoc or Typst refusing) writes nothing."""
    typ = work_dir / (output.stem + ".typ")
    with ThreadPoolExecutor(max_workers=1) as pool:
        converted = pool.submit(run_pandoc, "typst", source_md, typ)
        fonts = choose(dirs)
        converted.result()
    pdf = compile_typst(typ, fonts, dirs, timestamp)
    privacy.made_from(pdf, source_md.read_text(encoding="utf-8"))   # scanned as its Markdown, not re-read
    write_bytes(output, pdf)
    return fonts
