"""One pandoc Markdown document from the site's rendered pages.

Body chapters follow each other, then the 附件 list (a `.annex-list` div
of annex titles); each annex is wrapped in a `.annex` div that the filter
turns into a new page with its 附件N label. Nothing here
re-renders text: it only joins what the site build produced.
"""
from __future__ import annotations

import re

import yaml

from scripts.export.layout import GBT9704, MM_PER_PT
from scripts.model import Model, Stage
from scripts.rendered import RenderedPlan

_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
_H1 = re.compile(r"^# (.+?)(?:\s*\{#[^}]*\})?\s*$", re.M)


def _own_notes(markdown: str, prefix: str) -> str:
    """Footnote labels are per page on the site; make them unique in one document."""
    return _NOTE.sub(lambda m: f"[^{prefix}-{m.group(1)}]", markdown)


def _title(page: str) -> str:
    """The text of a page's first-level heading, without its {#anchor}."""
    match = _H1.search(page)
    return match.group(1).strip() if match else ""


def metadata(model: Model, stage: Stage) -> dict:
    return {
        "title": model.document_title(stage.id),
        "author": model.plan.drafting_body,
        "subject": stage.name,
        "description": f"{model.plan.title}（{stage.name}），依据{model.plan.source_notice}编制",
        "lang": "zh-CN",
        # what the filter needs to balance title lines and size table columns
        "title-chars": int(GBT9704.text_width_mm / MM_PER_PT // GBT9704.title_pt),
        "table-cells": int(GBT9704.text_width_mm / MM_PER_PT // GBT9704.table_pt),
    }


def assemble(rendered: RenderedPlan, model: Model, stage: Stage) -> str:
    meta = yaml.safe_dump(metadata(model, stage), allow_unicode=True, sort_keys=True)
    parts = [f"---\n{meta}---"]
    parts += [_own_notes(page, f"c{n}") for n, page in enumerate(rendered.body, 1)]
    titles = [_title(page) for page in rendered.annexes]
    if titles:
        parts.append("::: {.annex-list}\n\n" + "\n\n".join(titles) + "\n\n:::")
    for n, page in enumerate(rendered.annexes, 1):
        parts.append(f'::: {{.annex number="{n}"}}\n\n{_own_notes(page, f"a{n}")}\n\n:::')
    return "\n\n".join(parts) + "\n"
