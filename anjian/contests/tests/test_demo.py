"""The demo's contest: a bank of about twenty questions, every one marked as demo content and citing its notice, each
a valid question; one open public round with finished participants whose scores the server computed; the same seed
gives the same participants and scores."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import transaction

from anjian.contests import rules, services
from anjian.contests.models import Entry, Question, Round
from anjian.core.management.commands.load_demo import build
from anjian.demo.contests import BANK, load_demo_contests
from anjian.demo.generator import plan

pytestmark = pytest.mark.django_db(transaction=False)
TODAY = dt.date(2024, 11, 4)


def digest() -> str:
    rows = Entry.objects.order_by("unit_name", "name").values_list("name", "unit_name", "best_score", "best_seconds")
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_the_demo_contest(time_machine):
    time_machine.move_to(dt.datetime(2024, 11, 4, 10, 0), tick=False)
    build(plan(11, 160), TODAY)
    with transaction.atomic():
        first = load_demo_contests(11, TODAY)
        first_digest = digest()
        transaction.set_rollback(True)
    counts = load_demo_contests(11, TODAY)
    assert counts == first and digest() == first_digest
    assert 18 <= Question.objects.count() == len(BANK) <= 25
    assert not Question.objects.filter(is_demo=False).exists() and not Question.objects.filter(basis="").exists()
    live = Round.objects.get(status="open")
    assert live.is_public and services.state(live, dt.datetime(2024, 11, 4, 10, 0, tzinfo=dt.UTC)) == "open"
    assert services.pool(live).count() >= live.question_count
    finished = Entry.objects.filter(round=live, best_score__isnull=False)
    assert finished.count() >= 30 and Entry.objects.filter(user__username="qiye1").exists()
    for entry in finished.prefetch_related("attempts__drawn__question"):
        attempt = entry.attempts.get()
        right = sum(rules.points(d.question.kind, d.question.answer, d.chosen) for d in attempt.drawn.all())
        assert entry.best_score == attempt.score == right
        assert attempt.submitted_at < attempt.deadline and attempt.submitted_at.date() < TODAY
        assert "****" in entry.phone_masked or entry.user_id
    assert Round.objects.filter(status="draft", region__code="360732104000").exists()
