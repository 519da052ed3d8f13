"""Emergency plans: record one, correct it, file it (备案), evaluate it, mark it for revision after a drill, and
revise it — a new version that supersedes the old one, which is then kept as it was (《生产安全事故应急预案管理
办法》 应急管理部令第2号 第三十五条 evaluation, 第三十六条 revision; 兴国县高兴镇 高府发〔2023〕14号 一（一）9:
结合应急资源变化情况及时修订企业应急预案)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from anjian.core.validators import DESCRIPTION_MAX_LENGTH

from .. import access
from ..choices import Organiser, PlanKind
from ..models import EmergencyPlan
from . import common

PLAN_FIELDS = (
    "enterprise",
    "department",
    "region",
    "title",
    "kind",
    "version",
    "issued_on",
    "filed_on",
    "filed_with",
    "evaluated_on",
    "needs_revision",
    "revision_reason",
)
TEXT_LIMITS = {"title": 200, "version": 20, "revision_reason": DESCRIPTION_MAX_LENGTH}
REVISION_FIELDS = ("title", "version", "issued_on", "filed_on", "filed_with")


def _dates(values: dict, owner: access.Owner | None, errors: dict) -> None:
    floor, reason = common.established_floor(owner.enterprise if owner else None)
    issued = values["issued_on"] = common.past_day(
        values, "issued_on", errors, floor=floor, floor_reason=reason, required=True
    )
    reason = _("the day the plan was issued")
    values["filed_on"] = common.past_day(values, "filed_on", errors, floor=issued, floor_reason=reason)
    values["evaluated_on"] = common.past_day(values, "evaluated_on", errors, floor=issued, floor_reason=reason)
    if values["filed_on"] is not None and values.get("filed_with") is None:
        errors["filed_with"] = [_("Name the department the plan was filed with.")]
    if values.get("filed_with") is not None and values["filed_on"] is None and "filed_on" not in errors:
        errors["filed_on"] = [_("Give the day the plan was filed.")]


def clean_plan(user, values: dict[str, Any]) -> dict[str, Any]:
    common.unknown_fields(values, PLAN_FIELDS)
    values, errors = dict(values), {}
    if values.get("kind") not in PlanKind.values:
        errors["kind"] = [_("Choose the kind of plan.")]
    common.texts(values, TEXT_LIMITS, errors)
    for name, message in (("title", _("Give the plan's title.")), ("version", _("Give the plan's version."))):
        if name not in errors and not values[name]:
            errors[name] = [message]
    owner = common.owner(user, values, errors, town_allowed=False)
    _dates(values, owner, errors)
    values["needs_revision"] = bool(values.get("needs_revision"))
    if not values["needs_revision"] and "revision_reason" not in errors:
        values["revision_reason"] = ""
    common.refuse(errors)
    assert owner is not None  # refused otherwise
    for name in ("enterprise", "region", "department"):
        values.pop(name, None)
    return {**values, **owner.fields}


def _save(user, plan: EmergencyPlan, values: dict) -> EmergencyPlan:
    for name, value in values.items():
        setattr(plan, name, value)
    plan._history_user = user  # type: ignore[attr-defined]
    plan.save()
    return plan


@transaction.atomic
def record_plan(user, document=None, **values) -> EmergencyPlan:
    """Record a plan (its first version, or one made before the platform) with its document."""
    access.check_record(user)
    plan = EmergencyPlan(created_by=user, document=document)
    return _save(user, plan, clean_plan(user, values))


def check_change(user, plan: EmergencyPlan) -> None:
    access.check_record(user)
    if not access.may_record_for(user, access.owner_of(plan)):
        raise PermissionDenied(_("Only the plan's owner, or an office in charge of it, changes it."))
    if not plan.current:
        raise PermissionDenied(_("A superseded version is kept as it was; change the current version."))


def current_values(plan: EmergencyPlan) -> dict[str, Any]:
    values = {name: getattr(plan, name) for name in PLAN_FIELDS if name not in ("enterprise", "department", "region")}
    if plan.organiser == Organiser.ENTERPRISE:
        values["enterprise"] = plan.enterprise
    elif plan.organiser == Organiser.DEPARTMENT:
        values["department"] = plan.department
    else:
        values["region"] = plan.region
    return values


@transaction.atomic
def change_plan(user, plan: EmergencyPlan, changes: dict[str, Any], document=None) -> EmergencyPlan:
    """Correct the current version, record its filing or its evaluation; the history keeps what it said before."""
    plan = EmergencyPlan.objects.select_for_update().get(pk=plan.pk)
    check_change(user, plan)
    current = current_values(plan)
    if {"enterprise", "department", "region"} & set(changes):
        for name in ("enterprise", "department", "region"):
            current.pop(name, None)
    cleaned = clean_plan(user, {**current, **changes})
    if not cleaned["needs_revision"]:
        cleaned["revision_drill"] = None
    if document is not None:
        cleaned["document"] = document
    return _save(user, plan, cleaned)


@transaction.atomic
def revise_plan(user, plan: EmergencyPlan, document=None, **changes) -> EmergencyPlan:
    """A new version superseding `plan`: a new version name, issued on or after the old one; the old version
    stays as it was, no longer current, and the new one is no longer marked for revision."""
    common.unknown_fields(changes, REVISION_FIELDS)
    plan = EmergencyPlan.objects.select_for_update().get(pk=plan.pk)
    check_change(user, plan)
    values = {**current_values(plan), "filed_on": None, "filed_with": None, "evaluated_on": None}
    values.update(changes, needs_revision=False, revision_reason="")
    errors: dict = {}
    cleaned: dict = {}
    try:
        cleaned = clean_plan(user, values)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    version = cleaned.get("version")
    if version is not None and version == plan.version:
        errors["version"] = [_("The new version needs a name of its own (the current one is %(v)s).") % {"v": version}]
    issued = cleaned.get("issued_on")
    if issued is not None and issued < plan.issued_on:
        errors["issued_on"] = [
            _("A revision is issued on or after the version it replaces (%(day)s).") % {"day": plan.issued_on}
        ]
    common.refuse(errors)
    plan.current = False
    _save(user, plan, {})
    revised = EmergencyPlan(created_by=user, supersedes=plan, document=document)
    return _save(user, revised, cleaned)


def mark_for_revision(user, plan: EmergencyPlan, drill) -> EmergencyPlan:
    """A drill's evaluation found the plan wanting (应急管理部令第2号 第三十六条（五）: 在应急演练中发现需要修订预案的
    重大问题): the plan is marked "to be revised", with the drill's improvements as the reason."""
    plan = EmergencyPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.current:
        plan = _latest(plan)
    reason = drill.improvements or drill.evaluation or str(drill)
    values = {"needs_revision": True, "revision_reason": reason[:DESCRIPTION_MAX_LENGTH], "revision_drill": drill}
    return _save(user, plan, values)


def _latest(plan: EmergencyPlan) -> EmergencyPlan:
    """The current version of a plan's line of versions."""
    seen = 0
    while not plan.current and seen < 100:
        plan = EmergencyPlan.objects.select_for_update().get(supersedes=plan)
        seen += 1
    return plan
