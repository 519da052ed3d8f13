"""Figures of the closed loop, always computed from the records when asked (never typed in).

Counts and rates take a queryset that has already been through `restrict`, so every figure is one
of the asker's jurisdiction; the quarterly quota of seed 004 三(三)10 is the county's own table.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.org.choices import DepartmentKind, RegionLevel
from anjian.org.jurisdiction import restrict
from anjian.org.models import Department, Region, Sector

from . import rules
from .choices import OPEN_STATES, QUARTERLY_MAJOR_QUOTA, Grade, Source, State
from .models import Hazard

Row = tuple[str, str, int]
# Actions that are possible on nearly every open hazard for the coordinating level or a supervisor:
# they are not a to-do by themselves.
ALWAYS_POSSIBLE = {"supervise", "coordinate", "escalate"}


def town_code(path: str) -> str:
    """The town's code from a region path (province/city/county/town/…), "" above town level."""
    parts = [p for p in path.split("/") if p]
    return parts[3] if len(parts) > 3 else ""


def _grouped(queryset: QuerySet, field: str) -> Counter:
    rows = queryset.order_by().values(field).annotate(n=Count("id")).values_list(field, "n")
    return Counter(dict(rows))


def _choice_rows(counted: Counter, choices) -> list[Row]:
    rows = [(value, str(label), counted.get(value, 0)) for value, label in choices]
    rows += [(value, value or _("Not graded"), n) for value, n in counted.items() if value not in dict(choices)]
    return rows


def _town_rows(queryset: QuerySet) -> list[Row]:
    by_town: Counter = Counter()
    for path, n in _grouped(queryset, "region__path").items():
        by_town[town_code(path)] += n
    names = dict(Region.objects.filter(code__in=[c for c in by_town if c]).values_list("code", "name"))
    return [(code, names.get(code, code) if code else _("County level"), by_town[code]) for code in sorted(by_town)]


def _sector_rows(queryset: QuerySet) -> list[Row]:
    counted = _grouped(queryset, "sector_id")
    sectors = Sector.objects.filter(pk__in=list(counted)).order_by("order", "code")
    return [(s.code, s.name, counted[s.pk]) for s in sectors]


def counts(queryset: QuerySet) -> dict[str, list[Row]]:
    """(code, label, count) by state, grade, sector, town and source; choices listed even at zero."""
    return {
        "state": _choice_rows(_grouped(queryset, "state"), State.choices),
        "grade": _choice_rows(_grouped(queryset, "grade"), Grade.choices),
        "sector": _sector_rows(queryset),
        "town": _town_rows(queryset),
        "source": _choice_rows(_grouped(queryset, "source"), Source.choices),
    }


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def rates(queryset: QuerySet, today: dt.date | None = None) -> dict:
    """已整改/发现 and the on-time rate (closed on or before the deadline, in local dates)."""
    today = today or timezone.localdate()
    closed = Q(state=State.CLOSED)
    figures = queryset.order_by().aggregate(
        found=Count("id"),
        rectified=Count("id", filter=closed),
        closed_with_deadline=Count("id", filter=closed & Q(deadline__isnull=False)),
        closed_on_time=Count("id", filter=closed & Q(closed_at__date__lte=F("deadline"))),
        overdue=Count("id", filter=Q(state__in=OPEN_STATES, deadline__lt=today)),
    )
    figures["rectification_rate"] = _rate(figures["rectified"], figures["found"])
    figures["on_time_rate"] = _rate(figures["closed_on_time"], figures["closed_with_deadline"])
    return figures


@dataclass
class QuotaRow:
    unit_kind: str  # "department" | "town"
    unit: Department | Region
    found: int
    quota: int = QUARTERLY_MAJOR_QUOTA
    short: int = 0


def quarter_bounds(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The current calendar quarter as local, aware datetimes [start, end)."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    start = dt.date(today.year, first_month, 1)
    end = dt.date(today.year + (first_month == 10), (first_month + 2) % 12 + 1, 1)
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time()), tz),
        timezone.make_aware(dt.datetime.combine(end, dt.time()), tz),
    )


def quarterly_quota(today: dt.date | None = None) -> list[QuotaRow]:
    """Seed 004 三(三)10: each supervising county department and each town finds ≥ 10 major hazards a quarter."""
    start, end = quarter_bounds(today or timezone.localdate())
    majors = Hazard.objects.filter(grade=Grade.MAJOR, found_at__gte=start, found_at__lt=end)
    by_department = _grouped(majors.filter(finding_department__isnull=False), "finding_department")
    by_town: Counter = Counter()
    for path, n in _grouped(majors, "region__path").items():
        by_town[town_code(path)] += n
    departments = Department.objects.filter(
        kind__in=[DepartmentKind.SUPERVISING, DepartmentKind.BOTH], region__level=RegionLevel.COUNTY
    )
    rows = [QuotaRow("department", d, by_department.get(d.pk, 0)) for d in departments.order_by("name")]
    rows += [QuotaRow("town", t, by_town.get(t.code, 0)) for t in Region.objects.filter(level=RegionLevel.TOWN)]
    for row in rows:
        row.short = max(0, row.quota - row.found)
    return sorted(rows, key=lambda r: -r.short)  # stable: departments by name, then towns by code


def _candidate_states(user) -> set[str]:
    """The states in which the user's roles could have something to do (beyond the always-possible)."""
    return {
        state
        for action, states in rules.ACTION_STATES.items()
        if action not in ALWAYS_POSSIBLE and rules.role_may(user, action)
        for state in states
    }


def _by_pressure(queryset: QuerySet, today: dt.date) -> QuerySet:
    """Overdue first, then the nearest deadline (none last), then the longest waiting."""
    return queryset.annotate(
        _overdue=Case(When(deadline__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("_overdue", F("deadline").asc(nulls_last=True), "found_at", "id")


def action_list(user, limit: int = 200) -> list[tuple[Hazard, list[str]]]:
    """The open hazards the user must act on, with those actions, the most pressing first.

    SQL narrows to the user's jurisdiction and to states where their roles can act; the per-hazard
    rules then run on at most `limit` rows. Supervise, coordinate and escalate alone are not a to-do.
    """
    states = _candidate_states(user)
    if not states:
        return []
    qs = restrict(user, Hazard.objects.filter(state__in=states)).select_related(
        "unit", "sector", "region", "responsible_department"
    )
    result = []
    for hazard in _by_pressure(qs, timezone.localdate())[:limit]:
        todo = [a for a in rules.allowed_actions(user, hazard) if a not in ALWAYS_POSSIBLE]
        if todo:
            result.append((hazard, todo))
    return result


def due_soon(user, days: int = 7) -> QuerySet:
    """Open hazards the user can see whose deadline falls between today and `days` from now."""
    today = timezone.localdate()
    qs = Hazard.objects.filter(
        state__in=OPEN_STATES, deadline__gte=today, deadline__lte=today + dt.timedelta(days=days)
    )
    return restrict(user, qs).select_related("unit", "sector", "region").order_by("deadline", "found_at", "id")
