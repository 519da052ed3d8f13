"""The summary tables rebuilt from the records: one GROUP BY pass per table (and per length of a county's path),
the county found in SQL as the prefix of the record's region path. `counted` says what the tables should hold,
`held` what they hold (the test that the incremental tables agree with a rebuild compares the two), `rebuild`
writes what `counted` says for all counties or some, and records when."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, DateField, DecimalField, Model, Q, Sum, Value
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.utils import timezone

from anjian.hazards.models import Hazard
from anjian.inspections.models import EnforcementAction, Inspection
from anjian.org.choices import RegionLevel
from anjian.org.models import Region

from .models import EnforcementMonth, HazardMonth, MonthRow, Rebuild, VisitMonth

BATCH = 5000
AMOUNT = DecimalField(max_digits=16, decimal_places=2)


@dataclass(frozen=True)
class Source:
    """Where a table's counts come from: the records, their date, the dimension columns (the table's KEY after the
    county and the month) and the sums (the table's SUMS)."""

    model: type[Model]
    date: str
    timed: bool  # the date is a date-time (truncated in the project's time zone)
    dimensions: tuple[str, ...]
    sums: dict


def _fines():
    zero = Value(Decimal(0), output_field=AMOUNT)
    return Sum(Coalesce("unit_amount_wan", zero) + Coalesce("principal_amount_wan", zero), output_field=AMOUNT)


SOURCES: dict[type[MonthRow], Source] = {
    HazardMonth: Source(Hazard, "found_at", True, ("state", "grade", "sector_id", "source"), {"count": Count("pk")}),
    VisitMonth: Source(Inspection, "visit_date", False, ("kind", "state", "sector_id"), {"count": Count("pk")}),
    EnforcementMonth: Source(
        EnforcementAction,
        "decided_on",
        False,
        ("kind", "sector_id"),
        {"count": Count("pk"), "fines_wan": _fines(), "referred_people": Sum("referred_people")},
    ),
}


def _county_paths(counties: Iterable[Region] | None) -> dict[int, dict[str, int]]:
    """{length of path: {county path: county id}} for the counties asked (every county when None)."""
    found = Region.objects.filter(level=RegionLevel.COUNTY)
    if counties is not None:
        found = found.filter(pk__in=[c.pk for c in counties])
    by_length: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, path in found.values_list("pk", "path"):
        by_length[len(path)][path] = pk
    return by_length


def _grouped(table: type[MonthRow], length: int, paths: dict[str, int]) -> dict[tuple, tuple]:
    source = SOURCES[table]
    if source.timed:
        month = TruncMonth(source.date, output_field=DateField(), tzinfo=timezone.get_default_timezone())
    else:
        month = TruncMonth(source.date)
    rows = (
        source.model._base_manager.annotate(_county_path=Substr("region__path", 1, length))
        .filter(_county_path__in=list(paths))
        .values("_county_path", *source.dimensions, _month=month)
        .annotate(**{f"_{name}": expression for name, expression in source.sums.items()})
        .order_by()
    )
    out = {}
    for row in rows.iterator(chunk_size=BATCH):
        key = (paths[row["_county_path"]], row["_month"], *(row[d] for d in source.dimensions))
        out[key] = tuple(row[f"_{name}"] or 0 for name in source.sums)
    return out


def counted(counties: Iterable[Region] | None = None) -> dict[type[MonthRow], dict[tuple, tuple]]:
    """What each table should hold, from the records: {table: {key: sums}}, keys as the table's KEY."""
    by_length = _county_paths(counties)
    out: dict[type[MonthRow], dict[tuple, tuple]] = {}
    for table in SOURCES:
        out[table] = {}
        for length, paths in by_length.items():
            out[table].update(_grouped(table, length, paths))
    return out


def held(counties: Iterable[Region] | None = None) -> dict[type[MonthRow], dict[tuple, tuple]]:
    """What each table holds (rows whose sums are all zero left out): {table: {key: sums}}."""
    out: dict[type[MonthRow], dict[tuple, tuple]] = {}
    for table in SOURCES:
        rows = table._default_manager.all()
        if counties is not None:
            rows = rows.filter(county__in=list(counties))
        zero = Q(**dict.fromkeys(table.SUMS, 0))
        out[table] = {
            tuple(row[:len(table.KEY)]): tuple(row[len(table.KEY):])
            for row in rows.exclude(zero).values_list(*table.KEY, *table.SUMS).iterator(chunk_size=BATCH)
        }  # fmt: skip
    return out


def _lock() -> None:
    """Hold off the services' increments while the records are counted and the rows written: an increment
    waits, then adds to the rebuilt row (its record's change was not yet committed, so not counted)."""
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(t._meta.db_table) for t in SOURCES)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")  # readers go on
    # SQLite: the transaction is IMMEDIATE (settings), so it holds the one write lock from its start.


@transaction.atomic
def rebuild(counties: Iterable[Region] | None = None) -> Rebuild:
    """Replace the rows of the counties asked (all when None) by what the records say; returns the record."""
    started = timezone.now()
    counties = list(counties) if counties is not None else None
    _lock()
    written = 0
    for table, rows in counted(counties).items():
        old = table._default_manager.all() if counties is None else table._default_manager.filter(county__in=counties)
        old._raw_delete(old.db)  # no signals, no cascade: these rows point at nothing
        names = (*table.KEY, *table.SUMS)
        objects = (table(**dict(zip(names, (*key, *sums), strict=True))) for key, sums in rows.items())
        table._default_manager.bulk_create(objects, batch_size=BATCH)
        written += len(rows)
    codes = "" if counties is None else " ".join(sorted(c.code for c in counties))
    return Rebuild.objects.create(started_at=started, finished_at=timezone.now(), counties=codes, rows=written)


def last_rebuild() -> Rebuild | None:
    return Rebuild.objects.order_by("-finished_at", "-id").first()
