"""plan export as a whole: the same words everywhere, and clean failures."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import docx
import pdfplumber
import pytest
from lxml import html as lxml_html

from scripts.errors import Failure
from scripts.export import fonts as font_roles
from scripts.export.documents import export_plan
from scripts.progress import Progress
from scripts.structure import load_outline

pytestmark = pytest.mark.slow


def normalise(text: str) -> str:
    """Text without whitespace, zero-width marks (the formal files glue dashes
    with U+2060) or a leading list/heading number: the formal files write 1．
    where the site writes 1. or numbers a list item by CSS."""
    return re.sub(r"^\d+[.．]", "", re.sub(r"[\s\u200b\u2060¶]+", "", text))


def site_paragraphs(root) -> list[str]:
    """Headings, paragraphs and list items of every outline page, as a reader sees them."""
    found = []
    for src in load_outline(root).pages:
        page = root / "site" / src.removesuffix(".md") / "index.html"
        tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        article = tree.xpath("//article")[0]
        for sup in article.xpath(".//sup"):
            sup.drop_tree()
        for element in article.xpath(".//h1|.//h2|.//h3|.//h4|.//p|.//li"):
            if element.xpath("ancestor::div[contains(@class,'footnote') or contains(@class,'admonition')]"):
                continue
            if element.tag == "p" and element.getparent().tag == "li":
                continue
            text = normalise(element.text_content())
            if text:
                found.append(text)
    return found


def test_site_docx_and_pdf_say_the_same_words_in_the_same_order(built_project, exported):
    site = site_paragraphs(built_project)
    assert len(site) > 100
    document = docx.Document(exported["docx"])
    word = [normalise(p.text) for p in document.paragraphs if normalise(p.text)]
    position = 0
    for paragraph in site:
        assert paragraph in word[position:], f"DOCX 缺少或顺序不同：{paragraph[:40]}"
        position = word.index(paragraph, position) + 1
    with pdfplumber.open(exported["pdf"]) as pdf:
        chars = [c["text"] for page in pdf.pages for c in page.chars if c["size"] >= 15.5]
    pdf_text = normalise("".join(chars))
    position = 0
    for paragraph in site:
        found = pdf_text.find(paragraph, position)
        assert found >= 0, f"PDF 缺少或顺序不同：{paragraph[:40]}"
        position = found + len(paragraph)


def test_a_value_changed_in_data_changes_site_docx_and_pdf(project):
    from scripts.site import build_site
    targets = project / "data" / "targets.yml"
    targets.write_text(targets.read_text(encoding="utf-8").replace(
        "target_2035: {comparator: ≥, value: 97.0}", "target_2035: {comparator: ≥, value: 97.7}"), encoding="utf-8")
    build_site(project)
    written = {p.suffix: p for p in export_plan(project, None, ("docx", "pdf"), Progress(total=2))}
    assert "97.7%以上" in (project / "site" / "plan" / "general" / "index.html").read_text(encoding="utf-8")
    assert any("97.7%以上" in p.text for p in docx.Document(written[".docx"]).paragraphs)
    with pdfplumber.open(written[".pdf"]) as pdf:
        assert "97.7%以上" in normalise("".join(page.extract_text() or "" for page in pdf.pages))


def test_no_cjk_font_is_a_clear_error():
    with pytest.raises(Failure) as caught:
        font_roles.resolve({"dejavu sans", "liberation serif"})
    message = str(caught.value)
    for role in ("正文（仿宋）", "标题（小标宋）", "一级标题（黑体）", "二级标题（楷体）", "页码（宋体）"):
        assert role in message
    assert "scripts/setup-system.sh" in message and "fonts-noto-cjk" in message


def test_a_missing_font_role_names_that_role_only():
    available = {"fandolfang r", "fandolsong", "fandolhei"}
    with pytest.raises(Failure) as caught:
        font_roles.resolve(available)
    assert "二级标题（楷体）" in str(caught.value) and "正文（仿宋）" not in str(caught.value)


def dist_files(root):
    return {p.name: p.read_bytes() for p in (root / "dist").rglob("*") if p.is_file()}


def test_a_missing_font_leaves_dist_untouched(built_project, exported, monkeypatch):
    before = dist_files(built_project)
    monkeypatch.setattr(font_roles, "available_families", lambda dirs, include_system=True: {"dejavu sans"})
    with pytest.raises(Failure, match="找不到以下字体角色"):
        export_plan(built_project, None, ("pdf",), Progress(total=1))
    assert dist_files(built_project) == before


def test_a_pandoc_failure_leaves_no_half_written_file(built_project, exported, tmp_path, monkeypatch):
    before = dist_files(built_project)
    fake = tmp_path / "pandoc"
    fake.write_text("#!/bin/sh\n# write half a file where the output goes, then fail\n"
                    "for a in \"$@\"; do [ \"$prev\" = --output ] && printf 'PK half' > \"$a\"; prev=$a; done\n"
                    "echo 'pandoc: simulated failure' >&2\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr("scripts.export.pandoc_runner.pandoc_path", lambda: str(fake))
    for fmt in ("docx", "pdf"):
        with pytest.raises(Failure, match="pandoc 转换 plan.md 失败"):
            export_plan(built_project, None, (fmt,), Progress(total=1))
    assert dist_files(built_project) == before
    leftovers = [p.name for p in (built_project / "dist").rglob("*") if "partial" in p.name]
    assert leftovers == []


def test_cli_help_is_chinese_and_exit_codes_follow_the_convention(built_project):
    plan = [sys.executable, "-m", "scripts", "--root", str(built_project)]
    helped = subprocess.run(plan + ["export", "--help"], capture_output=True, text=True)
    assert helped.returncode == 0 and "用法：" in helped.stdout and "导出格式" in helped.stdout
    misuse = subprocess.run(plan + ["export", "--format", "odt"], capture_output=True, text=True)
    assert misuse.returncode == 2 and "参数错误" in misuse.stderr
    unknown = subprocess.run(plan + ["export", "--no-build", "--stage", "final"], capture_output=True, text=True)
    assert unknown.returncode == 2 and "未知的阶段“final”" in unknown.stderr
    checked = subprocess.run(plan + ["check"], capture_output=True, text=True)
    assert checked.returncode == 0 and "检查通过" in checked.stdout


def test_cli_check_reports_findings_with_exit_1(project):
    page = project / "docs" / "plan" / "culture.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## 一、手写序号\n\n{{ target('nope', 2025) }}\n",
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "scripts", "--root", str(project), "check"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "docs/plan/culture.md:" in result.stderr and "引用了不存在的指标“nope”" in result.stderr
    assert "标题“一、手写序号”带有手写序号" in result.stderr


def test_the_plan_docx_opens_in_libreoffice_with_the_pdf_page_count(exported, tmp_path):
    from pypdf import PdfReader
    from tests.office import libreoffice_to_pdf
    converted = libreoffice_to_pdf(exported["docx"], tmp_path / "lo")
    word_pages = len(PdfReader(converted).pages)
    typst_pages = len(PdfReader(exported["pdf"]).pages)
    # the same 22 x 28 grid in both: page counts agree within a few pages
    assert abs(word_pages - typst_pages) <= max(3, typst_pages // 10), (word_pages, typst_pages)
    text = normalise("".join(page.extract_text() or "" for page in PdfReader(converted).pages))
    for words in ("一、总体要求", "十、保障措施", "附件1", "主要指标表", "制造业质量竞争力指数"):
        assert words in text, words


def test_export_reuses_fresh_rendered_pages_and_its_reference_document_and_rebuilds_after_an_edit(project):
    def export_docx() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "scripts", "--root", str(project), "export", "--format", "docx"],
                              capture_output=True, text=True)

    first = export_docx()
    assert first.returncode == 0, first.stderr
    assert "构建网站" in first.stderr            # nothing rendered yet
    [reference] = (project / "build" / "cache").glob("reference-*.docx")
    made = reference.stat().st_mtime_ns
    again = export_docx()
    assert again.returncode == 0, again.stderr
    assert "构建网站" not in again.stderr        # rendered pages are fresh: no second build
    assert list((project / "build" / "cache").glob("reference-*.docx")) == [reference]
    assert reference.stat().st_mtime_ns == made  # the reference document is not made again
    chapter = project / "docs" / "plan" / "culture.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n新增一段用于检查导出是否重新渲染的文字。\n", encoding="utf-8")
    edited = export_docx()
    assert edited.returncode == 0, edited.stderr
    assert "构建网站" in edited.stderr
    document = next((project / "dist").rglob("*（初稿）.docx"))
    assert any("新增一段用于检查导出是否重新渲染的文字" in p.text for p in docx.Document(document).paragraphs)


def test_pandoc_is_found_in_pypandoc_binary_or_its_absence_is_a_clear_error(monkeypatch):
    import importlib.util
    from scripts.export import pandoc_runner
    found = Path(pandoc_runner.pandoc_path())
    assert found.name == "pandoc" and "pypandoc" in found.parts   # the pinned PyPI build, not Debian's old one
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(pandoc_runner.shutil, "which", lambda name: None)
    with pytest.raises(Failure) as caught:
        pandoc_runner.pandoc_path()
    assert "找不到 pandoc" in str(caught.value) and "make" in str(caught.value)
