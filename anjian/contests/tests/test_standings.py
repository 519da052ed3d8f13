"""The leaderboard's order (score, then time, then who finished first; equal score and time share a rank), units
grouped by their name however it was typed, the results in Excel with phones masked, and participation by town,
sector and round against the 万人竞赛 target, as the figures registry counts it."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from anjian.contests import attempts, exports, rules, standings
from anjian.core import figures
from anjian.core.figures import Frame

from .conftest import NOW, fill_bank, open_round, right_answers

pytestmark = pytest.mark.usefixtures("frozen", "english")
PHONE = "1390797{:04d}"


def take(round_, who, right: int, minutes: int, start=NOW):
    attempt = attempts.start(round_, who, start)
    answers = dict(list(right_answers(attempt).items())[:right])
    attempts.submit(attempt, answers, start + dt.timedelta(minutes=minutes))
    return attempt


def public(round_, world, n: int, name: str, unit: str, town="360732104000"):
    return attempts.of_public(round_, name, unit, PHONE.format(n), world.regions[town])


@pytest.fixture
def board(world):
    fill_bank(world, count=9)
    round_ = open_round(world, is_public=True, question_count=4)
    take(round_, public(round_, world, 1, "张三", "兴国县某某矿业有限公司"), 3, 5)
    take(round_, public(round_, world, 2, "李四", "兴国县某某矿业有限公司 "), 4, 9)
    take(round_, public(round_, world, 3, "王五", "潋江镇第二小学", "360732100000"), 4, 6)
    take(
        round_, public(round_, world, 4, "赵六", "潋江镇第二小学", "360732100000"), 3, 5, NOW + dt.timedelta(minutes=1)
    )
    take(round_, attempts.of_user(world.users["qiye1"]), 1, 2)
    attempts.start(round_, public(round_, world, 5, "孙七", "未完成单位"), NOW)  # not finished: not ranked
    return round_


def test_people_are_ranked_by_score_then_time_and_ties_share_a_rank(board):
    rows = standings.person_board(board, NOW + dt.timedelta(minutes=10))
    assert [(r.rank, r.entry.name, r.entry.best_score, r.entry.best_seconds) for r in rows] == [
        (1, "王五", Decimal("4.0"), 360),
        (2, "李四", Decimal("4.0"), 540),
        (3, "张三", Decimal("3.0"), 300),
        (3, "赵六", Decimal("3.0"), 300),  # same score and time; finished a minute later
        (5, "qiye1", Decimal("1.0"), 120),
    ]


def test_units_are_grouped_by_their_normalised_name(board):
    units = standings.unit_board(board, NOW + dt.timedelta(minutes=10))
    assert [(u.rank, u.name, u.participants, u.average) for u in units] == [
        (1, "潋江镇第二小学", 2, Decimal("3.50")),  # the same average in less time on average
        (2, "兴国县某某矿业有限公司", 2, Decimal("3.50")),
        (3, "王国平烟花爆竹零售店", 1, Decimal("1.00")),
    ]
    assert rules.unit_key("兴国县（某某）矿业 有限公司") == rules.unit_key("兴国县(某某)矿业有限公司")


def test_the_results_workbook_masks_phones(board):
    now = NOW + dt.timedelta(minutes=10)
    book = load_workbook(io.BytesIO(exports.results_xlsx(board, standings.person_board(board, now),
                                                         standings.unit_board(board, now))))  # fmt: skip
    people = list(book["个人成绩"].iter_rows(min_row=3, values_only=True))
    assert people[0][:4] == (1, "王五", "潋江镇第二小学", "139****0003")
    text = repr(list(book["个人成绩"].values))
    assert "13907970003" not in text and "139****0001" in text
    assert (book["单位成绩"]["B3"].value, book["个人成绩"]["F3"].value) == ("潋江镇第二小学", "4")


def test_participation_by_town_sector_and_against_the_target(world, board):
    county = world.regions["360732000000"]
    p = standings.participation(world.users["county"], county, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert (p.entries, p.people, p.rounds, p.target, p.rounds_target) == (5, 5, 1, 10_000, 100)
    towns = {t.code: n for t, n in p.by_town}
    assert towns["360732104000"] == 3 and towns["360732100000"] == 2  # qiye1's shop lies in 高兴镇
    assert dict(p.by_sector) == {"": 4, "烟花爆竹": 1}
    town_view = standings.participation(world.users["gaoxing"], county, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert town_view.entries == 3  # a town counts its own people
    frame = Frame(world.users["county"], county, None, dt.date(2024, 11, 1), dt.date(2024, 11, 30))
    assert figures.get("contests.entries").value(frame) == 5 and figures.get("contests.rounds").value(frame) == 1
    before = Frame(world.users["county"], county, None, dt.date(2024, 10, 1), dt.date(2024, 10, 31))
    assert figures.get("contests.entries").value(before) == 0
