"""A signed-in session lapses after its idle time; the requests of its user renew it without rewriting the
session row on every request (core.middleware.SessionRenewalMiddleware, production settings)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

START = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def production_sessions(settings):
    settings.SESSION_COOKIE_AGE = 1800
    settings.SESSION_SAVE_EVERY_REQUEST = False
    settings.ANJIAN_SESSION_RENEW_SECONDS = 60


def session_writes(client, path="/hazards/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
               for q in queries.captured_queries)  # fmt: skip


def test_requests_renew_the_session_once_a_minute_and_an_idle_one_lapses(production_sessions, client_for, world):
    with time_machine.travel(START, tick=False) as clock:
        client = client_for("county")
        assert session_writes(client) == 1  # the first request renews
        clock.shift(30)
        assert session_writes(client) == 0  # within the minute: no write
        clock.shift(31)
        assert session_writes(client) == 1
        expiry = Session.objects.get().expire_date
        assert expiry == START + dt.timedelta(seconds=61 + 1800)
        # Busy all day: still signed in, each minute renews it.
        for _ in range(40):
            clock.shift(59)
            assert client.get("/hazards/").status_code == 200
        # Idle for 30 minutes after the last renewal: the next request meets the login page.
        last = Session.objects.get().expire_date
        clock.move_to(last + dt.timedelta(seconds=1))
        response = client.get("/hazards/")
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_anonymous_visit_writes_no_session(production_sessions, client, world):
    assert session_writes(client, "/login/") == 0
    assert not Session.objects.exists()
