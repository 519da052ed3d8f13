"""Visits and enforcement as plain functions (issue 6; seed 004 (二)3, attachment 4).

A visit is planned and made by at least two officers when it is enforcement, its check items are
ticked, a failed item becomes a hazard in the closed loop in one step, and the record is signed by the
inspectors and the unit's representative (谁检查、谁签名、谁负责), after which it never changes.
Refusals raise PermissionDenied (role) or ValidationError (keyed by field where there is one).
Signing lives in signing.py, numbered documents and tracing in documents.py, figures and typical cases in
figures.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core.attachments import store_image
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, check_lengths
from anjian.hazards import services as hazard_services
from anjian.hazards.choices import PhotoKind, Source
from anjian.hazards.models import Hazard, HazardPhoto
from anjian.summaries import deltas as summaries

from . import rules
from .choices import (
    ENFORCEMENT_KINDS,
    ActionKind,
    ItemResult,
    PenaltyTarget,
    PlanPeriod,
    VisitKind,
)
from .documents import issue_document, trace_responsibility  # noqa: F401  (part of this module's interface)
from .figures import figure_rows, figures, mark_typical, typical_case_quota  # noqa: F401
from .models import Checklist, ChecklistItem, EnforcementAction, Inspection, InspectionPlan, InspectionResult
from .rules import action_warnings, repeat_history  # noqa: F401
from .signing import sign  # noqa: F401  (part of this module's interface)

# --- plans --------------------------------------------------------------------------------------------

PLAN_FIELDS = ("department", "period", "year", "month", "title", "target_visits", "notes")
FIRST_PLAN_YEAR = 2000
# The free text a person types, and its longest length (anjian.core.validators).
TEXT_LIMITS = {
    **dict.fromkeys(("summary", "text", "description", "notes"), DESCRIPTION_MAX_LENGTH),
    "note": COMMENT_MAX_LENGTH,
}


def _check_plan_values(plan: InspectionPlan) -> None:
    errors = {}
    if plan.period not in PlanPeriod.values:
        errors["period"] = _("Choose an annual or a monthly plan.")
    latest = timezone.localdate().year + 1
    if not isinstance(plan.year, int) or not FIRST_PLAN_YEAR <= plan.year <= latest:
        errors["year"] = _("Give a year from %(first)s to %(last)s.") % {"first": FIRST_PLAN_YEAR, "last": latest}
    if plan.period == PlanPeriod.MONTH:
        if plan.month is None:
            errors["month"] = _("A monthly plan names its month.")
        elif not isinstance(plan.month, int) or not 1 <= plan.month <= 12:
            errors["month"] = _("The month lies from 1 to 12.")
    elif plan.period == PlanPeriod.YEAR and plan.month is not None:
        errors["month"] = _("An annual plan has no month.")
    if not (plan.title or "").strip():
        errors["title"] = _("Give the plan a title.")
    if not isinstance(plan.target_visits, int) or plan.target_visits < 0:
        errors["target_visits"] = _("The planned visits are a number, zero or more.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_plan(user, plan: InspectionPlan | None, changes: dict) -> InspectionPlan:
    """Create (plan None) or change a 年度/月度执法计划. The county office plans for any department and
    must name it; a department plans for itself (its own department when none is named)."""
    rules.check_plan(user)
    check_lengths(changes, TEXT_LIMITS)
    if plan is not None and plan.pk:
        plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        rules.check_plan(user, plan.department)
    else:
        plan = InspectionPlan()
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    for key, value in changes.items():
        setattr(plan, key, value)
    if plan.department_id is None:
        mine = rules.own_departments(user)
        if len(mine) != 1:
            raise ValidationError({"department": _("Choose the department of the plan.")})
        plan.department = mine[0]
    if not rules.may_plan(user, plan.department):
        raise ValidationError({"department": _("You may plan only for your own department.")})
    plan.title = (plan.title or "").strip()
    plan.notes = (plan.notes or "").strip()
    if plan.period == PlanPeriod.YEAR and plan.month in (None, ""):
        plan.month = None
    _check_plan_values(plan)
    plan.save()
    return plan


def _period_visits(by_month: bool) -> Subquery:
    visits = Inspection.objects.filter(department_id=OuterRef("department_id"), visit_date__year=OuterRef("year"))
    if by_month:
        visits = visits.filter(visit_date__month=OuterRef("month"))
    counted = visits.order_by().values("department_id").annotate(n=Count("pk")).values("n")[:1]
    return Subquery(counted, output_field=IntegerField())


def with_progress(plans: QuerySet) -> QuerySet:
    """Each plan with `visits_linked` (visits recorded under it) and `visits_in_period` (all visits of its
    department in its year, or its month for a monthly plan)."""
    linked = InspectionPlan.objects.filter(pk=OuterRef("pk")).annotate(n=Count("visits")).values("n")[:1]
    return plans.annotate(
        visits_linked=Coalesce(Subquery(linked, output_field=IntegerField()), Value(0)),
        visits_in_period=Coalesce(
            Case(
                When(period=PlanPeriod.MONTH, then=_period_visits(True)),
                default=_period_visits(False),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
    )


# --- checklists ---------------------------------------------------------------------------------------


@transaction.atomic
def edit_checklist(user, checklist: Checklist, *, name, is_active, items, remove=()) -> Checklist:
    """The county office changes a checklist: its name, whether in use, and its items.

    `items` are dicts with text, group, order and, for an existing item, `item` (the ChecklistItem);
    `remove` lists items to delete. An item a visit has used stays (InspectionResult.item is PROTECT):
    the whole change is refused with a message naming it.
    """
    if not rules.may_edit_checklists(user):
        raise PermissionDenied(_("Only the county office changes checklists."))
    checklist = Checklist.objects.select_for_update().get(pk=checklist.pk)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the checklist a name.")})
    own = {i.pk: i for i in checklist.items.all()}
    doomed = [own[getattr(i, "pk", i)] for i in remove if getattr(i, "pk", i) in own]
    used = [i for i in doomed if InspectionResult.objects.filter(item=i).exists()]
    if used:
        raise ValidationError(
            _(
                "“%(item)s” has been used on a visit and cannot be removed; its results must keep their item. "
                "Mark the checklist not in use, or keep the item."
            )
            % {"item": used[0].text[:40]}
        )
    checklist.name, checklist.is_active = name[:120], bool(is_active)
    checklist.save()
    for item in doomed:
        item.delete()
    removed = {i.pk for i in doomed}
    for values in items:
        item = values.get("item")
        if item is not None and (item.pk not in own or item.pk in removed):
            continue
        text = (values.get("text") or "").strip()
        if not text:
            raise ValidationError({"text": _("A check item needs its text.")})
        check_lengths({"text": text}, TEXT_LIMITS)
        item = item or ChecklistItem(checklist=checklist)
        item.text, item.group, item.order = text, (values.get("group") or "").strip()[:80], values.get("order") or 0
        item.save()
    return checklist


# --- visits -------------------------------------------------------------------------------------------


def _inspectors(kind: str, inspectors) -> list:
    """The officers of a visit: distinct users holding an inspecting role; two at least for enforcement."""
    ids = {getattr(u, "pk", u) for u in inspectors or ()}
    users = list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))
    if len(users) != len(ids):
        raise ValidationError({"inspectors": _("Unknown or inactive inspector.")})
    if any(not rules.may_inspect(u) for u in users):
        raise ValidationError({"inspectors": _("Inspectors must be officers of the county, a department or a town.")})
    needed = 2 if kind in ENFORCEMENT_KINDS else 1
    if len(users) < needed:
        raise ValidationError(
            {"inspectors": _("行政执法 requires two officers: an enforcement visit needs at least two inspectors.")}
            if needed == 2
            else {"inspectors": _("Name at least one inspector.")}
        )
    return users


@transaction.atomic
def create_inspection(
    user,
    *,
    unit,
    kind,
    visit_date,
    inspectors,
    checklist=None,
    plan=None,
    experts="",
    summary="",
    department=None,
    town=None,
    client_uuid=None,
    captured_at=None,
) -> Inspection:
    """Record a visit to `unit` (issue 6: the kind, the unit, the date, the officers, the checklist); entered
    offline, with the phone's `client_uuid` and its clock at capture (kept as sent, beside the receipt time)."""
    rules.check_inspecting_role(user)
    if kind not in VisitKind.values:
        raise ValidationError({"kind": _("Unknown kind of visit.")})
    rules.check_unit(user, unit)
    rules.check_not_future(visit_date, "visit_date", *rules.record_floor(unit))
    check_lengths({"summary": summary}, TEXT_LIMITS)
    officers = _inspectors(kind, inspectors)
    if department is None and town is None:
        department, town = rules.default_department(user), rules.default_town(user)
    if plan is not None and (department is None or plan.department_id != department.pk):
        raise ValidationError({"plan": _("Choose a plan of the department making the visit.")})
    inspection = Inspection.objects.create(
        plan=plan,
        kind=kind,
        unit=unit,
        department=department,
        town=town,
        visit_date=visit_date,
        experts=(experts or "").strip(),
        checklist=checklist,
        summary=(summary or "").strip(),
        region=unit.region,
        sector=unit.sector,
        created_by=user,
        client_uuid=client_uuid,
        captured_at=captured_at,
        received_at=timezone.now(),
    )
    inspection.inspectors.set(officers)
    summaries.visit_changed(inspection, None)
    return inspection


def _photo(upload, user):
    if upload is None:
        return None
    if hasattr(upload, "sha256"):  # an Attachment already stored
        return upload
    return store_image(upload, user)


@transaction.atomic
def record_result(
    user, inspection, *, result, item=None, text="", note="", photo=None, client_uuid=None
) -> InspectionResult:
    """Tick one check item (pass, fail, not applicable) with a note and a photo; ticking again replaces it."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    rules.check_draft(inspection)
    rules.check_on_visit(user, inspection)
    check_lengths({"text": text, "note": note}, TEXT_LIMITS)
    if result not in ItemResult.values:
        raise ValidationError({"result": _("Choose pass, fail or not applicable.")})
    if item is not None and inspection.checklist_id and item.checklist_id != inspection.checklist_id:
        raise ValidationError({"item": _("This item is not on the checklist of this visit.")})
    text = item.text if item is not None else (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Name what was checked.")})
    row = inspection.results.filter(item=item).first() if item is not None else None
    if row is not None and row.hazard_id and result != row.result:
        raise ValidationError({"result": _("This finding is already a hazard in the closed loop.")})
    row = row or InspectionResult(inspection=inspection, item=item)
    row.text, row.result, row.note = text, result, (note or "").strip()
    row.recorded_by = user
    if client_uuid is not None:
        row.client_uuid = client_uuid  # the latest entry's: ticking again replaces the row
    stored = _photo(photo, user)
    if stored is not None or row.pk is None:
        row.photo = stored
    row.save()
    return row


def _found_at(inspection: Inspection) -> dt.datetime:
    """When the hazard was found: now for today's visit, else noon of the visit day."""
    if inspection.visit_date >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(inspection.visit_date, dt.time(12)))


@transaction.atomic
def finding_to_hazard(user, result) -> Hazard:
    """A failed item becomes a hazard in the closed loop (source 部门检查 or 督查检查), once, with its photo."""
    result = InspectionResult.objects.select_for_update().select_related("inspection__unit").get(pk=result.pk)
    if result.hazard_id:
        return result.hazard
    if result.result != ItemResult.FAIL:
        raise ValidationError({"result": _("Only a failed item becomes a hazard.")})
    inspection = result.inspection
    rules.check_on_visit(user, inspection)
    source = Source.SUPERVISION if inspection.kind == VisitKind.SUPERVISION else Source.DEPARTMENT_INSPECTION
    hazard = hazard_services.register_hazard(
        user,
        inspection.unit,
        description="\n".join(p for p in (result.text.strip(), result.note.strip()) if p),
        source=source,
        sector=inspection.sector,
        found_at=_found_at(inspection),
    )
    if result.photo_id:
        HazardPhoto.objects.get_or_create(
            hazard=hazard,
            attachment=result.photo,
            kind=PhotoKind.FINDING,
            defaults={"event": hazard.events.order_by("pk").first(), "added_by": user},
        )
    result.hazard = hazard
    result.save(update_fields=["hazard"])
    return hazard


# --- enforcement actions ------------------------------------------------------------------------------


def _amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: _("Enter the amount in 10,000 yuan (万元) as a number.")}) from exc
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e8"):
        raise ValidationError({field: _("The amount in 10,000 yuan (万元) must be above zero.")})
    return amount.quantize(Decimal("0.01"))


def _penalty_amounts(kind, target, unit_amount, principal_amount) -> tuple[Decimal | None, Decimal | None]:
    """一案双罚: a penalty on both names both fines; on the unit or the principal, that one fine only."""
    if kind != ActionKind.PENALTY:
        if target or unit_amount not in (None, "") or principal_amount not in (None, ""):
            raise ValidationError({"target": _("Only an administrative penalty names who is fined and how much.")})
        return None, None
    if target not in PenaltyTarget.values:
        raise ValidationError({"target": _("Say who is penalised: the unit, its principal or both.")})
    wants = {
        "unit_amount_wan": target in (PenaltyTarget.UNIT, PenaltyTarget.BOTH),
        "principal_amount_wan": target in (PenaltyTarget.PRINCIPAL, PenaltyTarget.BOTH),
    }
    given = {"unit_amount_wan": unit_amount, "principal_amount_wan": principal_amount}
    amounts = {}
    for field, wanted in wants.items():
        present = given[field] not in (None, "")
        if wanted and not present:
            raise ValidationError({field: _("Enter the fine for this penalty (一案双罚 records both fines).")})
        if present and not wanted:
            raise ValidationError({field: _("This penalty does not fine this party.")})
        amounts[field] = _amount(given[field], field) if present else None
    return amounts["unit_amount_wan"], amounts["principal_amount_wan"]


def _check_action_links(unit, kind, inspection, hazard, referred_people) -> None:
    if kind not in ActionKind.values:
        raise ValidationError({"kind": _("Unknown kind of enforcement action.")})
    if inspection is not None and inspection.unit_id != unit.pk:
        raise ValidationError({"inspection": _("This visit was made to another unit.")})
    if hazard is not None and hazard.unit_id != unit.pk:
        raise ValidationError({"hazard": _("This hazard belongs to another unit.")})
    if kind == ActionKind.JUDICIAL_REFERRAL and (referred_people or 0) < 1:
        raise ValidationError({"referred_people": _("A referral names how many people are referred (one at least).")})
    if kind != ActionKind.JUDICIAL_REFERRAL and (referred_people or 0) > 0:
        raise ValidationError({"referred_people": _("Only a referral to the judicial organs refers people.")})


@transaction.atomic
def record_action(
    user,
    *,
    unit,
    kind,
    decided_on,
    description,
    inspection=None,
    hazard=None,
    target="",
    unit_amount_wan=None,
    principal_amount_wan=None,
    dangerous_operation_crime=False,
    referred_people=0,
) -> EnforcementAction:
    """Record what follows a visit; seed 004 (二)3's advice is stored in `warnings`, never refused."""
    rules.check_inspecting_role(user)
    rules.check_unit(user, unit)
    _check_action_links(unit, kind, inspection, hazard, referred_people)
    rules.check_not_future(decided_on, "decided_on", *rules.record_floor(unit, inspection=inspection))
    check_lengths({"description": description}, TEXT_LIMITS)
    if not (description or "").strip():
        raise ValidationError({"description": _("State the facts and grounds.")})
    unit_amount, principal_amount = _penalty_amounts(kind, target, unit_amount_wan, principal_amount_wan)
    if inspection is not None and (inspection.department_id or inspection.town_id):
        department, town = inspection.department, inspection.town
    else:
        department, town = rules.default_department(user), rules.default_town(user)
    action = EnforcementAction.objects.create(
        kind=kind,
        unit=unit,
        inspection=inspection,
        hazard=hazard,
        department=department,
        town=town,
        decided_on=decided_on,
        description=description.strip(),
        target=target or "",
        unit_amount_wan=unit_amount,
        principal_amount_wan=principal_amount,
        dangerous_operation_crime=bool(dangerous_operation_crime),
        referred_people=referred_people or 0,
        warnings=action_warnings(unit=unit, kind=kind, hazard=hazard, inspection=inspection, today=decided_on),
        region=unit.region,
        sector=unit.sector,
        created_by=user,
    )
    summaries.action_changed(action, None)
    return action
