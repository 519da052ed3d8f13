"""Recording people, their absences and training, as plain functions that the web views, the API, the import and
the tests call. They decide who may (PermissionDenied) and what is valid (ValidationError keyed by field, every
problem at once); nothing is saved when they refuse. History is kept by django-simple-history.
Certificates are recorded in people/certificates.py, permits in people/permits.py.

A training record also keeps the unit's principal's `training` duty (十个一次: 每年至少组织一次安全生产知识技能培训)
in step, through the duties' service (`follow`): see `UNIT_TRAINING`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from anjian.core import dates
from anjian.duties import services as duties
from anjian.org.jurisdiction import within

from . import cleaning
from .choices import CATEGORY_FIELDS, AssessmentResult, Category, OperationType, TrainingKind
from .models import MAX_HOURS, Absence, Person, TrainingRecord
from .validators import id_number_problem, normalize_id_number

PERSON_FIELDS = (
    "enterprise", "name", "id_number", "post", "categories", "operation_type",
    "appointed_on", "started_on", "left_on",
)  # fmt: skip
PERSON_TEXTS = {"name": 40, "post": 60}
TRAINING_FIELDS = ("person", "enterprise", "kind", "course", "hours", "date", "provider", "result")
TRAINING_TEXTS = {"course": 200, "provider": 120}
ABSENCE_FIELDS = ("person", "away_from", "back_on", "reason")
# The app keeps training per person, not training sessions. "组织一次安全生产知识技能培训" is a training the unit organises
# for its staff, and two kinds of a person's record are that (《生产经营单位安全培训规定》, 原国家安监总局令第3号): the
# pre-post training (岗前培训, 三级安全教育: plant, workshop, team) and the yearly retraining (每年再培训), both given by
# the unit. A record of either kind, whatever its result, shows the unit organised a training on its day, so it marks
# the unit's `training` duty of that period done. A certificate's review training (复审培训, given by an outside
# institution) and one person's retraining before resuming the post (重新上岗前) are not a training the unit
# organised for its staff and leave the duty alone.
UNIT_TRAINING = (TrainingKind.INITIAL, TrainingKind.YEARLY)


def _save(instance, user):
    instance._history_user = user  # type: ignore[attr-defined]
    instance.save()
    return instance


# --- people --------------------------------------------------------------------------------------------------


def _categories(value: Any, errors: dict) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple | set):
        errors["categories"] = [_('Give the categories as a list, such as ["principal"].')]
        return []
    unknown = [str(v)[:30] for v in value if v not in Category.values]
    if unknown:
        errors["categories"] = [
            _("Unknown categories: %(names)s. Use %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(Category.values)}
        ]
        return []
    return [c for c in Category.values if c in value]


def _id_number(value: Any, enterprise, instance: Person | None, errors: dict) -> str:
    if not isinstance(value, str) or not value.strip():
        errors["id_number"] = [_("Give the 18-character ID number.")]
        return ""
    number = normalize_id_number(value)
    problem = id_number_problem(number)
    if problem:
        errors["id_number"] = [problem]
    elif enterprise is not None:
        same = Person.objects.filter(enterprise=enterprise, id_number=number)
        found = same.exclude(pk=instance.pk).first() if instance is not None else same.first()
        if found is not None:
            errors["id_number"] = [
                _("%(name)s is already registered at this unit with this ID number: one ID number is one person.")
                % {"name": found.name}
            ]
    return number


def _operation(values: dict, categories: list[str], errors: dict) -> str:
    operation = values.get("operation_type") or ""
    if operation and operation not in OperationType.values:
        errors["operation_type"] = [_("Choose a special operation of the catalogue.")]
    elif Category.SPECIAL_OPERATION in categories and not operation:
        errors["operation_type"] = [_("Name the special operation this worker performs (电焊 is welding).")]
    elif operation and Category.SPECIAL_OPERATION not in categories:
        errors["operation_type"] = [_("Only a special-operation worker has a special operation.")]
    return operation


def _person_dates(values: dict, categories: list[str], errors: dict) -> None:
    old = {"floor": cleaning.BIRTH_FLOOR, "floor_reason": cleaning.OLD_DATE}
    values["appointed_on"] = cleaning.day(
        values.get("appointed_on"), "appointed_on", errors, required=False, ceiling=dates.today(), **old
    )
    if values["appointed_on"] and not {Category.PRINCIPAL, Category.SAFETY_MANAGER} & set(categories):
        errors["appointed_on"] = [_("Only a principal or a safety manager has an appointment date.")]
    ahead = dates.today() + dt.timedelta(days=365)
    values["started_on"] = cleaning.day(
        values.get("started_on"), "started_on", errors, required=False, ceiling=ahead,
        ceiling_reason=cleaning.A_YEAR_AHEAD, **old,
    )  # fmt: skip
    started = values["started_on"]
    values["left_on"] = cleaning.day(
        values.get("left_on"), "left_on", errors, required=False, ceiling=dates.today(),
        floor=started or cleaning.BIRTH_FLOOR,
        floor_reason=_("the day the person took up the post") if started else cleaning.OLD_DATE,
    )  # fmt: skip


def clean_person(user, values: dict[str, Any], instance: Person | None = None) -> dict[str, Any]:
    """The person's values checked together, as model field values; ValidationError keyed by field."""
    cleaning.unknown_fields(values, PERSON_FIELDS)
    values, errors = dict(values), {}
    enterprise = values.get("enterprise")
    if instance is not None and enterprise is not None and enterprise.pk != instance.enterprise_id:
        errors["enterprise"] = [_("A person does not move between units: record the person at the new unit.")]
        enterprise = None
    else:
        enterprise = cleaning.unit(user, enterprise, errors)
    cleaning.texts(values, PERSON_TEXTS, errors, required=("name",))
    values["id_number"] = _id_number(values.get("id_number"), enterprise, instance, errors)
    categories = _categories(values.pop("categories", None), errors)
    values["operation_type"] = _operation(values, categories, errors)
    _person_dates(values, categories, errors)
    if errors:
        raise ValidationError(errors)
    values["enterprise"] = enterprise
    values.update({field: code in categories for code, field in CATEGORY_FIELDS.items()})
    return values


@transaction.atomic
def add_person(user, **values) -> Person:
    """Register a person of a unit (name, ID number, post, categories …)."""
    cleaning.check_write(user)
    return _save(Person(created_by=user, **clean_person(user, values)), user)


def check_change(user, instance) -> None:
    """Whoever may write and sees the record's unit changes it (the unit's own records included)."""
    cleaning.check_write(user)
    if not within(user, instance):
        raise PermissionDenied(_("This record is outside your jurisdiction."))


def person_values(person: Person) -> dict[str, Any]:
    values = {name: getattr(person, name) for name in PERSON_FIELDS if name != "categories"}
    return values | {"categories": person.categories}


@transaction.atomic
def change_person(user, person: Person, changes: dict[str, Any]) -> Person:
    """Correct a person's record (its history keeps what it said before); `left_on` records leaving."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    check_change(user, person)
    cleaned = clean_person(user, {**person_values(person), **changes}, instance=person)
    for name, value in cleaned.items():
        setattr(person, name, value)
    return _save(person, user)


# --- absences ------------------------------------------------------------------------------------------------


def person_of(user, person: Any, errors: dict, enterprise: Any = None) -> Person | None:
    """The person named, within the user's jurisdiction, current, and of `enterprise` when one is named."""
    if person is None:
        errors["person"] = [_("Choose the person.")]
        return None
    if not isinstance(person, Person) or not within(user, person):
        errors["person"] = [_("No person with this id within your jurisdiction.")]
        return None
    if enterprise is not None and enterprise.pk != person.enterprise_id:
        errors["person"] = [
            _("%(name)s works at %(unit)s, not at %(other)s: a record belongs to a person of the same unit.")
            % {"name": person.name, "unit": person.enterprise.name, "other": enterprise.name}
        ]
        return None
    return person


def clean_absence(user, values: dict[str, Any], instance: Absence | None = None) -> dict[str, Any]:
    cleaning.unknown_fields(values, ABSENCE_FIELDS)
    values, errors = dict(values), {}
    person = person_of(user, values.get("person"), errors)
    cleaning.texts(values, {"reason": 200}, errors)
    away = cleaning.past_day(values.get("away_from"), "away_from", errors)
    values["away_from"] = away
    if away is not None:
        values["back_on"] = cleaning.day(
            values.get("back_on"), "back_on", errors, required=False, floor=away + dt.timedelta(days=1),
            floor_reason=_("the day after leaving"), ceiling=dates.today() + dt.timedelta(days=365),
            ceiling_reason=cleaning.A_YEAR_AHEAD,
        )  # fmt: skip
    if person is not None and away is not None and "back_on" not in errors:
        _no_overlap(person, away, values.get("back_on"), instance, errors)
    if errors:
        raise ValidationError(errors)
    values["person"] = person
    return values


def _no_overlap(person: Person, away: dt.date, back: dt.date | None, instance, errors: dict) -> None:
    others = Absence.objects.filter(person=person).exclude(pk=getattr(instance, "pk", None))
    for other in others:
        if (other.back_on is None or away < other.back_on) and (back is None or other.away_from < back):
            errors["away_from"] = [_("This overlaps another absence (%(other)s).") % {"other": str(other)}]
            return


@transaction.atomic
def add_absence(user, **values) -> Absence:
    """Record a time away (离岗); back on or after the day 3 months on, the person retrains before resuming."""
    cleaning.check_write(user)
    return _save(Absence(**clean_absence(user, values)), user)


@transaction.atomic
def change_absence(user, absence: Absence, changes: dict[str, Any]) -> Absence:
    check_change(user, absence)
    current = {"person": absence.person, "away_from": absence.away_from, "back_on": absence.back_on}
    cleaned = clean_absence(user, {**current, "reason": absence.reason, **changes}, instance=absence)
    for name, value in cleaned.items():
        setattr(absence, name, value)
    return _save(absence, user)


@transaction.atomic
def delete_record(user, record) -> None:
    """Delete an absence, a training record or a certificate; its history (with the deletion) stays."""
    check_change(user, record)
    if isinstance(record, TrainingRecord):
        follow_duty(user, record, removing=True)
    record._history_user = user  # type: ignore[attr-defined]
    record.delete()


# --- training ------------------------------------------------------------------------------------------------


def clean_training(user, values: dict[str, Any]) -> dict[str, Any]:
    cleaning.unknown_fields(values, TRAINING_FIELDS)
    values, errors = dict(values), {}
    enterprise = values.pop("enterprise", None)
    person = person_of(user, values.get("person"), errors, enterprise)
    if values.get("kind") not in TrainingKind.values:
        errors["kind"] = [_("Choose the kind of training: %(kinds)s.") % {"kinds": ", ".join(TrainingKind.values)}]
    values["result"] = values.get("result") or AssessmentResult.PASSED
    if values["result"] not in AssessmentResult.values:
        errors["result"] = [_("The assessment result is passed or failed.")]
    cleaning.texts(values, TRAINING_TEXTS, errors, required=("course",))
    values["hours"] = cleaning.hours(values.get("hours"), "hours", errors, MAX_HOURS)
    values["date"] = cleaning.past_day(values.get("date"), "date", errors)
    if errors:
        raise ValidationError(errors)
    values["person"] = person
    return values


@transaction.atomic
def add_training(user, **values) -> TrainingRecord:
    """Record a training a person took: course, 学时, date, provider, assessment result, kind."""
    cleaning.check_write(user)
    record = _save(TrainingRecord(created_by=user, **clean_training(user, values)), user)
    follow_duty(user, record)
    return record


@transaction.atomic
def change_training(user, record: TrainingRecord, changes: dict[str, Any]) -> TrainingRecord:
    check_change(user, record)
    current = {name: getattr(record, name) for name in TRAINING_FIELDS if name != "enterprise"}
    cleaned = clean_training(user, {**current, **changes})
    for name, value in cleaned.items():
        setattr(record, name, value)
    record = _save(record, user)
    follow_duty(user, record)
    return record


def follow_duty(user, record: TrainingRecord, *, removing: bool = False) -> None:
    """Keep the unit's `training` duty in step with this record (`UNIT_TRAINING`): done by it when it is a training
    the unit organised; otherwise (or when `removing` it) released, and done by another such record of the period."""
    unit = record.person.enterprise

    def others(occurrence):
        other = (
            TrainingRecord.objects.filter(
                person__enterprise_id=occurrence.enterprise_id,
                kind__in=UNIT_TRAINING,
                date__range=(occurrence.period_start, occurrence.due_on),
            )
            .exclude(pk=record.pk)
            .order_by("date", "pk")
            .first()
        )
        return (other, other.date) if other is not None else None

    if not removing and record.kind in UNIT_TRAINING:
        duties.follow(user, duties.TRAINING, record, unit, record.date, others)
    else:
        duties.follow(user, duties.TRAINING, record, others=others)
