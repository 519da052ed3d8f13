"""The one date rule: which days a person may type, whatever the day (hypothesis over all dates)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from anjian.core import dates

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()


def accepted(check, *args, **kwargs) -> bool:
    """Whether `check` accepts; a refusal must be keyed by the field and name the bound it broke."""
    with time_machine.travel(NOW, tick=False):
        try:
            check(*args, **kwargs)
        except ValidationError as exc:
            assert list(exc.message_dict) == [kwargs["field"]]
            return False
    return True


@given(st.dates())
def test_a_day_of_something_done_lies_from_2000_to_today(day):
    assert accepted(dates.check_past, day, field="visit_date") == (dates.EARLIEST <= day <= TODAY)


@given(st.dates(), st.dates(min_value=dt.date(2000, 1, 1), max_value=TODAY))
def test_a_day_is_not_before_the_record_it_belongs_to(day, floor):
    assert accepted(dates.check_past, day, field="decided_on", floor=floor) == (floor <= day <= TODAY)


@given(st.dates(), st.sampled_from(["", "  ", "需整体搬迁"]))
def test_a_deadline_lies_at_most_a_year_ahead_unless_a_reason_is_given(day, reason):
    longest = TODAY + dt.timedelta(days=365 if not reason.strip() else 5 * 365)
    ok = accepted(dates.check_deadline, day, field="deadline", floor=TODAY, reason=reason)
    assert ok == (TODAY <= day <= longest)


def test_a_refusal_names_the_bound_and_why():
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(ValidationError) as late:
            dates.check_deadline("9999-12-31", field="deadline", floor=TODAY)
        with pytest.raises(ValidationError) as unreadable:
            dates.check_past("31/12/2025", field="visit_date")
    [message] = late.value.message_dict["deadline"]
    assert "2027-06-15" in message and "理由" in message
    assert unreadable.value.message_dict == {"visit_date": ["请按YYYY-MM-DD格式填写日期。"]}
