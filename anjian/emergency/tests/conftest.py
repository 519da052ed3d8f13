"""Shared pieces of the emergency tests: a frozen day, and helpers that record drills, plans and accidents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from anjian.emergency import services

NOW = dt.datetime(2024, 7, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
GAOXING, LIANJIANG, COUNTY = "360732104000", "360732100000", "360732000000"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def held(user, enterprise=None, day=dt.date(2024, 7, 1), participants=30, kind="fire", **values):
    """A drill already held (a unit's when `enterprise` is given, else the user's own)."""
    if enterprise is not None:
        values["enterprise"] = enterprise
    return services.record_drill(user, kind=kind, held_on=day, participants=participants, **values)


def plan(user, enterprise=None, issued=dt.date(2023, 3, 1), title="综合应急预案", **values):
    if enterprise is not None:
        values["enterprise"] = enterprise
    values.setdefault("kind", "comprehensive")
    values.setdefault("version", "2023版")
    return services.record_plan(user, title=title, issued_on=issued, **values)


def accident(user, enterprise, **values):
    values.setdefault("occurred_at", NOW - dt.timedelta(days=10))
    values.setdefault("summary", "一名工人从脚手架坠落受伤")
    values.setdefault("direct_loss", Decimal("12.50"))
    return services.record_accident(user, enterprise=enterprise, **values)
