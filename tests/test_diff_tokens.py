"""Tokens and the token diff: what one redline mark covers, table by table.

A reader compares numbers, dates and words as wholes and Chinese text
character by character; these cases state that, case by case.
"""
from __future__ import annotations

import pytest

from scripts.diff.textdiff import cleanup_semantic, diff_text, normalize, raw_diff, shift_edits
from scripts.diff.tokens import boundary_score, tokenize


@pytest.mark.parametrize("text, tokens", [
    pytest.param("94%", ["94%"], id="ascii-percent"),
    pytest.param("94％", ["94％"], id="full-width-percent"),
    pytest.param("3‰", ["3‰"], id="per-mille"),
    pytest.param("97.5％以上", ["97.5％", "以", "上"], id="decimal-full-width-percent"),
    pytest.param("1,000", ["1,000"], id="thousands"),
    pytest.param("12,345.67%", ["12,345.67%"], id="thousands-decimal-percent"),
    pytest.param("1,00", ["1", ",", "00"], id="not-a-thousands-group"),
    pytest.param("2021年", ["2021年"], id="year"),
    pytest.param("2021年8月", ["2021年8月"], id="year-month"),
    pytest.param("2021年8月31日", ["2021年8月31日"], id="full-date"),
    pytest.param("8月31日", ["8月31日"], id="month-day"),
    pytest.param("12月", ["12月"], id="month"),
    pytest.param("2021-08-31", ["2021-08-31"], id="iso-date"),
    pytest.param("2021/8/3", ["2021/8/3"], id="slash-date"),
    pytest.param("2021.8.31", ["2021.8.31"], id="dotted-date"),
    pytest.param("ISO 9001", ["ISO", " ", "9001"], id="latin-word-space-number"),
    pytest.param("don't", ["don't"], id="apostrophe-inside-word"),
    pytest.param("it’s", ["it’s"], id="curly-apostrophe"),
    pytest.param("质量 \t强国", ["质", "量", " \t", "强", "国"], id="han-characters-and-a-space-run"),
    pytest.param("甲\n乙", ["甲", "\n", "乙"], id="paragraph-mark"),
    pytest.param("（一）", ["（", "一", "）"], id="marks-one-by-one"),
])
def test_tokens(text, tokens):
    assert tokenize(text) == tokens


@pytest.mark.parametrize("old, new, deleted, inserted", [
    pytest.param("合格率94％。", "合格率95％。", "94％", "95％", id="full-width-percent"),
    pytest.param("事故率3‰。", "事故率2‰。", "3‰", "2‰", id="per-mille"),
    pytest.param("投入1,000万元。", "投入1,200万元。", "1,000", "1,200", id="thousands"),
    pytest.param("于2021年8月31日前。", "于2021年9月30日前。", "2021年8月31日", "2021年9月30日", id="date"),
])
def test_a_changed_number_is_one_replaced_token(old, new, deleted, inserted):
    start = old.index(deleted)
    assert diff_text(old, new) == [("=", old[:start]), ("-", deleted), ("+", inserted),
                                   ("=", old[start + len(deleted):])]


@pytest.mark.parametrize("before, after, score", [
    pytest.param(None, "甲", 6, id="start-of-text"),
    pytest.param("甲", None, 6, id="end-of-text"),
    pytest.param("。", "甲", 5, id="after-full-stop"),
    pytest.param("；", "甲", 5, id="after-semicolon"),
    pytest.param("\n", "甲", 5, id="after-paragraph-mark"),
    pytest.param("!", "甲", 5, id="after-ascii-exclamation"),
    pytest.param("，", "甲", 4, id="after-comma"),
    pytest.param("）", "甲", 4, id="after-closing-bracket"),
    pytest.param("”", "甲", 4, id="after-closing-quote"),
    pytest.param(" ", "甲", 3, id="after-space"),
    pytest.param("甲", " ", 3, id="before-space"),
    pytest.param("甲", "（", 2, id="before-opening-bracket"),
    pytest.param("甲", "《", 2, id="before-title-mark"),
    pytest.param("甲", "乙", 0, id="inside-words"),
    pytest.param("甲", "Xinhua", 0, id="before-a-latin-word"),
    pytest.param("完成。", "甲", 5, id="after-a-longer-piece-ending-a-sentence"),
    pytest.param("94%", "以", 0, id="after-a-number"),
])
def test_boundary_scores_rank_sentence_over_clause_over_space(before, after, score):
    assert boundary_score(before, after) == score


@pytest.mark.parametrize("old, new, pieces", [
    pytest.param("甲乙丙", "甲乙丙", [("=", "甲乙丙")], id="unchanged"),
    pytest.param("", "甲乙", [("+", "甲乙")], id="all-new"),
    pytest.param("甲乙", "", [("-", "甲乙")], id="all-gone"),
    pytest.param("甲乙丙", "甲丁丙", [("=", "甲"), ("-", "乙"), ("+", "丁"), ("=", "丙")], id="one-character"),
    pytest.param("甲乙丙", "甲丙", [("=", "甲"), ("-", "乙"), ("=", "丙")], id="deleted-character"),
    pytest.param("甲丙", "甲乙丙", [("=", "甲"), ("+", "乙"), ("=", "丙")], id="inserted-character"),
    pytest.param("推进。加强。", "推进。新增。加强。", [("=", "推进。"), ("+", "新增。"), ("=", "加强。")],
                 id="inserted-sentence-on-the-boundary"),
    pytest.param("甲。乙。", "甲。乙。丙。", [("=", "甲。乙。"), ("+", "丙。")], id="appended-sentence"),
    pytest.param("完善标准的体系", "健全认证的制度",
                 [("-", "完善标准的体系"), ("+", "健全认证的制度")], id="short-shared-的-folded-in"),
    pytest.param("甲\n乙", "丙\n丁", [("-", "甲"), ("+", "丙"), ("=", "\n"), ("-", "乙"), ("+", "丁")],
                 id="paragraph-mark-never-folded"),
])
def test_diff_pieces(old, new, pieces):
    assert diff_text(old, new) == pieces


def test_the_common_start_and_end_are_kept_outside_the_matcher():
    assert raw_diff(list("甲乙丙丁"), list("甲戊丁")) == [("=", ["甲"]), ("-", ["乙", "丙"]), ("+", ["戊"]),
                                                       ("=", ["丁"])]
    assert raw_diff(list("甲乙"), list("甲乙丙")) == [("=", ["甲", "乙"]), ("+", ["丙"])]
    assert raw_diff(list("乙丙"), list("甲乙丙")) == [("+", ["甲"]), ("=", ["乙", "丙"])]


def test_normalize_merges_runs_and_puts_the_deletion_first():
    segments = [("=", ["甲"]), ("+", ["乙"]), ("-", ["丙"]), ("=", []), ("+", ["丁"]), ("=", ["戊"]), ("=", ["己"])]
    assert normalize(segments) == [("=", ["甲"]), ("-", ["丙"]), ("+", ["乙", "丁"]), ("=", ["戊", "己"])]


@pytest.mark.parametrize("segments, folded", [
    pytest.param([("-", list("甲乙")), ("+", list("丙丁")), ("=", ["的"]), ("-", list("戊己")), ("+", list("庚辛"))],
                 [("-", list("甲乙的戊己")), ("+", list("丙丁的庚辛"))], id="shorter-equality-folded"),
    pytest.param([("-", ["甲"]), ("+", ["乙"]), ("=", ["的"]), ("-", ["丙"]), ("+", ["丁"])],
                 [("-", list("甲的丙")), ("+", list("乙的丁"))], id="equal-length-folded"),
    pytest.param([("-", ["甲"]), ("+", ["乙"]), ("=", list("的的")), ("-", list("丙丙丙")), ("+", ["丁"])],
                 [("-", ["甲"]), ("+", ["乙"]), ("=", list("的的")), ("-", list("丙丙丙")), ("+", ["丁"])],
                 id="longer-than-the-left-change-kept"),
    pytest.param([("-", list("甲甲甲")), ("+", ["乙"]), ("=", list("的的")), ("-", ["丙"]), ("+", ["丁"])],
                 [("-", list("甲甲甲")), ("+", ["乙"]), ("=", list("的的")), ("-", ["丙"]), ("+", ["丁"])],
                 id="longer-than-the-right-change-kept"),
    pytest.param([("=", list("的的")), ("-", ["甲"]), ("=", list("的的"))],
                 [("=", list("的的")), ("-", ["甲"]), ("=", list("的的"))], id="edges-never-folded"),
    pytest.param([("=", list("前文")), ("-", ["甲"]), ("+", ["乙"]), ("=", list("的的")), ("-", ["丙"]), ("+", ["丁"]),
                  ("=", list("后文"))],
                 [("=", list("前文")), ("-", ["甲"]), ("+", ["乙"]), ("=", list("的的")), ("-", ["丙"]), ("+", ["丁"]),
                  ("=", list("后文"))], id="change-sizes-stop-at-the-text-around"),
    pytest.param([("-", list("甲甲")), ("+", ["乙"]), ("=", list("的的")), ("-", list("丙丙")), ("+", ["丁"])],
                 [("-", list("甲甲的的丙丙")), ("+", list("乙的的丁"))], id="change-at-the-very-start-counts"),
    pytest.param([("-", ["甲"]), ("+", list("乙乙")), ("=", list("的的")), ("-", ["丙"]), ("+", list("丁丁"))],
                 [("-", list("甲的的丙")), ("+", list("乙乙的的丁丁"))], id="the-larger-side-counts-inserted"),
    pytest.param([("-", list("甲甲")), ("+", ["乙"]), ("=", ["的"]), ("-", ["丙"]), ("+", ["丁"]), ("=", ["之"]),
                  ("-", list("戊戊")), ("+", ["己"])],
                 [("-", list("甲甲的丙之戊戊")), ("+", list("乙的丁之己"))], id="folding-repeats-until-nothing-changes"),
    pytest.param([("+", ["甲"]), ("=", ["的"]), ("-", ["丙"])], [("-", list("的丙")), ("+", list("甲的"))],
                 id="equality-second"),
    pytest.param([("-", ["甲"]), ("+", ["乙"]), ("=", ["的"]), ("+", ["丙"])], [("-", list("甲的")), ("+", list("乙的丙"))],
                 id="equality-second-to-last"),
    pytest.param([("-", ["94%"]), ("+", ["95%"]), ("=", ["以"]), ("-", ["甲"]), ("+", ["乙"])],
                 [("-", ["94%", "以", "甲"]), ("+", ["95%", "以", "乙"])], id="length-in-characters-not-tokens"),
])
def test_semantic_cleanup(segments, folded):
    assert cleanup_semantic(segments) == folded


@pytest.mark.parametrize("segments, shifted", [
    pytest.param([("=", list("甲")), ("+", list("乙。")), ("=", list("乙。丁"))],
                 [("=", list("甲乙。")), ("+", list("乙。")), ("=", list("丁"))], id="slid-right-to-the-full-stop"),
    pytest.param([("=", list("甲乙。乙")), ("+", list("。乙")), ("=", list("。丁"))],
                 [("=", list("甲乙。乙。")), ("+", list("乙。")), ("=", list("丁"))], id="slid-left-then-right"),
    pytest.param([("=", list("甲乙")), ("+", list("，乙")), ("=", list("，丙"))],
                 [("=", list("甲乙，")), ("+", list("乙，")), ("=", list("丙"))], id="slid-to-the-comma"),
    pytest.param([("=", list("甲")), ("-", list("乙")), ("+", list("丙")), ("=", list("丁"))],
                 [("=", list("甲")), ("-", list("乙")), ("+", list("丙")), ("=", list("丁"))],
                 id="a-replacement-stays"),
])
def test_edits_slide_to_the_best_boundary(segments, shifted):
    assert shift_edits(segments) == shifted


def test_a_long_repetitive_paragraph_is_matched_whole_not_treated_as_junk():
    body = "质量强国建设纲要" * 40                 # 320 tokens: difflib's autojunk would drop every one
    assert diff_text("甲" + body + "乙", "丙" + body + "丁") == [
        ("-", "甲"), ("+", "丙"), ("=", body), ("-", "乙"), ("+", "丁")]
