"""Countable figures: declared once by the app that owns the records, read by campaigns and dashboards.

Each app declares its figures in its own `figures.py` with `@figure(key, label, unit)`: a function that
returns the rows counted, for a `Frame` (who asks, for which town or department, over which days). The
figure's value is the count of those rows (or the sum of `sums`, or the number of distinct units they
name), so a number always links to the very rows it counts, and a reader of figures never imports the
models it counts (ARCHITECTURE.md, "Figures"). `values_by_unit` counts many towns or departments in one
query, with the same conditions as `for_unit`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from anjian.org.jurisdiction import for_unit, restrict, unit_q


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
    """A countable figure. `counted(frame)` is the queryset the app declared; its value is its count, the
    number of distinct `distinct` values (units inspected: the visits' distinct unit_id), or the sum of
    `sums`; `rows(frame)` are the records behind the value (for `distinct`, the records it points at)."""

    key: str
    label: str  # the wording of the form it fills (Chinese, as the notice writes it)
    unit: str  # 家, 个, 次, 人, 万元 …
    counted: Callable[[Frame], QuerySet]
    sums: tuple[str, ...] = field(default_factory=tuple)  # summed instead of counted (people, amounts)
    money: bool = False  # a sum of amounts in 万元, to two places
    distinct: str = ""  # count the distinct values of this foreign key (e.g. "unit_id")

    def rows(self, frame: Frame) -> QuerySet:
        counted = self.counted(frame)
        if not self.distinct:
            return counted
        target = counted.model._meta.get_field(self.distinct.removesuffix("_id")).related_model
        return target._default_manager.filter(pk__in=counted.values(self.distinct))

    def value(self, frame: Frame) -> int | Decimal:
        return self._total(self.counted(frame).order_by().aggregate(v=self._aggregate(None))["v"])

    def values_by_unit(self, frame: Frame, units: dict) -> dict:
        """{key: value} for several towns or departments in one query: `units` maps a key to (region,
        department); `frame` gives the user and the days (its own unit is ignored)."""
        base = self.counted(Frame(frame.user, None, None, frame.start, frame.end))
        if not units:
            return {}
        aggregates = {}
        for n, (region, department) in enumerate(units.values()):
            condition = unit_q(base.model, region=region, department=department)
            aggregates[f"u{n}"] = self._aggregate(condition)
        found = base.order_by().aggregate(**aggregates)
        return {key: self._total(found[f"u{n}"]) for n, key in enumerate(units)}

    def _aggregate(self, condition: Q | None):
        if self.sums:
            zero = Value(Decimal("0.00")) if self.money else Value(0)
            total = None
            for name in self.sums:
                part = Coalesce(Sum(name, filter=condition), zero)
                total = part if total is None else total + part
            return total
        if self.distinct:
            return Count(self.distinct, distinct=True, filter=condition)
        return Count("pk", filter=condition)

    def _total(self, raw) -> int | Decimal:
        if self.money:
            return Decimal(raw or 0).quantize(Decimal("0.01"))
        return int(raw or 0)


_FIGURES: dict[str, Figure] = {}


def figure(key: str, label: str, unit: str, sums: tuple[str, ...] = (), money: bool = False, distinct: str = ""):
    """Declare the decorated `counted(frame) -> QuerySet` as figure `key`."""

    def declare(counted: Callable[[Frame], QuerySet]) -> Callable[[Frame], QuerySet]:
        if key in _FIGURES and _FIGURES[key].counted.__qualname__ != counted.__qualname__:
            raise ValueError(f"figure {key} is declared twice")
        _FIGURES[key] = Figure(key, label, unit, counted, tuple(sums), money, distinct)
        return counted

    return declare


def get(key: str) -> Figure:
    """The figure `key`; KeyError names it when no app declares it."""
    return _FIGURES[key]


def known() -> dict[str, Figure]:
    return dict(_FIGURES)
