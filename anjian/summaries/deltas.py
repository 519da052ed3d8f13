"""Incremental maintenance: the services that change a hazard, a visit or an enforcement action call these in their
own transaction, with the record as it was (an `Entry`, or None for a new record) and as it is now.

A change moves one record from one row to another: -1 on the old row, +1 on the new one (a row is created at its
first record). Each move is one statement, `INSERT … ON CONFLICT (key) DO UPDATE SET count = count + excluded.count`,
on PostgreSQL and on SQLite (3.24+) alike. Why it is safe under concurrency: on PostgreSQL the statement either
inserts or, when a committed or concurrent row holds the key, waits for that row's lock and adds to its committed
value (never a lost update, never a duplicate-key error); SQLite serialises writers. Rows are moved in key order
so that two transactions moving the same rows take their locks in the same order (no deadlock). A rebuild locks
the tables against these writes while it counts (rebuild.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from anjian.org.choices import RegionLevel
from anjian.org.models import Region

from .models import EnforcementMonth, HazardMonth, MonthRow, VisitMonth


@dataclass(frozen=True)
class Entry:
    """Where one record is counted: its region (the county is found from it), its month, its dimension values
    (in the order of the model's KEY after the county and the month) and what it adds (the model's SUMS)."""

    region_id: int
    month: dt.date
    values: tuple
    sums: tuple = (1,)


def month_of(value: dt.date | dt.datetime) -> dt.date:
    """The first day of the value's month; a date-time in the project's time zone (as the rebuild truncates it)."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value, timezone.get_default_timezone()).date()
    return value.replace(day=1)


def county_of(region_id: int) -> int | None:
    """The county above (or at) a region, by its path: one query."""
    path = Region.objects.filter(pk=region_id).values_list("path", flat=True).first() or ""
    codes = [c for c in path.split("/") if c]
    county = Region.objects.filter(code__in=codes, level=RegionLevel.COUNTY).order_by("-path")
    return county.values_list("pk", flat=True).first()


# --- what each record counts as ------------------------------------------------------------------------------


def hazard_entry(hazard) -> Entry:
    values = (hazard.state, hazard.grade or "", hazard.sector_id, hazard.source)
    return Entry(hazard.region_id, month_of(hazard.found_at), values)


def visit_entry(visit) -> Entry:
    return Entry(visit.region_id, month_of(visit.visit_date), (visit.kind, visit.state, visit.sector_id))


def action_entry(action) -> Entry:
    fines = (action.unit_amount_wan or Decimal(0)) + (action.principal_amount_wan or Decimal(0))
    sums = (1, fines, action.referred_people or 0)
    return Entry(action.region_id, month_of(action.decided_on), (action.kind, action.sector_id), sums)


def hazard_changed(hazard, before: Entry | None) -> None:
    move(HazardMonth, before, hazard_entry(hazard))


def visit_changed(visit, before: Entry | None) -> None:
    move(VisitMonth, before, visit_entry(visit))


def action_changed(action, before: Entry | None) -> None:
    move(EnforcementMonth, before, action_entry(action))


# --- moving a record between rows ----------------------------------------------------------------------------


def move(model: type[MonthRow], before: Entry | None, after: Entry | None) -> None:
    """Take a record off its old row and count it on its new one (either may be None: created, deleted)."""
    if before == after:
        return
    counties: dict[int, int | None] = {}
    bumps = []
    for entry, sign in ((before, -1), (after, 1)):
        if entry is None:
            continue
        if entry.region_id not in counties:
            counties[entry.region_id] = county_of(entry.region_id)
        county = counties[entry.region_id]
        if county is not None:  # a record outside every county is in no county's figures (nor in a rebuild)
            bumps.append(((county, entry.month, *entry.values), tuple(sign * s for s in entry.sums)))
    for key, sums in sorted(bumps, key=lambda b: tuple(str(v) for v in b[0])):
        bump(model, key, sums)


def bump(model: type[MonthRow], key: tuple, sums: tuple) -> None:
    """Add `sums` to the row of `key`, creating it when missing: one atomic upsert."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    columns = [*model.KEY, *model.SUMS]
    values = [fields[c].get_db_prep_save(v, connection) for c, v in zip(columns, (*key, *sums), strict=True)]
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    column = {c: q(fields[c].column or c) for c in columns}
    names = [column[c] for c in columns]
    added = ", ".join(f"{column[c]} = {table}.{column[c]} + excluded.{column[c]}" for c in model.SUMS)
    sql = (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(names[: len(model.KEY)])}) DO UPDATE SET {added}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
