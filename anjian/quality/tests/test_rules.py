"""The rules as data: each fires on a vague entry (the wording of ledgers sent back) and stays silent on a
concrete one (the wording of the notices' ledgers); the checks never raise on any text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anjian.quality import rules_data
from anjian.quality.services import check_deadline, check_plan, check_text
from anjian.quality.text import jaccard, tokens

VAGUE = {
    "description": ["存在隐患", "存在安全隐患", "有隐患", "安全意识淡薄，管理不到位", "门坏了"],
    "measures": ["加强管理", "按要求整改", "立即整改", "加强安全管理，立即整改到位", "注意安全", "清理"],
    "progress": ["已整改", "已整改完毕", "整改到位", "已处理"],
}
CONCRETE = {
    "description": [
        "疏散通道堆放杂物，安全出口上锁",
        "配电箱未设置漏电保护器，线路私拉乱接",
        "塔吊起重力矩限制器失效",
        "灭火器过期",
        "存在隐患：二楼仓库安全出口被货物堵塞",
    ],
    "measures": [
        "清理堆放物，恢复通道畅通，开展全员安全教育",
        "更换失效设施设备，落实专人管理并建立检查台账",
        "更换过期灭火器3具，加强管理",
        "立即停止相关作业，按专项方案整改，整改完成后组织复查",
    ],
    "progress": ["整改材料已进场，正在施工", "已完成主要整改内容，待复查", "已更换灭火器两具"],
}
CODES = {
    "description": "vague_description",
    "measures": "vague_measures",
    "progress": "vague_progress",
    "account": "vague_progress",
}


@pytest.mark.parametrize(("kind", "text"), [(k, t) for k, texts in VAGUE.items() for t in texts])
def test_a_vague_text_is_flagged_with_its_reason(kind, text):
    [warning] = check_text(text, kind)
    assert warning.code == CODES[kind]
    assert warning.message


@pytest.mark.parametrize(("kind", "text"), [(k, t) for k, texts in CONCRETE.items() for t in texts])
def test_a_concrete_text_is_not_flagged(kind, text):
    assert check_text(text, kind) == []


def test_the_message_quotes_the_first_vague_phrase():
    [warning] = check_text("加强安全管理，立即整改", "measures")
    assert "加强安全管理" in warning.message


def test_an_empty_text_is_left_to_the_required_field_check():
    assert check_text("", "progress") == [] and check_text("   ", "measures") == []


def test_a_plan_without_funds_or_deadline_is_flagged():
    assert [w.code for w in check_plan(None, None)] == ["plan_no_funds", "plan_no_deadline"]
    assert check_plan(Decimal("0"), dt.date(2026, 1, 1)) == []  # no cost is a number too


def test_a_deadline_past_or_more_than_a_year_away_is_flagged():
    today = dt.date(2026, 5, 1)
    assert [w.code for w in check_deadline(dt.date(2026, 4, 30), today)] == ["deadline_past"]
    assert "2026-04-30" in check_deadline(dt.date(2026, 4, 30), today)[0].message
    far = today + dt.timedelta(days=rules_data.FAR_DEADLINE_DAYS + 1)
    assert [w.code for w in check_deadline(far, today)] == ["deadline_far"]
    assert check_deadline(today, today) == []
    assert check_deadline(today + dt.timedelta(days=rules_data.FAR_DEADLINE_DAYS), today) == []
    assert check_deadline(None, today) == []


def test_similar_descriptions_overlap_and_different_ones_do_not():
    assert jaccard("二楼仓库安全出口被货物堵塞", "二楼仓库的安全出口被杂物堵塞") >= rules_data.REPEAT_SIMILARITY
    assert jaccard("二楼仓库安全出口被货物堵塞", "配电箱未设置漏电保护器") < rules_data.REPEAT_SIMILARITY
    assert "仓库" in tokens("二楼仓库的安全出口") and "的" not in tokens("二楼仓库的安全出口")


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), kind=st.sampled_from(sorted(rules_data.TEXT_RULES)))
def test_the_text_checks_never_raise(text, kind):
    found = check_text(text, kind)
    assert all(w.code == CODES[kind] and w.message for w in found)
    assert 0.0 <= jaccard(text, text[::-1]) <= 1.0


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("存在隐患已整改按要求加强管理，。 3具灭火器过期"), max_size=60))
def test_the_text_checks_never_raise_on_mixtures_of_the_phrases(text):
    for kind in rules_data.TEXT_RULES:
        assert len(check_text(text, kind)) <= 1
