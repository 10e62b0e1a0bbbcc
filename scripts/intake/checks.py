"""Findings against the notice (沪质办〔2021〕4号 四(一)1), as short Chinese notes.

Unit materials: the four parts, about 3,000 characters, quantified targets
for 2025 and 2035 in the 目标 part. Research reports: a topic from the
catalogue, about 10,000 characters, data with a stated source. And for
every file: what intake changed or left out (tracked changes, comments…).
"""
from __future__ import annotations

import re

from scripts.intake.note import FAIL, HINT, OK, Note
from scripts.intake.sections import PART_NAMES, PARTS
from scripts.intake.targets import Extracted, YEARS
from scripts.intake.text import char_count, plain_text

EXPECTED_CHARS = {"material": 3000, "report": 10000}
FAR_BELOW, FAR_ABOVE = 0.5, 2.0     # “about N characters”: warn outside N/2 … 2N

_DATA = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|‰|个百分点|万亿元|亿元|万元|亿|万)|\d+\.\d+|"
                   r"\d{2,}\s*(?:家|个|项|人|件|次|座|所|吨|台|套)")
_SOURCE = re.compile(r"\[\^|据|来源|资料|统计|公报|年鉴|报告|调查|监测|显示|发布|引自|参见|数据库|测算|出处")
_TARGET = re.compile(r"(?:到|至)\s*20(?:25|35)\s*年|20(?:25|35)\s*年(?:底|末)?(?:前|，)")
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


def length_note(markdown: str, kind: str) -> tuple[int, Note]:
    chars = char_count(markdown)
    expected = EXPECTED_CHARS[kind]
    if chars < expected * FAR_BELOW or chars > expected * FAR_ABOVE:
        relation = "偏少" if chars < expected else "偏多"
        return chars, Note(HINT, f"字数约{chars:,}字，与通知要求的约{expected:,}字相比明显{relation}")
    return chars, Note(OK, f"字数约{chars:,}字（通知要求约{expected:,}字）")


def part_notes(parts: dict) -> list[Note]:
    """Findings on the notice's four parts, from sections.find_parts."""
    missing = [PART_NAMES[pid] for pid, section in parts.items() if section is None]
    found = [f"{PART_NAMES[pid]}（“{section.title}”）" for pid, section in parts.items() if section]
    notes = []
    if found and not missing:
        notes.append(Note(OK, "四部分齐全：" + "、".join(found)))
    for pid, name, words in PARTS:
        if parts[pid] is None:
            notes.append(Note(FAIL, f"缺少“{name}”部分：未找到含“{'”“'.join(words[:3])}”等字样的标题，"
                                    "请报送单位按通知补充，或在标题中写明"))
    return notes


def goal_targets_note(extracted: list[Extracted], has_goals_part: bool) -> Note:
    counts = {year: sum(1 for e in extracted if year in e.goals) for year in YEARS}
    where = "目标部分" if has_goals_part else "全文"
    if all(counts.values()):
        return Note(OK, f"{where}有量化目标：2025年{counts[2025]}项、2035年{counts[2035]}项")
    lacking = "、".join(f"{y}年" for y, n in counts.items() if not n)
    return Note(FAIL, f"{where}缺少{lacking}的量化目标（通知要求分2025年、2035年两个时间节点设置量化目标）")


def unsourced_data(markdown: str) -> list[str]:
    """Sentences with figures but no stated source in them or next to them."""
    flagged = []
    for block in markdown.split("\n\n"):
        if block.startswith(("#", "|", "[^")):
            continue
        sentences = [s.strip() for s in _SENTENCE.findall(block) if s.strip()]
        for i, sentence in enumerate(sentences):
            text = plain_text(sentence)
            if not _DATA.search(text) or _TARGET.search(text):
                continue
            near = " ".join(sentences[max(0, i - 1):i + 2])
            if not _SOURCE.search(near):
                flagged.append(text.strip()[:60])
    return flagged


def source_note(markdown: str) -> Note:
    flagged = unsourced_data(markdown)
    if not flagged:
        return Note(OK, "文中数据均注明了来源")
    examples = "；".join(f"“{s}”" for s in flagged[:3])
    return Note(HINT, f"{len(flagged)}处数据附近未注明来源（通知要求论证数据真实准确），如：{examples}")


def topic_note(topic: int | None, guessed: bool, titles: dict[int, str]) -> Note:
    if topic is None:
        return Note(FAIL, "未指明研究课题：请按附件《研究课题目录》用 --topic 1—10 指定")
    how = "（按标题识别，如有误请用 --topic 指定后重新登记）" if guessed else ""
    return Note(OK, f"研究课题：{topic}．{titles[topic]}{how}")


# Words every topic title shares: they say nothing about which topic it is.
_TOPIC_FILLER = re.compile(r"我市|本市|上海|如何|研究|关于|分析|探讨|的|在|与|和|及|过程中|背景下|[，、：:“”（）()\s]")


def _bigrams(text: str) -> set[str]:
    text = _TOPIC_FILLER.sub("", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def guess_topic(title: str, markdown: str, titles: dict[int, str]) -> int | None:
    """The catalogue topic a report is on: named in full, by number (“课题8”),
    or a title sharing most of a topic's words (“数字化转型背景下企业质量管理水平提升研究”)."""
    head = title + plain_text(markdown[:600])
    for number, name in titles.items():
        if name in head:
            return number
    match = re.search(r"课题\s*([1-9]|10)(?!\d)", head)
    if match and int(match.group(1)) in titles:
        return int(match.group(1))
    words = _bigrams(title)
    # the share of the title's words that are the topic's: a title says little more than its topic
    scores = sorted(((len(words & _bigrams(name)) / max(1, len(words)), number)
                     for number, name in titles.items()), reverse=True)
    best, runner_up = scores[0], scores[1] if len(scores) > 1 else (0, None)
    return best[1] if best[0] >= 0.45 and best[0] - runner_up[0] >= 0.15 else None


def privacy_note(hidden: int) -> Note | None:
    if not hidden:
        return None
    return Note(HINT, f"材料中{hidden}处电话、邮箱或身份证号已隐去（网页和汇编不公开个人信息，原件仍保留）")


def file_notes(stats: dict, tracked: int, comments: int, media: list[str], extra: list[str]) -> list[Note]:
    notes = [Note(HINT, text) for text in extra]
    if tracked:
        notes.append(Note(HINT, f"原件含修订痕迹{tracked}处，已按“接受全部修订”处理，请报送单位确认定稿"))
    if comments:
        notes.append(Note(HINT, f"原件含批注{comments}条，已删除，不进入网页和汇编"))
    if stats.get("text_boxes"):
        notes.append(Note(HINT, f"原件含文本框{stats['text_boxes']}个，其中的文字已作为段落放在所在位置之后，请核对顺序"))
    if stats.get("text_boxes_left"):
        notes.append(Note(HINT, f"原件有{stats['text_boxes_left']}个文本框无法放入正文，其中的文字未采用，"
                                "请报送单位把文本框中的文字移到正文后重新报送"))
    if stats.get("alt_generated"):
        notes.append(Note(HINT, f"{stats['alt_generated']}幅图片没有替代文字，已按顺序标为“图1”“图2”等，"
                                "请报送单位在 Word 中补充图片说明（右键 → 编辑替代文字）"))
    if stats.get("images_removed"):
        notes.append(Note(HINT, f"{stats['images_removed']}处外部图片未采用（只保留 Word 文件内嵌的图片），以文字“〔图片〕”标出"))
    if stats.get("links_removed"):
        notes.append(Note(HINT, f"{stats['links_removed']}个链接不是 http、https 或 mailto 地址，已改为文字"))
    if stats.get("raw_as_text") or stats.get("code_as_text"):
        count = stats.get("raw_as_text", 0) + stats.get("code_as_text", 0)
        notes.append(Note(HINT, f"{count}处 HTML、代码或公式按文字显示"))
    notes += [Note(HINT, text) for text in media]   # pictures converted or refused (scripts/intake/media.py)
    return notes
