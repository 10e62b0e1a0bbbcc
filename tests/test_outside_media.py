"""Outside files and values: pictures allow-listed by their bytes, submissions confined
to their own folder, and outside values in data/ shown as text on the site, in Word and PDF."""
from __future__ import annotations

import datetime as dt
import html

import docx
import pdfplumber
import pytest
from lxml import html as lxml_html

from scripts.intake import media
from scripts.intake.submit import Request, intake
from tests import intake_factory as factory

JULY_20 = dt.date(2021, 7, 20)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
PAYLOAD = '<img src=x onerror="window.pwned=true">'


@pytest.mark.parametrize(("data", "kind"), [
    pytest.param(PNG, "png", id="png"),
    pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg", id="jpeg"),
    pytest.param(b"GIF89a\x01\x00", "gif", id="gif"),
    pytest.param(b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp", id="webp"),
    pytest.param(factory.emf_drawing(), "emf", id="emf"),
    pytest.param(b"\xd7\xcd\xc6\x9a\x00\x00", "wmf", id="wmf-placeable"),
    pytest.param(factory.SVG_WITH_SCRIPT, "svg", id="svg"),
    pytest.param(b"\xef\xbb\xbf\n  <svg xmlns='http://www.w3.org/2000/svg'/>", "svg", id="svg-bom"),
    pytest.param(factory.HTML_PART, "html", id="html"),
    pytest.param(b"<script>alert(1)</script>", "html", id="bare-script"),
    pytest.param(b"RIFF\x24\x00\x00\x00WAVEfmt ", "unknown", id="near-miss-riff-wave"),
    pytest.param(b"\x89PNX\r\n\x1a\n", "unknown", id="near-miss-png"),
    pytest.param(b"%PDF-1.7", "unknown", id="pdf"),
    pytest.param(b"", "unknown", id="empty"),
])
def test_pictures_are_recognised_by_their_bytes(data, kind):
    assert media.sniff(data) == kind


def test_svg_and_html_parts_are_refused_by_name_and_only_safe_pictures_are_kept(project, tmp_path):
    source = factory.material_with_pictures(tmp_path / "in", {
        "photo.png": factory.png(tmp_path / "real.png").read_bytes(),
        "image2.png": factory.SVG_WITH_SCRIPT,      # an SVG named .png: the bytes decide
        "page.html": factory.HTML_PART})
    outcome = intake(project, Request(source, "pudong", received=JULY_20))
    folder = project / "docs/reports/material/pudong.files"
    kept = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert kept == ["r1/media/photo.png"]
    notes = [str(n) for n in outcome.revision.notes]
    assert any("图片 word/media/image2.png 是SVG 矢量图（可含脚本），不是安全的位图" in n for n in notes), notes
    assert any("图片 word/media/page.html 是HTML 网页（可含脚本）" in n and "已拒收" in n for n in notes), notes
    page = (project / "docs/reports/material/pudong.md").read_text(encoding="utf-8")
    assert page.count("〔图片未采用") == 2 and "image2.png" not in page.split("---", 2)[2].split("## 对照通知的校验")[0]
    assert "](pudong.files/r1/media/photo.png)" in page


def test_a_drawing_that_cannot_be_converted_is_refused_at_intake(project, tmp_path, monkeypatch):
    monkeypatch.setattr(media, "libreoffice", lambda: None)
    source = factory.material_with_pictures(tmp_path / "in", {"image1.emf": factory.emf_drawing()})
    outcome = intake(project, Request(source, "pudong", received=JULY_20))
    assert not (project / "docs/reports/material/pudong.files").exists()
    notes = [str(n) for n in outcome.revision.notes]
    assert any("图片 word/media/image1.emf 是EMF 图元文件，浏览器无法显示" in n and "PNG 或 JPEG" in n for n in notes)


def test_a_markdown_submission_cannot_reach_outside_its_folder(project, tmp_path):
    text = factory.material_markdown(extra=(
        "![内部页面](media/../../../drafting/tracker.md)\n\n![外部](https://example.org/x.png)\n\n"
        "[指标表](../../annex/targets.md) 与 [通知](https://www.example.org/notice)"))
    text = text.replace("---\ntitle:", "---\nintake-media: docx\nintake-report: /tmp/elsewhere.json\ntitle:", 1)
    source = tmp_path / "材料.md"
    source.write_text(text, encoding="utf-8")
    intake(project, Request(source, "pudong", received=JULY_20))
    page = (project / "docs/reports/material/pudong.md").read_text(encoding="utf-8")
    assert "drafting" not in page and "annex/targets" not in page and "example.org/x.png" not in page
    assert "](https://www.example.org/notice)" in page and "〔图片" in page


@pytest.fixture(scope="module")
def hostile_target(tmp_path_factory):
    """The plan with a target named and measured by an outside payload (as `plan adopt` copies them)."""
    from scripts.export.documents import export_plan
    from scripts.progress import Progress
    from scripts.site import build_site
    from tests.conftest import copy_project
    root = copy_project(tmp_path_factory.mktemp("hostile") / "plan")
    targets = root / "data" / "targets.yml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(text.replace("name: 食品抽检合格率", f"name: '食品抽检合格率{PAYLOAD}[链接](javascript:alert(1))'", 1),
                       encoding="utf-8")
    build_site(root)
    written = export_plan(root, None, ("docx", "pdf"), Progress(total=2))
    return root, {p.suffix: p for p in written}


def test_an_outside_indicator_name_is_text_on_the_site(hostile_target):
    root, _ = hostile_target
    raw = (root / "site" / "annex" / "targets" / "index.html").read_text(encoding="utf-8")
    article = lxml_html.fromstring(raw).xpath("//article")[0]
    assert not article.xpath(".//*[@onerror] | .//a[starts-with(@href, 'javascript')]")
    assert PAYLOAD + "[链接](javascript:alert(1))" in article.text_content()
    assert html.escape(PAYLOAD, quote=False) in raw or "&#60;img" in raw


def test_an_outside_indicator_name_is_text_in_word_and_pdf(hostile_target):
    _, files = hostile_target
    document = docx.Document(files[".docx"])
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(PAYLOAD in cell for cell in cells), [c for c in cells if "食品" in c]
    with pdfplumber.open(files[".pdf"]) as pdf:
        text = "".join((page.extract_text() or "") for page in pdf.pages).replace("\n", "")
    assert "onerror=" in text and "<img" in text
