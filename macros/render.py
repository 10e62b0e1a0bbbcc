"""Pure functions from the model to Markdown. No I/O, no mkdocs.

The Markdown they return is read by both Python-Markdown (site) and pandoc
(DOCX, PDF), so it keeps to what both understand: pipe tables, plain
paragraphs, and <span class="…"> for marks (pandoc reads it as a Span).
Every string from data/ goes through scripts.trust.inert_text: `plan adopt`
copies indicator names and units from submissions, so data/ holds outside
text too, and it must read as text on the site, in Word and in the PDF.
"""
from __future__ import annotations

import datetime as dt
import json
import re

from scripts.dates import cn_date
from scripts.errors import did_you_mean
from scripts.model import Model, Stage, Target
from scripts.trust import inert_text

COMPARATOR_WORDS = {"≥": "{}以上", "≤": "{}以内", "=": "{}"}
STATUS_CLASSES = {"待核定": "pending", "示例": "example"}
TARGET_TABLE_MARK = "<!-- target-table "


class MacroError(Exception):
    """A malformed macro call; the message is shown to the page's author."""


def number(value: float) -> str:
    return f"{value:g}"


def with_unit(value: float, unit: str) -> str:
    if unit in ("", "指数"):
        return number(value)
    return number(value) + inert_text(unit)


def status_badge(target: Target) -> str:
    """A visible mark for a figure that is not yet confirmed ('' when confirmed)."""
    if target.confirmed:
        return ""
    css = STATUS_CLASSES.get(target.status, "pending")
    return f'<span class="target-status target-status--{css}" title="该数值尚未确定，仅供讨论">（{inert_text(target.status)}）</span>'


def find_target(model: Model, target_id: str) -> Target:
    if not isinstance(target_id, str) or target_id not in model.targets:
        raise MacroError(f"未知的指标标识“{target_id}”{did_you_mean(target_id, model.targets)}，请检查拼写或先在 data/targets.yml 中添加该指标")
    return model.targets[target_id]


def target_text(model: Model, target_id: str, year) -> str:
    """An inline figure for prose: target('x', 2025) → '95%以上' plus its status mark."""
    target = find_target(model, target_id)
    if year == "baseline":
        text = with_unit(target.baseline, target.unit)
    elif year in target.goals:
        goal = target.goals[year]
        text = COMPARATOR_WORDS[goal.comparator].format(with_unit(goal.value, target.unit))
    else:
        raise MacroError(f"指标“{target_id}”没有 {year!r} 年的目标，年份只能是 2025、2035 或 'baseline'")
    badge = status_badge(target)
    return f"{text}{badge}"


def select_targets(model: Model, chapter=None, category=None, ids=None) -> list[Target]:
    if ids is not None:
        if isinstance(ids, str):
            raise MacroError("ids 应为列表，例如 ids=['manufacturing_pass_rate']")
        return [find_target(model, i) for i in ids]
    chosen = [t for t in model.targets.values()
              if (chapter is None or t.chapter == chapter) and (category is None or t.category == category)]
    if not chosen:
        raise MacroError(f"没有符合条件的指标（chapter={chapter!r}，category={category!r}），"
                         "请核对 data/targets.yml 中的 chapter / category 字段")
    return chosen


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def pipe_table(columns: list[tuple[str, str, int]], rows: list[tuple]) -> str:
    """A pipe table. Each column is (header, align 'l'/'c', relative width);
    pandoc reads the widths from the number of dashes, Python-Markdown ignores them."""
    rule = {"l": ":{}", "c": ":{}:"}
    lines = ["| " + " | ".join(h for h, _, _ in columns) + " |",
             "|" + "|".join(rule[a].format("-" * w) for _, a, w in columns) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def target_table(model: Model, chapter=None, category=None, ids=None) -> str:
    """The target table, with a note on unconfirmed figures and national references."""
    targets = select_targets(model, chapter, category, ids)
    base_years = "、".join(str(y) for y in sorted({t.baseline_year for t in targets}))
    columns = [("序号", "c", 4), ("类别", "c", 8), ("指标", "l", 22), ("单位", "c", 5),
               (f"基期值（{base_years}年）", "c", 8), ("2025年目标", "c", 11), ("2035年目标", "c", 11),
               ("责任单位", "l", 16)]
    rows = []
    for n, t in enumerate(targets, 1):
        goals = [f"{t.goals[y].comparator}{number(t.goals[y].value)}{status_badge(t)}" for y in (2025, 2035)]
        rows.append((n, inert_text(t.category), inert_text(t.name), inert_text(t.unit) or "—", number(t.baseline), *goals,
                     "、".join(inert_text(r) for r in t.responsible)))
    notes = []
    pending = sum(1 for t in targets if not t.confirmed)
    whole = chapter is None and category is None and ids is None
    if pending and not whole:
        # said once, under the full table (附件1); a chapter's table points there
        notes.append("标有“待核定”“示例”的数值尚未确定，说明和国家参考值见附件1")
    elif pending:
        notes.append(f"表中标有“待核定”“示例”的{pending}项数值尚未确定，仅供讨论，不作为正式目标引用")
    national = [f"{inert_text(t.name)}国家参考值为{with_unit(t.national, t.unit)}（{inert_text(t.national_source)}）"
                for t in targets if t.national is not None]
    if national and whole:
        notes.append("国家参考值：" + "；".join(national))
    table = f"{target_table_mark(targets)}\n\n{pipe_table(columns, rows)}"
    return table + ("\n\n注：" + "。".join(notes) + "。" if notes else "")


def target_table_mark(targets: list[Target]) -> str:
    """An HTML comment before the table: pandoc drops it; on the site (macros/hooks.py) it
    gives the table its layout and the 数据来源 column, which the 版心 of the formal
    documents has no room for. JSON with every "-" escaped, so no text can close the comment."""
    sources = json.dumps([t.source or "—" for t in targets], ensure_ascii=False).replace("-", "\\u002d")
    return f"{TARGET_TABLE_MARK}{sources} -->"


def without_site_marks(markdown: str) -> str:
    """The rendered Markdown for the formal documents and plan diff: no site-only marker lines."""
    return re.sub(r"^" + re.escape(TARGET_TABLE_MARK) + r".*-->\n\n", "", markdown, flags=re.M)


def schedule_table(model: Model) -> str:
    columns = [("阶段", "l", 12), ("工作", "l", 12), ("时间", "c", 8), ("截止日期", "c", 10),
               ("责任主体", "l", 28), ("成果", "l", 30)]
    rows = [(inert_text(s.phase), inert_text(s.name), inert_text(s.period), f"{s.deadline.month}月{s.deadline.day}日",
             inert_text(s.owner), inert_text(s.output)) for s in model.steps]
    return pipe_table(columns, rows)


def topic_list(model: Model) -> str:
    return "\n".join(f"{t.number}. {inert_text(t.title)}（{inert_text(t.scope)}）" for t in model.topics)


def stage_banner(model: Model, stage: Stage | None = None, today: dt.date | None = None) -> str:
    """An admonition telling the reader which draft this is (site only)."""
    stage = stage or model.stage()
    today = today or dt.date.today()
    title = model.document_title(stage.id)
    body = (f"本页为《{title}》工作文本，由{model.plan.drafting_body}起草，"
            f"不是正式发布或批准的文件。标有“待核定”“示例”的数值尚未确定。")
    window = stage.consultation
    if window and window.start <= today <= window.end:
        channels = "；".join(window.channels)
        body += (f"\n\n    征求意见时间：{cn_date(window.start)}至{cn_date(window.end)}。"
                 f"意见可通过以下渠道反馈：{channels}。")
    return f'!!! warning "工作草稿 · {stage.name}"\n\n    {body}\n'


def stage_intro(model: Model, stage: Stage | None = None) -> str:
    """The home page's opening: which draft this is, who it is for, and (in consultation) how to comment."""
    stage = stage or model.stage()
    title = model.document_title(stage.id)
    text = f"本网站发布的是《{title}》，{stage.readers or '供研究讨论使用'}。"
    if stage.id != model.stages[-1].id:
        text += (f"本稿由{model.plan.drafting_body}起草，不是正式文件，未经市质量工作领导小组审议和市政府批准，"
                 "不代表任何部门的最终意见，不得作为政策依据引用。")
    window = stage.consultation
    if window:
        text += (f"\n\n征求意见时间为{window.start:%Y年%m月%d日}至{window.end:%Y年%m月%d日}。"
                 f"意见可通过以下渠道反馈：{'；'.join(window.channels)}。"
                 "也可在正文各段旁点击“提意见”，邮件中已填好段落地址和原文；或下载意见反馈表填写后发送。"
                 "请写明意见针对的段落和修改建议；您的姓名和联系方式仅用于核实，不会公开。")
    return text
