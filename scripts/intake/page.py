"""The page of one submission under docs/reports/: pure Markdown, no HTML.

    ---                      front matter: unit, kind, topic, title, revision,
    …                        received date, source file name and SHA-256
    ---
    # 标题
    报送信息 · earlier revisions (links)
    ## 对照通知的校验         the findings
    [//]: # (正文开始)        BODY_MARKER: the submission itself follows

Every outside string (title, file name, notes quoting the text) is written
through scripts.intake.text, so the page stays inert wherever it is copied.
"""
from __future__ import annotations

import datetime as dt

import yaml

from scripts.dates import cn_date
from scripts.intake.checks import Note
from scripts.intake.registry import KINDS, FastDumper, Revision
from scripts.intake.text import markdown_text, neutralise, safe_line

BODY_MARKER = "[//]: # (正文开始)"


def late_days(received: dt.date, deadline: dt.date | None) -> int:
    return (received - deadline).days if deadline and received > deadline else 0


def front_matter(rev: Revision, unit_name: str) -> str:
    meta = {"title": safe_line(rev.title), "unit": rev.unit, "unit_name": safe_line(unit_name), "kind": rev.kind,
            "topic": rev.topic, "revision": rev.revision, "received": rev.received,
            "source_file": safe_line(rev.source_name), "sha256": rev.sha256}
    return "---\n" + yaml.dump(meta, Dumper=FastDumper, allow_unicode=True, sort_keys=False, width=10_000) + "---\n"


def header(rev: Revision, unit_name: str, earlier: list[Revision], deadline: dt.date | None,
           topic_title: str = "") -> str:
    late = late_days(rev.received, deadline)
    when = cn_date(rev.received) + "收到" + (f"（逾期{late}天，截止日期{cn_date(deadline)}）" if late else "")
    lines = [f"# {markdown_text(rev.title)}", "",
             f"**报送单位**：{markdown_text(unit_name)}　**类型**：{KINDS[rev.kind]}"
             + (f"　**课题**：{rev.topic}．{markdown_text(topic_title)}" if rev.topic else ""), "",
             f"**版次**：第{rev.revision}版，{when}。", "",
             f"**原件**：{markdown_text(rev.source_name)}（SHA-256 前12位：{rev.sha256[:12]}）"]
    if rev.amended:
        fixes = "；".join(f"{cn_date(a['date'])}：{markdown_text(a['change'])}" for a in rev.amended)
        lines += ["", f"**更正记录**：{fixes}"]
    if earlier:
        links = "、".join(f"[第{r.revision}版（{cn_date(r.received)}收到）]({r.unit}.r{r.revision}.md)" for r in earlier)
        lines += ["", f"**以前各版**：{links}"]
    return "\n".join(lines) + "\n"


def findings(notes: list[Note]) -> str:
    items = "\n".join(f"- {markdown_text(str(note))}" for note in notes)
    return f"## 对照通知的校验\n\n{items}\n"


def compose(rev: Revision, unit_name: str, earlier: list[Revision], deadline: dt.date | None,
            notes: list[Note], body: str, topic_title: str = "") -> str:
    page = "\n".join([front_matter(rev, unit_name), header(rev, unit_name, earlier, deadline, topic_title),
                      findings(notes), BODY_MARKER, "", body.strip(), ""])
    return neutralise_outside_front_matter(page)


def neutralise_outside_front_matter(page: str) -> str:
    """The last guard, on everything but the YAML (already safe_line'd)."""
    head, sep, rest = page.partition("\n---\n")
    return head + sep + neutralise(rest)


def superseded(page: str, newer: Revision) -> str:
    """An earlier revision's page, kept as it was, with a line pointing to the newer one."""
    lines = page.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    if at is None:
        return page
    note = f"**本版已被第{newer.revision}版（{cn_date(newer.received)}收到）取代**：[查看最新版]({newer.unit}.md)"
    return "\n".join(lines[:at + 1] + ["", note] + lines[at + 1:])


def unsuperseded(page: str) -> str:
    """An earlier revision's page as it was before superseded() marked it."""
    return "\n".join(line for line in page.split("\n") if not line.startswith("**本版已被第")).replace("\n\n\n", "\n\n", 1)


def body_of(page: str) -> str:
    """The submission itself: what follows BODY_MARKER."""
    _, marker, body = page.partition(BODY_MARKER)
    return body.strip() + "\n" if marker else ""
