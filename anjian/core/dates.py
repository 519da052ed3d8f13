"""One rule for every date a person types: not before what it belongs to, not further ahead than allowed.

Services call `check_date` (and `check_deadline` for deadlines) so that the web forms, the API and the
commands refuse the same dates with the same message, keyed by the field. Forms may copy the bounds
onto the HTML date input with `limit_input` (a convenience for the browser, never the enforcement).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The stated floor: no record of the platform (visit, finding, decision, review) lies before 2000.
EARLIEST = dt.date(2000, 1, 1)
# An enterprise may be older than the platform's records, but not older than this.
EARLIEST_ESTABLISHED = dt.date(1900, 1, 1)
# A deadline lies at most a year ahead; with a stated reason (a relocation, a rebuild) at most five.
DEADLINE_DAYS = 365
DEADLINE_DAYS_WITH_REASON = 5 * 365

RECORDS_START = _("the platform's records start in 2000")
NOT_FUTURE = _("today: it records something that has already happened")
ESTABLISHED_FLOOR = _("an establishment date before 1900 is a typing error")
DEADLINE_PAST = _("today: a deadline cannot lie in the past")
DEADLINE_YEAR = _("a deadline lies at most one year ahead; give the reason for a longer one")
DEADLINE_LONGEST = _("a deadline lies at most five years ahead, even with a reason")
FOUND_DAY = _("the day the hazard was found")
UNIT_ESTABLISHED = _("the day the unit was established")
VISIT_DAY = _("the day of the visit")
DECISION_DAY = _("the day the action was decided")


def today() -> dt.date:
    return timezone.localdate()


def day_of(moment: dt.datetime | dt.date) -> dt.date:
    """The local calendar day of a stored timestamp (found_at, created_at), or the date itself."""
    if isinstance(moment, dt.datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def parse(value: Any, field: str) -> dt.date:
    """A date from a date, a datetime or an ISO string; a clear refusal keyed by `field` otherwise."""
    if value in (None, ""):
        raise ValidationError({field: _("This field is required.")}, code="required")
    if isinstance(value, dt.date):
        return day_of(value)
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError({field: _("Enter a date as YYYY-MM-DD.")}, code="invalid_date") from exc


def check_date(
    value: Any,
    *,
    field: str,
    floor: dt.date | None = EARLIEST,
    ceiling: dt.date | None = None,
    floor_reason: Any = RECORDS_START,
    ceiling_reason: Any = NOT_FUTURE,
) -> dt.date:
    """`value` as a date within [floor, ceiling] (each optional); ValidationError keyed by `field` if not."""
    day = parse(value, field)
    if floor is not None and day < floor:
        message = _("The date cannot be before %(date)s (%(reason)s).")
        raise ValidationError({field: message % {"date": floor.isoformat(), "reason": floor_reason}}, code="early")
    if ceiling is not None and day > ceiling:
        message = _("The date cannot be after %(date)s (%(reason)s).")
        raise ValidationError({field: message % {"date": ceiling.isoformat(), "reason": ceiling_reason}}, code="late")
    return day


def check_past(value: Any, *, field: str, floor: dt.date | None = None, floor_reason: Any = RECORDS_START) -> dt.date:
    """A date of something already done (a visit, a decision, a review): not after today, not before `floor`."""
    if floor is None or floor < EARLIEST:
        floor, floor_reason = EARLIEST, RECORDS_START
    return check_date(value, field=field, floor=floor, ceiling=today(), floor_reason=floor_reason)


def deadline_ceiling(reason: str = "") -> dt.date:
    days = DEADLINE_DAYS_WITH_REASON if (reason or "").strip() else DEADLINE_DAYS
    return today() + dt.timedelta(days=days)


def check_deadline(
    value: Any, *, field: str = "deadline", floor: dt.date, floor_reason: Any = DEADLINE_PAST, reason: str = ""
) -> dt.date:
    """A deadline not before `floor` and at most a year ahead, or five years with a stated `reason`."""
    reasoned = bool((reason or "").strip())
    return check_date(
        value,
        field=field,
        floor=floor,
        ceiling=deadline_ceiling(reason),
        floor_reason=floor_reason,
        ceiling_reason=DEADLINE_LONGEST if reasoned else DEADLINE_YEAR,
    )


def limit_input(field, floor: dt.date | None = None, ceiling: dt.date | None = None) -> None:
    """Copy the server's bounds onto a form field's HTML date input (min/max), for the browser's picker."""
    for name, bound in (("min", floor), ("max", ceiling)):
        if bound is not None:
            field.widget.attrs[name] = bound.isoformat()
