"""Checks shared by the drill, plan, place and accident services: texts, dates, whole numbers and the owner a
record is for. Each adds its refusals to `errors` keyed by field, so that a service reports every problem at
once and saves nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from anjian.core import dates
from anjian.core.validators import CONTROL_CHARACTERS_MESSAGE, check_lengths, has_control_characters
from anjian.org.choices import RegionLevel

from .. import access
from ..choices import Organiser

AHEAD_DAYS = 365  # a drill is planned at most a year ahead, as a deadline is (core.dates)


def unknown_fields(values: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})


def texts(values: dict, limits: dict[str, int], errors: dict) -> None:
    """Strip the texts; refuse what is not text, control characters and excess length, keyed by field."""
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


def day(values: dict, field: str, errors: dict, *, required: bool = False, **bounds) -> dt.date | None:
    """values[field] as a date within the bounds (check_date's), None when empty and not required."""
    value = values.get(field)
    if value in (None, "") and not required:
        return None
    try:
        return dates.check_date(value, field=field, **bounds)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return None


def past_day(values: dict, field: str, errors: dict, *, floor: dt.date | None = None, floor_reason: Any = None,
             required: bool = False) -> dt.date | None:  # fmt: skip
    """A day of something done: not after today, not before `floor` (or 2000)."""
    if floor is None or floor < dates.EARLIEST:
        floor, floor_reason = dates.EARLIEST, dates.RECORDS_START
    return day(values, field, errors, required=required, floor=floor, ceiling=dates.today(), floor_reason=floor_reason)


def ahead_day(values: dict, field: str, errors: dict) -> dt.date | None:
    """A day planned: from 2000 to a year ahead."""
    ceiling = dates.today() + dt.timedelta(days=AHEAD_DAYS)
    return day(values, field, errors, ceiling=ceiling, ceiling_reason=dates.DEADLINE_YEAR)


def whole(values: dict, field: str, errors: dict, low: int, high: int) -> int | None:
    """values[field] as a whole number from `low` to `high`, None when empty."""
    value = values.get(field)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
        errors[field] = [_("Enter a whole number.")]
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, int | float) else int(value)
    except ValueError:
        errors[field] = [_("Enter a whole number.")]
        return None
    if not low <= number <= high:
        errors[field] = [_("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}]
        return None
    return number


def established_floor(enterprise) -> tuple[dt.date | None, Any]:
    """The floor of a unit's dates: the day it was established, when known."""
    if enterprise is not None and enterprise.established_on:
        return enterprise.established_on, dates.UNIT_ESTABLISHED
    return None, None


def owner(user, values: dict, errors: dict, *, town_allowed: bool) -> access.Owner | None:
    """The owner named by `enterprise`, `department` or `region` (a department's drill may name the town it was
    held in when `town_allowed`), or the user's own; refused unless the user may record for it."""
    enterprise, department, region = values.get("enterprise"), values.get("department"), values.get("region")
    found: access.Owner | None
    if enterprise is not None:
        if department is not None or region is not None:
            errors["enterprise"] = [_("A unit's record names the unit only.")]
            return None
        found = access.Owner(Organiser.ENTERPRISE, enterprise.region, enterprise)
    elif department is not None:
        county = access.county_of(department.region)
        if region is not None and not (town_allowed and region.level == RegionLevel.TOWN):
            errors["region"] = [_("A department's record lies at its county; name the department only.")]
            return None
        if region is not None and not region.path.startswith(county.path):
            errors["region"] = [_("Choose a town of the department's county.")]
            return None
        found = access.Owner(Organiser.DEPARTMENT, region or county, department=department)
    elif region is not None:
        if region.level not in (RegionLevel.TOWN, RegionLevel.COUNTY):
            errors["region"] = [_("Choose a town or the county.")]
            return None
        organiser = Organiser.TOWN if region.level == RegionLevel.TOWN else Organiser.COUNTY
        found = access.Owner(organiser, region)
    else:
        found = access.default_owner(user)
        if found is None:
            errors["enterprise"] = [_("Choose the unit, department or town.")]
            return None
    if not access.may_record_for(user, found):
        fields: dict[str, str] = {Organiser.ENTERPRISE: "enterprise", Organiser.DEPARTMENT: "department"}
        field = fields.get(found.organiser, "region")
        errors[field] = [_("You may not record for this unit: it is outside your jurisdiction.")]
        return None
    return found


def refuse(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
