"""The drill overview of a county by town and by sector: the units the frequency rule applies to and how they
stand this period (rules.with_frequency), the drills held this year with their participants and the unscripted
ones, and the named crowded places against their deadline — a fixed number of grouped queries, whatever the size
of the county (bench/emergency.py times it)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import restrict
from anjian.org.models import Region, Sector
from anjian.registry.models import Enterprise

from . import rules
from .choices import FrequencyStatus, RequirementStatus
from .models import Drill, DrillRequirement

COUNTY_KEY = ""  # drills organised by a department or the county, held in no town


@dataclass
class Row:
    key: str
    label: str
    units: int = 0
    compliant: int = 0
    due: int = 0
    overdue: int = 0
    drills: int = 0
    participants: int = 0
    unscripted: int = 0
    named: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RequirementStatus.values, 0))

    @property
    def named_total(self) -> int:
        return sum(self.named.values())

    def add(self, other: Row) -> None:
        for name in ("units", "compliant", "due", "overdue", "drills", "participants", "unscripted"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for status, n in other.named.items():
            self.named[status] += n


@dataclass
class Overview:
    county: Region
    year: int
    today: dt.date
    towns: list[Row]
    sectors: list[Row]
    total: Row


def _town_key(path_length: int):
    return Substr("region__path", 1, path_length)


def _units(user, county: Region, today: dt.date, key) -> dict:
    units = rules.subject_units(restrict(user, Enterprise.objects.filter(region__path__startswith=county.path)))
    rows = rules.with_frequency(units, today).order_by().values_list(key, "drill_status").annotate(n=Count("pk"))
    found: dict = defaultdict(dict)
    for group, status, n in rows:
        found[group][status] = n
    return found


def _drills(user, county: Region, start: dt.date, end: dt.date, key) -> dict:
    drills = restrict(user, Drill.objects.filter(region__path__startswith=county.path, held_on__range=(start, end)))
    rows = (
        drills.order_by()
        .values_list(key)
        .annotate(n=Count("pk"), people=Sum("participants"), unscripted=Count("pk", filter=Q(unscripted=True)))
    )
    return {group: (n, people or 0, unscripted) for group, n, people, unscripted in rows}


def _named(user, county: Region, year: int, today: dt.date, key) -> dict:
    places = restrict(
        user, DrillRequirement.objects.filter(enterprise__region__path__startswith=county.path, required_by__year=year)
    )
    rows = rules.with_requirement_status(places, today).order_by().values_list(key, "status").annotate(n=Count("pk"))
    found: dict = defaultdict(dict)
    for group, status, n in rows:
        found[group][status] = n
    return found


def _fill(row: Row, units: dict, drills: tuple | None, named: dict) -> Row:
    row.compliant = units.get(FrequencyStatus.COMPLIANT, 0)
    row.due = units.get(FrequencyStatus.DUE, 0)
    row.overdue = units.get(FrequencyStatus.OVERDUE, 0)
    row.units = row.compliant + row.due + row.overdue
    row.drills, row.participants, row.unscripted = drills or (0, 0, 0)
    for status, n in named.items():
        row.named[status] = n
    return row


def overview(user, county: Region, today: dt.date, year: int | None = None) -> Overview:
    """The county's drills by town and by sector for `year` (this year by default), as `user` may see them."""
    year = year or today.year
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    towns = list(Region.objects.filter(level=RegionLevel.TOWN, path__startswith=county.path).order_by("code"))
    length = max((len(t.path) for t in towns), default=len(county.path))
    by_town = _town_key(length)
    units = _units(user, county, today, by_town)
    drills = _drills(user, county, start, end, by_town)
    named = _named(user, county, year, today, Substr("enterprise__region__path", 1, length))
    town_rows = [
        _fill(Row(t.path, t.name), units.get(t.path, {}), drills.get(t.path), named.get(t.path, {})) for t in towns
    ]
    county_level = [path for path in drills if path not in {t.path for t in towns}]
    if county_level:
        row = Row(COUNTY_KEY, _("County level (departments and the county)"))
        for path in county_level:
            row.add(_fill(Row(path, ""), {}, drills[path], {}))
        town_rows.append(row)
    sectors = {s.pk: s for s in Sector.objects.all()}
    by_sector_units = _units(user, county, today, "sector_id")
    by_sector_drills = _drills(user, county, start, end, "sector_id")
    by_sector_named = _named(user, county, year, today, "enterprise__sector_id")
    sector_rows = [
        _fill(Row(str(pk), s.name), by_sector_units.get(pk, {}), by_sector_drills.get(pk), by_sector_named.get(pk, {}))
        for pk, s in sorted(sectors.items(), key=lambda kv: (kv[1].order, kv[1].code))
    ]
    if None in by_sector_drills:
        sector_rows.append(
            _fill(Row("", _("No sector (departments, towns, the county)")), {}, by_sector_drills[None], {})
        )
    total = Row("total", _("Total"))
    for row in town_rows:
        total.add(row)
    return Overview(county, year, today, town_rows, sector_rows, total)
