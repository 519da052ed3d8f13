"""Who may do what in inspections and enforcement, and the guard that keeps a signed visit unchanged.

谁检查、谁签名、谁负责 (issue 6): once every inspector and the unit's representative have signed, the visit
record, its results and its signatures can no longer change. The services check this explicitly; the
signal handlers below refuse the same changes when they come from anywhere else (forms, admin, API).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core import dates
from anjian.hazards.choices import OPEN_STATES, Action, Grade, Source, State
from anjian.hazards.models import Hazard
from anjian.hazards.supervision import FIXING_STATES, INSPECTION_SOURCES, listing_warnings, substantive_q
from anjian.org.areas import office_units
from anjian.org.choices import Role
from anjian.org.jurisdiction import assignments, roles, within
from anjian.org.models import Department, Region

from .choices import ActionKind, ItemResult, VisitState
from .document_kinds import spec
from .models import ChecklistItem, EnforcementAction, EnforcementDocument, Inspection, InspectionResult, Signature

# Roles that make visits and decide enforcement (a leader reads, an expert advises, an enterprise is checked).
INSPECTING_ROLES = {Role.COUNTY_OFFICE, Role.DEPARTMENT, Role.TOWN}


def signed_message() -> str:
    return _("This visit record is signed and can no longer be changed.")


def may_inspect(user) -> bool:
    return bool(getattr(user, "is_superuser", False) or roles(user) & INSPECTING_ROLES)


def check_inspecting_role(user) -> None:
    """PermissionDenied unless the user holds a county office, department or town role."""
    if not may_inspect(user):
        raise PermissionDenied(_("Only the county office, departments and towns make visits and decide enforcement."))


def check_unit(user, unit) -> None:
    if not within(user, unit):
        raise ValidationError({"unit": _("This unit is outside your jurisdiction.")})


def check_not_future(day, field: str, floor: dt.date | None = None, floor_reason=dates.RECORDS_START) -> None:
    """A day of something done: not after today, not before `floor` (see record_floor) nor 2000 (core.dates)."""
    dates.check_past(day, field=field, floor=floor, floor_reason=floor_reason)


def record_floor(unit=None, *, inspection=None, action=None) -> tuple[dt.date | None, object]:
    """The earliest day a record about `unit` may bear, and why: the latest of the unit's founding, the
    visit and the decision it follows. (A linked hazard sets none: its finding may be registered later.)"""
    known = [
        (day, why)
        for day, why in (
            (getattr(unit, "established_on", None), dates.UNIT_ESTABLISHED),
            (inspection.visit_date if inspection is not None else None, dates.VISIT_DAY),
            (action.decided_on if action is not None else None, dates.DECISION_DAY),
        )
        if day is not None
    ]
    return max(known, key=lambda k: k[0]) if known else (None, dates.RECORDS_START)


def check_draft(inspection: Inspection) -> None:
    """Refuse any change to a signed visit (read from the database, not from a stale object)."""
    if Inspection.objects.filter(pk=inspection.pk, state=VisitState.SIGNED).exists():
        raise ValidationError(signed_message())


def check_on_visit(user, inspection: Inspection) -> None:
    """Results and signatures are recorded by the visit's team: its inspectors, its creator or the county office."""
    check_inspecting_role(user)
    if user.is_superuser or inspection.created_by_id == user.pk:
        return
    if inspection.inspectors.filter(pk=user.pk).exists():
        return
    if Role.COUNTY_OFFICE in roles(user) and within(user, inspection):
        return
    raise PermissionDenied(_("Only the inspectors of this visit may record it."))


def default_department(user) -> Department | None:
    """The department a user acts for: their department, or for the county office the department hosting it."""
    for a in assignments(user):
        if a.role == Role.DEPARTMENT and a.department_id:
            return a.department
    for a in assignments(user):
        if a.role == Role.COUNTY_OFFICE:
            hosts = Department.objects.filter(is_committee_office=True, region_id=a.region_id)  # its own level's
            return a.department or hosts.order_by("id").first()
    return None


def default_town(user) -> Region | None:
    for a in assignments(user):
        if a.role == Role.TOWN and a.region_id:
            return a.region.town() or a.region
    return None


def office_departments(user):
    """The departments the user's safety committee office acts for (those of its county; of its own level for
    an office above the county), every department for a superuser; None when the user holds no office."""
    if getattr(user, "is_superuser", False):
        return Department.objects.all()
    offices = [a.region for a in assignments(user) if a.role == Role.COUNTY_OFFICE and a.region_id]
    return Department.objects.filter(office_units(offices)[1]) if offices else None


def _office_acts_for(user, department: Department) -> bool:
    found = office_departments(user)
    return found is not None and found.filter(pk=department.pk).exists()


def check_issuer(user, department: Department) -> None:
    """Documents go out in a department's name: the county office for any of its county, a department for itself."""
    check_inspecting_role(user)
    if user.is_superuser or _office_acts_for(user, department):
        return
    if any(a.role == Role.DEPARTMENT and a.department_id == department.pk for a in assignments(user)):
        return
    raise ValidationError({"department": _("You may issue documents only in the name of your own department.")})


def may_plan(user, department: Department | None = None) -> bool:
    """年度/月度执法计划: the county office plans for any department, a department for itself only.

    With `department` None: whether the user may plan at all (for showing the form).
    """
    if getattr(user, "is_superuser", False):
        return True
    if Role.COUNTY_OFFICE in roles(user) and (department is None or _office_acts_for(user, department)):
        return True
    mine = {a.department_id for a in assignments(user) if a.role == Role.DEPARTMENT and a.department_id}
    if department is None:
        return bool(mine)
    return department.pk in mine


def own_departments(user) -> list[Department]:
    """The departments a user holds a department role in."""
    return [a.department for a in assignments(user) if a.role == Role.DEPARTMENT and a.department_id]


def check_plan(user, department: Department | None = None) -> None:
    if not may_plan(user, department):
        raise PermissionDenied(_("Only the county office and a department (for itself) make inspection plans."))


def may_edit_checklists(user) -> bool:
    """The checklists are kept by the county office (seed 004 (二)1: editable by the county)."""
    return bool(getattr(user, "is_superuser", False) or Role.COUNTY_OFFICE in roles(user))


def check_document_kind(kind: str) -> None:
    if kind not in dict(EnforcementDocument._meta.get_field("kind").choices):
        raise ValidationError({"kind": _("Unknown document kind.")})


DOCUMENT_DEADLINE_DAYS = 365  # a 整改期限 lies within a year of the document


def check_document_deadline(kind: str, issued_on: dt.date, deadline: dt.date | None) -> None:
    """A kind that sets a deadline (责令限期整改指令书) names one, from its day of issue to a year after;
    any other kind names none."""
    if not spec(kind).deadline:
        if deadline is not None:
            raise ValidationError({"deadline": _("This kind of document sets no deadline.")})
        return
    if deadline is None:
        raise ValidationError({"deadline": _("%(title)s sets a deadline: give it.") % {"title": spec(kind).title}})
    if deadline < issued_on:
        raise ValidationError({"deadline": _("The deadline cannot lie before the day the document is issued.")})
    if deadline > issued_on + dt.timedelta(days=DOCUMENT_DEADLINE_DAYS):
        raise ValidationError({"deadline": _("The deadline lies at most a year after the day of issue.")})


def unchecked_items(inspection: Inspection) -> list[ChecklistItem]:
    """The items of the visit's checklist that have no result yet."""
    if not inspection.checklist_id:
        return []
    done = InspectionResult.objects.filter(inspection=inspection, item__isnull=False).values("item_id")
    return list(ChecklistItem.objects.filter(checklist_id=inspection.checklist_id).exclude(pk__in=done))


def check_all_checked(inspection: Inspection) -> None:
    """A visit record is signed only when every item of its checklist has a result (pass, fail or n/a)."""
    missing = unchecked_items(inspection)
    if missing:
        names = "；".join(f"“{item.text[:30]}”" for item in missing[:3])
        raise ValidationError(
            {
                "results": _(
                    "%(count)s check item(s) have no result yet (%(items)s%(more)s). Record a result for every item "
                    "before signing."
                )
                % {"count": len(missing), "items": names, "more": "…" if len(missing) > 3 else ""}
            }
        )


# --- the guard on signed visits -------------------------------------------------------------------------


def _signed(inspection_id) -> bool:
    return bool(inspection_id) and Inspection.objects.filter(pk=inspection_id, state=VisitState.SIGNED).exists()


@receiver(pre_save, sender=Inspection, dispatch_uid="inspections_signed_visit_save")
def _refuse_signed_visit_save(sender, instance: Inspection, raw=False, **kwargs) -> None:
    """The signing itself saves a draft row as signed; a row already signed is never saved again."""
    if not raw and instance.pk and _signed(instance.pk):
        raise ValidationError(signed_message())


@receiver(pre_save, sender=InspectionResult, dispatch_uid="inspections_signed_result_save")
def _refuse_signed_result_save(sender, instance: InspectionResult, raw=False, update_fields=None, **kwargs) -> None:
    """Linking a finding to its hazard (update_fields=['hazard']) is bookkeeping, allowed after signing."""
    if raw or (update_fields is not None and set(update_fields) <= {"hazard"}):
        return
    if _signed(instance.inspection_id):
        raise ValidationError(signed_message())


@receiver(pre_save, sender=Signature, dispatch_uid="inspections_signed_signature_save")
def _refuse_signed_signature_save(sender, instance: Signature, raw=False, **kwargs) -> None:
    if not raw and _signed(instance.inspection_id):
        raise ValidationError(signed_message())


@receiver(pre_delete, sender=Inspection, dispatch_uid="inspections_signed_visit_delete")
def _refuse_signed_visit_delete(sender, instance: Inspection, **kwargs) -> None:
    if _signed(instance.pk):
        raise ValidationError(signed_message())


@receiver(pre_delete, sender=InspectionResult, dispatch_uid="inspections_signed_result_delete")
@receiver(pre_delete, sender=Signature, dispatch_uid="inspections_signed_signature_delete")
def _refuse_signed_part_delete(sender, instance, **kwargs) -> None:
    if _signed(instance.inspection_id):
        raise ValidationError(signed_message())


@receiver(m2m_changed, sender=Inspection.inspectors.through, dispatch_uid="inspections_signed_inspectors")
def _refuse_signed_inspectors(sender, instance, action: str, reverse: bool, pk_set=None, **kwargs) -> None:
    if not action.startswith("pre_"):
        return
    ids = (pk_set or set()) if reverse else {instance.pk}
    if reverse and action == "pre_clear":
        ids = set(instance.inspections.values_list("pk", flat=True))
    if Inspection.objects.filter(pk__in=ids, state=VisitState.SIGNED).exists():
        raise ValidationError(signed_message())


# --- the warnings of seed 004 (二)3 on enforcement: advice, never refusals ---------------------------------

REPEAT_WINDOW_DAYS = 730  # 屡查屡犯: the same problem penalised again within two years


def action_warnings(*, unit, kind, hazard=None, inspection=None, today=None) -> list[str]:
    """Seed 004 (二)3 as warnings on a drafted action: not penalised, listing, 屡查屡犯, 顶格处罚."""
    today = today or timezone.localdate()
    warnings = []
    if kind == ActionKind.PENALTY and hazard is not None and _self_reported_and_fixing(hazard):
        warnings.append(
            _(
                "Normally not penalised: the unit found this major hazard in its own check, reported it and is "
                "removing it effectively (依法不予行政处罚, 兴国县高兴镇 高府发〔2023〕14号 三(二)3)."
            )
        )
    warnings += _listing_proposals(hazard, inspection)
    warnings += _repeat_warning(unit, hazard, inspection, today)
    if kind == ActionKind.PENALTY:
        warnings += _unfixed_warning(unit, hazard, inspection, today)
    return warnings


def _self_reported_and_fixing(hazard: Hazard) -> bool:
    """A major hazard from the unit's self-check, reported, and rectifying with substantive progress."""
    if hazard.grade != Grade.MAJOR or hazard.source != Source.SELF_CHECK or hazard.state not in FIXING_STATES:
        return False
    reported = hazard.in_major_database or hazard.events.filter(action=Action.REPORT).exists()
    return reported and hazard.events.filter(substantive_q()).exists()


def _visit_hazards(hazard: Hazard | None, inspection: Inspection | None) -> list[Hazard]:
    found = [hazard] if hazard is not None else []
    if inspection is not None:
        linked = Hazard.objects.filter(inspection_result__inspection=inspection).order_by("pk")
        found += [h for h in linked if hazard is None or h.pk != hazard.pk]
    return found


def _listing_proposals(hazard, inspection) -> list[str]:
    """Seed 004 (二)3: 执法检查中发现的重大事故隐患…一律要挂牌督办 (hazards.supervision.listing_warnings)."""
    warnings = []
    for h in _visit_hazards(hazard, inspection):
        if h.source in INSPECTION_SOURCES:
            warnings += [_("%(hazard)s — %(warning)s") % {"hazard": h, "warning": w} for w in listing_warnings(h)]
    return warnings


def _key(text: str) -> str:
    return " ".join((text or "").split())


def _problems(hazard: Hazard | None, inspection: Inspection | None) -> set[tuple[str, object]]:
    """What a case is about: the hazard's criterion and the text of the failed check items."""
    keys: set[tuple[str, object]] = set()
    if hazard is not None:
        if hazard.criterion_id:
            keys.add(("criterion", hazard.criterion_id))
        keys |= {
            ("item", _key(t)) for t in InspectionResult.objects.filter(hazard=hazard).values_list("text", flat=True)
        }
    if inspection is not None:
        failed = inspection.results.filter(result=ItemResult.FAIL).values_list("text", flat=True)
        keys |= {("item", _key(t)) for t in failed}
    return keys


def _penalties(unit) -> list:
    actions = EnforcementAction.objects.filter(unit=unit, kind=ActionKind.PENALTY)
    return list(actions.select_related("hazard", "inspection").order_by("decided_on", "pk"))


def repeat_history(unit) -> list[EnforcementAction]:
    """屡查屡犯: the unit's penalties that share a problem with another of its penalties within two years."""
    penalties = [(a, _problems(a.hazard, a.inspection)) for a in _penalties(unit)]
    repeated = set()
    for i, (first, first_keys) in enumerate(penalties):
        for second, second_keys in penalties[i + 1 :]:
            near = (second.decided_on - first.decided_on).days <= REPEAT_WINDOW_DAYS
            if near and first_keys & second_keys:
                repeated |= {first.pk, second.pk}
    return [a for a, _keys in penalties if a.pk in repeated]


def _history_line(action: EnforcementAction) -> str:
    return f"{action.decided_on} {action.get_kind_display()}：{action.description[:40]}"


def _repeat_warning(unit, hazard, inspection, today) -> list[str]:
    keys = _problems(hazard, inspection)
    if not keys:
        return []
    since = today - dt.timedelta(days=REPEAT_WINDOW_DAYS)
    earlier = [
        a for a in _penalties(unit) if since <= a.decided_on <= today and _problems(a.hazard, a.inspection) & keys
    ]
    if not earlier:
        return []
    return [
        _(
            "Repeated violation (屡查屡犯): penalised %(count)d time(s) before for the same problem within two "
            "years (%(history)s). Propose closure to the county government and the principal's industry ban "
            "(兴国县高兴镇 高府发〔2023〕14号 三(二)3)."
        )
        % {"count": len(earlier), "history": "；".join(_history_line(a) for a in earlier)}
    ]


def _unfixed_findings(unit, hazard, inspection, today) -> list[str]:
    """Findings of this unit not fixed: open past the deadline, a rejected fix, a failed item failing again."""
    found = []
    for h in Hazard.objects.filter(unit=unit, state__in=OPEN_STATES, deadline__lt=today).order_by("deadline"):
        found.append(_("%(hazard)s open past its deadline %(deadline)s") % {"hazard": h, "deadline": h.deadline})
    rejected = Hazard.objects.filter(unit=unit, events__action=Action.REJECT).exclude(state=State.CLOSED)
    if hazard is not None:
        rejected = rejected | Hazard.objects.filter(pk=hazard.pk, events__action=Action.REJECT)
    for h in rejected.distinct().order_by("pk"):
        found.append(_("%(hazard)s: the fix was rejected at verification") % {"hazard": h})
    if inspection is not None:
        texts = {_key(t) for t in inspection.results.filter(result=ItemResult.FAIL).values_list("text", flat=True)}
        before = InspectionResult.objects.filter(
            inspection__unit=unit, inspection__visit_date__lt=inspection.visit_date, result=ItemResult.FAIL
        ).select_related("inspection")
        for r in before.order_by("inspection__visit_date", "pk"):
            if _key(r.text) in texts:
                found.append(
                    _("“%(item)s” failed again (first found on %(date)s)")
                    % {"item": r.text[:40], "date": r.inspection.visit_date}
                )
    return found


def _unfixed_warning(unit, hazard, inspection, today) -> list[str]:
    found = _unfixed_findings(unit, hazard, inspection, today)
    if not found:
        return []
    return [
        _(
            "Penalty after a finding that was not fixed (%(findings)s): apply the maximum penalty "
            "(顶格处罚, 兴国县高兴镇 高府发〔2023〕14号 三(二)3)."
        )
        % {"findings": "；".join(dict.fromkeys(found))}
    ]
