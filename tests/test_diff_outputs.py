"""The three outputs of a comparison of the real plan: tracked-changes DOCX
(opened by LibreOffice), site pages, summary JSON.

The new version is the built plan with the edits a drafting group makes:
a sentence added, a heading renamed, a section moved to another chapter, a
paragraph split, two merged, one deleted, a table cell changed and a row
deleted, a paragraph quoting markup, and a target raised.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from lxml import etree

from scripts.diff.outputs import compare_versions
from scripts.diff.sources import Version, read_rendered
from scripts.diff.summary import summary
from scripts.diff.web import site_pages, standalone_html
from scripts.diff.word import docx_bytes
from tests.diff_support import NEW_SIDE, OLD_SIDE
from tests.redline_readers import W, docx_lines, document_xml, html_lines, markdown_lines

pytestmark = pytest.mark.slow

ADDED = "根据调研意见补充本句。"
QUOTED = "示例：&lt;script&gt;window.pwned=1&lt;/script&gt; 与 &amp; 符号。"


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def edited(pages: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    text = {src: md for src, _, md in pages}
    talent = text["plan/talent.md"]
    talent = _replace(talent, "人才是质量强市建设的第一资源。", "人才是质量强市建设的第一资源。" + ADDED)
    talent = _replace(talent, "## （二）壮大质量专业技术人才队伍 {#壮大质量专业技术人才队伍}",
                      "## （二）壮大质量专业人才队伍 {#壮大质量专业人才队伍}")
    talent = _replace(talent, "**建设质量教育培训平台。**", "**建设质量教育培训平台。**\n\n")
    paragraphs = talent.split("\n\n")
    paragraphs = [p for p in paragraphs if not p.startswith("**加强质量技能人才培养。**")]
    talent = "\n\n".join(paragraphs)
    moved_at = talent.index("## （四）完善质量人才评价激励机制")
    talent, moved = talent[:moved_at], talent[moved_at:]
    text["plan/talent.md"] = talent
    culture = text["plan/culture.md"].split("\n\n")
    first = next(k for k, p in enumerate(culture) if p.startswith("## （一）"))
    culture[first + 1: first + 3] = [culture[first + 1] + culture[first + 2]]
    text["plan/culture.md"] = "\n\n".join(culture).rstrip("\n") + "\n\n" + moved.replace("（四）", "（五）")
    general = text["plan/general.md"].split("\n\n")
    general.insert(1, QUOTED)
    text["plan/general.md"] = "\n\n".join(general)
    targets = _replace(text["annex/targets.md"], "| 制造业产品质量合格率 | % | 93.8 | ≥95<", "| 制造业产品质量合格率 | % | 93.8 | ≥96<")
    text["annex/targets.md"] = "\n".join(line for line in targets.split("\n") if not line.startswith("| 6 |"))
    return [(src, part, text[src]) for src, part, _ in pages]


@pytest.fixture(scope="module")
def real(built_project, reference_docx):
    pages = read_rendered(built_project / "build" / "rendered")
    targets = (built_project / "data" / "targets.yml").read_text(encoding="utf-8")
    new_pages = edited(pages)
    new_targets = _replace(targets, "target_2025: {comparator: ≥, value: 95.0}", "target_2025: {comparator: ≥, value: 96.0}")
    comparison = compare_versions(Version(OLD_SIDE, pages, targets), Version(NEW_SIDE, new_pages, new_targets),
                                  "质量强国建设纲要上海实施方案")
    # what a reader sees of each version, read by pandoc: never by the diff engine's own parser
    return {"comparison": comparison, "docx": docx_bytes(comparison, reference_docx),
            "old": markdown_lines(pages), "new": markdown_lines(new_pages)}


# --- Word ------------------------------------------------------------------------

def test_accepting_the_docx_gives_the_new_plan_and_rejecting_it_the_old(real):
    assert docx_lines(real["docx"], accept=True) == real["new"]
    assert docx_lines(real["docx"], accept=False) == real["old"]
    assert ADDED in "".join(real["new"]) and ADDED not in "".join(real["old"])


def test_revisions_have_the_author_the_new_versions_date_and_unique_ids(real):
    root = document_xml(real["docx"])
    revisions = list(root.iter(W + "ins", W + "del", W + "moveFrom", W + "moveTo",
                               W + "moveFromRangeStart", W + "moveToRangeStart"))
    assert len(revisions) > 20
    assert {r.get(W + "author") for r in revisions} == {"起草工作组"}
    assert {r.get(W + "date") for r in revisions} == {"2021-08-31T04:00:00Z"}   # 12:00 in Shanghai
    ids = [r.get(W + "id") for r in revisions]
    assert len(ids) == len(set(ids))
    marks = [r.tag.split("}")[1] for r in root.iterfind(f".//{W}pPr/{W}rPr/*")]
    assert "ins" in marks and "del" in marks          # the split and the merge
    assert root.find(f".//{W}trPr/{W}del") is not None  # the deleted table row


def test_the_moved_section_is_a_word_move_with_named_ranges(real):
    root = document_xml(real["docx"])
    starts = {tag: [e.get(W + "name") for e in root.iter(W + tag)] for tag in ("moveFromRangeStart", "moveToRangeStart")}
    assert starts["moveFromRangeStart"] == starts["moveToRangeStart"] and len(starts["moveToRangeStart"]) == 1
    ends = {tag: [e.get(W + "id") for e in root.iter(W + tag)] for tag in ("moveFromRangeEnd", "moveToRangeEnd")}
    assert ends == {"moveFromRangeEnd": [root.find(f".//{W}moveFromRangeStart").get(W + "id")],
                    "moveToRangeEnd": [root.find(f".//{W}moveToRangeStart").get(W + "id")]}
    moved_from = "".join(t.text for m in root.iter(W + "moveFrom") for t in m.iter(W + "t"))
    moved_to = "".join(t.text for m in root.iter(W + "moveTo") for t in m.iter(W + "t"))
    assert "完善质量人才评价激励机制" in moved_from and "完善质量人才评价激励机制" in moved_to
    deleted = "".join(t.text for t in root.iter(W + "delText"))
    inserted = "".join(t.text for i in root.iter(W + "ins") for t in i.iter(W + "t"))
    assert "完善质量人才评价激励机制" not in deleted + inserted


def test_the_one_changed_percentage_is_one_deletion_and_one_insertion(real):
    root = document_xml(real["docx"])
    changed = []
    for row in root.iter(W + "tr"):
        text = "".join(t.text or "" for t in row.iter(W + "t", W + "delText"))
        deleted = ["".join(t.text for t in d.iter(W + "delText")) for d in row.iter(W + "del")]
        inserted = ["".join(t.text for t in i.iter(W + "t")) for i in row.iter(W + "ins")]
        if "制造业产品质量合格率" in text and (deleted or inserted):
            changed.append((deleted, inserted))
    assert changed == [(["95"], ["96"])]   # the annex table; the chapter's own table is unchanged


def test_the_docx_has_the_gbt9704_layout_and_styles(real):
    import io
    import zipfile

    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt
    # GB/T 9704 read back by python-docx: 3号仿宋 text, 2号小标宋 title, 黑体/楷体 headings, 4号宋体 page numbers
    document = docx.Document(io.BytesIO(real["docx"]))

    def east_asia(style) -> str:
        return style.element.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))

    styles = document.styles
    assert (styles["Normal"].font.size, east_asia(styles["Normal"])) == (Pt(16), "仿宋_GB2312")
    assert (styles["Title"].font.size, east_asia(styles["Title"])) == (Pt(22), "方正小标宋简体")
    assert [east_asia(styles[f"Heading {n}"]) for n in (1, 2)] == ["黑体", "楷体_GB2312"]
    footer_runs = [r for p in document.sections[0].footer.paragraphs for r in p.runs]
    assert footer_runs and {r.font.size for r in footer_runs} <= {Pt(14), None}
    footer_xml = document.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "宋体" in footer_xml
    with zipfile.ZipFile(io.BytesIO(real["docx"])) as ours:
        core = ours.read("docProps/core.xml").decode("utf-8")
    assert "<dc:creator>起草工作组</dc:creator>" in core and "2021-08-31T04:00:00Z" in core
    root = document_xml(real["docx"])
    size, margins = root.find(f".//{W}sectPr/{W}pgSz"), root.find(f".//{W}sectPr/{W}pgMar")
    assert (size.get(W + "w"), size.get(W + "h")) == ("11906", "16838")           # A4
    assert (margins.get(W + "top"), margins.get(W + "left")) == ("2098", "1587")  # 37 mm, 28 mm
    styles = [p.get(W + "val") for p in root.iter(W + "pStyle")]
    assert styles[:2] == ["Title", "Subtitle"]
    assert {"Heading1", "Heading2", "BodyText", "AnnexLabel", "AnnexTitle", "Compact", "ListNumber"} <= set(styles)
    first_heading = next(p for p in root.iter(W + "p") if p.find(f"{W}pPr/{W}pStyle").get(W + "val") == "Heading1")
    assert "".join(t.text for t in first_heading.iter(W + "t")) == "一、总体要求"


def _soffice(args: list[str], tmp_path) -> subprocess.CompletedProcess:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("没有安装 LibreOffice（soffice）：请运行 scripts/setup-system.sh --with-test-tools（make test 会自动运行）")
    profile = (tmp_path / "lo-profile").as_uri()
    return subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", *args],
                          capture_output=True, text=True, timeout=180)


def test_libreoffice_opens_the_docx_and_lists_the_changes(real, tmp_path, artifacts):
    source = tmp_path / "版本对照.docx"
    source.write_bytes(real["docx"])
    result = _soffice(["--convert-to", "pdf", "--outdir", str(tmp_path), str(source)], tmp_path)
    pdf = tmp_path / "版本对照.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    shutil.copy2(pdf, artifacts / "版本对照-修订.pdf")
    import pdfplumber
    with pdfplumber.open(pdf) as document:
        text = "".join((page.extract_text() or "") for page in document.pages).replace("\n", "")
        assert len(document.pages) > 10
    assert ADDED in text            # LibreOffice shows tracked insertions …
    flat = _soffice(["--convert-to", "fodt", "--outdir", str(tmp_path), str(source)], tmp_path)
    assert flat.returncode == 0, flat.stderr
    tree = etree.parse(str(tmp_path / "版本对照.fodt"))
    regions = tree.findall(".//text:tracked-changes/text:changed-region", ODF)
    kind = {r.get(f"{{{ODF['text']}}}id"): etree.QName(r[0]).localname for r in regions}
    assert len(regions) >= 10   # adjacent revisions of one author and date are listed together
    assert {c.text for c in tree.findall(".//text:changed-region//dc:creator", ODF)} == {"起草工作组"}
    text = changed_text(tree)
    assert any(ADDED in text[i] for i in kind if kind[i] == "insertion")
    assert any("加强质量技能人才培养" in text[i] for i in kind if kind[i] == "deletion")
    bookmarks = {b.get(f"{{{ODF['text']}}}name") for b in tree.iter(f"{{{ODF['text']}}}bookmark-start")}
    assert {"__RefMoveFrom__move1", "__RefMoveTo__move1"} <= bookmarks   # LibreOffice read the move as a move


ODF = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0", "dc": "http://purl.org/dc/elements/1.1/",
       "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}


def changed_text(tree) -> dict[str, str]:
    """Text between each text:change-start and its text:change-end, by change id."""
    text: dict[str, str] = {}
    open_ids: set[str] = set()
    change_id = f"{{{ODF['text']}}}change-id"

    def add(value):
        for i in open_ids:
            text[i] = text.get(i, "") + (value or "")

    def visit(element):
        name = etree.QName(element).localname
        if name == "tracked-changes":
            return
        if name == "change-start":
            open_ids.add(element.get(change_id))
        elif name == "change-end":
            open_ids.discard(element.get(change_id))
        add(element.text)
        for child in element:
            visit(child)
            add(child.tail)

    visit(tree.find(".//office:body", ODF))
    return text


# --- site pages --------------------------------------------------------------------

def test_pages_escape_document_text_and_never_run_macros(real):
    pages = site_pages(real["comparison"])
    general = next(text for name, text in pages.items() if name.endswith("plan-general.md"))
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt; 与 &amp; 符号" in general
    assert "<script>window.pwned" not in general
    for name, text in pages.items():
        if name.endswith(".md"):
            assert text.startswith("---\ntitle: ") and "\nrender_macros: false\n" in text.split("---")[1]
            assert "search:\n  exclude: true" in text
            assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), name


def test_headings_that_look_like_markup_stay_text_in_titles_and_nav():
    from tests.diff_support import compare_pages, rendered
    old = "# 总体要求\n\n正文。\n"
    new = "# 总体&lt;script&gt;要求\n\n正文。\n"
    comparison, _, _ = compare_pages(rendered([old]), rendered([new]))
    pages = site_pages(comparison)
    chapter = pages["01-plan-ch1.md"]
    assert chapter.startswith('---\ntitle: "版本对照：一、总体&lt;script&gt;要求"\n')
    assert "总体<del" not in chapter and "<ins id=\"c1\" class=\"cmp-c\">&lt;script&gt;</ins>" in chapter
    assert json.loads(pages[".nav.json"])["pages"][1][0] == "一、总体&lt;script&gt;要求"
    assert not any("<script" in text for text in pages.values())


def test_the_redline_pages_accept_and_reject_to_the_two_versions(real):
    pages = site_pages(real["comparison"])
    nav = json.loads(pages[".nav.json"])
    markup = "".join(pages[path] for _, path in nav["pages"][1:])
    assert html_lines(markup, accept=True) == real["new"]
    assert html_lines(markup, accept=False) == real["old"]
    offline = standalone_html(real["comparison"], "", "")
    assert html_lines(offline, accept=True) == real["new"]
    assert "http" not in offline


def test_the_overview_counts_changes_per_chapter_and_shows_target_deltas(real):
    overview = site_pages(real["comparison"])["index.md"]
    talent = re.search(r'<tr class="cmp-status-modified"><td><a href="07-plan-talent/">七、建设高素质质量人才队伍</a>'
                       r"</td><td>有修改</td>((?:<td>\d+</td>){6})</tr>", overview)
    assert talent, overview[:2000]
    deleted = next(line for line in real["old"] if line.startswith("加强质量技能人才培养。"))
    # added, deleted, modified (sentence, renamed heading, split), moved here, characters added / deleted
    assert [int(n) for n in re.findall(r"\d+", talent.group(1))] == [0, 1, 3, 0, len(ADDED), len(deleted) + len("技术")]
    assert ('<td>2025年目标</td><td><del>≥95</del></td><td><ins>≥96</ins></td><td>更积极</td>') in overview


# --- JSON ---------------------------------------------------------------------------

def test_the_summary_has_counts_per_chapter_and_the_target_deltas(real):
    data = summary(real["comparison"])
    chapters = {c["source"]: c for c in data["chapters"] if c["status"] != "moved"}
    talent = chapters["plan/talent.md"]
    assert talent["status"] == "modified"
    assert talent["paragraphs"] == {"added": 0, "deleted": 1, "modified": 3}
    assert chapters["plan/culture.md"]["moved_sections"] == 1
    assert chapters["plan/benchmarking.md"]["status"] == "unchanged"
    assert data["a"]["ref"] == "stage/draft" and data["b"]["date"] == "2021-08-31T12:00:00+08:00"
    assert data["targets"] == [{
        "id": "manufacturing_pass_rate", "name": "制造业产品质量合格率", "unit": "%", "change": "changed",
        "fields": [{"field": "target_2025", "label": "2025年目标", "old": "≥95", "new": "≥96", "ambition": "more"}],
        "ambition": "more"}]
    # the summary is JSON for CI: it survives a round trip unchanged, Chinese kept as text
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data and "制造业产品质量合格率" in text
