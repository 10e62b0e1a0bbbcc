"""One pandoc Markdown document from the site's rendered pages.

Body chapters follow each other; each annex is wrapped in a `.annex` div
that the filter turns into a new page with its 附件N label. Nothing here
re-renders text: it only joins what the site build produced.
"""
from __future__ import annotations

import re

import yaml

from scripts.drafting import strip_drafting_notes
from scripts.model import Model, Stage
from scripts.rendered import RenderedPlan

_NOTE = re.compile(r"\[\^([^\]\s]+)\]")


def _own_notes(markdown: str, prefix: str) -> str:
    """Footnote labels are per page on the site; make them unique in one document.
    Drafting notes (scripts/drafting.py) are for the drafting process, not the formal text."""
    return _NOTE.sub(lambda m: f"[^{prefix}-{m.group(1)}]", strip_drafting_notes(markdown))


def metadata(model: Model, stage: Stage) -> dict:
    return {
        "title": model.document_title(stage.id),
        "author": model.plan.drafting_body,
        "subject": stage.name,
        "description": f"{model.plan.title}（{stage.name}），依据{model.plan.source_notice}编制",
        "lang": "zh-CN",
    }


def assemble(rendered: RenderedPlan, model: Model, stage: Stage) -> str:
    meta = yaml.safe_dump(metadata(model, stage), allow_unicode=True, sort_keys=True)
    parts = [f"---\n{meta}---"]
    parts += [_own_notes(page, f"c{n}") for n, page in enumerate(rendered.body, 1)]
    for n, page in enumerate(rendered.annexes, 1):
        parts.append(f'::: {{.annex number="{n}"}}\n\n{_own_notes(page, f"a{n}")}\n\n:::')
    return "\n\n".join(parts) + "\n"
