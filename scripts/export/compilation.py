"""《实施方案支持报告汇编》: the latest revision of every submission in one
formal document (DOCX and PDF, GB/T 9704 layout), for the approval package.

Cover, table of contents, then one chapter per group: the kinds of unit that
submit materials (units.yml order), then the research reports by topic.
Each submission is a section headed “unit：title”; its own headings move one
level down. The text comes from the pages intake wrote (the part after
BODY_MARKER), so the compilation says what the site says.

Cover, contents and page breaks are raw blocks for both writers (pandoc keeps
only its own format's), so the plan's export_docx/export_pdf run unchanged.
The Word contents is a TOC field whose cached result already lists the
entries: readers see them at once, Word or WPS adds page numbers on update.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

import yaml

from scripts.atomic import fresh_dir
from scripts.export import fonts as font_roles
from scripts.export.docx import REFERENCE_DIR, export_docx
from scripts.export.documents import source_epoch
from scripts.export.pdf import export_pdf
from scripts.intake.registry import Revision, latest
from scripts.intake.text import markdown_text
from scripts.model import Model, Stage, load_model
from scripts.numbering import label

FILE_STEM = "实施方案支持报告汇编"
TITLE_SUFFIX = "支持报告汇编"
_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
_HEADING = re.compile(r"^(#{1,5}) ", re.M)
LONG_PARAGRAPH = 1500   # characters; Typst fails on paragraphs several times longer
_IMAGE = re.compile(r"(!\[[^\]]*\]\()([^)\s]+)\)")


def groups(model: Model) -> list[tuple[str, list[Revision]]]:
    """(group title, submissions in order) for every non-empty group."""
    last = latest(model.submissions)
    order = {u.id: n for n, u in enumerate(model.units)}
    unit_kind = {u.id: u.kind for u in model.units}
    out = []
    for kind in model.kinds:
        revs = [r for r in last.values() if r.kind == "material" and unit_kind[r.unit] == kind.id]
        if revs:
            out.append((f"{kind.name}报送材料", sorted(revs, key=lambda r: order[r.unit])))
    reports = [r for r in last.values() if r.kind == "report"]
    for topic in [*model.topics, None]:
        revs = [r for r in reports if r.topic == (topic.number if topic else None)]
        if revs:
            title = f"课题研究报告：{topic.title}" if topic else "课题研究报告：其他"
            out.append((title, sorted(revs, key=lambda r: order[r.unit])))
    return out


def _split_long(line: str, limit: int = LONG_PARAGRAPH) -> str:
    """A paragraph of thousands of characters exceeds Typst's limits: break it
    into paragraphs at sentence ends (the words are unchanged)."""
    if len(line) <= limit or line.startswith(("|", "#", " ", "[^")):
        return line
    pieces, current = [], ""
    for sentence in re.findall(r"[^。！？]*[。！？]?", line):
        if current and len(current) + len(sentence) > limit:
            pieces.append(current)
            current = ""
        current += sentence
    return "\n\n".join(pieces + [current] if current else pieces)


def _section(root: Path, rev: Revision, unit_name: str, number: int, media: Path) -> str:
    # intake's page module brings all of its checks: imported only when there is something to compile
    from scripts.intake.page import body_of, cn_date
    page = root / "docs" / rev.page(True)
    body = body_of(page.read_text(encoding="utf-8"))
    body = _HEADING.sub(lambda m: "#" * (len(m.group(1)) + 1) + " ", body)
    body = _NOTE.sub(lambda m: f"[^{rev.unit}-{m.group(1)}]", body)

    def image(match):
        source = page.parent / match.group(2)
        target = media / rev.kind / match.group(2)
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        return f"{match.group(1)}{target.relative_to(media.parent).as_posix()})"

    body = _IMAGE.sub(image, body)
    body = "\n".join(_split_long(line) for line in body.split("\n"))
    head = f"## {label(2, number)}{markdown_text(unit_name)}：{markdown_text(rev.title)}"
    info = f"（{markdown_text(unit_name)}报送，第{rev.revision}版，{cn_date(rev.received)}收到）"
    return f"{head}\n\n{info}\n\n{body}"


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def raw(openxml: str, typst: str) -> str:
    return f"```{{=openxml}}\n{openxml}\n```\n\n```{{=typst}}\n{typst}\n```"


def page_break() -> str:
    return raw('<w:p><w:r><w:br w:type="page"/></w:r></w:p>', "#pagebreak(weak: true)")


def _typst(text: str) -> str:
    return re.sub(r"([\\#*_\[\]$@<>`~=+/-])", r"\\\1", text)


def cover(lines: list[str]) -> str:
    paragraphs = "".join(f'<w:p><w:pPr><w:pStyle w:val="Subtitle"/></w:pPr><w:r><w:t>{_xml(line)}</w:t></w:r></w:p>'
                         for line in lines)
    typst = "#v(6em)\n#align(center, text(font: F.kai)[" + " \\\n".join(_typst(line) for line in lines) + "])"
    return raw(paragraphs, typst) + "\n\n" + page_break()


def contents(entries: list[tuple[int, str]]) -> str:
    """目录: entries are (level 1–2, text) in order."""
    field = ['<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
             '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>',
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>']
    paragraphs = ['<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>目录</w:t></w:r></w:p>']
    for n, (level, text) in enumerate(entries):
        head = "".join(field) if n == 0 else ""
        tail = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if n == len(entries) - 1 else ""
        indent = 0 if level == 1 else 640
        paragraphs.append(f'<w:p><w:pPr><w:pStyle w:val="TOC{level}"/><w:spacing w:before="0" w:after="0"/>'
                          f'<w:ind w:left="{indent}" w:firstLine="0"/></w:pPr>{head}'
                          f'<w:r><w:t xml:space="preserve">{_xml(text)}</w:t></w:r>{tail}</w:p>')
    return raw("".join(paragraphs), "#outline(title: [目录], depth: 2)")


def compilation_markdown(root: Path, model: Model, stage: Stage, work: Path, date: dt.date) -> str:
    units = {u.id: u.label for u in model.units}
    meta = {"title": model.plan.title + TITLE_SUFFIX, "author": model.plan.drafting_body,
            "subject": f"{model.plan.title}（{stage.name}）支持报告", "lang": "zh-CN"}
    chapters, entries = [], []
    for g, (title, revs) in enumerate(groups(model), 1):
        heading = f"{label(1, g)}{title}"
        entries.append((1, heading))
        sections = []
        for n, rev in enumerate(revs, 1):
            entries.append((2, f"{label(2, n)}{units[rev.unit]}：{rev.title}"))
            sections.append(_section(root, rev, units[rev.unit], n, work / "media"))
        chapters.append("\n\n".join([page_break(), f"# {markdown_text(heading)}", *sections]))
    parts = ["---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---",
             cover([model.plan.issuing_office, f"{model.plan.drafting_body}编", f"{date.year}年{date.month}月"]),
             contents(entries), *chapters]
    return "\n\n".join(parts) + "\n"


def export_compilation(root: Path, stage_id: str | None, formats: tuple[str, ...], progress,
                       out_dir: Path | None = None, model: Model | None = None) -> list[Path]:
    """实施方案支持报告汇编.docx/.pdf in out_dir (default dist/<stage>/); nothing (with a message)
    when none was submitted. `model`: root's, when the caller has loaded it already."""
    model = model or load_model(root)
    stage = model.stage(stage_id)
    written = []
    with progress.step(f"生成《{FILE_STEM}》"):
        if not model.submissions:
            print("      尚无报送材料（data/submissions.yml 为空），跳过《实施方案支持报告汇编》", file=sys.stderr)
            return []
        epoch = source_epoch()
        date = stage.date or (dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date() if epoch else dt.date.today())
        work = fresh_dir(root / "build" / "export" / stage.id / "compilation")
        source = work / "compilation.md"
        source.write_text(compilation_markdown(root, model, stage, work, date), encoding="utf-8")
        out_dir = out_dir or root / "dist" / stage.id
        if "docx" in formats:
            export_docx(source, out_dir / f"{FILE_STEM}.docx", root / REFERENCE_DIR)
            written.append(out_dir / f"{FILE_STEM}.docx")
        if "pdf" in formats:
            export_pdf(source, out_dir / f"{FILE_STEM}.pdf", work, font_roles.font_dirs(root), epoch)
            written.append(out_dir / f"{FILE_STEM}.pdf")
    return written
