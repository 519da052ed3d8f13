"""Checks every service of the app shares: who may write, texts (control characters, length), dates with their
bounds, hours, yes/no, and the unit or person named — each refusal keyed by its field, gathered in `errors` so
that a caller learns every problem at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from anjian.core import dates
from anjian.core.validators import CONTROL_CHARACTERS_MESSAGE, check_lengths, has_control_characters
from anjian.org.choices import EDITOR_ROLES, Role
from anjian.org.jurisdiction import roles, within
from anjian.registry.models import Enterprise

WRITING_ROLES = {*EDITOR_ROLES, Role.ENTERPRISE}
BIRTH_FLOOR = dt.date(1900, 1, 1)
OLD_DATE = _("a date before 1900 is a typing error")
A_YEAR_AHEAD = _("at most a year ahead")


def may_write(user) -> bool:
    """The unit itself, its town, its departments and the county office record people; leaders, grid workers and
    experts read."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or roles(user) & {str(r) for r in WRITING_ROLES})


def check_write(user) -> None:
    if not may_write(user):
        raise PermissionDenied(_("Your role may read people and their records but not change them."))


def unknown_fields(values: dict, allowed) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})


def texts(values: dict, limits: dict[str, int], errors: dict, required: tuple[str, ...] = ()) -> None:
    """Strip the texts; refuse control characters, excess length and missing required ones, keyed by field."""
    for name in limits:
        value = values.get(name)
        if value is None:
            values[name] = ""
        elif not isinstance(value, str):
            errors[name] = [_("Enter text.")]
        elif has_control_characters(value):
            errors[name] = [str(CONTROL_CHARACTERS_MESSAGE)]
        else:
            values[name] = value.strip()
    try:
        check_lengths({k: v for k, v in values.items() if k not in errors}, limits)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for name in required:
        if name not in errors and not values.get(name):
            errors[name] = [_("This field is required.")]


def day(value: Any, field: str, errors: dict, *, required: bool = True, **bounds) -> dt.date | None:
    """A date within `bounds` (dates.check_date's), or None with the refusal in `errors`."""
    if value in (None, ""):
        if required:
            errors[field] = [_("This field is required.")]
        return None
    try:
        return dates.check_date(value, field=field, **bounds)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return None


def past_day(value: Any, field: str, errors: dict, *, required: bool = True, floor=dates.EARLIEST, reason=None):
    """A date of something already done: not after today, not before `floor`."""
    return day(
        value, field, errors, required=required, floor=floor, ceiling=dates.today(),
        floor_reason=reason or dates.RECORDS_START,
    )  # fmt: skip


def yes_no(value: Any, field: str, errors: dict) -> bool:
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    errors[field] = [_("Give true or false.")]
    return False


def hours(value: Any, field: str, errors: dict, ceiling: Decimal) -> Decimal | None:
    """学时: more than 0, at most `ceiling`, to one decimal place."""
    if value in (None, ""):
        errors[field] = [_("Give the hours (学时).")]
        return None
    if isinstance(value, bool):
        errors[field] = [_("The hours are a number, such as 24 or 12.5.")]
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors[field] = [_("The hours are a number, such as 24 or 12.5.")]
        return None
    if not number.is_finite() or number <= 0:
        errors[field] = [_("The hours must be more than 0.")]
    elif number > ceiling:
        errors[field] = [_("At most %(max)s hours in one record: more is a typing error.") % {"max": ceiling}]
    elif number != number.quantize(Decimal("0.1")):
        errors[field] = [_("Give the hours to one decimal place at most, such as 12.5.")]
    else:
        return number.quantize(Decimal("0.1"))
    return None


def unit(user, enterprise: Any, errors: dict, field: str = "enterprise") -> Enterprise | None:
    """The unit named, refused outside the user's jurisdiction (as if it did not exist)."""
    if enterprise is None:
        errors[field] = [_("Choose the unit.")]
        return None
    if not isinstance(enterprise, Enterprise) or not within(user, enterprise):
        errors[field] = [_("No unit with this id within your jurisdiction.")]
        return None
    return enterprise
