"""A round's life and an attempt's, at their boundaries: who organises, what opening needs, the window's first and
last moments, the time limit, one attempt unless more are allowed (the best counts), the draw fixed when an attempt
starts, answers refused after the deadline, the server's score."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.contests import attempts, bank, rules, services
from anjian.contests.models import Attempt, DrawnQuestion, Entry

from .conftest import NOW, TODAY, TZ, fill_bank, make_round, open_round, right_answers

pytestmark = pytest.mark.usefixtures("frozen", "english")


def test_the_county_office_and_a_town_organise_others_do_not(world):
    fill_bank(world, count=6)
    county_round = make_round(world)
    town_round = make_round(world, "gaoxing", title="高兴镇安康杯")
    assert county_round.region.code == "360732000000" and town_round.region.code == "360732104000"
    for username in ("qiye1", "leader", "yingji", "grid1", "expert1"):
        with pytest.raises(PermissionDenied):
            make_round(world, username)
        with pytest.raises(PermissionDenied):
            services.open_round(world.users[username], county_round, NOW)
    with pytest.raises(PermissionDenied):  # a town does not open the county's round
        services.open_round(world.users["gaoxing"], county_round, NOW)


def test_opening_needs_a_pool_as_large_as_the_draw(world):
    fill_bank(world, count=5)
    round_ = make_round(world, question_count=6)
    with pytest.raises(ValidationError) as refused:
        services.open_round(world.users["county"], round_, NOW)
    assert "too few to draw 6" in str(refused.value.message_dict["question_count"])
    services.change_round(world.users["county"], round_, {"question_count": 5})
    assert services.open_round(world.users["county"], round_, NOW).status == "open"
    with pytest.raises(ValidationError):  # an open round keeps its rules
        services.change_round(world.users["county"], round_, {"question_count": 4})
    with pytest.raises(ValidationError):
        services.open_round(world.users["county"], round_, NOW)


def test_the_pool_follows_the_tags_and_the_banks(world):
    county = world.users["county"]
    fill_bank(world, count=3, topic="fire")
    bank.add_question(county, kind="true_false", text="烟花爆竹题", answer="对", topic="law",
                      sector=world.sectors["fireworks"])  # fmt: skip
    bank.add_question(county, kind="true_false", text="矿山题", answer="错", topic="law",
                      sector=world.sectors["non_coal_mine"])  # fmt: skip
    town_own = bank.add_question(world.users["gaoxing"], kind="true_false", text="高兴镇自己的题", answer="对")
    everything = make_round(world)
    assert services.pool(everything).count() == 5  # the county's bank, not the town's own
    fireworks = make_round(world, sectors=[world.sectors["fireworks"]])
    assert services.pool(fireworks).count() == 4  # the fireworks question and those for every sector
    law = make_round(world, topics=["law"], sectors=[world.sectors["fireworks"]])
    assert [q.text for q in services.pool(law)] == ["烟花爆竹题"]
    town_round = make_round(world, "gaoxing")
    assert town_own in services.pool(town_round) and services.pool(town_round).count() == 6


def test_settings_are_refused_field_by_field(world):
    with pytest.raises(ValidationError) as refused:
        make_round(world, title="", opens_on=TODAY, closes_on=TODAY - dt.timedelta(days=1), question_count=0,
                   attempts_allowed=11, time_limit_minutes="x", topics=["nonsense"])  # fmt: skip
    assert set(refused.value.message_dict) == {
        "title", "closes_on", "question_count", "attempts_allowed", "time_limit_minutes", "topics",
    }  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        make_round(world, opens_on=TODAY + dt.timedelta(days=366))
    assert "opens_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_round(world, closes_on=TODAY + dt.timedelta(days=367))
    assert "closes_on" in refused.value.message_dict


def test_a_draw_is_fixed_when_the_attempt_starts_and_resumed(world):
    fill_bank(world, count=12)
    round_ = open_round(world, question_count=5)
    who = attempts.of_user(world.users["qiye1"])
    attempt = attempts.start(round_, who, NOW)
    drawn = list(attempt.drawn.values_list("position", "question_id"))
    assert [p for p, _q in drawn] == [1, 2, 3, 4, 5] and len({q for _p, q in drawn}) == 5
    again = attempts.start(round_, who, NOW + dt.timedelta(minutes=3))
    assert again.pk == attempt.pk and list(again.drawn.values_list("position", "question_id")) == drawn
    entry = Entry.objects.get()
    assert (entry.name, entry.unit_name, entry.enterprise, entry.sector) == (
        "qiye1", "王国平烟花爆竹零售店", world.enterprises["shop"], world.sectors["fireworks"],
    )  # fmt: skip


def test_the_window_opens_at_the_first_days_start_and_closes_at_the_last_days_end(world):
    fill_bank(world, count=6)
    round_ = open_round(world, opens_on=TODAY + dt.timedelta(days=1), closes_on=TODAY + dt.timedelta(days=2))
    who = attempts.of_user(world.users["qiye1"])
    first = dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(), TZ)
    end = dt.datetime.combine(TODAY + dt.timedelta(days=3), dt.time(), TZ)
    with pytest.raises(ValidationError, match="not taking answers"):
        attempts.start(round_, who, first - dt.timedelta(seconds=1))
    attempt = attempts.start(round_, who, first)
    assert attempt.deadline == end  # no time limit: until the end of the last day
    other = attempts.of_user(world.users["gaoxing"])
    attempts.start(round_, other, end - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="not taking answers"):
        attempts.start(round_, attempts.of_user(world.users["yingji"]), end)


def test_the_time_limit_and_the_rounds_end_bound_the_deadline(world):
    fill_bank(world, count=6)
    round_ = open_round(world, time_limit_minutes=15, closes_on=TODAY)
    early = attempts.start(round_, attempts.of_user(world.users["qiye1"]), NOW)
    assert early.deadline == NOW + dt.timedelta(minutes=15)
    late_start = dt.datetime.combine(TODAY, dt.time(23, 50), TZ)
    late = attempts.start(round_, attempts.of_user(world.users["gaoxing"]), late_start)
    assert late.deadline == dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(), TZ)


def test_answers_count_until_the_deadline_and_not_a_moment_after(world):
    fill_bank(world, count=6)
    round_ = open_round(world, time_limit_minutes=10, question_count=3)
    attempt = attempts.start(round_, attempts.of_user(world.users["qiye1"]), NOW)
    right = right_answers(attempt)
    attempts.answer(attempt, 1, right[1], attempt.deadline - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="Time is up"):
        attempts.answer(attempt, 2, right[2], attempt.deadline)
    assert attempts.submit(attempt, {2: right[2], 3: right[3]}, attempt.deadline + dt.timedelta(seconds=5)) is False
    attempt.refresh_from_db()
    assert (attempt.score, attempt.correct, attempt.submitted_at) == (Decimal("1.0"), 1, attempt.deadline)
    assert attempt.seconds == 600
    assert DrawnQuestion.objects.filter(attempt=attempt).exclude(chosen="").count() == 1


def test_an_attempt_left_unfinished_is_scored_at_its_deadline(world):
    fill_bank(world, count=6)
    round_ = open_round(world, time_limit_minutes=10, question_count=3)
    attempt = attempts.start(round_, attempts.of_user(world.users["qiye1"]), NOW)
    attempts.answer(attempt, 1, right_answers(attempt)[1], NOW + dt.timedelta(minutes=1))
    attempts.settle(round_, NOW + dt.timedelta(minutes=9))
    assert Attempt.objects.get().submitted_at is None
    attempts.settle(round_, NOW + dt.timedelta(minutes=10))
    attempt.refresh_from_db()
    assert (attempt.score, attempt.seconds) == (Decimal("1.0"), 600)
    assert Entry.objects.get().best_score == Decimal("1.0")


def test_one_attempt_unless_more_are_allowed_and_the_best_counts(world):
    fill_bank(world, count=6)
    once = open_round(world, question_count=3)
    who = attempts.of_user(world.users["qiye1"])
    attempt = attempts.start(once, who, NOW)
    attempts.submit(attempt, right_answers(attempt), NOW + dt.timedelta(minutes=2))
    with pytest.raises(ValidationError, match="already taken part.*best score is 3"):
        attempts.start(once, who, NOW + dt.timedelta(minutes=3))
    twice = open_round(world, question_count=3, attempts_allowed=2, title="第二场")
    first = attempts.start(twice, who, NOW)
    attempts.submit(first, {1: right_answers(first)[1]}, NOW + dt.timedelta(minutes=1))
    second = attempts.start(twice, who, NOW + dt.timedelta(minutes=2))
    assert second.number == 2
    attempts.submit(second, right_answers(second), NOW + dt.timedelta(minutes=6))
    entry = Entry.objects.get(round=twice)
    assert (entry.best_score, entry.best_correct, entry.best_seconds) == (Decimal("3.0"), 3, 240)
    assert entry.finished_at == NOW + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="already taken part"):
        attempts.start(twice, who, NOW + dt.timedelta(minutes=7))


def test_multiple_choice_is_all_or_nothing_unless_the_round_gives_partial_credit():
    assert rules.points("multiple", "AC", "AC") == 1
    assert rules.points("multiple", "AC", "A") == 0
    assert rules.points("multiple", "AC", "A", partial_credit=True) == Decimal("0.5")
    assert rules.points("multiple", "AC", "AB", partial_credit=True) == 0
    assert rules.points("multiple", "AC", "ABC", partial_credit=True) == 0
    assert rules.points("single", "B", "B") == 1 and rules.points("single", "B", "A") == 0
    assert rules.points("true_false", "A", "") == 0
    assert rules.letters("c a", 4) == "AC" and rules.letters("E", 4) is None


def test_closing_a_round_stops_the_answers_and_scores_what_was_given(world):
    fill_bank(world, count=6)
    round_ = open_round(world, question_count=3)
    attempt = attempts.start(round_, attempts.of_user(world.users["qiye1"]), NOW)
    attempts.answer(attempt, 1, right_answers(attempt)[1], NOW + dt.timedelta(minutes=1))
    services.close_round(world.users["county"], round_, NOW + dt.timedelta(minutes=2))
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.score) == (NOW + dt.timedelta(minutes=2), Decimal("1.0"))
    with pytest.raises(ValidationError):
        attempts.start(round_, attempts.of_user(world.users["gaoxing"]), NOW + dt.timedelta(minutes=3))
    with pytest.raises(ValidationError):
        services.close_round(world.users["county"], round_, NOW)


def test_a_public_participant_is_checked_and_known_by_the_phone(world):
    fill_bank(world, count=6)
    round_ = open_round(world, is_public=True, question_count=3)
    gaoxing = world.regions["360732104000"]
    with pytest.raises(ValidationError) as refused:
        attempts.of_public(round_, "王", "", "1380013800", None)
    assert set(refused.value.message_dict) == {"name", "unit", "phone", "town"}
    who = attempts.of_public(round_, "王小明", "兴国县某某矿业有限公司", "138 0013 8000", gaoxing)
    attempt = attempts.start(round_, who, NOW)
    entry = attempt.entry
    assert entry.phone_masked == "138****8000" and "13800138000" not in entry.person_key
    assert entry.region == gaoxing and entry.user is None
    again = attempts.of_public(round_, "王小明", "某某矿业", "13800138000", gaoxing)
    assert attempts.start(round_, again, NOW + dt.timedelta(minutes=1)).pk == attempt.pk
    impostor = attempts.of_public(round_, "李四", "某单位", "13800138000", gaoxing)
    with pytest.raises(ValidationError) as refused:
        attempts.start(round_, impostor, NOW + dt.timedelta(minutes=1))
    assert "phone" in refused.value.message_dict
    assert rules.mask_name("王小明") == "王*明" and rules.mask_name("李四") == "李*"
