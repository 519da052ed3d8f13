"""Recording the offices' work and the roster of technical inspectors, as plain functions.

The web views, the API and the tests call these; they decide who may (PermissionDenied) and what is valid
(ValidationError keyed by field, every problem at once), and nothing is saved when they refuse. History is
kept by django-simple-history on every change and on deletion.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from anjian.core import dates
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, check_lengths, has_control_characters
from anjian.core.validators import CONTROL_CHARACTERS_MESSAGE as CONTROL_MESSAGE
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import within

from . import rules
from .choices import ENTERPRISE_KINDS, PEOPLE_KINDS, PEOPLE_REQUIRED, TOWN_KINDS, InspectorKind, WorkKind
from .models import MAX_PEOPLE, TechnicalInspector, WorkRecord

RECORD_FIELDS = (
    "date",
    "kind",
    "title",
    "place",
    "people",
    "participants",
    "note",
    "enterprise",
    "town",
    "region",
    "department",
)
TEXT_LIMITS = {"title": 200, "place": 200, "participants": COMMENT_MAX_LENGTH, "note": DESCRIPTION_MAX_LENGTH}
INSPECTOR_FIELDS = ("name", "kind", "since", "until", "region", "department")
NAME_LIMIT = 40


def _texts(values: dict, limits: dict[str, int], errors: dict) -> None:
    """Strip the texts; refuse control characters and excess length, keyed by field."""
    for name in limits:
        value = values.get(name)
        if value is None:
            values[name] = ""
        elif not isinstance(value, str):
            errors[name] = [_("Enter text.")]
        elif has_control_characters(value):
            errors[name] = [str(CONTROL_MESSAGE)]
        else:
            values[name] = value.strip()
    try:
        check_lengths({k: v for k, v in values.items() if k not in errors}, limits)
    except ValidationError as exc:
        errors.update(exc.message_dict)


def _day(value, field: str, errors: dict, **bounds):
    try:
        return dates.check_date(value, field=field, ceiling=dates.today(), **bounds)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return None


def _unit(user, region, department, errors: dict) -> rules.Unit | None:
    """The unit named (or the user's own), refused unless the user may record for it."""
    if department is not None:
        unit = rules.unit_of_department(department)
        if region is not None and region.pk != unit.region.pk:
            errors["region"] = [_("A department's work lies at its county; name the department only.")]
            return None
    elif region is not None:
        if region.level not in rules.UNIT_LEVELS:
            errors["region"] = [_("Choose a town or the county.")]
            return None
        unit = rules.Unit(region)
    else:
        unit = rules.default_unit(user)
        if unit is None:
            errors["region"] = [_("Choose the unit whose work this is.")]
            return None
    if not rules.may_record_for(user, unit.region, unit.department):
        field = "department" if unit.department is not None else "region"
        errors[field] = [_("You may record only the work of your own unit.")]
        return None
    return unit


def _people(kind, people, errors: dict):
    if people in (None, ""):
        if kind in PEOPLE_REQUIRED:
            errors["people"] = [_("Give the number of people (人次 trained, or persons held accountable).")]
        return None
    if isinstance(people, bool) or not isinstance(people, int):
        try:
            people = int(str(people))
        except ValueError:
            errors["people"] = [_("The number of people is a whole number.")]
            return None
    if not 0 <= people <= MAX_PEOPLE:
        errors["people"] = [_("The number of people lies from 0 to %(max)s.") % {"max": MAX_PEOPLE}]
    elif kind in WorkKind.values and kind not in PEOPLE_KINDS:
        errors["people"] = [_("Only trainings and accountability count people.")]
    return people


def _town(user, kind, town, unit: rules.Unit | None, errors: dict):
    if kind not in TOWN_KINDS:
        if town is not None:
            errors["town"] = [_("Only guidance and admonition of a town name a town.")]
        return None
    if town is None:
        errors["town"] = [_("Name the town concerned.")]
    elif town.level != RegionLevel.TOWN or not rules.towns_for(user).filter(pk=town.pk).exists():
        errors["town"] = [_("Choose a town within your jurisdiction.")]
    elif unit is not None and not town.path.startswith(unit.region.path):
        errors["town"] = [_("Choose a town within your jurisdiction.")]
    return town


def _enterprise(user, kind, enterprise, errors: dict):
    if enterprise is None:
        return None
    if kind not in ENTERPRISE_KINDS:
        errors["enterprise"] = [_("Only a briefing names the enterprise visited.")]
    elif not within(user, enterprise):
        errors["enterprise"] = [_("This enterprise is outside your jurisdiction.")]
    return enterprise


def clean_record(user, values: dict[str, Any]) -> dict[str, Any]:
    """The record's values checked together; ValidationError with every refusal keyed by field."""
    unknown = set(values) - set(RECORD_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    values, errors = dict(values), {}
    kind = values.get("kind")
    if kind not in WorkKind.values:
        errors["kind"] = [_("Choose the kind of work.")]
    values["date"] = _day(values.get("date"), "date", errors)
    _texts(values, TEXT_LIMITS, errors)
    if "title" not in errors and not values["title"]:
        errors["title"] = [_("Give the work a title.")]
    values["people"] = _people(kind, values.get("people"), errors)
    unit = _unit(user, values.get("region"), values.get("department"), errors)
    if unit is not None:
        values["region"], values["department"] = unit.region, unit.department
    values["town"] = _town(user, kind, values.get("town"), unit, errors)
    values["enterprise"] = _enterprise(user, kind, values.get("enterprise"), errors)
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def record_work(user, attachments=(), **values) -> WorkRecord:
    """Record one piece of work (kind, date, title, unit …) with its stored attachments."""
    rules.check_write(user)
    record = WorkRecord(created_by=user, **clean_record(user, values))
    record._history_user = user  # type: ignore[attr-defined]
    record.save()
    if attachments:
        record.attachments.add(*attachments)
    return record


def check_correct(user, record: WorkRecord) -> None:
    rules.check_write(user)
    if not rules.may_record_for(user, record.region, record.department):
        raise PermissionDenied(_("Only the unit whose work this is (or the county office) corrects it."))


@transaction.atomic
def correct_work(user, record: WorkRecord, changes: dict[str, Any], attachments=()) -> WorkRecord:
    """Correct a record (its history keeps what it said before); `attachments` are added to it."""
    record = WorkRecord.objects.select_for_update().get(pk=record.pk)  # no outer join: PostgreSQL refuses to lock one
    check_correct(user, record)
    current = {name: getattr(record, name) for name in RECORD_FIELDS}
    if changes.get("department") is not None and "region" not in changes:
        current["region"] = None  # a department's record lies at the department's county
    if "department" in changes and changes["department"] is None and "region" not in changes:
        current["region"] = None
    cleaned = clean_record(user, {**current, **changes})
    for name, value in cleaned.items():
        setattr(record, name, value)
    record._history_user = user  # type: ignore[attr-defined]
    record.save()
    if attachments:
        record.attachments.add(*attachments)
    return record


@transaction.atomic
def delete_work(user, record: WorkRecord) -> None:
    """Only the county office deletes a record; its history (with the deletion) stays."""
    rules.check_write(user)
    if not rules.may_delete(user, record):
        raise PermissionDenied(_("Only the county office deletes a work record."))
    record._history_user = user  # type: ignore[attr-defined]
    record.delete()


# --- the roster of technical inspectors ------------------------------------------------------------------


def _roster_unit(user, region, department, errors: dict) -> rules.Unit | None:
    unit = _unit(user, region, department, errors)
    if unit is not None and unit.department is None and unit.region.level != RegionLevel.TOWN:
        errors["region"] = [_("Technical inspectors belong to a department or a town.")]
        return None
    return unit


def clean_inspector(user, values: dict[str, Any], instance: TechnicalInspector | None = None) -> dict[str, Any]:
    unknown = set(values) - set(INSPECTOR_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    values, errors = dict(values), {}
    _texts(values, {"name": NAME_LIMIT}, errors)
    if "name" not in errors and not values["name"]:
        errors["name"] = [_("Give the inspector's name.")]
    if values.get("kind") not in InspectorKind.values:
        errors["kind"] = [_("Choose full-time or part-time.")]
    values["since"] = _day(values.get("since"), "since", errors)
    if values.get("until") in (None, ""):
        values["until"] = None
    elif values["since"] is not None:
        values["until"] = _day(values["until"], "until", errors, floor=values["since"], floor_reason=_("the first day"))
    unit = _roster_unit(user, values.get("region"), values.get("department"), errors)
    if unit is not None:
        values["region"], values["department"] = unit.region, unit.department
        if not errors and values["until"] is None:
            serving = TechnicalInspector.objects.filter(
                region=unit.region, department=unit.department, name=values["name"], until__isnull=True
            )
            if instance is not None:
                serving = serving.exclude(pk=instance.pk)
            if serving.exists():
                errors["name"] = [_("This person is already serving in this unit.")]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def add_inspector(user, **values) -> TechnicalInspector:
    """Put a technical inspector on the roster of a department or a town."""
    rules.check_write(user)
    inspector = TechnicalInspector(created_by=user, **clean_inspector(user, values))
    inspector._history_user = user  # type: ignore[attr-defined]
    inspector.save()
    return inspector


def check_roster(user, inspector: TechnicalInspector) -> None:
    rules.check_write(user)
    if not rules.may_record_for(user, inspector.region, inspector.department):
        raise PermissionDenied(_("Only the inspector's unit (or the county office) changes the roster."))


@transaction.atomic
def change_inspector(user, inspector: TechnicalInspector, changes: dict[str, Any]) -> TechnicalInspector:
    """Correct a roster entry or end the service (`until`, the last day served)."""
    inspector = TechnicalInspector.objects.select_for_update().get(pk=inspector.pk)
    check_roster(user, inspector)
    current = {name: getattr(inspector, name) for name in INSPECTOR_FIELDS}
    if changes.get("department") is not None and "region" not in changes:
        current["region"] = None
    cleaned = clean_inspector(user, {**current, **changes}, instance=inspector)
    for name, value in cleaned.items():
        setattr(inspector, name, value)
    inspector._history_user = user  # type: ignore[attr-defined]
    inspector.save()
    return inspector


def end_service(user, inspector: TechnicalInspector, until) -> TechnicalInspector:
    if until in (None, ""):
        raise ValidationError({"until": _("Give the last day of service.")})
    return change_inspector(user, inspector, {"until": until})
