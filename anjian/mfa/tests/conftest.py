import datetime as dt

import pytest

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def two_factor(settings):
    """The production default: the superusers and the county office sign in with a code."""
    settings.ANJIAN_2FA_ROLES = ["superuser", "county_office"]


@pytest.fixture
def clock(time_machine):
    """Frozen time; `clock.step()` moves on by one TOTP period (a code is taken once per period)."""
    time_machine.move_to(START, tick=False)

    class Clock:
        def step(self, seconds: int = 30) -> None:
            time_machine.shift(dt.timedelta(seconds=seconds))

    return Clock()
