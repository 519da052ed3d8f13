"""The crowded places the county office names for a drill by a deadline (兴安办〔2024〕80号 二（三）3: 50人以上商超、
园区、企业，学校、医院等人员密集场所（重点演练单位名单另行下发），在11月30日前组织开展一次火灾、地震、踩踏等突发事件应急
演练), and their progress: held by the deadline, not yet, late, overdue (rules.requirement_status)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from anjian.core import dates
from anjian.org.jurisdiction import within

from .. import access
from ..models import MAX_PEOPLE, DrillRequirement
from . import common

MIN_PEOPLE = 50  # 兴安办〔2024〕80号 二（三）3: 50人以上 … 人员密集场所
SOURCE = "兴安办〔2024〕80号"
SOURCE_LIMIT = 120


def _window(values: dict, errors: dict) -> None:
    values["counted_from"] = common.past_day(values, "counted_from", errors, required=True)
    floor = values["counted_from"]
    if floor is None:
        return
    ceiling = dates.today() + dt.timedelta(days=common.AHEAD_DAYS)
    values["required_by"] = common.day(
        values,
        "required_by",
        errors,
        required=True,
        floor=floor,
        floor_reason=_("the day drills count from"),
        ceiling=ceiling,
        ceiling_reason=dates.DEADLINE_YEAR,
    )


def clean_requirement(user, values: dict[str, Any], instance: DrillRequirement | None = None) -> dict[str, Any]:
    common.unknown_fields(values, ("enterprise", "people", "counted_from", "required_by", "source"))
    values, errors = dict(values), {}
    enterprise = values.get("enterprise")
    if enterprise is None:
        errors["enterprise"] = [_("Choose the place.")]
    elif not within(user, enterprise):
        errors["enterprise"] = [_("This unit is outside your jurisdiction.")]
    if values.get("people") in (None, "") and enterprise is not None:
        values["people"] = enterprise.staff_count
    values["people"] = common.whole(values, "people", errors, 0, MAX_PEOPLE)
    if values["people"] is not None and values["people"] < MIN_PEOPLE:
        errors["people"] = [
            _("A crowded place named for a drill holds %(min)s people or more (兴安办〔2024〕80号 二（三）3).")
            % {"min": MIN_PEOPLE}
        ]
    values["source"] = values.get("source") or SOURCE
    common.texts(values, {"source": SOURCE_LIMIT}, errors)
    _window(values, errors)
    if not errors:
        twins = DrillRequirement.objects.filter(enterprise=enterprise, required_by=values["required_by"])
        if instance is not None:
            twins = twins.exclude(pk=instance.pk)
        if twins.exists():
            errors["enterprise"] = [_("This place is already named with this deadline.")]
    common.refuse(errors)
    return values


@transaction.atomic
def name_place(user, **values) -> DrillRequirement:
    """Name one crowded place: the unit, the people it holds (its staff when not given), the window."""
    access.check_name_places(user)
    requirement = DrillRequirement(named_by=user, **clean_requirement(user, values))
    requirement._history_user = user  # type: ignore[attr-defined]
    requirement.save()
    return requirement


@transaction.atomic
def name_places(user, enterprises: Iterable, **window) -> list[DrillRequirement]:
    """Name several places with one window; every refusal at once, by unit name, and none named if any is."""
    access.check_name_places(user)
    named: list[DrillRequirement] = []
    errors: dict[str, list[str]] = {}
    for enterprise in enterprises:
        try:
            named.append(name_place(user, enterprise=enterprise, **window))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                key = "enterprises" if field in ("enterprise", "people") else field
                prefix = f"{enterprise.name}：" if key == "enterprises" else ""
                errors.setdefault(key, []).extend(f"{prefix}{m}" for m in messages)
    if not named and not errors:
        errors["enterprises"] = [_("Choose at least one place.")]
    if errors:
        raise ValidationError({k: list(dict.fromkeys(v)) for k, v in errors.items()})
    return named


@transaction.atomic
def change_requirement(user, requirement: DrillRequirement, changes: dict[str, Any]) -> DrillRequirement:
    access.check_name_places(user)
    requirement = DrillRequirement.objects.select_for_update().get(pk=requirement.pk)
    current = {n: getattr(requirement, n) for n in ("enterprise", "people", "counted_from", "required_by", "source")}
    cleaned = clean_requirement(user, {**current, **changes}, instance=requirement)
    for name, value in cleaned.items():
        setattr(requirement, name, value)
    requirement._history_user = user  # type: ignore[attr-defined]
    requirement.save()
    return requirement


@transaction.atomic
def withdraw(user, requirement: DrillRequirement) -> None:
    """Take a place off the list (its history stays)."""
    access.check_name_places(user)
    if not within(user, requirement):
        raise ValidationError(_("This place is outside your jurisdiction."))
    requirement._history_user = user  # type: ignore[attr-defined]
    requirement.delete()
