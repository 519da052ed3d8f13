"""Enforcement documents (执法文书) with their numbers, and responsibility tracing (责任倒查).

A document's number is 〔prefix〕〔kind's code〕〔year〕sequence号, e.g. 兴应急责改〔2026〕12号: one sequence per
department, year and kind (document_kinds.KINDS), without gaps or duplicates even when two officers issue
at the same moment. The counter row is created in its own savepoint, then locked (SELECT … FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions serialise writers) while the next number is taken and the
document saved. What the document says (facts, legal basis and decision, deadline) is fixed when issued.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from anjian.org.models import Department

from . import rules
from .choices import ItemResult
from .document_kinds import spec
from .models import DocumentCounter, EnforcementDocument, Inspection


def document_prefix(department: Department) -> str:
    """兴应急 for 兴国县应急管理局 (short name 应急局): the county's first character and the short name
    without 局 (or the full name without the county and 管理局/局 when there is no short name)."""
    county = department.region.name if department.region_id else ""
    short = (department.short_name or "").strip()
    if not short:
        short = department.name.removeprefix(county)
        short = short.removesuffix("管理局") if short.endswith("管理局") else short
    short = short.removesuffix("局") or short
    return f"{county[:1]}{short}"


def document_number(department: Department, kind: str, year: int, sequence: int) -> str:
    """兴应急责改〔2026〕12号: the department's prefix, the kind's code, the year and the sequence."""
    return f"{document_prefix(department)}{spec(kind).code}〔{year}〕{sequence}号"


def _counter(department: Department, year: int, kind: str) -> DocumentCounter:
    """The locked counter row of this department, year and kind (created first, in its own savepoint)."""
    try:
        with transaction.atomic():
            DocumentCounter.objects.get_or_create(department=department, year=year, kind=kind)
    except IntegrityError:
        pass  # created by a concurrent issue in the meantime; it exists now
    return DocumentCounter.objects.select_for_update().get(department=department, year=year, kind=kind)


def _check_links(unit, inspection, action) -> None:
    if inspection is not None and inspection.unit_id != unit.pk:
        raise ValidationError({"inspection": _("This visit was made to another unit.")})
    if action is not None and action.unit_id != unit.pk:
        raise ValidationError({"action": _("This enforcement action concerns another unit.")})


def found_facts(inspection, action) -> str:
    """The facts a document states by default: the visit's failed items, else the action's grounds."""
    if inspection is not None:
        failed = inspection.results.filter(result=ItemResult.FAIL).order_by("pk")
        lines = [" ".join(p for p in (r.text.strip(), r.note.strip()) if p) for r in failed]
        if lines:
            return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))
    return action.description.strip() if action is not None else ""


def issue_document(
    user,
    *,
    department,
    kind,
    unit,
    issued_on,
    inspection=None,
    action=None,
    facts="",
    decision="",
    deadline=None,
) -> EnforcementDocument:
    """Issue a numbered document in `department`'s name (the county office for any, a department for itself).

    `facts` and `decision` default to the visit's failed items and the kind's legal basis; a kind with a
    deadline (责令限期整改指令书) needs one, from the day of issue to a year after.
    """
    rules.check_issuer(user, department)
    rules.check_document_kind(kind)
    rules.check_unit(user, unit)
    rules.check_not_future(issued_on, "issued_on", *rules.record_floor(unit, inspection=inspection, action=action))
    _check_links(unit, inspection, action)
    rules.check_document_deadline(kind, issued_on, deadline)
    year = issued_on.year
    with transaction.atomic():
        counter = _counter(department, year, kind)
        counter.last += 1
        counter.save(update_fields=["last"])
        return EnforcementDocument.objects.create(
            department=department,
            year=year,
            sequence=counter.last,
            number=document_number(department, kind, year, counter.last),
            kind=kind,
            unit=unit,
            inspection=inspection,
            action=action,
            issued_on=issued_on,
            facts=(facts or "").strip() or found_facts(inspection, action),
            decision=(decision or "").strip() or spec(kind).basis,
            deadline=deadline if spec(kind).deadline else None,
            region=unit.region,
            sector=unit.sector,
            issued_by=user,
        )


def trace_responsibility(unit, date_from=None, date_to=None) -> QuerySet[Inspection]:
    """责任倒查: the visits that covered `unit` in the period, with their signatures and inspectors."""
    visits = Inspection.objects.filter(unit=unit)
    if date_from is not None:
        visits = visits.filter(visit_date__gte=date_from)
    if date_to is not None:
        visits = visits.filter(visit_date__lte=date_to)
    return visits.select_related("department", "town", "created_by").prefetch_related("signatures", "inspectors")
