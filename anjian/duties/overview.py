"""How the principals keep their periodic duties, for the county office, the departments and the towns: the
completion by town, by sector and by duty in one grouped query (a fixed number of queries whatever the number
of units), the units behind with their overdue duties, and the reminder a supervisor sends them. Each number
is the count of the occurrences the occurrence list shows with the same filters, so every number links to its
rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from anjian.org.jurisdiction import restrict
from anjian.org.models import Sector

from .calendar import status_q
from .choices import OccurrenceStatus
from .models import DutyItem, DutyOccurrence
from .towns import town_length, town_of, towns_by_path


def year_of(today: dt.date) -> tuple[dt.date, dt.date]:
    """The default days of the overview: the calendar year holding today (by the duties' due day)."""
    return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)


@dataclass
class Tally:
    label: str
    code: str  # the filter's value: a town's, a sector's or a duty's code ("" for the total)
    done: int = 0
    overdue: int = 0
    due: int = 0

    def add(self, done: int, overdue: int, due: int) -> None:
        self.done, self.overdue, self.due = self.done + done, self.overdue + overdue, self.due + due

    @property
    def total(self) -> int:
        return self.done + self.overdue + self.due

    @property
    def rate(self) -> float | None:
        """Done of those fallen due or done (an open one not yet done is not counted against the unit)."""
        counted = self.done + self.overdue
        return round(100 * self.done / counted, 1) if counted else None


@dataclass
class Overview:
    start: dt.date
    end: dt.date
    today: dt.date
    towns: list[Tally] = field(default_factory=list)
    sectors: list[Tally] = field(default_factory=list)
    items: list[Tally] = field(default_factory=list)
    total: Tally = field(default_factory=lambda: Tally(str(_("Total")), ""))


def occurrences(user, start: dt.date, end: dt.date) -> QuerySet:
    """The occurrences due within [start, end] in the user's jurisdiction."""
    return restrict(user, DutyOccurrence.objects.filter(due_on__gte=start, due_on__lte=end))


def overview(user, start: dt.date, end: dt.date, today: dt.date) -> Overview:
    """Done, overdue and due by town, sector and duty: one grouped query, and the names of what it found."""
    length = town_length()
    done, overdue, due = (
        status_q(s, today) for s in (OccurrenceStatus.DONE, OccurrenceStatus.OVERDUE, OccurrenceStatus.DUE)
    )
    rows = list(
        occurrences(user, start, end)
        .order_by()
        .annotate(t=town_of("enterprise__region__path", length))
        .values_list("t", "enterprise__sector_id", "item_id")
        .annotate(d=Count("pk", filter=done), o=Count("pk", filter=overdue), u=Count("pk", filter=due))
    )
    towns = towns_by_path({r[0] for r in rows})
    sectors = {s.pk: s for s in Sector.objects.filter(pk__in={r[1] for r in rows})}
    items = {i.pk: i for i in DutyItem.objects.filter(pk__in={r[2] for r in rows})}
    out = Overview(start, end, today)
    by_town = {p: Tally(t.name, t.code) for p, t in sorted(towns.items())}
    by_sector = {
        pk: Tally(s.name, s.code) for pk, s in sorted(sectors.items(), key=lambda kv: (kv[1].order, kv[1].code))
    }
    by_item = {pk: Tally(i.name, i.code) for pk, i in sorted(items.items(), key=lambda kv: (kv[1].order, kv[1].code))}
    for path, sector, item, *counts in rows:
        for tally in (by_town.get(path), by_sector.get(sector), by_item.get(item), out.total):
            if tally is not None:
                tally.add(*counts)
    out.towns, out.sectors, out.items = list(by_town.values()), list(by_sector.values()), list(by_item.values())
    return out


def units_behind(user, start: dt.date, end: dt.date, today: dt.date) -> QuerySet:
    """The units with overdue duties due within [start, end], most overdue first, each with its count."""
    return (
        occurrences(user, start, end)
        .filter(status_q(OccurrenceStatus.OVERDUE, today))
        .order_by()
        .values("enterprise_id", "enterprise__name", "enterprise__region__name", "enterprise__principal")
        .annotate(overdue=Count("pk"))
        .order_by("-overdue", "enterprise__name", "enterprise_id")
    )
