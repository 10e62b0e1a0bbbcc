"""The 编制说明 (drafting explanation) of the plan, generated from the repository's own records.

Six sections, each a generated part followed by the drafting group's own prose
from docs/explanation/<key>.md when that file exists:

1. background  编制背景和依据   data/plan.yml and the notice
2. process     编制过程         stage dates (tags first), consultation window, submissions
3. content     主要内容         the chapters and the main targets
4. comments    征求意见及采纳情况  scripts.comments.report.statistics, as the tables and the site
5. alignment   与国家纲要和相关规划的衔接  scripts.alignment
6. changes     各阶段主要修改    the comparison engine's summary between consecutive stage tags

The result is pandoc Markdown for the formal export path (DOCX and PDF). The
prose files are internal until packaged: mkdocs.yml excludes them from the site.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts import git
from scripts.alignment import alignment_markdown, load_alignment
from scripts.comments.report import adoption_sentence, statistics
from scripts.comments.store import SOURCES, Comment
from scripts.diff.outputs import compare_versions
from scripts.diff.sources import load_version
from scripts.diff.summary import summary
from scripts.intake.page import cn_date, late_days
from scripts.intake.registry import latest
from scripts.intake.submit import collection_deadline
from scripts.model import Model
from scripts.numbering import chinese_numeral, number_headings
from scripts.structure import load_outline

PROSE_DIR = Path("docs/explanation")
SECTIONS = (("background", "编制背景和依据"), ("process", "编制过程"), ("content", "主要内容"),
            ("comments", "征求意见及采纳情况"), ("alignment", "与国家纲要和相关规划的衔接"),
            ("changes", "各阶段主要修改"))
_HEADING = re.compile(r"^(#{1,4}) ", re.M)


@dataclass(frozen=True)
class StageChanges:
    """One comparison between consecutive stage tags, as scripts/diff/summary.py writes it."""
    before: str
    after: str
    summary: dict


def title(model: Model, stage_id: str, preview: bool = False) -> str:
    return f"《{model.document_title(stage_id)}》编制说明" + ("（预览）" if preview else "")


def stage_date(root: Path, stage) -> dt.date | None:
    """The tag's date when the stage was released, else the date in data/stages.yml."""
    tags = git.stage_tags(root, stage.id) if git.is_repository(root) else []
    if tags:
        return dt.datetime.fromtimestamp(git.tag_epoch(root, tags[0]), git.CHINA).date()
    return stage.date


def background(model: Model) -> str:
    p = model.plan
    return (f"为贯彻落实党中央、国务院关于质量强国建设的决策部署，依据{p.issuing_office}《关于组织开展〈{p.title}〉"
            f"编制工作的通知》（{p.source_notice}），{p.drafting_body}（秘书处设在{p.secretariat}）承担《{p.short_title}》"
            "文本起草、征求意见、组织专家论证和提请审议等工作。编制坚持目标导向和问题导向相结合、突出重点和全面覆盖相结合、"
            "战略性和可操作性相结合，注重与国家、市“十四五”规划纲要等的衔接。")


def process(root: Path, model: Model, comments: list[Comment]) -> str:
    rows = []
    for stage in model.stages:
        day = stage_date(root, stage)
        rows.append((stage.name, stage.planned, cn_date(day) if day else "尚未形成"))
    parts = ["各阶段形成时间如下（已发布的阶段以版本库标签日期为准）：",
             "\n".join(["| 阶段 | 计划时间 | 形成时间 |", "|:------|:------|:--------|",
                        *[f"| {a} | {b} | {c} |" for a, b, c in rows]])]
    window = next((s for s in model.stages if s.consultation), None)
    if window:
        c = window.consultation
        parts.append(f"{window.name}于{cn_date(c.start)}至{cn_date(c.end)}公开征求意见，渠道为："
                     + "；".join(c.channels) + "。")
    parts.append(submissions_sentence(model))
    expert = [x for x in comments if x.source == "expert"]
    if expert:
        days = sorted(x.received for x in expert)
        parts.append(f"专家论证于{cn_date(days[0])}" + (f"至{cn_date(days[-1])}" if days[-1] != days[0] else "")
                     + f"进行，共提出意见 {len(expert)} 条。")
    else:
        parts.append("专家论证尚未进行。")
    return "\n\n".join(parts)


def submissions_sentence(model: Model) -> str:
    deadline = collection_deadline(model)
    last = latest(model.submissions)
    first = {}
    for rev in model.submissions:
        first.setdefault(rev.unit, rev)
    materials = [u for u, r in last.items() if r.kind == "material"]
    reports = [u for u, r in last.items() if r.kind == "report"]
    on_time = sum(1 for u in last if not late_days(first[u].received, deadline))
    when = f"{cn_date(deadline)}截止日期前" if deadline else "截止日期前"
    received = f"共收到{len(materials)}个单位报送的质量发展材料、{len(reports)}份课题研究报告"
    if not last:
        return f"材料收集阶段，{received}。"
    return (f"材料收集阶段，{received}，其中{on_time}份于{when}报送，{len(last) - on_time}份逾期报送，"
            "已汇编为《实施方案支持报告汇编》。")


def content(root: Path, model: Model) -> str:
    outline = load_outline(root)
    chapters = []
    for n, src in enumerate(outline.body, 1):
        text = (root / "docs" / src).read_text(encoding="utf-8")
        heading = re.search(r"^# (.+)$", text, re.M)
        chapters.append(f"{chinese_numeral(n)}、{heading.group(1).strip() if heading else src}")
    targets = list(model.targets.values())
    rows = [f"| {n} | {t.name} | {_goal(t, 2025)} | {_goal(t, 2035)} | {t.status} |" for n, t in enumerate(targets, 1)]
    return "\n\n".join([
        f"《{model.plan.short_title}》正文共{len(outline.body)}章：" + "；".join(chapters) + f"。另有附件{len(outline.annexes)}个。",
        f"《{model.plan.short_title}》提出2025年、2035年两个时间节点的主要指标{len(targets)}项：",
        "\n".join(["| 序号 | 指标 | 2025年目标 | 2035年目标 | 状态 |", "|:--|:--------------|:------|:------|:----|", *rows])])


def _goal(target, year: int) -> str:
    goal = target.goals.get(year)
    unit = "" if target.unit in ("", "指数") else target.unit
    return f"{goal.comparator}{goal.value:g}{unit}" if goal else "—"


def comment_sections(comments: list[Comment], stage_names: dict[str, str]) -> str:
    """Counts by source and disposition, in the words of the 汇总处理表 and the site."""
    parts = []
    for source, table in SOURCES.items():
        chosen = [c for c in comments if c.source == source]
        if not chosen and source != "public":
            continue
        stages = "、".join(dict.fromkeys(stage_names.get(c.stage, c.stage) for c in chosen if c.stage))
        on = f"（针对{stages}）" if stages else ""
        label = "公开征求意见" if source == "public" else table.removesuffix("汇总处理表")
        parts.append(f"{label}{on}：{adoption_sentence(statistics(chosen))}"
                     f"逐条处理情况见《{table}》。")
    return "\n\n".join(parts)


def stage_changes(root: Path, model: Model) -> list[StageChanges]:
    """The comparison summary between each pair of consecutive released stage tags."""
    if not git.is_repository(root):
        return []
    names = {s.id: s.name for s in model.stages}
    tags = [(s.name, git.stage_tags(root, s.id)[-1]) for s in model.stages if git.stage_tags(root, s.id)]
    out = []
    for (name_a, a), (name_b, b) in zip(tags, tags[1:]):
        comparison = compare_versions(load_version(root, a, names), load_version(root, b, names), model.plan.title)
        out.append(StageChanges(name_a, name_b, summary(comparison)))
    return out


def changes(found: list[StageChanges]) -> str:
    if not found:
        return "尚无两个以上已发布的阶段，暂无阶段间修改情况。"
    parts = []
    for change in found:
        totals = change.summary["totals"]
        p, c = totals["paragraphs"], totals["chars"]
        chapters = [ch["title"] for ch in change.summary["chapters"] if ch["status"] != "unchanged"]
        parts.append(f"{change.before}至{change.after}：新增段落 {p['added']} 个，删除 {p['deleted']} 个，修改 {p['modified']} 个，"
                     f"增加 {c['added']:,} 字，删除 {c['deleted']:,} 字；指标变化 {len(change.summary['targets'])} 处"
                     + (f"；修改涉及{'、'.join(chapters)}。" if chapters else "。"))
    return "\n\n".join(parts)


def prose(root: Path, key: str) -> str:
    """docs/explanation/<key>.md without its front matter and title, its headings moved under the section."""
    path = root / PROSE_DIR / f"{key}.md"
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)   # notes to the drafting group stay out
    text = re.sub(r"\A\s*# .*\n", "", text)
    return _HEADING.sub(lambda m: "#" * min(len(m.group(1)) + 1, 5) + " ", text).strip()


def explanation_markdown(root: Path, model: Model, stage_id: str, comments: list[Comment],
                         found_changes: list[StageChanges], preview: bool = False) -> str:
    """The whole 编制说明 as pandoc Markdown with 公文 heading numbers."""
    names = {s.id: s.name for s in model.stages}
    generated = {
        "background": background(model),
        "process": process(root, model, comments),
        "content": content(root, model),
        "comments": comment_sections(comments, names),
        "alignment": alignment_markdown(model, load_alignment(root), heading="###"),
        "changes": changes(found_changes),
    }
    meta = yaml.safe_dump({"title": title(model, stage_id, preview), "author": model.plan.drafting_body,
                           "subject": "编制说明", "lang": "zh-CN", **({"preview": "预览"} if preview else {})},
                          allow_unicode=True, sort_keys=True)
    body = []
    for key, heading in SECTIONS:
        body += [f"## {heading}", "", generated[key], ""]
        extra = prose(root, key)
        if extra:
            body += [extra, ""]
    return f"---\n{meta}---\n\n" + number_headings("\n".join(body), depth_offset=1) + "\n"

