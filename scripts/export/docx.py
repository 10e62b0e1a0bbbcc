"""The formal Word file: pandoc Markdown → DOCX with the 公文 reference document."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from scripts.export.docx_finish import finish_docx
from scripts.export.pandoc_runner import run_pandoc
from scripts.export.reference_docx import cached_reference_docx


def export_docx(source_md: Path, output: Path, work_dir: Path, title: str = "") -> None:
    """source_md (pandoc Markdown, absolute path) → output .docx via pandoc defaults 'docx'.

    The reference document is generated into work_dir; docx_finish adds
    what pandoc cannot write (rows that never split, no hidden author line),
    with `title` as the document property. Pandoc writes a
    temporary file beside `output` (same folder, so the rename is atomic);
    it replaces `output` only when pandoc succeeded, and is removed otherwise.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    reference = cached_reference_docx(work_dir)
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
