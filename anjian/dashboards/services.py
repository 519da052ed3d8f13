"""The county dashboard's figures, read from the figures registry (core.figures) for a region and a period:
the closed loop and enforcement (江西应急管理简报 2024年第20期's statement), their rates, the hazards by town, by month and by
state, grade and sector. Every count links to the rows it counts (`rows`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.campaigns.dispatch import CELLS
from anjian.core import dates, figures
from anjian.core.figures import Figure, Frame
from anjian.org.areas import top_regions
from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import assignments, counties, places
from anjian.org.models import Region

# The figures of the dashboard, in the order of 江西应急管理简报 2024年第20期's statement (共排查场所…发现问题隐患…已整改…实施行政
# 处罚…下达执法文书), then the major hazards and what is overdue; a figure no app declares is left out.
FIGURES = (
    "inspections.units_inspected",
    "hazards.found",
    "hazards.fixed",
    "hazards.overdue",
    "hazards.major_found",
    "hazards.major_listed",
    "hazards.no_substantive_progress",
    "inspections.penalties",
    "inspections.documents",
    "emergency.drills_held",
    "emergency.plans_made_or_revised",
    "emergency.accidents",
    "quality.flags",
    "contests.entries",
    "contests.rounds",
)
# Overdue hazards by days past their deadline, today (a bar each, each linking to its rows).
AGES = ("hazards.overdue_1_30", "hazards.overdue_31_60", "hazards.overdue_61_90", "hazards.overdue_over_90")
RATE_PARTS = ("hazards.fixed_on_time", "hazards.fixed_with_deadline")  # the on-time rate's part and whole
CHARTED = "hazards.found"  # broken down by state, grade, sector and source
# 附件4's spot-check cells that the units' own records cross-check (campaigns.dispatch, Cell.records): (found on
# inspection, shown by the records, the cell's wording).
CROSS_CHECKS = tuple((c.figure, c.records, c.label) for c in CELLS.values() if c.records)
MOST_MONTHS = 24


@dataclass(frozen=True)
class Query:
    region: Region
    date_from: dt.date
    date_to: dt.date

    def frame(self, user) -> Frame:
        return Frame(user, self.region, None, self.date_from, self.date_to)

    def params(self) -> dict[str, str]:
        return {"region": self.region.code, "date_from": f"{self.date_from}", "date_to": f"{self.date_to}"}


def regions_for(user, selected: Region | None = None) -> list[Region]:
    """The places the user may look at: their counties and the towns in them; a town's or a grid's own
    people, their own place. Never the whole tree: a user of several counties (an office above the county)
    sees its own region, the counties, and the towns of the one county `selected` (or selected a town of)."""
    own = [a.region for a in assignments(user) if a.role in (Role.TOWN, Role.GRID_WORKER) and a.region is not None]
    wide = list(counties(user).order_by("code")) if user.is_superuser or not own else []
    if not wide:
        return sorted({r.pk: r for r in own}.values(), key=lambda r: r.code)
    if len(wide) == 1:
        return [*wide, *Region.objects.filter(parent=wide[0], level=RegionLevel.TOWN).order_by("code")]
    tops = top_regions() if user.is_superuser else places(user)
    above = sorted(
        {r.pk: r for r in tops if r.level in (RegionLevel.PROVINCE, RegionLevel.CITY)}.values(), key=lambda r: r.code
    )
    county = next((c for c in wide if selected is not None and selected.path.startswith(c.path)), None)
    towns = Region.objects.filter(parent=county, level=RegionLevel.TOWN).order_by("code") if county else []
    return [*above, *wide, *towns]


def parse(user, data, today: dt.date | None = None) -> Query:
    """The region (a code among `regions_for`; the first by default) and the days (this year so far by
    default; within the records' floor and today); a bad value is a ValidationError keyed by field."""
    today = today or timezone.localdate()
    code = (data.get("region") or "").strip()
    asked = Region.objects.filter(code=code).first() if code and code.isascii() and len(code) <= 15 else None
    choices = {r.code: r for r in regions_for(user, asked)}
    if not choices:
        raise ValidationError({"region": _("You have no region to look at.")})
    if code and code not in choices:
        raise ValidationError({"region": _("This region is not in your jurisdiction.")})
    region = choices[code] if code else next(iter(choices.values()))
    date_from = _day(data.get("date_from"), "date_from") or dt.date(today.year, 1, 1)
    date_to = _day(data.get("date_to"), "date_to") or today
    if date_from > date_to:
        raise ValidationError({"date_to": _("The end of the period lies before its start.")})
    return Query(region, date_from, date_to)


def _day(value, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    return dates.check_past(value, field=field)


@dataclass(frozen=True)
class Shown:
    figure: Figure
    value: int


def shown_figures(user, query: Query) -> list[Shown]:
    """The dashboard's counted figures for the region and days: a query per family, whatever the data."""
    known = [key for key in FIGURES if key in figures.known()]
    frame = query.frame(user)
    values = figures.values({key: (figures.get(key), frame) for key in known})
    return [Shown(figures.get(key), values[key]) for key in known]


def rates(user, query: Query) -> dict[str, float]:
    """已整改/发现 and the on-time rate (closed on or before the deadline, of those fixed with a deadline)."""
    frame = query.frame(user)
    keys = ("hazards.found", "hazards.fixed", *RATE_PARTS)
    v = figures.values({k: (figures.get(k), frame) for k in keys})
    return {
        "fix_rate": _rate(v["hazards.fixed"], v["hazards.found"]),
        "on_time_rate": _rate(v["hazards.fixed_on_time"], v["hazards.fixed_with_deadline"]),
    }


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def by_town(user, query: Query) -> list[dict]:
    """Found and fixed hazards, the fix rate and the entry-quality flags of each town of a county (a grouped
    query a family); none for a town or below."""
    if query.region.level not in (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY):
        return []
    towns = list(Region.objects.filter(parent=query.region).order_by("code"))  # a city's counties, a county's towns
    frame = query.frame(user)
    keys = [k for k in ("hazards.found", "hazards.fixed", "quality.flags") if k in figures.known()]
    found = figures.values_by_unit({k: (figures.get(k), frame) for k in keys}, {t.pk: (t, None) for t in towns})
    rows = []
    for town in towns:
        n, fixed = found["hazards.found"][town.pk], found["hazards.fixed"][town.pk]
        flags = found.get("quality.flags", {}).get(town.pk, 0)
        row = {"code": town.code, "name": town.name, "found": n, "fixed": fixed, "rate": _rate(fixed, n)}
        rows.append(row | {"flags": flags})
    return rows


def by_month(user, query: Query) -> list[dict]:
    """Hazards found and closed in each month of the period (its last 24 months at most): a query each."""
    months = _months(query.date_from, query.date_to)[-MOST_MONTHS:]
    requests = {}
    for start, end in months:
        frame = Frame(user, query.region, None, max(start, query.date_from), min(end, query.date_to))
        for key in ("hazards.found", "hazards.closed"):
            requests[(key, start)] = (figures.get(key), frame)
    v = figures.values(requests)
    return [
        {"month": f"{start:%Y-%m}", "found": v[("hazards.found", start)], "closed": v[("hazards.closed", start)]}
        for start, _end in months
    ]


def _months(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    out = []
    start = first.replace(day=1)
    while start <= last:
        following = (start + dt.timedelta(days=32)).replace(day=1)
        out.append((start, following - dt.timedelta(days=1)))
        start = following
    return out


def overdue_by_age(user, query: Query) -> list[tuple[Figure, int]]:
    """The overdue hazards of the region by days past their deadline: one query."""
    frame = query.frame(user)
    v = figures.values({key: (figures.get(key), frame) for key in AGES})
    return [(figures.get(key), v[key]) for key in AGES]


def breakdowns(user, query: Query) -> dict[str, list[tuple[str, str, int]]]:
    """The period's hazards by state, grade, sector and source: one query each."""
    fig = figures.get(CHARTED)
    frame = query.frame(user)
    return {dimension: figures.breakdown(fig, frame, dimension) for dimension in fig.by}


@dataclass(frozen=True)
class CrossCheck:
    label: str
    found: Figure  # what inspections found on their spot checks (the form's cell)
    found_value: int
    records: Figure  # what the units' own records show of the same duty
    records_value: int


def cross_checks(user, query: Query) -> list[CrossCheck]:
    """Each spot-check cell of 附件4 beside the units' own records of the same duty, for the query's region and
    days: the form counts what inspections found; the records say where to look (one query a family)."""
    known = figures.known()
    pairs = [(a, b, label) for a, b, label in CROSS_CHECKS if a in known and b in known]
    frame = query.frame(user)
    v = figures.values({key: (figures.get(key), frame) for a, b, _label in pairs for key in (a, b)})
    return [CrossCheck(label, figures.get(a), v[a], figures.get(b), v[b]) for a, b, label in pairs]


def rows(user, query: Query, key: str, dimension: str = "", value: str = "") -> QuerySet:
    """The records a dashboard number counts (a slice of a breakdown with `dimension` and `value`)."""
    crossed = [key for a, b, _label in CROSS_CHECKS for key in (a, b)]
    if key not in (*FIGURES, *RATE_PARTS, *AGES, *crossed) or key not in figures.known():
        raise ValidationError({"key": _("Unknown figure.")})
    fig = figures.get(key)
    if fig.sums:
        raise ValidationError({"key": _("This figure is a sum, not a count of records.")})
    frame = query.frame(user)
    if dimension:
        if dimension not in fig.by:
            raise ValidationError({"dimension": _("This figure is not broken down that way.")})
        found = figures.slice_rows(fig, frame, dimension, value)
    else:
        found = fig.rows(frame)
    # A record is named by its unit (a hazard, a visit, an action, a document): fetched with it, not once a row.
    named_by_unit = any(f.name == "unit" and f.is_relation for f in found.model._meta.fields)
    return (found.select_related("unit") if named_by_unit else found).order_by("pk")
