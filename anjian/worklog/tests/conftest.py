"""Shared pieces of the work-record tests: a frozen day and a recorder helper."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from anjian.worklog import services

NOW = dt.datetime(2024, 7, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
GAOXING, LIANJIANG, COUNTY = "360732104000", "360732100000", "360732000000"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def record(user, kind="principal_study", date=dt.date(2024, 6, 1), title="专题研究", **values):
    return services.record_work(user, kind=kind, date=date, title=title, **values)
