"""Shared pieces of the duties' tests: a frozen day, a second enterprise user, the calendar generated."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from anjian.core.testing import make_user
from anjian.duties import services
from anjian.duties.models import DutyItem, DutyOccurrence
from anjian.org.choices import Role

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 8, 15, 10, 0, tzinfo=TZ)
TODAY = NOW.date()
GAOXING, LIANJIANG, COUNTY = "360732104000", "360732100000", "360732000000"


@pytest.fixture(autouse=True)
def _shipped_rows(request):
    """The migrated rule table and default template, written again where a transactional test of another app
    (a browser journey, a backup) flushed the database before this test ran on the same worker."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        from anjian.duties.defaults import ensure_defaults

        request.getfixturevalue("db")
        ensure_defaults()


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def qiye2(world):
    """The mine's own user (another enterprise than qiye1's shop), also in world.users."""
    world.users["qiye2"] = make_user("qiye2", Role.ENTERPRISE, enterprise=world.enterprises["mine"])
    return world.users["qiye2"]


@pytest.fixture
def registered_long_ago(world):
    """The world's units registered in 2020, so that every period of the tests is theirs."""
    from anjian.registry.models import Enterprise

    Enterprise.objects.update(created_at=dt.datetime(2020, 1, 1, tzinfo=TZ))


@pytest.fixture
def calendar(world, frozen, registered_long_ago):
    """This year's occurrences up to today for every unit of the world."""
    services.generate_occurrences(TODAY, since=dt.date(TODAY.year, 1, 1))
    return DutyOccurrence.objects.all()


def said(msgid: str, **params) -> str:
    """A message as the user reads it (in the site's language once the catalogue has it)."""
    from django.utils.translation import gettext

    return gettext(msgid) % params if params else gettext(msgid)


def occurrence(enterprise, code: str, period_start: dt.date) -> DutyOccurrence:
    return DutyOccurrence.objects.get(
        enterprise=enterprise, item=DutyItem.objects.get(code=code), period_start=period_start
    )
