"""The attempt's rules over random sequences of actions — start, answer (right, wrong, partly right, invalid),
submit, time passing — for participants of a round with a time limit: the score is always the number of right
answers given before the deadline (all or nothing), no answer after the deadline counts, an attempt never has more
questions than the round draws, and the entry's best is its best attempt."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anjian.contests import attempts
from anjian.contests.models import Attempt, Entry

from .conftest import NOW, fill_bank, open_round

pytestmark = pytest.mark.usefixtures("english")
LIMIT = 10  # minutes
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("start"), st.integers(0, 2)),
        st.tuples(st.just("answer"), st.integers(0, 2), st.integers(1, 5), st.sampled_from(["right", "wrong", "part", "junk"])),
        st.tuples(st.just("submit"), st.integers(0, 2)),
        st.tuples(st.just("wait"), st.integers(1, 8 * 60)),
    ),
    max_size=30,
)  # fmt: skip


@pytest.fixture
def arena(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    fill_bank(world, count=9)
    round_ = open_round(world, question_count=4, time_limit_minutes=LIMIT, attempts_allowed=2)
    people = [attempts.of_user(world.users[u]) for u in ("qiye1", "gaoxing", "yingji")]
    return round_, people, time_machine


def _letters(question, how: str) -> str:
    if how == "right":
        return question.answer
    if how == "part":
        return question.answer[0]
    if how == "junk":
        return "Z"
    return next(c for c in "ABCD"[: len(question.options)] if c not in question.answer)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(actions=ACTIONS)
def test_the_score_is_the_count_of_right_answers_given_in_time(arena, actions):
    round_, people, clock = arena
    Entry.objects.filter(round=round_).delete()
    clock.move_to(NOW, tick=False)
    accepted: dict[int, dict[int, str]] = {}  # attempt pk → position → letters the server accepted
    for action in actions:
        kind, who = action[0], action[1]
        now = timezone.now()
        if kind == "wait":  # time passes
            clock.move_to(now + dt.timedelta(seconds=action[1]), tick=False)
            continue
        if kind == "start":
            try:
                attempt = attempts.start(round_, people[who], now)
            except ValidationError:
                assert Entry.objects.get(round=round_, person_key=people[who].person_key).attempts.count() == 2
                continue
            assert attempt.drawn.count() == round_.question_count and attempt.deadline <= now + dt.timedelta(
                minutes=LIMIT
            )
            accepted.setdefault(attempt.pk, {})
            continue
        attempt = Attempt.objects.filter(entry__round=round_, entry__person_key=people[who].person_key,
                                         submitted_at__isnull=True).first()  # fmt: skip
        if attempt is None:
            continue
        if kind == "answer":
            position = min(action[2], round_.question_count)
            drawn = attempt.drawn.select_related("question").get(position=position)
            letters = _letters(drawn.question, action[3])
            try:
                attempts.answer(attempt, position, letters, now)
            except ValidationError:
                assert now >= attempt.deadline or action[3] == "junk"
            else:
                assert now < attempt.deadline
                accepted[attempt.pk][position] = letters
        elif kind == "submit":
            attempts.submit(attempt, {}, now)
    clock.move_to(timezone.now() + dt.timedelta(minutes=LIMIT + 1), tick=False)
    attempts.settle(round_, timezone.now())
    for attempt in Attempt.objects.filter(entry__round=round_).prefetch_related("drawn__question"):
        given_in_time = accepted.get(attempt.pk, {})
        right = sum(1 for d in attempt.drawn.all() if given_in_time.get(d.position) == d.question.answer)
        assert attempt.score == Decimal(right) and attempt.correct == right
        assert attempt.submitted_at <= attempt.deadline
        for d in attempt.drawn.all():
            assert d.chosen == given_in_time.get(d.position, "")
            assert d.answered_at is None or d.answered_at < attempt.deadline
    for entry in Entry.objects.filter(round=round_):
        best = max((a.score for a in entry.attempts.all()), default=None)
        assert entry.best_score == best
