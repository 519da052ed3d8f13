"""Countable figures: declared once by the app that owns the records, read by campaigns and dashboards.

Each app declares its figures in its own `figures.py` with `@figure(key, label, unit)`: a function that
returns the rows counted, for a `Frame` (who asks, for which town or department, over which days). The
figure's value is the count of those rows (or the sum of `sums`, or the number of distinct units they
name), so a number always links to the very rows it counts, and a reader of figures never imports the
models it counts (ARCHITECTURE.md, "Figures").

Figures over the same rows form a family: declared with `over=` (the family's rows of the frame's unit; with
`@family(days=…)` narrowed by the days, which its members then leave out) on a function that returns the
condition (`Q`) the figure adds. `values` counts a family's figures for one unit in one query, and
`values_by_unit` for many towns and departments in one grouped query, the groups assigned to the units in
Python by the same rules as `jurisdiction.unit_q` — as a clerk's roll-up of thirty cells for forty
participants needs. A member that counts the rows holding some values of one column (`match=("kind", …)`: a
work record's kind, a failed check's text) lets its family group by that column instead of compiling a
condition for each member.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.translation import gettext

from anjian.org.jurisdiction import for_unit, owners, restrict, scope_of, unit_path_length, unit_q


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
        return queryset if date_field is None else queryset.filter(self.days(date_field, moment=moment))

    def by_end(self, queryset: QuerySet, date_field: str, *, moment: bool = False) -> QuerySet:
        """Rows whose `date_field` lies on or before the frame's last day (all when the frame is open)."""
        return queryset.filter(self.until(date_field, moment=moment))

    def days(self, date_field: str, *, moment: bool = False) -> Q:
        """The condition that `date_field` lies within the frame's days."""
        condition = self.until(date_field, moment=moment)
        if self.start is not None:
            condition &= Q(**{f"{date_field}__gte": _bound(self.start, moment)})
        return condition

    def until(self, date_field: str, *, moment: bool = False) -> Q:
        """The condition that `date_field` lies on or before the frame's last day (empty when open)."""
        if self.end is None:
            return Q()
        if moment:
            return Q(**{f"{date_field}__lt": _bound(self.end + dt.timedelta(days=1), True)})
        return Q(**{f"{date_field}__lte": self.end})

    def unit(self) -> Frame:
        """The same user and unit without the days."""
        return Frame(self.user, self.region, self.department)


def spanning(frames) -> Frame:
    """One frame over the days of all `frames` (of one user and unit): what a family's `over` is given when
    several of its figures are counted at once — its rows must include every member's rows of each frame."""
    frames = list(frames)
    first = frames[0]
    starts, ends = [f.start for f in frames], [f.end for f in frames]
    start = None if None in starts else min(starts)
    end = None if None in ends else max(ends)
    return Frame(first.user, first.region, first.department, start, end)


def _bound(day: dt.date, moment: bool):
    return timezone.make_aware(dt.datetime.combine(day, dt.time())) if moment else day


@dataclass(frozen=True)
class Figure:
    """A countable figure. `counted(frame)` is the queryset the app declared; its value is its count, the
    number of distinct `distinct` values (units inspected: the visits' distinct unit_id), or the sum of
    `sums`; `rows(frame)` are the records behind the value (for `distinct`, the records it points at).
    A family member also has `over` (its family's rows of a unit) and `when` (its own condition)."""

    key: str
    label: str  # the wording of the form it fills (Chinese, as the notice writes it)
    unit: str  # 家, 个, 次, 人, 万元 …
    counted: Callable[[Frame], QuerySet]
    sums: tuple[str, ...] = field(default_factory=tuple)  # summed instead of counted (people, amounts)
    money: bool = False  # a sum of amounts in 万元, to two places
    distinct: str = ""  # count the distinct values of this foreign key (e.g. "unit_id", "inspection__unit_id")
    over: Callable[[Frame], QuerySet] | None = None
    when: Callable[[Frame], Q] | None = None
    match: tuple[str, frozenset] | None = None  # (column, values): `when` is exactly column IN values
    by: dict[str, str] = field(default_factory=dict)  # dimension → the rows' field it groups by (breakdown)

    def rows(self, frame: Frame) -> QuerySet:
        counted = self.counted(frame)
        if not self.distinct:
            return counted
        target = counted.model
        for name in self.distinct.removesuffix("_id").split("__"):  # "unit_id", "inspection__unit_id"
            target = target._meta.get_field(name).related_model
        return target._default_manager.filter(pk__in=counted.values(self.distinct))

    def value(self, frame: Frame) -> int | Decimal:
        return self._total(self.counted(frame).order_by().aggregate(v=self._aggregate(None))["v"])

    def values_by_unit(self, frame: Frame, units: dict) -> dict:
        """{key: value} for several towns or departments: `units` maps a key to (region, department);
        `frame` gives the user and the days (its own unit is ignored)."""
        return values_by_unit({None: (self, frame)}, units)[None]

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


# --- many figures at once ------------------------------------------------------------------------------------


def values(requests: dict) -> dict:
    """{k: value} for `requests` {k: (figure, frame)}: a family's figures for one unit in one query."""
    out: dict = {}
    families: dict = defaultdict(list)
    for k, (fig, frame) in requests.items():
        if fig.over is None:
            out[k] = fig.value(frame)
        else:
            families[(fig.over, frame.unit())].append(k)
    for (over, _), keys in families.items():
        span = spanning(requests[k][1] for k in keys)
        aggregates = {}
        for n, k in enumerate(keys):
            aggregates[f"v{n}"] = requests[k][0]._aggregate(_condition(requests[k], span))
        found = over(span).order_by().aggregate(**aggregates)
        for n, k in enumerate(keys):
            out[k] = requests[k][0]._total(found[f"v{n}"])
    return out


def values_by_unit(requests: dict, units: dict) -> dict:
    """{k: {unit key: value}} for `requests` {k: (figure, frame)} and `units` {unit key: (region,
    department)}; each frame gives the user and the days (its own unit is ignored). A family's figures are
    counted in one query grouped by what decides a row's unit (town path, sector, department in charge);
    the groups are then added up for each unit."""
    out: dict = {}
    if not units:
        return {k: {} for k in requests}
    same: dict = {}  # a request asked twice (two cells of one figure) is counted once
    first = {}
    for k, (fig, frame) in requests.items():
        same[k] = first.setdefault((fig.key, frame), k)
    requests = {k: r for k, r in requests.items() if same[k] == k}
    families: dict = defaultdict(list)
    memo: dict = {}  # the units a group of rows counts for, shared by the families that decide it alike
    for k, (fig, frame) in requests.items():
        if fig.over is None:
            out[k] = _filtered_by_unit(fig, frame, units)
        else:
            families[(fig.over, frame.user)].append(k)
    for (over, _), keys in families.items():
        span = spanning(requests[k][1] for k in keys)
        base = over(Frame(span.user, None, None, span.start, span.end))
        conditions = {k: _condition(requests[k], span) for k in keys}
        out.update(_family_by_unit(base, {k: requests[k] for k in keys}, conditions, units, memo))
    return {k: out[same[k]] for k in same}


def _condition(request, span: Frame) -> Q | None:
    """A member's condition on its family's rows `over(span)`: its own, and its days where they are not the
    span's and the family counts by one date field (family(days=…))."""
    fig, frame = request
    condition = fig.when(frame)
    days = getattr(fig.over, "family_days", None)
    if days is not None and (frame.start, frame.end) != (span.start, span.end):
        condition &= frame.days(days[0], moment=days[1])
    return condition or None  # an empty Q: every row of the family


def _owners(model, units: dict, memo: dict):
    """(owners(model, units), its answers so far), shared by the models whose scopes decide alike."""
    scope = scope_of(model)
    alike = None if scope is None else (bool(scope.region_path), bool(scope.sector), bool(scope.department))
    if alike not in memo:
        memo[alike] = (owners(model, units), {})
    return memo[alike]


def _family_by_unit(base: QuerySet, requests: dict, conditions: dict, units: dict, memo: dict) -> dict:
    scope = scope_of(base.model)
    group: dict = {}
    length = unit_path_length(units) if scope is not None and scope.region_path else 0
    if length:  # a town's rows by its path; a department's within its own county's
        group["g_path"] = Substr(scope.region_path, 1, length)
    if scope is not None and scope.sector:
        group["g_sector"] = F(scope.sector)
    if scope is not None and scope.department:
        group["g_dept"] = F(scope.department)
    distinct = sorted({fig.distinct for fig, _ in requests.values() if fig.distinct})
    for n, name in enumerate(distinct):
        group[f"g_d{n}"] = F(name)
    by_columns = {fig.match[0] if fig.match else None for fig, _ in requests.values()}
    plain = all(conditions[k] == _match_q(fig.match) for k, (fig, _) in requests.items() if fig.match)
    if len(by_columns) == 1 and None not in by_columns and plain:
        return _matched_by_unit(base, requests, group, distinct, by_columns.pop(), units, memo)
    aggregates = {}
    for n, (k, (fig, _)) in enumerate(requests.items()):
        for m, name in enumerate(fig.sums):
            aggregates[f"v{n}_{m}"] = Sum(name, filter=conditions[k])
        if not fig.sums:
            aggregates[f"v{n}"] = Count("pk", filter=conditions[k])
    names = [*group, *aggregates]
    at = {name: i for i, name in enumerate(names)}
    rows = base.order_by().annotate(**group).values(*group).annotate(**aggregates).values_list(*names)
    plan = []  # (request key, the row's columns to add up, the distinct column or None)
    for n, (k, (fig, _)) in enumerate(requests.items()):
        columns = tuple(at[f"v{n}_{m}"] for m in range(len(fig.sums))) or (at[f"v{n}"],)
        plan.append((k, columns, at[f"g_d{distinct.index(fig.distinct)}"] if fig.distinct else None))
    return _add_up(rows, at, requests, units, _owners(base.model, units, memo), lambda row: plan)


def _add_up(rows, at: dict, requests: dict, units: dict, owners_: tuple, plan_of) -> dict:
    """Each grouped row's amounts added to the units it counts for (`owners_`: the finder and its answers so
    far); `plan_of(row)` gives the (request key, columns to add up, distinct column) the row feeds. A figure
    in 家 counts, for each unit, the distinct values of its rows that count anything."""
    sums: dict = {k: dict.fromkeys(units, 0) for k in requests}
    seen: dict = {k: {u: set() for u in units} for k, (fig, _) in requests.items() if fig.distinct}
    where_at = [at.get(name) for name in ("g_path", "g_sector", "g_dept")]
    owners_of, owners_seen = owners_  # (path, sector, department) → the units it counts for, found once
    for row in rows:
        plan = plan_of(row)
        if not plan:
            continue
        where = tuple(None if i is None else row[i] for i in where_at)
        mine = owners_seen.get(where)
        if mine is None:
            mine = owners_seen[where] = owners_of(*where)
        if not mine:
            continue
        for k, columns, distinct_at in plan:
            amount = sum(row[c] or 0 for c in columns)
            if not amount:
                continue
            if distinct_at is None:
                into = sums[k]
                for u in mine:
                    into[u] += amount
            elif row[distinct_at] is not None:
                found = seen[k]
                for u in mine:
                    found[u].add(row[distinct_at])
    return {
        k: {u: fig._total(len(seen[k][u]) if fig.distinct else sums[k][u]) for u in units}
        for k, (fig, _) in requests.items()
    }


def _match_q(match) -> Q | None:
    return Q(**{f"{match[0]}__in": sorted(match[1])}) if match else None


def _matched_by_unit(
    base: QuerySet, requests: dict, group: dict, distinct: list, column: str, units: dict, memo: dict
) -> dict:
    """A family whose members each count the rows of some values of one column (a work record's kind, a
    failed result's text): grouped by that column as well, with no conditional aggregate at all."""
    group = group | {"g_by": F(column)}
    summed = sorted({name for fig, _ in requests.values() for name in fig.sums})
    aggregates = {"n": Count("pk")} | {f"s{n}": Sum(name) for n, name in enumerate(summed)}
    names = [*group, *aggregates]
    at = {name: i for i, name in enumerate(names)}
    rows = base.order_by().annotate(**group).values(*group).annotate(**aggregates).values_list(*names)
    by_value: dict = {}  # a column value → the (request key, columns to add up, distinct column) it feeds
    for k, (fig, _) in requests.items():
        columns = tuple(at[f"s{summed.index(name)}"] for name in fig.sums) or (at["n"],)
        distinct_at = at[f"g_d{distinct.index(fig.distinct)}"] if fig.distinct else None
        for value in fig.match[1]:
            by_value.setdefault(value, []).append((k, columns, distinct_at))
    value_at = at["g_by"]
    return _add_up(rows, at, requests, units, _owners(base.model, units, memo), lambda row: by_value.get(row[value_at]))


def _filtered_by_unit(fig: Figure, frame: Frame, units: dict) -> dict:
    """A figure outside a family: one query, a filtered aggregate a unit."""
    base = fig.counted(Frame(frame.user, None, None, frame.start, frame.end))
    aggregates = {}
    for n, (region, department) in enumerate(units.values()):
        aggregates[f"u{n}"] = fig._aggregate(unit_q(base.model, region=region, department=department))
    found = base.order_by().aggregate(**aggregates)
    return {key: fig._total(found[f"u{n}"]) for n, key in enumerate(units)}


def breakdown(fig: Figure, frame: Frame, dimension: str) -> list[tuple[str, str, int]]:
    """(value, label, count) of a counted figure's rows grouped by one of its dimensions (`fig.by`): every
    choice of a field with choices in their order (zero included), or the related rows that have any, in
    their model's order. One query (two for a related model)."""
    path = fig.by[dimension]
    rows = fig.counted(frame).order_by()
    counted = {value: n for value, n in rows.values_list(path).annotate(n=Count("pk"))}
    model_field = rows.model._meta.get_field(path)
    if model_field.choices:
        known = [(value, str(label)) for value, label in model_field.flatchoices]
        listed = {value for value, _label in known}
        extra = [(value, str(value or "—")) for value in counted if value not in listed]
        return [(str(value), label, counted.get(value, 0)) for value, label in [*known, *extra]]
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk__in=[v for v in counted if v is not None])
        out = [(str(r.pk), str(r), counted[r.pk]) for r in related]
        return out + ([("", "—", counted[None])] if None in counted else [])
    return [(str(value), str(value), n) for value, n in sorted(counted.items(), key=lambda kv: str(kv[0]))]


def slice_rows(fig: Figure, frame: Frame, dimension: str, value: str) -> QuerySet:
    """The rows of one slice of `breakdown` (the value as it gives it; "" for none)."""
    path = fig.by[dimension]
    model_field = fig.counted(frame).model._meta.get_field(path)
    if model_field.is_relation:
        if value and not (value.isascii() and value.isdigit() and len(value) <= 18):  # an id, as breakdown gives it
            raise ValidationError({"value": gettext("This is not one of the breakdown's values.")})
        return fig.rows(frame).filter(**({f"{path}__isnull": True} if value == "" else {f"{path}_id": value}))
    return fig.rows(frame).filter(**{path: value})


# --- the registry ------------------------------------------------------------------------------------------


def family(days: str | None = None, *, moment: bool = False):
    """Mark `over(frame)` as the rows of a family that counts by one date field, `days` (a date-time with
    `moment`): `over` keeps the rows within the frame's days itself, so its members' conditions leave the days
    out; members counted together over other days get theirs added to their condition."""

    def mark(over: Callable[[Frame], QuerySet]) -> Callable[[Frame], QuerySet]:
        over.family_days = (days, moment) if days else None  # type: ignore[attr-defined]
        return over

    return mark


_FIGURES: dict[str, Figure] = {}


def figure(
    key: str,
    label: str,
    unit: str,
    sums: tuple[str, ...] = (),
    money: bool = False,
    distinct: str = "",
    over: Callable[[Frame], QuerySet] | None = None,
    match: tuple[str, tuple] | None = None,
    by: dict[str, str] | None = None,
):
    """Declare the decorated `counted(frame) -> QuerySet` as figure `key`; with `over`, the decorated
    function is the figure's condition `when(frame) -> Q` on the family's rows `over(frame)`; with `match`
    (column, values) as well, that condition must be column IN values (counted then without a condition); with
    `by` (dimension → field of the rows), a counted figure can be broken down (`breakdown`)."""
    if by and (sums or distinct):
        raise ValueError(f"figure {key}: only a count of rows breaks down")
    dimensions = dict(by or {})

    def declare(function: Callable) -> Callable:
        if key in _FIGURES and _FIGURES[key].counted.__qualname__ != function.__qualname__:
            raise ValueError(f"figure {key} is declared twice")
        if over is None:
            _FIGURES[key] = Figure(key, label, unit, function, tuple(sums), money, distinct, by=dimensions)
        else:
            counted = _member(over, function)
            found = (
                (match[0], frozenset(str(v) for v in match[1])) if match else None
            )  # plain values, as rows hold them
            _FIGURES[key] = Figure(
                key, label, unit, counted, tuple(sums), money, distinct, over, function, found, dimensions
            )
        return function

    return declare


def _member(over: Callable[[Frame], QuerySet], when: Callable[[Frame], Q]) -> Callable[[Frame], QuerySet]:
    def counted(frame: Frame) -> QuerySet:
        return over(frame).filter(when(frame))

    counted.__qualname__ = when.__qualname__
    return counted


def get(key: str) -> Figure:
    """The figure `key`; KeyError names it when no app declares it."""
    return _FIGURES[key]


def known() -> dict[str, Figure]:
    return dict(_FIGURES)
