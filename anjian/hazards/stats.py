"""Figures of the closed loop, always computed from the records when asked (never typed in).

Counts and rates take a queryset that has already been through `restrict`, so every figure is one
of the asker's jurisdiction. The quarterly quota of seed 004 三(三)10 is in `quota`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.org.jurisdiction import restrict
from anjian.org.models import Region, Sector

from .choices import OPEN_STATES, Grade, Source, State
from .models import Hazard

Row = tuple[str, str, int]


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


def action_list(user, limit: int = 200) -> list[tuple[Hazard, list[str]]]:
    """The first `limit` hazards of the user's to-do list (anjian.hazards.todo), with their to-do actions."""
    from .todo import actions_of, waiting

    return [(hazard, actions_of(hazard)) for hazard in waiting(user)[:limit]]


def due_soon(user, days: int = 7) -> QuerySet:
    """Open hazards the user can see whose deadline falls between today and `days` from now."""
    today = timezone.localdate()
    qs = Hazard.objects.filter(
        state__in=OPEN_STATES, deadline__gte=today, deadline__lte=today + dt.timedelta(days=days)
    )
    return restrict(user, qs).select_related("unit", "sector", "region").order_by("deadline", "found_at", "id")
