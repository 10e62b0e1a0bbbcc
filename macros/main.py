"""The mkdocs-macros module: the bridge between MkDocs and the plan's data.

- Macros for trusted pages: target, target_table, schedule_table,
  topic_list, stage_banner, stage_intro, alignment_table, and the variables `plan` and `stage`.
- Untrusted pages (scripts.trust) are never rendered as templates, and
  their raw HTML is shown as text.
- After macros, body and annex pages get their 公文 numbers, and the final
  Markdown of every outline page is kept in build/rendered/ for the export.
"""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from macros import guide, intake as intake_pages
from macros import render
from scripts.alignment import alignment_markdown, load_alignment
from scripts.dates import cn_date
from scripts.model import DataError, Model, load_model
from scripts.numbering import number_headings
from scripts.rendered import RENDERED_DIR, RENDERED_ENV, BuildScope, RenderedStore
from scripts.structure import Outline, outline_from_nav
from scripts.trust import defuse_html, is_untrusted


class _Build:
    """What one build shares between define_env and the page hooks."""

    def __init__(self, model: Model, outline: Outline, store: RenderedStore):
        self.model, self.outline, self.store = model, outline, store


_build: _Build | None = None
SEARCH_BOOST = 5   # weight of the plan's words over drafting pages' (overrides/main.html, data-pagefind-weight)


def define_env(env):
    global _build
    root = Path(env.conf["config_file_path"]).parent
    try:
        model = load_model(root)
        alignment = load_alignment(root)
    except DataError as err:
        raise PluginError("data/ 中的数据有误，网站无法构建：\n" + str(err)) from None
    _build = _Build(model, outline_from_nav(env.conf.get("nav")), RenderedStore(Path(os.environ.get(RENDERED_ENV) or root / RENDERED_DIR)))
    env.variables["plan"] = model.plan
    env.variables["stage"] = model.stage()
    env.conf["extra"]["feedback"] = feedback_settings(model)

    def guarded(fn, name):
        """Bind the model, name the page in any error, and fail the build on it."""
        def call(*args, **kwargs):
            try:
                return fn(model, *args, **kwargs)
            except render.MacroError as err:
                raise PluginError(f"docs/{env.page.file.src_path}: {name}：{err}") from None
            except TypeError as err:
                raise PluginError(f"docs/{env.page.file.src_path}: {name} 的参数有误（{err}）") from None
        env.macro(call, name)

    guarded(render.target_text, "target")
    guarded(render.target_table, "target_table")
    guarded(render.schedule_table, "schedule_table")
    guarded(render.topic_list, "topic_list")
    guarded(render.stage_banner, "stage_banner")
    guarded(render.stage_intro, "stage_intro")
    guarded(intake_pages.submission_tracker, "submission_tracker")
    guarded(intake_pages.target_proposals, "target_proposals")
    guarded(intake_pages.report_index, "report_index")
    guarded(guide.submission_guide, "submission_guide")
    env.macro(lambda: alignment_markdown(model, alignment), "alignment_table")


def feedback_settings(model: Model) -> dict:
    """What the theme and assets/javascripts/feedback.js need for addresses and comments."""
    stage = model.stage()
    settings = {"title": model.document_title(), "stage": stage.name, "email": model.plan.email}
    if stage.consultation:
        window = stage.consultation
        settings.update(start=window.start.isoformat(), end=window.end.isoformat(),
                        period=f"{cn_date(window.start)}至{cn_date(window.end)}",
                        channels=list(stage.consultation.channels), form="downloads/意见反馈表.docx")
    return settings


def on_pre_page_macros(env):
    if is_untrusted(env.page.file.src_path):
        env.page.meta["render_macros"] = False


def on_post_page_macros(env):
    src = env.page.file.src_path
    if is_untrusted(src):
        env.markdown = defuse_html(env.markdown)
        return
    position = _build.outline.position(src)
    if position is None:
        return
    kind, n = position
    env.page.meta.setdefault("search", {"boost": SEARCH_BOOST})   # the plan's chapters and annexes rank first
    if kind == "body":
        env.markdown = number_headings(env.markdown, chapter=n)
    else:
        env.markdown = number_headings(env.markdown, depth_offset=1)
    _build.store.add(src, render.without_site_marks(env.markdown))   # the documents and plan diff never see them


def on_post_build(env):
    if not BuildScope.partial:          # a dirty rebuild holds only the changed pages
        _build.store.save(_build.outline, stage=_build.model.stage().id)
