"""The province overview: per county, the hazards found, open, closed and major, month by month, with the visits and
the enforcement, read from the summary tables (one grouped query a table, whatever the number of records).

Only a user who sees whole counties (a safety committee office or a leader, of a county, a city or the province)
reads them: a department's or a town's jurisdiction cuts a county by sector or by place, which the tables do not.
`live` computes the same figures from the records (for a single county's pages, the tests and the bench)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, DateField, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.hazards.choices import Grade, State
from anjian.org.choices import COUNTY_WIDE_ROLES, RegionLevel
from anjian.org.jurisdiction import assignments
from anjian.org.models import Region

from .deltas import month_of
from .models import EnforcementMonth, HazardMonth, VisitMonth
from .rebuild import SOURCES

FIRST_MONTH = dt.date(2000, 1, 1)
MOST_MONTHS = 120


@dataclass
class CountyFigures:
    code: str
    name: str
    found: int = 0
    open: int = 0
    closed: int = 0
    major: int = 0
    visits: int = 0
    enforcement: int = 0
    fines_wan: Decimal = Decimal("0.00")
    months: dict[dt.date, dict[str, int]] = field(default_factory=dict)


def whole_counties(user) -> QuerySet:
    """The counties the user sees whole: under the region of each of their county-wide roles (all for a superuser)."""
    found = Region.objects.filter(level=RegionLevel.COUNTY)
    if getattr(user, "is_superuser", False):
        return found.order_by("code")
    paths = [a.region.path for a in assignments(user) if a.role in COUNTY_WIDE_ROLES and a.region_id]
    if not paths:
        return found.none()
    return found.filter(_any(Q(path__startswith=p) for p in paths)).order_by("code")


def _under(counties: QuerySet, region: Region | None) -> QuerySet:
    return counties if region is None else counties.filter(path__startswith=region.path)


def _any(conditions) -> Q:
    out = Q(pk__in=[])
    for condition in conditions:
        out |= condition
    return out


def parse_month(value: str | None, name: str, default: dt.date) -> dt.date:
    """A month as YYYY-MM, from 2000-01 to this month (ValidationError keyed by `name`)."""
    if value in (None, ""):
        return default
    try:
        month = dt.date.fromisoformat(f"{value}-01") if len(value) == 7 else None
    except ValueError:
        month = None
    this_month = month_of(timezone.localdate())
    if month is None:
        raise ValidationError({name: _("Give a month as YYYY-MM.")})
    if not FIRST_MONTH <= month <= this_month:
        raise ValidationError({name: _("Give a month from 2000-01 to this month.")})
    return month


def period(data) -> tuple[dt.date, dt.date]:
    """The months asked (`from`, `to`; this year so far by default), checked."""
    this_month = month_of(timezone.localdate())
    first = parse_month(data.get("from"), "from", this_month.replace(month=1))
    last = parse_month(data.get("to"), "to", this_month)
    if first > last:
        raise ValidationError({"to": _("The last month lies before the first.")})
    if (last.year - first.year) * 12 + last.month - first.month >= MOST_MONTHS:
        raise ValidationError({"from": _("Ask for ten years at most.")})
    return first, last


def _hazard_sums():
    closed = Sum("count", filter=Q(state=State.CLOSED), output_field=IntegerField())
    major = Sum("count", filter=Q(grade=Grade.MAJOR), output_field=IntegerField())
    return {"found": Sum("count"), "closed": closed, "major": major}


def _figures(counties: list[Region]) -> dict[int, CountyFigures]:
    return {c.pk: CountyFigures(c.code, c.name) for c in counties}


def _add_month(row: CountyFigures, month: dt.date, found: int, closed: int, major: int) -> None:
    cell = row.months.setdefault(month, {"found": 0, "closed": 0, "major": 0})
    cell["found"] += found
    cell["closed"] += closed
    cell["major"] += major
    row.found, row.closed, row.major = row.found + found, row.closed + closed, row.major + major
    row.open = row.found - row.closed


def overview(user, first: dt.date, last: dt.date, region: Region | None = None) -> list[CountyFigures]:
    """Each county the user sees whole (under `region` if given), from the summary tables: three grouped queries."""
    counties = list(_under(whole_counties(user), region))
    out = _figures(counties)
    within = {"county__in": list(out), "month__range": (first, last)}
    hazards = HazardMonth.objects.filter(**within).values("county_id", "month").annotate(**_hazard_sums())
    for h in hazards.order_by():
        _add_month(out[h["county_id"]], h["month"], h["found"] or 0, h["closed"] or 0, h["major"] or 0)
    for v in VisitMonth.objects.filter(**within).values("county_id").annotate(n=Sum("count")).order_by():
        out[v["county_id"]].visits = v["n"] or 0
    actions = EnforcementMonth.objects.filter(**within).values("county_id").annotate(n=Sum("count"), f=Sum("fines_wan"))
    for a in actions.order_by():
        out[a["county_id"]].enforcement, out[a["county_id"]].fines_wan = a["n"] or 0, a["f"] or Decimal(0)
    return [out[c.pk] for c in counties]


def live(user, first: dt.date, last: dt.date, region: Region | None = None) -> list[CountyFigures]:
    """The same figures counted from the records (a grouped query a table and a length of county path)."""
    counties = list(_under(whole_counties(user), region))
    out = _figures(counties)
    by_path: dict[int, dict[str, int]] = {}
    for c in counties:
        by_path.setdefault(len(c.path), {})[c.path] = c.pk
    upto = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1)  # the first day after the period
    for length, paths in by_path.items():
        for table, source in SOURCES.items():
            records = source.model._base_manager.annotate(_cp=Substr("region__path", 1, length))
            records = records.filter(_cp__in=list(paths), **_days(source, first, upto))
            _add_live(table, records, paths, out, source)
    return [out[c.pk] for c in counties]


def _days(source, first: dt.date, upto: dt.date) -> dict:
    if source.timed:
        tz = timezone.get_default_timezone()
        first_at, upto_at = (dt.datetime.combine(d, dt.time(), tzinfo=tz) for d in (first, upto))
        return {f"{source.date}__gte": first_at, f"{source.date}__lt": upto_at}
    return {f"{source.date}__gte": first, f"{source.date}__lt": upto}


def _add_live(table, records, paths, out, source) -> None:
    if table is HazardMonth:
        month = TruncMonth(source.date, output_field=DateField(), tzinfo=timezone.get_default_timezone())
        sums = {"found": Count("pk"), "closed": Count("pk", filter=Q(state=State.CLOSED)),
                "major": Count("pk", filter=Q(grade=Grade.MAJOR))}  # fmt: skip
        for h in records.values("_cp", m=month).annotate(**sums).order_by():
            _add_month(out[paths[h["_cp"]]], h["m"], h["found"], h["closed"], h["major"])
    elif table is VisitMonth:
        for v in records.values("_cp").annotate(n=Count("pk")).order_by():
            out[paths[v["_cp"]]].visits = v["n"]
    else:
        for a in records.values("_cp").annotate(n=Count("pk"), f=source.sums["fines_wan"]).order_by():
            out[paths[a["_cp"]]].enforcement, out[paths[a["_cp"]]].fines_wan = a["n"], a["f"] or Decimal(0)
