"""Shared pieces of the contest tests: a frozen moment, a small bank recorded through the services, and rounds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from anjian.contests import bank, services

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2024, 11, 4, 10, 0, tzinfo=TZ)
TODAY = NOW.date()
COUNTY, GAOXING, LIANJIANG = "360732000000", "360732104000", "360732100000"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def single(n: int) -> dict:
    return {
        "kind": "single",
        "text": f"单选题{n}：正确的是哪一项？",
        "options": ["甲", "乙", "丙", "丁"],
        "answer": "B",
    }


def multiple(n: int) -> dict:
    return {"kind": "multiple", "text": f"多选题{n}：哪些正确？", "options": ["甲", "乙", "丙", "丁"], "answer": "AC"}


def true_false(n: int) -> dict:
    return {"kind": "true_false", "text": f"判断题{n}：这句话是对的。", "answer": "正确"}


def fill_bank(world, user: str = "county", count: int = 12, **tags) -> list:
    """`count` questions in the user's bank: singles, multiples and true-or-false in turn."""
    makers = (single, multiple, true_false)
    return [bank.add_question(world.users[user], **makers[n % 3](n), **tags) for n in range(count)]


def make_round(world, user: str = "county", **values):
    values = {"title": "安康杯知识竞赛第一场", "opens_on": TODAY, "closes_on": TODAY + dt.timedelta(days=6),
              "question_count": 5} | values  # fmt: skip
    return services.create_round(world.users[user], **values)


def open_round(world, user: str = "county", **values):
    round_ = make_round(world, user, **values)
    return services.open_round(world.users[user], round_, NOW)


def right_answers(attempt) -> dict[int, str]:
    return {d.position: d.question.answer for d in attempt.drawn.select_related("question")}
