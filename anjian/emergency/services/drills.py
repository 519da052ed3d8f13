"""Drills: plan, file (报备), hold, evaluate, as plain functions the web pages, the API, the demo and the tests call.

They decide who may (PermissionDenied) and what is valid (ValidationError keyed by field, every problem at once);
nothing is saved when they refuse. History is kept by django-simple-history on every change.

A drill a unit organised and held is its principal's `drill` duty of the period (十个一次: 组织一次安全生产应急救援
演练): recording, correcting or cancelling one keeps that duty in step through the duties' service (`follow`), so a
drill moved, no longer held or removed leaves no false "done" behind."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from anjian.core.validators import DESCRIPTION_MAX_LENGTH
from anjian.duties import services as duties
from anjian.org.jurisdiction import restrict

from .. import access, labels, rules
from ..choices import DrillKind, Organiser
from ..models import MAX_PARTICIPANTS, Drill, EmergencyPlan
from . import common
from .plans import mark_for_revision

DRILL_FIELDS = (
    "enterprise",
    "department",
    "region",
    "title",
    "kind",
    "unscripted",
    "planned_on",
    "filed_on",
    "held_on",
    "place",
    "participants",
    "plan",
    "evaluation",
    "improvements",
    "plan_needs_revision",
)
TEXT_LIMITS = {
    "title": 200,
    "place": 200,
    "evaluation": DESCRIPTION_MAX_LENGTH,
    "improvements": DESCRIPTION_MAX_LENGTH,
}
HELD_ONLY = ("evaluation", "improvements")


def default_title(kind: str) -> str:
    """The title of a drill given none: its kind (火灾应急演练 …), stored in the county's language."""
    return labels.drill_title(kind)


def _plan(user, values: dict, owner: access.Owner | None, errors: dict) -> EmergencyPlan | None:
    plan = values.get("plan")
    if plan is None:
        if values.get("plan_needs_revision"):
            errors["plan_needs_revision"] = [_("Name the plan the drill exercised to mark it for revision.")]
        return None
    if not restrict(user, EmergencyPlan.objects.filter(pk=plan.pk)).exists():
        errors["plan"] = [_("No emergency plan with this id within your jurisdiction.")]
    elif owner is not None and owner.enterprise is not None and plan.enterprise_id != owner.enterprise.pk:
        errors["plan"] = [_("A unit's drill exercises one of the unit's own plans.")]
    return plan


def _dates(values: dict, owner: access.Owner | None, errors: dict) -> None:
    floor, reason = common.established_floor(owner.enterprise if owner else None)
    values["planned_on"] = common.ahead_day(values, "planned_on", errors)
    values["filed_on"] = common.past_day(values, "filed_on", errors)
    values["held_on"] = common.past_day(values, "held_on", errors, floor=floor, floor_reason=reason)
    if values["planned_on"] is None and values["held_on"] is None and not {"planned_on", "held_on"} & set(errors):
        errors["planned_on"] = [_("Give the day the drill is planned for, or the day it was held.")]


def _held_fields(values: dict, errors: dict) -> None:
    held = values["held_on"] is not None
    values["participants"] = common.whole(values, "participants", errors, 1, MAX_PARTICIPANTS)
    if held and values["participants"] is None and "participants" not in errors and "held_on" not in errors:
        errors["participants"] = [_("Give the number of people who took part.")]
    if not held and "held_on" not in errors:
        for name in HELD_ONLY:
            if values.get(name):
                errors[name] = [_("A drill is evaluated once it has been held.")]
        if values.get("plan_needs_revision"):
            errors["plan_needs_revision"] = [_("A drill is evaluated once it has been held.")]


def clean_drill(user, values: dict[str, Any]) -> dict[str, Any]:
    """The drill's values checked together; ValidationError with every refusal keyed by field."""
    common.unknown_fields(values, DRILL_FIELDS)
    values, errors = dict(values), {}
    kind = values.get("kind")
    if kind not in DrillKind.values:
        errors["kind"] = [_("Choose the kind of drill.")]
    common.texts(values, TEXT_LIMITS, errors)
    if "title" not in errors and not values["title"] and kind in DrillKind.values:
        values["title"] = default_title(kind)
    values["unscripted"] = bool(values.get("unscripted"))
    values["plan_needs_revision"] = bool(values.get("plan_needs_revision"))
    owner = common.owner(user, values, errors, town_allowed=True)
    _dates(values, owner, errors)
    _held_fields(values, errors)
    values["plan"] = _plan(user, values, owner, errors)
    common.refuse(errors)
    assert owner is not None  # refused otherwise
    for name in ("enterprise", "region"):
        values.pop(name, None)
    values.update(owner.fields)
    return values


def _save(user, drill: Drill, values: dict) -> Drill:
    for name, value in values.items():
        setattr(drill, name, value)
    drill.state = rules.drill_state(drill.filed_on, drill.held_on, drill.evaluation)
    drill._history_user = user  # type: ignore[attr-defined]
    drill.save()
    return drill


@transaction.atomic
def record_drill(user, photos=(), **values) -> Drill:
    """Record a drill: planned (planned_on) or already held (held_on and participants), with its photos."""
    access.check_record(user)
    cleaned = clean_drill(user, values)
    drill = _save(user, Drill(created_by=user), cleaned)
    if photos:
        drill.photos.add(*photos)
    if drill.plan_needs_revision and drill.plan is not None:
        mark_for_revision(user, drill.plan, drill)
    follow_duty(user, drill)
    return drill


def follow_duty(user, drill: Drill, *, removing: bool = False) -> None:
    """Keep the unit's `drill` duty in step with this drill: done by it when the unit organised and held it;
    otherwise (or when `removing` it) released, and done instead by another drill of the unit in that period."""
    counts = not removing and drill.organiser == Organiser.ENTERPRISE and drill.enterprise_id and drill.held_on

    def others(occurrence):
        other = (
            Drill.objects.filter(
                organiser=Organiser.ENTERPRISE,
                enterprise_id=occurrence.enterprise_id,
                held_on__range=(occurrence.period_start, occurrence.due_on),
            )
            .exclude(pk=drill.pk)
            .order_by("held_on", "pk")
            .first()
        )
        return (other, other.held_on) if other is not None else None

    if counts:
        duties.follow(user, duties.DRILL, drill, drill.enterprise, drill.held_on, others)
    else:
        duties.follow(user, duties.DRILL, drill, others=others)


def check_change(user, drill: Drill) -> None:
    access.check_record(user)
    if not access.may_record_for(user, access.owner_of(drill)):
        raise PermissionDenied(_("Only the drill's organiser, or an office in charge of it, changes it."))


def current_values(drill: Drill) -> dict[str, Any]:
    values = {name: getattr(drill, name) for name in DRILL_FIELDS if name not in ("enterprise", "department", "region")}
    if drill.organiser == Organiser.ENTERPRISE:
        values["enterprise"] = drill.enterprise
    elif drill.organiser == Organiser.DEPARTMENT:
        values["department"] = drill.department
        values["region"] = drill.region if drill.region.level != "county" else None
    else:
        values["region"] = drill.region
    return values


@transaction.atomic
def change_drill(user, drill: Drill, changes: dict[str, Any], photos=()) -> Drill:
    """File its plan, record it held, evaluate it, or correct it; the history keeps what it said before."""
    drill = Drill.objects.select_for_update().get(pk=drill.pk)
    check_change(user, drill)
    owner_named = {"enterprise", "department", "region"} & set(changes)
    current = current_values(drill)
    if owner_named:
        for name in ("enterprise", "department", "region"):
            current.pop(name, None)
    flagged_before = drill.plan_needs_revision
    cleaned = clean_drill(user, {**current, **changes})
    drill = _save(user, drill, cleaned)
    if photos:
        drill.photos.add(*photos)
    if drill.plan_needs_revision and not flagged_before and drill.plan is not None:
        mark_for_revision(user, drill.plan, drill)
    follow_duty(user, drill)
    return drill


@transaction.atomic
def cancel_drill(user, drill: Drill) -> None:
    """A planned drill that will not be held is removed (its history stays); a held drill is kept."""
    check_change(user, drill)
    if drill.held_on is not None:
        raise ValidationError({"held_on": [_("A drill that was held is kept; correct it instead.")]})
    follow_duty(user, drill, removing=True)
    drill._history_user = user  # type: ignore[attr-defined]
    drill.delete()
