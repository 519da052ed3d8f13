"""Writing generated rows fast: PostgreSQL's COPY, or executemany's multi-row INSERT on SQLite; never a save a row.

The generator gives every row its id (from the table's largest id on), so rows point at each other before any is
written; `finish` moves the id sequences past them, so that what the application saves later gets new ids.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

from anjian.core import freshness

HISTORY_META = ("history_id", "history_date", "history_change_reason", "history_type", "history_user_id")


class Rows:
    """The rows of one model, in the order of `columns` (attnames: region_id, not region)."""

    def __init__(self, model: type[models.Model], columns: list[str], history: bool = False):
        self.model, self.columns, self.history = model, columns, history
        self.rows: list[tuple] = []

    def add(self, *values) -> None:
        self.rows.append(values)


class Writer:
    """Allocates ids and writes Rows. One per load, used inside its transaction."""

    def __init__(self) -> None:
        self.next: dict[type[models.Model], int] = {}
        self.written: set[type[models.Model]] = set()
        self.counts: dict[type[models.Model], int] = {}
        self.seconds: dict[str, float] = {}  # time spent writing each table, for --verbosity 2

    def ids(self, model: type[models.Model], n: int) -> range:
        start = self.next.get(model) or self._first(model)
        self.next[model] = start + n
        return range(start, start + n)

    def new_id(self, model: type[models.Model]) -> int:
        pk = self.next.get(model) or self._first(model)
        self.next[model] = pk + 1
        return pk

    @staticmethod
    def _first(model: type[models.Model]) -> int:
        return (model._base_manager.aggregate(top=Max("pk"))["top"] or 0) + 1

    def write(self, rows: Rows, history_at: dt.datetime | str | None = None) -> None:
        """Write the rows (and, with `history`, one "created" history row each, dated `history_at`: a date-time, or
        the name of the rows' own column holding it, e.g. created_at)."""
        if not rows.rows:
            return
        started = time.monotonic()
        _insert(rows.model, rows.columns, rows.rows)
        self.written.add(rows.model)
        if not rows.model._meta.auto_created:  # a many-to-many link table: not worth a line of its own
            self.counts[rows.model] = self.counts.get(rows.model, 0) + len(rows.rows)
        if rows.history:
            self._history(rows, history_at or dt.datetime.now(dt.UTC))
        table = rows.model._meta.db_table
        self.seconds[table] = self.seconds.get(table, 0) + time.monotonic() - started

    def _history(self, rows: Rows, at: dt.datetime | str) -> None:
        history = rows.model.history.model  # type: ignore[attr-defined]
        tracked = [f.attname for f in history._meta.concrete_fields if f.attname not in HISTORY_META]
        where = [rows.columns.index(c) for c in tracked]
        ids = iter(self.ids(history, len(rows.rows)))
        when = rows.columns.index(at) if isinstance(at, str) else None
        copied = (
            (*(row[i] for i in where), next(ids), at if when is None else row[when], None, "+", None)
            for row in rows.rows
        )
        _insert(history, [*tracked, *HISTORY_META], copied)
        self.written.add(history)

    def finish(self) -> None:
        """Move each id sequence written to past the largest id (PostgreSQL; SQLite follows the ids itself)."""
        statements = connection.ops.sequence_reset_sql(no_style(), sorted(self.written, key=lambda m: m._meta.label))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _insert(model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        freshness.touch(model._meta.db_table)  # COPY passes by Django's cursor: counted by hand
        return
    adapt = _adapters(model, columns)
    if any(adapt):
        rows = (tuple(a(v) if a and v is not None else v for a, v in zip(adapt, row, strict=True)) for row in rows)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608 - names from _meta


def _adapters(model: type[models.Model], columns: list[str]) -> list[Callable | None]:
    """What the ORM would do to a value before SQLite stores it (aware date-times as UTC text, dates as text)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    ops = connection.ops
    found: list[Callable | None] = []
    for name in columns:
        field = fields[name]
        if isinstance(field, models.DateTimeField):
            found.append(ops.adapt_datetimefield_value)
        elif isinstance(field, models.DateField):
            found.append(ops.adapt_datefield_value)
        elif isinstance(field, models.DecimalField):
            found.append(str)
        elif isinstance(field, models.JSONField):
            found.append(lambda v: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
        else:
            found.append(None)
    return found


def as_json(value) -> str:
    """A JSON column's text (COPY and executemany take it as text)."""
    return json.dumps(value, ensure_ascii=False)


@contextmanager
def indexes_deferred(tables: list[str]):
    """On PostgreSQL, load `tables` without their secondary indexes and constraints (foreign keys, uniques), then
    build them again in one pass each: a sort per index instead of an insert per row and index, and one join per
    foreign key instead of a check per row queued to the commit. Inside the caller's transaction: a failure
    (a duplicate, a dangling reference) rolls the whole load back, the definitions with it."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        # A table with checks still queued cannot be altered: run them now (the tables referred to are altered too).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(_DEFINITIONS, [tables, tables])
        found = cursor.fetchall()
        for table, kind, name, _definition in found:
            if kind == "index":
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
            else:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for table, kind, name, definition in sorted(found, key=lambda f: f[1] == "foreign key"):
            if kind == "index":
                cursor.execute(definition)
            else:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")


# (table, kind, name, definition) of each secondary index and each foreign key or unique constraint of the tables;
# the indexes that back a constraint (primary key, unique) come and go with it.
_DEFINITIONS = """
SELECT c.conrelid::regclass::text, CASE c.contype WHEN 'f' THEN 'foreign key' ELSE 'unique' END, c.conname,
       pg_get_constraintdef(c.oid)
  FROM pg_constraint c
 WHERE c.conrelid::regclass::text = ANY(%s) AND c.contype IN ('f', 'u')
UNION ALL
SELECT i.indrelid::regclass::text, 'index', x.relname, pg_get_indexdef(i.indexrelid)
  FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
 WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u'))
"""
