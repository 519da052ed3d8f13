"""Time the county's completion overview of the principal's periodic duties (十个一次) on the demo county, against a
hand-written SQL statement computing the same numbers.

Run: .venv/bin/python bench/duties.py [--repeat N] [--units N] [--data-dir DIR]
  --repeat N    timed runs of each (default 5), after one untimed run that counts the queries
  --units N     load the demo with N units (default: the full county, 3,120; loading takes a few minutes)
  --data-dir D  keep the database in D and reuse it on later runs (loaded only when empty)

Prints, for the county office and for a town: the median time of anjian.duties.overview.overview() (this year,
by due day) and of the page /duties/overview/, their SQL query counts, the median time of the SQL companion
and the ratio. The goal: at most 300 ms for the county, and a query count that does not depend on the number
of units (the same for the county and for a town, the same for any --units).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

GOAL_MS = 300.0

# The overview by hand (SQLite): one pass over the year's occurrences with their unit and its region, grouped by
# town (the first characters of the region path), sector and duty; done, overdue and due counted as the app does.
COMPANION = """
SELECT substr(r.path, 1, %(town_length)s) AS town, e.sector_id, o.item_id,
       SUM(o.done_on IS NOT NULL),
       SUM(o.done_on IS NULL AND o.due_on < %(today)s),
       SUM(o.done_on IS NULL AND o.due_on >= %(today)s)
FROM duties_dutyoccurrence o
JOIN registry_enterprise e ON e.id = o.enterprise_id
JOIN org_region r ON r.id = e.region_id
WHERE o.due_on >= %(start)s AND o.due_on <= %(end)s {scope}
GROUP BY 1, 2, 3
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--units", type=int, default=None)
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="anjian-bench-duties-") as scratch:
        data_dir = args.data_dir or scratch
        os.environ["ANJIAN_DATA_DIR"] = data_dir  # before django.setup(): settings read it
        Path(data_dir, "static").mkdir(parents=True, exist_ok=True)
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        run(args)


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from anjian.core import dates
    from anjian.duties import overview
    from anjian.duties.models import DutyOccurrence
    from anjian.duties.towns import town_length

    call_command("migrate", verbosity=0)
    size = {"enterprises": args.units} if args.units else {}
    started = time.perf_counter()
    call_command("load_demo", stdout=io.StringIO(), if_empty=bool(args.data_dir), **size)
    print(f"demo ready in {time.perf_counter() - started:.0f} s: {DutyOccurrence.objects.count()} duty occurrences")
    today = dates.today()
    start, end = overview.year_of(today)
    params = {
        "today": today.isoformat(),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "town_length": town_length(),
    }
    print(f"{'user':<8} {'what':<34} {'ms':>8} {'sql ms':>7} {'ratio':>6} {'queries':>7} {'groups':>6}")
    for username in ("county", "gaoxing"):
        measure(username, params, args.repeat)


def measure(username: str, params: dict, repeat: int) -> None:
    """The overview of one user: the function and the page, each against the SQL companion."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from anjian.duties import overview
    from anjian.org.models import User

    user = User.objects.get(username=username)
    params = dict(params)
    scope = ""
    if username != "county":
        params["town_like"] = user.assignments.get().region.path + "%"
        scope = "AND r.path LIKE %(town_like)s"
    statement = COMPANION.format(scope=scope)

    def sql() -> int:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return len(cursor.fetchall())

    groups = sql()
    sql_ms = statistics.median(timed(sql) for _ in range(repeat))
    start, end, today = (dt.date.fromisoformat(params[k]) for k in ("start", "end", "today"))
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    calls = {
        "overview() this year": lambda: overview.overview(User.objects.get(username=username), start, end, today),
        "GET /duties/overview/": lambda: client.get("/duties/overview/"),
    }
    for what, action in calls.items():
        reset_queries()  # a request empties the log when it starts: count from an empty log
        with CaptureQueriesContext(connection) as queries:
            action()
        count = len(queries)  # now: the next request empties the log again
        ms = statistics.median(timed(action) for _ in range(repeat))
        print(
            f"{username:<8} {what:<34} {ms:>8.1f} {sql_ms:>7.1f} {ms / sql_ms:>6.1f} {count:>7} {groups:>6}",
            flush=True,
        )
        if username == "county" and what.startswith("overview"):
            print(
                f"{'':<8} goal: at most {GOAL_MS:.0f} ms: {ms:.1f} ms: {'met' if ms <= GOAL_MS else 'NOT met'}",
                flush=True,
            )


if __name__ == "__main__":
    main()
