"""Property: whatever the edit, accepting every change gives the new text and
rejecting every change gives the old one, in the model, the HTML redline
and the tracked-changes DOCX alike.

Plans are random Chinese chapters (sections, paragraphs, list items,
tables, an annex), rendered with the real 公文 numbering; edits insert,
delete and replace characters, insert, delete, move, split and merge
paragraphs, rename, insert (renumbering the rest), delete and move
sections, and change table rows.
"""
from __future__ import annotations

import copy

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scripts.diff.result import Move, Row, side_lines
from scripts.diff.web import redline_html
from scripts.diff.word import docx_bytes
from tests.diff_support import all_items, compare_pages, plain_lines, rendered
from tests.redline_readers import docx_lines, html_lines

HAN = "质量强国建设纲要上海实施方案推进标准计量认证检验检测品牌企业人才文化一二三十的和在了与及"
TEXT = HAN + "，。；：、（）《》“”0123456789% <&>"

titles = st.text(alphabet=HAN, min_size=2, max_size=8)
texts = st.text(alphabet=TEXT, min_size=1, max_size=30).filter(lambda t: t.strip())
cells = st.text(alphabet=HAN + "0123456789%≥", min_size=1, max_size=6)


@st.composite
def blocks(draw):
    kind = draw(st.sampled_from(["p", "p", "p", "item", "table"]))
    if kind == "table":
        return {"kind": "table", "rows": draw(st.lists(st.lists(cells, min_size=2, max_size=2), min_size=1, max_size=3))}
    return {"kind": kind, "text": draw(texts)}


@st.composite
def sections(draw):
    return {"title": draw(titles), "level": draw(st.sampled_from([2, 2, 3])),
            "blocks": draw(st.lists(blocks(), min_size=1, max_size=4))}


@st.composite
def plans(draw):
    chapters = [{"title": draw(titles), "sections": draw(st.lists(sections(), min_size=1, max_size=3))}
                for _ in range(draw(st.integers(1, 3)))]
    annexes = [{"title": draw(titles), "sections": draw(st.lists(sections(), min_size=0, max_size=2))}
               for _ in range(draw(st.integers(0, 1)))]
    return {"chapters": chapters, "annexes": annexes}


def markdown(chapter) -> str:
    out = [f"# {chapter['title']}"]
    for section in chapter["sections"]:
        out.append("#" * section["level"] + " " + section["title"])
        for block in section["blocks"]:
            if block["kind"] == "table":
                rows = [f"| {' | '.join(r)} |" for r in block["rows"]]
                out.append("\n".join(rows[:1] + ["|:--|:--|"] + rows[1:]))
            elif block["kind"] == "item":
                out.append(f"- {block['text']}")
            else:
                out.append(block["text"])
    return "\n\n".join(out) + "\n"


def render(plan):
    return rendered([markdown(c) for c in plan["chapters"]], [markdown(a) for a in plan["annexes"]])


def _all_sections(plan):
    return [s for part in ("chapters", "annexes") for c in plan[part] for s in c["sections"]]


def _text_blocks(plan):
    return [(s, k) for s in _all_sections(plan) for k, b in enumerate(s["blocks"]) if b["kind"] != "table"]


def mutate(data, plan) -> None:
    """One random edit, in place."""
    kind = data.draw(st.sampled_from(["chars", "chars", "insert", "delete", "move", "split", "merge",
                                      "rename", "new_section", "drop_section", "move_section", "row"]))
    sections_ = _all_sections(plan)
    text_blocks = _text_blocks(plan)
    chapters = plan["chapters"]
    if kind == "chars" and text_blocks:
        section, k = data.draw(st.sampled_from(text_blocks))
        text = section["blocks"][k]["text"]
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 4)))
        section["blocks"][k]["text"] = text[:i] + data.draw(st.text(alphabet=TEXT, max_size=5)) + text[j:]
    elif kind == "insert" and sections_:
        section = data.draw(st.sampled_from(sections_))
        section["blocks"].insert(data.draw(st.integers(0, len(section["blocks"]))), data.draw(blocks()))
    elif kind == "delete" and sections_:
        section = data.draw(st.sampled_from(sections_))
        if section["blocks"]:
            section["blocks"].pop(data.draw(st.integers(0, len(section["blocks"]) - 1)))
    elif kind == "move" and text_blocks:
        section, k = data.draw(st.sampled_from(text_blocks))
        block = section["blocks"].pop(k)
        target = data.draw(st.sampled_from(sections_))
        target["blocks"].insert(data.draw(st.integers(0, len(target["blocks"]))), block)
    elif kind == "split" and text_blocks:
        section, k = data.draw(st.sampled_from(text_blocks))
        text = section["blocks"][k]["text"]
        i = data.draw(st.integers(1, max(1, len(text) - 1)))
        if text[:i].strip() and text[i:].strip():
            section["blocks"][k: k + 1] = [{"kind": "p", "text": text[:i]}, {"kind": "p", "text": text[i:]}]
    elif kind == "merge" and text_blocks:
        section, k = data.draw(st.sampled_from(text_blocks))
        following = section["blocks"][k + 1] if k + 1 < len(section["blocks"]) else None
        if following and following["kind"] != "table":
            section["blocks"][k: k + 2] = [{"kind": "p", "text": section["blocks"][k]["text"] + following["text"]}]
    elif kind == "rename" and sections_:
        section = data.draw(st.sampled_from(sections_))
        section["title"] = data.draw(titles)
    elif kind == "new_section":
        chapter = data.draw(st.sampled_from(chapters))
        chapter["sections"].insert(data.draw(st.integers(0, len(chapter["sections"]))), data.draw(sections()))
    elif kind == "drop_section":
        chapter = data.draw(st.sampled_from(chapters))
        if chapter["sections"]:
            chapter["sections"].pop(data.draw(st.integers(0, len(chapter["sections"]) - 1)))
    elif kind == "move_section":
        source = data.draw(st.sampled_from(chapters))
        if source["sections"]:
            section = source["sections"].pop(data.draw(st.integers(0, len(source["sections"]) - 1)))
            target = data.draw(st.sampled_from(chapters))
            target["sections"].insert(data.draw(st.integers(0, len(target["sections"]))), section)
    elif kind == "row":
        tables = [b for s in sections_ for b in s["blocks"] if b["kind"] == "table"]
        if tables:
            table = data.draw(st.sampled_from(tables))
            r = data.draw(st.integers(0, len(table["rows"]) - 1))
            action = data.draw(st.sampled_from(["cell", "add", "drop"]))
            if action == "cell":
                table["rows"][r][data.draw(st.integers(0, 1))] = data.draw(cells)
            elif action == "add":
                table["rows"].insert(r + 1, data.draw(st.lists(cells, min_size=2, max_size=2)))
            elif len(table["rows"]) > 1:
                table["rows"].pop(r)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_accept_all_gives_the_new_text_and_reject_all_the_old(reference_docx, data):
    old = data.draw(plans())
    new = copy.deepcopy(old)
    for _ in range(data.draw(st.integers(1, 5))):
        mutate(data, new)
    comparison, a, b = compare_pages(render(old), render(new))
    old_lines, new_lines = plain_lines(a), plain_lines(b)
    items = all_items(comparison)
    assert side_lines(items, "b") == new_lines
    assert side_lines(items, "a") == old_lines
    html = "".join(redline_html(chapter)[0] for chapter in comparison.chapters)
    assert html_lines(html, accept=True) == new_lines
    assert html_lines(html, accept=False) == old_lines
    docx = docx_bytes(comparison, reference_docx)
    assert docx_lines(docx, accept=True) == new_lines
    assert docx_lines(docx, accept=False) == old_lines


def _changes(comparison) -> list:
    """Every item that is not kept as it was (a move always is a change)."""
    out = []
    for item in all_items(comparison):
        if isinstance(item, Move):
            out.append(item)
            continue
        pieces = [p for cell in item.cells for p in cell] if isinstance(item, Row) else item.pieces
        mark = item.op if isinstance(item, Row) else item.mark
        if mark != "=" or any(op != "=" for op, _ in pieces):
            out.append(item)
    return out


def _titles(plan) -> set[str]:
    return {c["title"] for part in ("chapters", "annexes") for c in plan[part]} | {
        s["title"] for s in _all_sections(plan)}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_a_heading_inserted_anywhere_inside_a_section_is_the_only_change(reference_docx, data):
    old = data.draw(plans())
    new = copy.deepcopy(old)
    title = data.draw(titles.filter(lambda t: t not in _titles(old)))
    chapter = data.draw(st.sampled_from(new["chapters"] + new["annexes"]))
    assume(chapter["sections"])
    k = data.draw(st.integers(0, len(chapter["sections"]) - 1))
    section = chapter["sections"][k]
    cut = data.draw(st.integers(0, len(section["blocks"])))
    level = data.draw(st.integers(section["level"], 3))
    chapter["sections"][k: k + 1] = [{**section, "blocks": section["blocks"][:cut]},
                                     {"title": title, "level": level, "blocks": section["blocks"][cut:]}]
    comparison, a, b = compare_pages(render(old), render(new))
    changed = _changes(comparison)
    assert [(p.kind, p.mark, p.pieces) for p in changed] == [("heading", "+", [("+", title)])]
    assert side_lines(all_items(comparison), "a") == plain_lines(a)
    assert docx_lines(docx_bytes(comparison, reference_docx), accept=True) == plain_lines(b)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_a_heading_removed_anywhere_is_the_only_change(reference_docx, data):
    old = data.draw(plans())
    chapter_at = data.draw(st.integers(0, len(old["chapters"]) - 1))
    assume(len(old["chapters"][chapter_at]["sections"]) > 1)
    k = data.draw(st.integers(1, len(old["chapters"][chapter_at]["sections"]) - 1))
    removed = old["chapters"][chapter_at]["sections"][k]
    assume(sum(t == removed["title"] for t in [c["title"] for c in old["chapters"]]
               + [s["title"] for s in _all_sections(old)]) == 1)
    new = copy.deepcopy(old)
    sections_ = new["chapters"][chapter_at]["sections"]
    sections_[k - 1]["blocks"] += sections_.pop(k)["blocks"]
    comparison, a, b = compare_pages(render(old), render(new))
    changed = _changes(comparison)
    assert [(p.kind, p.mark, p.pieces) for p in changed] == [("heading", "-", [("-", removed["title"])])]
    assert side_lines(all_items(comparison), "b") == plain_lines(b)
    assert docx_lines(docx_bytes(comparison, reference_docx), accept=False) == plain_lines(a)
