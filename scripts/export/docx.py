"""The formal Word file: pandoc Markdown → DOCX with the 公文 reference document."""
from __future__ import annotations

import hashlib
import importlib.util
import os
import secrets
from pathlib import Path

from scripts.export.docx_finish import finish_docx
from scripts.export.layout import GBT9704, OFFICIAL_FONTS, Layout
from scripts.export.pandoc_runner import run_pandoc

REFERENCE_DIR = "build/cache"   # in a project: the generated reference document, kept between runs
# what the reference document's bytes follow from, besides the layout and the fonts
REFERENCE_CODE = [Path(__file__).with_name(name) for name in ("reference_docx.py", "ooxml.py", "word_fonts.py",
                                                               "layout.py")]
REFERENCE_CODE.append(Path(__file__).parents[1] / "reproducible.py")


def cached_reference_docx(folder: Path, layout: Layout = GBT9704, fonts: dict[str, str] = OFFICIAL_FONTS) -> Path:
    """The reference document in `folder`, generated once for each version of the numbers,
    the fonts and the code that make it (its bytes are deterministic, so reuse is exact).
    A hit neither imports python-docx nor rebuilds anything; a miss removes older versions."""
    digest = hashlib.sha256(repr((layout, sorted(fonts.items()))).encode("utf-8"))
    python_docx = importlib.util.find_spec("docx")   # its __init__ carries its version
    for source in [*REFERENCE_CODE, Path(python_docx.origin)]:
        digest.update(source.read_bytes())
    path = folder / f"reference-{digest.hexdigest()[:16]}.docx"
    if not path.exists():
        from scripts.export.reference_docx import write_reference_docx   # python-docx: only to make it
        write_reference_docx(path, layout, fonts)
        for older in folder.glob("reference-*.docx"):
            if older != path:
                older.unlink(missing_ok=True)
    return path


def blank_document(folder: Path):
    """A python-docx Document on the reference document cached in `folder`, its sample
    paragraphs removed (the page set-up stays): the start of each Word file made with python-docx."""
    import docx   # python-docx: only for the files made with it
    document = docx.Document(str(cached_reference_docx(folder)))
    body = document.element.body
    for child in list(body.iterchildren()):
        if child.tag.endswith("}p"):
            body.remove(child)
    return document


def export_docx(source_md: Path, output: Path, reference_dir: Path, title: str = "") -> None:
    """source_md (pandoc Markdown, absolute path) → output .docx via pandoc defaults 'docx'.

    The reference document is generated once into reference_dir (a project's
    REFERENCE_DIR); docx_finish adds what pandoc cannot write (rows that never
    split, no hidden author line), with `title` as the document property. Pandoc
    writes a temporary file beside `output` (same folder, so the rename is atomic);
    it replaces `output` only when pandoc succeeded, and is removed otherwise.
    """
    reference = cached_reference_docx(reference_dir)
    output.parent.mkdir(parents=True, exist_ok=True)
    # Not created beforehand (as mkstemp would, mode 0600): pandoc creates it
    # with the usual permissions.
    partial = output.with_name(f".{output.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    try:
        run_pandoc("docx", source_md, partial, "--reference-doc", str(reference))
        partial.write_bytes(finish_docx(partial.read_bytes(), title))
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
