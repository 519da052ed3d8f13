"""Countable figures: declared once by the app that owns the records, read by campaigns and dashboards.

Each app declares its figures in its own `figures.py` with `@figure(key, label, unit)`: a function that
returns the rows counted, for a `Frame` (who asks, for which town or department, over which days). The
figure's value is the count of those rows (or the sum of `sums`), so a number always links to the very
rows it counts, and a reader of figures never imports the models it counts (ARCHITECTURE.md, "Figures").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from anjian.org.jurisdiction import for_unit, restrict


@dataclass(frozen=True)
class Frame:
    """Who asks (`user`, through `restrict`), for whom (a town's region or a department; None: all the
    user sees) and over which days (inclusive; None: open)."""

    user: object
    region: object | None = None
    department: object | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def scoped(self, queryset: QuerySet, date_field: str | None = None, *, moment: bool = False) -> QuerySet:
        """`queryset` within the user's jurisdiction, the unit's and the days; `moment` for a date-time field,
        compared with the local day's bounds so that an index on it serves."""
        queryset = for_unit(restrict(self.user, queryset), region=self.region, department=self.department)
        if date_field is None:
            return queryset
        if self.start is not None:
            queryset = queryset.filter(**{f"{date_field}__gte": _bound(self.start, moment)})
        if self.end is not None:
            end = self.end + dt.timedelta(days=1) if moment else self.end
            queryset = queryset.filter(**{f"{date_field}__{'lt' if moment else 'lte'}": _bound(end, moment)})
        return queryset

    def by_end(self, queryset: QuerySet, date_field: str, *, moment: bool = False) -> QuerySet:
        """Rows whose `date_field` lies on or before the frame's last day (all when the frame is open)."""
        if self.end is None:
            return queryset
        if moment:
            return queryset.filter(**{f"{date_field}__lt": _bound(self.end + dt.timedelta(days=1), True)})
        return queryset.filter(**{f"{date_field}__lte": self.end})


def _bound(day: dt.date, moment: bool):
    return timezone.make_aware(dt.datetime.combine(day, dt.time())) if moment else day


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # the wording of the form it fills (Chinese, as the notice writes it)
    unit: str  # 家, 个, 次, 人, 万元 …
    rows: Callable[[Frame], QuerySet]
    sums: tuple[str, ...] = field(default_factory=tuple)  # summed instead of counted (people, amounts)
    money: bool = False  # a sum of amounts in 万元, to two places

    def value(self, frame: Frame) -> int | Decimal:
        return self.value_of(self.rows(frame))

    def value_of(self, queryset: QuerySet) -> int | Decimal:
        if not self.sums:
            return queryset.count()
        zero = Decimal("0.00") if self.money else 0
        total = queryset.order_by().aggregate(**{name: Coalesce(Sum(name), zero) for name in self.sums})
        if self.money:
            return sum((Decimal(total[name]) for name in self.sums), Decimal("0.00")).quantize(Decimal("0.01"))
        return sum(int(total[name]) for name in self.sums)


_FIGURES: dict[str, Figure] = {}


def figure(key: str, label: str, unit: str, sums: tuple[str, ...] = (), money: bool = False):
    """Declare the decorated `rows(frame) -> QuerySet` as figure `key`."""

    def declare(rows: Callable[[Frame], QuerySet]) -> Callable[[Frame], QuerySet]:
        if key in _FIGURES and _FIGURES[key].rows.__qualname__ != rows.__qualname__:
            raise ValueError(f"figure {key} is declared twice")
        _FIGURES[key] = Figure(key, label, unit, rows, tuple(sums), money)
        return rows

    return declare


def get(key: str) -> Figure:
    """The figure `key`; KeyError names it when no app declares it."""
    return _FIGURES[key]


def known() -> dict[str, Figure]:
    return dict(_FIGURES)
