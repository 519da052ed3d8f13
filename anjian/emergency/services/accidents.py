"""Accidents: record and correct one, with its grade checked against its consequences (《生产安全事故报告和调查处理
条例》 第三条), its reporting (迟报、漏报、谎报、瞒报) and its investigation (who investigates: 条例 第十九条, one level up
for a concealed or falsely reported accident: 赣发〔2024〕10号 (六) 提级调查)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core import dates
from anjian.core.validators import DESCRIPTION_MAX_LENGTH
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import within

from .. import access, rules
from ..choices import LEVEL_ORDER, AccidentGrade, InvestigationLevel, InvestigationStatus, Reporting
from ..models import MAX_CASUALTIES, MAX_LOSS, Accident
from . import common

ACCIDENT_FIELDS = (
    "occurred_at",
    "enterprise",
    "unit_name",
    "place",
    "region",
    "sector",
    "grade",
    "deaths",
    "serious_injuries",
    "direct_loss",
    "summary",
    "reporting",
    "investigation_status",
    "investigation_level",
    "conclusion",
)
TEXT_LIMITS = {"unit_name": 120, "place": 200, "summary": DESCRIPTION_MAX_LENGTH, "conclusion": DESCRIPTION_MAX_LENGTH}


def _moment(values: dict, errors: dict) -> dt.datetime | None:
    value = values.get("occurred_at")
    if value in (None, ""):
        errors["occurred_at"] = [_("Give the day and time of the accident.")]
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            errors["occurred_at"] = [_("Enter a date and time as YYYY-MM-DD HH:MM.")]
            return None
    if not isinstance(value, dt.datetime):
        errors["occurred_at"] = [_("Enter a date and time as YYYY-MM-DD HH:MM.")]
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        dates.check_past(dates.day_of(value), field="occurred_at")
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return None
    if value > timezone.now():
        errors["occurred_at"] = [_("The accident cannot lie in the future.")]
        return None
    return value


def _loss(values: dict, errors: dict) -> Decimal | None:
    value = values.get("direct_loss")
    if value in (None, ""):
        return Decimal("0.00")
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors["direct_loss"] = [_("Enter an amount in 万元, e.g. 12.5.")]
        return None
    if not amount.is_finite() or not Decimal(0) <= amount <= MAX_LOSS or amount != amount.quantize(Decimal("0.01")):
        errors["direct_loss"] = [
            _("Enter an amount from 0 to %(max)s 万元, to two decimal places.") % {"max": MAX_LOSS}
        ]
        return None
    return amount.quantize(Decimal("0.01"))


def _place(values: dict, errors: dict) -> None:
    """The unit, or its name, town or village and sector when it is not in the registry."""
    enterprise = values.get("enterprise")
    if enterprise is not None:
        values["unit_name"] = values.get("unit_name") or enterprise.name
        values["region"] = values.get("region") or enterprise.region
        values["sector"] = values.get("sector") or enterprise.sector
        values["department"] = enterprise.responsible_department
    else:
        values["department"] = None
    for name, message in (
        ("unit_name", _("Name the unit where it happened.")),
        ("region", _("Choose the town or village where it happened.")),
        ("sector", _("Choose the sector.")),
    ):
        if not values.get(name) and name not in errors:
            errors[name] = [message]
    region = values.get("region")
    if region is not None and region.level not in (RegionLevel.TOWN, RegionLevel.VILLAGE):
        errors["region"] = [_("Choose a town or a village.")]


def _grade(values: dict, errors: dict) -> None:
    deaths, injuries, loss = values.get("deaths"), values.get("serious_injuries"), values.get("direct_loss")
    if deaths is None or injuries is None or loss is None:
        return
    grade = values.get("grade") or rules.suggested_grade(deaths, injuries, loss).grade
    if grade not in AccidentGrade.values:
        errors["grade"] = [_("Choose the accident's grade.")]
        return
    problem = rules.grade_problem(grade, deaths, injuries, loss)
    if problem:
        errors["grade"] = [problem]
    values["grade"] = grade


def _investigation(values: dict, errors: dict) -> None:
    for name, choices in (("reporting", Reporting), ("investigation_status", InvestigationStatus)):
        if values.get(name) in (None, ""):
            values[name] = choices.values[0]
        elif values[name] not in choices.values:
            errors[name] = [_("Choose one of the listed values.")]
    level = values.get("investigation_level") or ""
    values["investigation_level"] = level
    if level and level not in InvestigationLevel.values:
        errors["investigation_level"] = [_("Choose one of the listed values.")]
    elif level and values.get("grade") in AccidentGrade.values and values["reporting"] in Reporting.values:
        required = rules.required_investigation_level(values["grade"], values["reporting"])
        if LEVEL_ORDER.index(level) < LEVEL_ORDER.index(required):
            errors["investigation_level"] = [
                _("This accident is investigated by the %(level)s at least (条例 第十九条; 赣发〔2024〕10号 (六)).")
                % {"level": InvestigationLevel(required).label}
            ]
    concluded = values.get("investigation_status") == InvestigationStatus.CONCLUDED
    if concluded and not values.get("conclusion") and "conclusion" not in errors:
        errors["conclusion"] = [_("A concluded investigation states its conclusion.")]


def clean_accident(user, values: dict[str, Any]) -> dict[str, Any]:
    common.unknown_fields(values, ACCIDENT_FIELDS)
    values = dict(values)
    errors: dict[str, list] = {}
    values["occurred_at"] = _moment(values, errors)
    common.texts(values, TEXT_LIMITS, errors)
    if "summary" not in errors and not values["summary"]:
        errors["summary"] = [_("Say what happened.")]
    for name in ("deaths", "serious_injuries"):
        values[name] = common.whole(values, name, errors, 0, MAX_CASUALTIES)
        if values[name] is None and name not in errors:
            values[name] = 0
    values["direct_loss"] = _loss(values, errors)
    _place(values, errors)
    _grade(values, errors)
    _investigation(values, errors)
    enterprise = values.get("enterprise")
    if enterprise is not None and not within(user, enterprise):
        errors["enterprise"] = [_("This unit is outside your jurisdiction.")]
    common.refuse(errors)
    return values


def _save(user, accident: Accident, values: dict) -> Accident:
    for name, value in values.items():
        setattr(accident, name, value)
    accident._history_user = user  # type: ignore[attr-defined]
    accident.save()
    if not within(user, accident):
        raise ValidationError({"region": [_("The accident would lie outside your jurisdiction.")]})
    return accident


@transaction.atomic
def record_accident(user, report=None, **values) -> Accident:
    access.check_office(user)
    return _save(user, Accident(created_by=user, report=report), clean_accident(user, values))


def check_change(user, accident: Accident) -> None:
    access.check_office(user)
    if not within(user, accident):
        raise PermissionDenied(_("This accident is outside your jurisdiction."))


@transaction.atomic
def change_accident(user, accident: Accident, changes: dict[str, Any], report=None) -> Accident:
    """Correct the record or follow its investigation; the history keeps what it said before."""
    accident = Accident.objects.select_for_update().get(pk=accident.pk)
    check_change(user, accident)
    current = {name: getattr(accident, name) for name in ACCIDENT_FIELDS}
    if "enterprise" in changes:
        for name in ("unit_name", "region", "sector"):
            current[name] = None
    if {"deaths", "serious_injuries", "direct_loss"} & set(changes) and "grade" not in changes:
        current["grade"] = ""  # the numbers changed: the grade follows them unless one is given
    cleaned = clean_accident(user, {**current, **changes})
    if report is not None:
        cleaned["report"] = report
    return _save(user, accident, cleaned)
