"""Which tables changed: every write through Django's connection (the ORM's saves, updates, deletes and bulk
inserts, and raw SQL on a Django cursor) counts the written tables once its transaction commits, in one upsert
into core_freshness. A result kept in a cache remembers the tables it read (`reading()`) and their counts
(`counts()`); it is still right while those counts have not moved — whatever process, path or service wrote.

The count moves after the commit, never before, so a reader cannot keep data older than the counts it saw: a
reader between the commit and the count keeps newer data under the older count, which the next reader merely
recomputes. A write that escapes Django's connection (psycopg's COPY) is counted with `touch()`.

Tables written on every request (sessions, the sign-in records, the security log) are not counted: nothing
cached reads them, and counting them would add a write to every request."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections, transaction

from . import routers

logger = logging.getLogger(__name__)
TABLE = "core_freshness"
IGNORED = frozenset({TABLE, "django_session", "axes_accessattempt", "axes_accessfailurelog", "axes_accesslog",
                     "core_securityevent"})  # fmt: skip
WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)"?',
                   re.IGNORECASE)  # fmt: skip
READ = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)
TRUNCATED = re.compile(r'"(\w+)"')

T = TypeVar("T")
# The tables of a user's jurisdiction (org.jurisdiction), read once a request and remembered on the user: what
# is kept per user depends on them even where its own statements never read them.
JURISDICTION = frozenset({"org_roleassignment", "org_region", "org_department", "org_department_sectors",
                          "registry_enterprise", "org_user"})  # fmt: skip
_reading: ContextVar[set[str] | None] = ContextVar("anjian_freshness_reading", default=None)
# The write counts as a request first read them, by database alias: every kept part of one page is checked against
# the same counts (one query a request). None outside a request (commands, the worker: read each time).
_snapshot: ContextVar[dict[str, dict[str, int]] | None] = ContextVar("anjian_freshness_snapshot", default=None)


def request_started(**kwargs) -> None:
    _snapshot.set({})


def request_finished(**kwargs) -> None:
    _snapshot.set(None)


def _written(sql: str) -> set[str]:
    match = WRITE.match(sql)
    if not match:
        return set()
    if match.group(0).lstrip()[:8].upper() == "TRUNCATE":  # Django's flush: TRUNCATE "a", "b", … (tests)
        return set(TRUNCATED.findall(sql.split(";")[0])) - IGNORED
    return {match.group(1)} - IGNORED


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    seen = _reading.get()
    if seen is not None:
        seen.update(READ.findall(sql))
    tables = _written(sql) if isinstance(sql, str) else set()
    if tables:
        _changed(context["connection"], tables)
    return result


def _changed(connection, tables: set[str]) -> None:
    pending: set[str] = connection.__dict__.setdefault("anjian_freshness_pending", set())
    pending |= tables
    if not connection.in_atomic_block:
        _flush(connection)
        return
    # A flush after each write statement's commit (the first one counts them all, the others find nothing
    # pending): one registered per transaction would be lost with a savepoint rolled back around it.
    transaction.on_commit(_flusher(connection.alias), using=connection.alias)


_flushers: dict = {}


def _flusher(alias: str):
    if alias not in _flushers:
        _flushers[alias] = lambda: _flush(connections[alias])
    return _flushers[alias]


def _flush(connection) -> None:
    pending = connection.__dict__.get("anjian_freshness_pending")
    if not pending:
        return
    tables = sorted(pending)  # one order for every writer: no deadlock between two flushes
    pending.clear()
    rows = ", ".join(["(%s, 1)"] * len(tables))
    sql = (
        f"INSERT INTO {TABLE} (name, writes) VALUES {rows} "  # noqa: S608 - placeholders only
        f"ON CONFLICT (name) DO UPDATE SET writes = {TABLE}.writes + 1"
    )
    snapshot = _snapshot.get()
    if snapshot:  # this request wrote: what it reads next is checked against the new counts
        snapshot.clear()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, tables)
    except DatabaseError:
        # The records are committed already: a failed count must not turn the user's saved work into an error
        # page. What was kept from those tables lapses with ANJIAN_KEEP_SECONDS at the latest.
        if TABLE in connection.introspection.table_names():  # (before migrate made it: nothing is kept either)
            logger.warning("Write counts of %s not recorded", ", ".join(tables), exc_info=True)


def install(connection, **kwargs) -> None:
    """Watch a new connection's statements (connected to connection_created)."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def touch(*tables: str, using: str = "default") -> None:
    """Count a write that did not go through Django's connection (psycopg's COPY)."""
    _changed(connections[using], set(tables))


def counts(using: str | None = None) -> dict[str, int]:
    """Every counted table's writes: one query (once a request, until the request writes), by default where this
    request's reads go (core.routers): counts read on the replica are never newer than the rows read there after
    them."""
    using = using or ("replica" if routers.reads_from_replica() else "default")
    snapshot = _snapshot.get()
    if snapshot is not None and using in snapshot:
        return snapshot[using]
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT name, writes FROM {TABLE}")  # noqa: S608 - a constant
        found = dict(cursor.fetchall())
    if snapshot is not None:
        snapshot[using] = found
    return found


@contextmanager
def reading():
    """The tables the statements inside the block read (FROM and JOIN, subqueries included)."""
    seen: set[str] = set()
    token = _reading.set(seen)
    try:
        yield seen
    finally:
        _reading.reset(token)


def kept(
    name: str,
    compute: Callable[[], T],
    also: Iterable[str] | Callable[[], Iterable[str]] = (),
    writes: dict[str, int] | None = None,
) -> T:
    """compute()'s result, kept in the cache for ANJIAN_KEEP_SECONDS under `name` with the tables it read (and
    `also`: tables its inputs came from outside the block, or a function naming them, asked only when computing)
    and their write counts; reused while none of them has been written since. `writes` are the counts when the
    caller has read them already (one query)."""
    seconds = settings.ANJIAN_KEEP_SECONDS
    if not seconds:
        return compute()
    writes = counts() if writes is None else writes
    outer = _reading.get()  # a kept block around this one depends on what this one depends on
    entry = cache.get(name)
    if entry is not None and all(writes.get(table) == count for table, count in entry[0].items()):
        if outer is not None:
            outer.update(entry[0])
        return entry[1]
    with reading() as tables:
        result = compute()
    tables.update(also() if callable(also) else also)
    cache.set(name, ({table: writes.get(table) for table in tables}, result), seconds)
    if outer is not None:
        outer.update(tables)
    return result
