"""The 实施方案支持报告汇编: cover, contents and order, in Word and PDF."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import docx
import pdfplumber
import pytest

from scripts.export.compilation import export_compilation
from scripts.intake.submit import Request, intake
from scripts.progress import Progress
from tests import intake_factory as factory

pytestmark = pytest.mark.slow

# submitted in this order; the compilation orders by kind, topic and units.yml
SUBMISSIONS = [
    ("tongji", "report", 1, "关于我市推进质量强市建设重要意义的研究"),
    ("pudong", "material", None, "浦东新区质量发展材料"),
    ("sist", "report", 3, "我市质量强市建设目标研究"),
    ("sdrc", "material", None, "市发展改革委质量发展材料"),
    ("sjtu", "report", 1, "质量强市建设的国际比较"),
]
EXPECTED = [
    (1, "一、市质量工作领导小组成员单位报送材料"),
    (2, "（一）市发展改革委（示例）：市发展改革委质量发展材料"),
    (1, "二、区质量工作领导小组办公室报送材料"),
    (2, "（一）浦东新区质量工作领导小组办公室：浦东新区质量发展材料"),
    (1, "三、课题研究报告：我市推进质量强市建设的重要意义"),
    (2, "（一）同济大学（示例）：关于我市推进质量强市建设重要意义的研究"),
    (2, "（二）上海交通大学（示例）：质量强市建设的国际比较"),
    (1, "四、课题研究报告：我市质量强市建设的目标确定"),
    (2, "（一）上海市质量和标准化研究院（示例）：我市质量强市建设目标研究"),
]


def report_markdown(title: str) -> str:
    body = "\n\n".join("据市统计局公报，本市质量发展成效明显。" * 20 for _ in range(6))
    return f"# {title}\n\n## 一、研究背景\n\n{body}\n\n## 二、对策建议\n\n{body}\n"


@pytest.fixture
def compiled(project, tmp_path):
    for n, (unit, kind, topic, title) in enumerate(SUBMISSIONS):
        if kind == "report":
            path = tmp_path / f"{unit}.md"
            path.write_text(report_markdown(title), encoding="utf-8")
        else:
            path = factory.messy_material(tmp_path / unit, name=f"{unit}.docx", title=title)
        intake(project, Request(path, unit, topic=topic, received=dt.date(2021, 7, 10 + n)))
    written = export_compilation(project, None, ("docx", "pdf"), Progress(total=1, stream=io.StringIO()))
    return project, {p.suffix: p for p in written}


def test_word_compilation_has_cover_contents_and_sections_in_order(compiled):
    root, files = compiled
    assert files[".docx"] == root / "dist/draft/实施方案支持报告汇编.docx"
    document = docx.Document(files[".docx"])
    paragraphs = [(p.style.name, p.text.strip()) for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0] == ("Title", "质量强国建设纲要上海实施方案支持报告汇编")
    assert ("Subtitle", "上海市质量工作领导小组办公室") in paragraphs[:5]
    texts = [t for _, t in paragraphs]
    start = texts.index("目录") + 1
    assert texts[start:start + len(EXPECTED)] == [t for _, t in EXPECTED]
    headings = [(int(style.split()[-1]), text) for style, text in paragraphs if style in ("Heading 1", "Heading 2")]
    assert headings == EXPECTED
    body = document.element.body.xml
    assert 'TOC \\o "1-2"' in body and body.count('w:fldCharType="end"') >= 1
    # each submission keeps its own structure one level down, with its table, footnote and image
    assert ("Heading 3", "一、发展现状") in paragraphs
    assert len(document.inline_shapes) == 2 and len(document.tables) == 2
    with zipfile.ZipFile(files[".docx"]) as archive:
        assert "数据来源：浦东新区统计局" in archive.read("word/footnotes.xml").decode("utf-8")


def test_pdf_compilation_lists_contents_with_page_numbers_in_order(compiled):
    _, files = compiled
    with pdfplumber.open(files[".pdf"]) as pdf:
        pages = [re.sub(r"\s+", "", page.extract_text() or "") for page in pdf.pages]
    assert pages[0].startswith("质量强国建设纲要上海实施方案支持报告汇编")
    contents = pages[1]
    assert contents.startswith("目录")
    numbers = []
    for _, text in EXPECTED:
        found = re.search(re.escape(re.sub(r"\s+", "", text)) + r"[.·…]*(\d+)", contents)
        assert found, f"目录中没有：{text}"
        number = int(found.group(1))
        assert re.sub(r"\s+", "", text) in pages[number - 1], f"{text} 不在目录所说的第 {number} 页"
        numbers.append(number)
    assert numbers == sorted(numbers) and numbers[0] == 3


def test_no_submissions_no_compilation(project, capsys):
    stream = io.StringIO()
    assert export_compilation(project, None, ("docx", "pdf"), Progress(total=1, stream=stream)) == []
    assert "尚无报送材料" in capsys.readouterr().err
    assert not (project / "dist").exists()
