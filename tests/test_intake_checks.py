"""Findings against the notice, target extraction and the text guards (pure functions)."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from scripts.intake import checks
from scripts.intake.sections import find_parts
from scripts.intake.targets import extract_targets, from_sentences, from_tables
from scripts.intake.text import char_count, markdown_text, neutralise, safe_line

VARIANTS = [
    ("一、现状", "二、存在问题和不足", "三、目标", "四、任务与举措"),
    ("一、发展现状", "二、存在的问题和不足", "三、发展目标", "四、主要任务"),
    ("一、基本情况", "二、主要问题", "三、主要目标", "四、重点任务和举措"),
    ("第一部分 质量发展基础", "第二部分 短板与差距", "第三部分 总体目标", "第四部分 对策建议"),
    ("（一）工作成效", "（二）薄弱环节", "（三）目标指标", "（四）主要措施"),
]


def material(headings, level="##") -> str:
    return "\n\n".join(f"{level} {h}\n\n正文。" for h in headings) + "\n"


@pytest.mark.parametrize("headings", VARIANTS)
def test_four_parts_are_recognised_under_their_usual_names(headings):
    parts = find_parts(material(headings))
    assert {pid: s.title for pid, s in parts.items()} == dict(zip(("status", "problems", "goals", "tasks"), headings))
    notes = checks.part_notes(find_parts(material(headings)))
    assert [n.level for n in notes] == [checks.OK]


def test_parts_in_lead_sentences_and_a_missing_part():
    text = "一、现状。本区质量工作稳步推进。\n\n二、存在问题。基础薄弱。\n\n四、主要举措。加强监管。\n"
    parts = find_parts(text)
    assert parts["status"].title.startswith("一、现状") and parts["tasks"] is not None
    assert parts["goals"] is None
    notes = checks.part_notes(find_parts(text))
    assert [n.level for n in notes] == [checks.FAIL]
    assert "缺少“目标”部分" in notes[0].text


def test_goals_section_stops_at_the_next_part():
    text = material(("一、现状", "二、问题", "三、目标", "四、任务"))
    text = text.replace("## 三、目标\n\n正文。", "## 三、目标\n\n到2025年，合格率达到96%。\n\n### （一）分项目标\n\n2035年达到98%。")
    goals = find_parts(text)["goals"]
    assert "到2025年" in goals.text and "（一）分项目标" in goals.text and "四、任务" not in goals.text


def test_targets_for_2025_and_2035_are_extracted_from_sentences():
    text = ("到2025年，全区制造业产品质量合格率由2020年的93.8%提高到96%以上，2035年达到98%以上。"
            "到2025年，规模以上工业企业首席质量官制度覆盖率达到70%；到2035年达到95%。"
            "主导和参与制定国际标准数量在2025年、2035年分别达到600项、900项。"
            "到2025年，规模以上制造业企业质量损失率控制在0.7%以内，2035年降至0.5%以下。"
            "到2025年，质量竞争力指数提高2个百分点。2020年全区食品抽检合格率为98.9%。")
    found = {e.indicator: e for e in from_sentences(text)}
    assert set(found) == {"制造业产品质量合格率", "规模以上工业企业首席质量官制度覆盖率",
                          "主导和参与制定国际标准数量", "规模以上制造业企业质量损失率"}
    rate = found["制造业产品质量合格率"]
    assert rate.goals == {2025: ("≥", 96.0), 2035: ("≥", 98.0)} and rate.baseline == (2020, 93.8) and rate.measure == "%"
    assert found["规模以上工业企业首席质量官制度覆盖率"].goals == {2025: ("≥", 70.0), 2035: ("≥", 95.0)}
    assert found["主导和参与制定国际标准数量"].goals == {2025: ("≥", 600.0), 2035: ("≥", 900.0)}
    assert found["主导和参与制定国际标准数量"].measure == "项"
    assert found["规模以上制造业企业质量损失率"].goals == {2025: ("≤", 0.7), 2035: ("≤", 0.5)}


def test_targets_are_extracted_from_a_table_with_2025_and_2035_columns():
    table = ("| 序号 | 指标 | 单位 | 2020年 | 2025年 | 2035年 |\n|---|---|---|---|---|---|\n"
             "| 1 | 公共服务质量满意度 | 分 | 81 | 84以上 | ≥88 |\n"
             "| 2 | 质量损失率（%） |  | 0.85 | ≤0.7 | ≤0.5 |\n")
    rows = {e.indicator: e for e in from_tables(table)}
    assert rows["公共服务质量满意度"].goals == {2025: ("≥", 84.0), 2035: ("≥", 88.0)}
    assert rows["公共服务质量满意度"].baseline == (2020, 81.0) and rows["公共服务质量满意度"].measure == "分"
    assert rows["质量损失率"].goals == {2025: ("≤", 0.7), 2035: ("≤", 0.5)} and rows["质量损失率"].measure == "%"
    merged = extract_targets(table + "\n到2025年，公共服务质量满意度达到85分。\n")
    assert len(merged) == 2   # one entry per indicator, the table first


def test_goals_note_needs_both_years():
    only_2025 = from_sentences("到2025年，合格率达到96%。")
    note = checks.goal_targets_note(only_2025, has_goals_part=True)
    assert note.level == checks.FAIL and "缺少2035年的量化目标" in note.text
    both = from_sentences("到2025年，合格率达到96%，2035年达到98%。")
    assert checks.goal_targets_note(both, True).text == "目标部分有量化目标：2025年1项、2035年1项"


def test_length_is_about_3000_or_10000_characters():
    assert checks.length_note("字" * 3100, "material")[1].level == checks.OK
    chars, note = checks.length_note("字" * 900, "material")
    assert chars == 900 and note.level == checks.HINT and "明显偏少" in note.text
    assert checks.length_note("字" * 25000, "report")[1].level == checks.HINT
    assert char_count("## 标题\n\n| a | b |\n|---|---|\n| 甲 | 乙 |\n\n正文&#42;[^1]\n") == len("标题ab甲乙正文*")


def test_research_report_data_need_a_source_nearby():
    text = ("2020年本市规模以上工业总产值达到3.5万亿元。本市质量发展较快。\n\n"
            "据市统计局公报，2020年制造业产品质量合格率为93.8%。\n\n"
            "全市检验检测机构达到1200家[^2]。\n\n到2025年，质量竞争力指数达到93.5。\n")
    flagged = checks.unsourced_data(text)
    assert flagged == ["2020年本市规模以上工业总产值达到3.5万亿元。"]
    note = checks.source_note(text)
    assert note.level == checks.HINT and "1处数据附近未注明来源" in note.text


def test_topic_from_the_catalogue():
    titles = {1: "我市推进质量强市建设的重要意义", 3: "我市质量强市建设的目标确定"}
    assert checks.guess_topic("关于我市质量强市建设的目标确定的研究", "", titles) == 3
    assert checks.guess_topic("研究报告", "本报告为课题1的成果。", titles) == 1
    assert checks.guess_topic("某研究", "无关内容", titles) is None
    assert checks.topic_note(None, True, titles).level == checks.FAIL


DELIMITERS = ("{{", "{%", "{#")


@given(st.text(alphabet=st.sampled_from(list("{}%#<>&*_[]()!|`\\:\"' a字\n")), max_size=60))
def test_no_template_delimiter_or_html_survives_the_guards(text):
    for guarded in (neutralise(text), markdown_text(text), safe_line(text)):
        assert not any(d in guarded for d in DELIMITERS)
        assert "<" not in guarded
    assert not any(c in markdown_text(text) for c in "[]()*_`|\\")


# Sentence shapes as they occur in units' 目标 parts: (sentence, {indicator: {year: (comparator, value)}, measure}).
SHAPES = [
    ("到2025年，全市制造业产品质量合格率达到96%以上，公共服务质量满意度达到80分，建成质量基础设施一站式服务站点20个。",
     {"制造业产品质量合格率": ({2025: ("≥", 96.0)}, "%"), "公共服务质量满意度": ({2025: ("≥", 80.0)}, "分"),
      "建成质量基础设施一站式服务站点": ({2025: ("≥", 20.0)}, "个")}),
    ("到2025年，主要农产品质量安全监测合格率稳定在98%以上、食品评价性抽检合格率达到99%。",
     {"主要农产品质量安全监测合格率": ({2025: ("≥", 98.0)}, "%"), "食品评价性抽检合格率": ({2025: ("≥", 99.0)}, "%")}),
    ("到2035年，培育30家质量标杆企业。", {"培育质量标杆企业": ({2035: ("≥", 30.0)}, "家")}),
    ("力争到2025年新增国家级质量标杆10个以上。", {"新增国家级质量标杆": ({2025: ("≥", 10.0)}, "个")}),
    ("2025年、2035年全区规上企业质量损失率分别控制在0.7%、0.5%以内。",
     {"规上企业质量损失率": ({2025: ("≤", 0.7), 2035: ("≤", 0.5)}, "%")}),
    ("到2025年，服务质量满意度保持在82分左右。", {"服务质量满意度": ({2025: ("=", 82.0)}, "分")}),
    ("到2025年，检验检测机构数量为120家。", {"检验检测机构数量": ({2025: ("≥", 120.0)}, "家")}),
    ("到2025年，制造业产品质量合格率达到96%。公共服务质量满意度达到82分。",
     {"制造业产品质量合格率": ({2025: ("≥", 96.0)}, "%"), "公共服务质量满意度": ({2025: ("≥", 82.0)}, "分")}),
    ("2020年全区食品抽检合格率为98.9%。到2035年，质量强区建设取得显著成效。", {}),
    ("到2025年，质量竞争力指数提高2个百分点。", {}),
]


@pytest.mark.parametrize("sentence, expected", SHAPES, ids=[s[:14] for s, _ in SHAPES])
def test_every_target_of_a_sentence_is_extracted_with_year_value_unit_and_comparator(sentence, expected):
    found = {e.indicator: (e.goals, e.measure) for e in from_sentences(sentence)}
    assert found == expected


def test_a_word_file_with_two_prose_targets_yields_both(project, tmp_path):
    import datetime as dt

    from scripts.intake.submit import Request, intake
    from tests import intake_factory as factory
    goals = ("到2025年，全区制造业产品质量合格率达到96%以上，建成质量基础设施一站式服务站点20个。\n\n"
             "到2035年，全区制造业产品质量合格率达到98%以上，建成质量基础设施一站式服务站点40个。")
    path = factory.messy_material(tmp_path / "in", goals=goals, table="")
    outcome = intake(project, Request(path, "pudong", received=dt.date(2021, 7, 20)))
    by_name = {p.indicator: p for p in outcome.proposals}
    assert by_name["制造业产品质量合格率"].goals == {2025: ("≥", 96.0), 2035: ("≥", 98.0)}
    assert by_name["建成质量基础设施一站式服务站点"].goals == {2025: ("≥", 20.0), 2035: ("≥", 40.0)}
    assert by_name["建成质量基础设施一站式服务站点"].measure == "个"
    assert any("2025年2项、2035年2项" in n.text for n in outcome.revision.notes)


# The notice (沪质办〔2021〕4号) asks for four parts: 现状, 存在问题和不足, 目标, 任务与举措.
NOTICE_PARTS = ("现状", "存在问题和不足", "目标", "任务与举措")


@pytest.mark.parametrize("missing", range(4), ids=NOTICE_PARTS)
@pytest.mark.parametrize("headings", VARIANTS, ids=[v[3] for v in VARIANTS])
def test_each_of_the_four_parts_missing_in_turn_is_reported_by_name(headings, missing):
    kept = [h for n, h in enumerate(headings) if n != missing]
    notes = checks.part_notes(find_parts(material(kept)))
    assert [n.level for n in notes] == [checks.FAIL]
    assert notes[0].text.startswith(f"缺少“{NOTICE_PARTS[missing]}”部分：未找到含“")
    assert notes[0].text.endswith("请报送单位按通知补充，或在标题中写明")


def test_all_four_parts_missing_gives_four_findings_in_the_notice_s_order():
    notes = checks.part_notes(find_parts("## 前言\n\n正文。\n"))
    assert [n.text.split("：")[0] for n in notes] == [f"缺少“{name}”部分" for name in NOTICE_PARTS]
    assert {n.level for n in notes} == {checks.FAIL}


def test_the_ok_note_names_each_part_with_its_heading():
    headings = VARIANTS[0]
    notes = checks.part_notes(find_parts(material(headings)))
    assert [n.text for n in notes] == ["四部分齐全：" + "、".join(
        f"{name}（“{title}”）" for name, title in zip(NOTICE_PARTS, headings))]


# “约3000字”“约10000字” (通知 四(一)1): a hint only outside half to double the figure.
@pytest.mark.parametrize("kind, chars, level, text", [
    pytest.param("material", 1500, checks.OK, "字数约1,500字（通知要求约3,000字）", id="material-half-is-fine"),
    pytest.param("material", 1499, checks.HINT, "字数约1,499字，与通知要求的约3,000字相比明显偏少", id="material-below-half"),
    pytest.param("material", 6000, checks.OK, "字数约6,000字（通知要求约3,000字）", id="material-double-is-fine"),
    pytest.param("material", 6001, checks.HINT, "字数约6,001字，与通知要求的约3,000字相比明显偏多", id="material-above-double"),
    pytest.param("report", 4999, checks.HINT, "字数约4,999字，与通知要求的约10,000字相比明显偏少", id="report-below-half"),
    pytest.param("report", 20001, checks.HINT, "字数约20,001字，与通知要求的约10,000字相比明显偏多", id="report-above-double"),
])
def test_length_hint_outside_half_to_double(kind, chars, level, text):
    assert checks.length_note("字" * chars, kind) == (chars, checks.Note(level, text))


@pytest.mark.parametrize("sentences, has_goals_part, expected", [
    pytest.param("到2025年，合格率达到96%。", False,
                 "全文缺少2035年的量化目标（通知要求分2025年、2035年两个时间节点设置量化目标）", id="no-goals-part-2035-missing"),
    pytest.param("本区将持续提升质量。", True,
                 "目标部分缺少2025年、2035年的量化目标（通知要求分2025年、2035年两个时间节点设置量化目标）", id="both-missing"),
])
def test_goals_note_names_where_and_which_years_are_missing(sentences, has_goals_part, expected):
    note = checks.goal_targets_note(from_sentences(sentences), has_goals_part)
    assert note == checks.Note(checks.FAIL, expected)


def test_sources_are_looked_for_in_the_sentence_and_its_neighbours_only():
    text = ("据统计，本区企业众多。本区检验机构达到120家。另有认证机构35家。其余情况良好。再有实验室40家。\n\n"
            "## 全区企业1200家\n\n| 机构 | 80家 |\n\n[^1]: 企业300家\n")
    assert checks.unsourced_data(text) == ["另有认证机构35家。", "再有实验室40家。"]


def test_the_source_hint_counts_all_and_quotes_three():
    text = "\n\n".join(f"本区第{n}类机构达到{n}00家。" for n in range(1, 6))
    note = checks.source_note(text)
    assert note == checks.Note(checks.HINT, "5处数据附近未注明来源（通知要求论证数据真实准确），如："
                                            "“本区第1类机构达到100家。”；“本区第2类机构达到200家。”；“本区第3类机构达到300家。”")
    assert checks.source_note("据公报，机构达到100家。") == checks.Note(checks.OK, "文中数据均注明了来源")


@pytest.mark.parametrize("topic, guessed, expected", [
    pytest.param(3, True, checks.Note(checks.OK, "研究课题：3．目标确定（按标题识别，如有误请用 --topic 指定后重新登记）"),
                 id="guessed"),
    pytest.param(3, False, checks.Note(checks.OK, "研究课题：3．目标确定"), id="given"),
    pytest.param(None, False, checks.Note(checks.FAIL, "未指明研究课题：请按附件《研究课题目录》用 --topic 1—10 指定"),
                 id="missing"),
])
def test_topic_notes(topic, guessed, expected):
    assert checks.topic_note(topic, guessed, {3: "目标确定"}) == expected


def test_hidden_personal_data_is_noted_only_when_there_was_some():
    assert checks.privacy_note(0) is None
    assert checks.privacy_note(2) == checks.Note(
        checks.HINT, "材料中2处电话、邮箱或身份证号已隐去（网页和汇编不公开个人信息，原件仍保留）")


@pytest.mark.parametrize("stats, tracked, comments, media, extra, expected", [
    pytest.param({}, 0, 0, [], [], [], id="nothing-changed"),
    pytest.param({}, 3, 0, [], [], ["原件含修订痕迹3处，已按“接受全部修订”处理，请报送单位确认定稿"], id="tracked-changes"),
    pytest.param({}, 0, 2, [], [], ["原件含批注2条，已删除，不进入网页和汇编"], id="comments"),
    pytest.param({"images_removed": 1}, 0, 0, [], [],
                 ["1处外部图片未采用（只保留 Word 文件内嵌的图片），以文字“〔图片〕”标出"], id="external-images"),
    pytest.param({"links_removed": 2}, 0, 0, [], [], ["2个链接不是 http、https 或 mailto 地址，已改为文字"], id="links"),
    pytest.param({"raw_as_text": 1, "code_as_text": 2}, 0, 0, [], [], ["3处 HTML、代码或公式按文字显示"], id="raw-and-code"),
    pytest.param({"code_as_text": 2}, 0, 0, [], [], ["2处 HTML、代码或公式按文字显示"], id="code-only"),
    pytest.param({}, 1, 1, ["图片已转换"], ["文本框已展开"],
                 ["文本框已展开", "原件含修订痕迹1处，已按“接受全部修订”处理，请报送单位确认定稿", "原件含批注1条，已删除，不进入网页和汇编",
                  "图片已转换"], id="in-order"),
])
def test_what_intake_changed_is_noted(stats, tracked, comments, media, extra, expected):
    notes = checks.file_notes(stats, tracked, comments, media, extra)
    assert [n.text for n in notes] == expected and {n.level for n in notes} <= {checks.HINT}
