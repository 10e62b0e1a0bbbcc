"""LibreOffice as a real Word client: convert a DOCX to PDF headless."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def libreoffice_to_pdf(document: Path, out_dir: Path, env: dict[str, str] | None = None) -> Path:
    """The PDF LibreOffice makes of `document` (skips the test without LibreOffice)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("没有安装 LibreOffice（soffice）：请运行 scripts/setup-system.sh --with-test-tools")
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = (out_dir / "lo-profile").as_uri()   # a private profile: parallel runs never clash
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out_dir), str(document)],
        capture_output=True, text=True, timeout=180, env=dict(os.environ, HOME=str(out_dir), **(env or {})))
    assert result.returncode == 0, result.stderr
    pdf = out_dir / (document.stem + ".pdf")
    assert pdf.exists(), result.stdout + result.stderr
    return pdf
