"""Time the drill overview of the demo county by town and by sector (anjian/emergency/overview.py), the pages and
the desk sections built on the same rules, each against hand-written SQL that computes the same figures.

Run: .venv/bin/python bench/emergency.py [--units N] [--repeat N] [--data-dir DIR] [--full]
  --units N     the demo county with N units (default: the full county, 3,120)
  --repeat N    timed runs of each call and of its SQL (default 5), after a warm-up run that counts the queries
  --data-dir D  keep the database in D and reuse it on later runs (loaded only when empty)
  --full        load the whole demo (load_demo); by default only the registry and the emergency records are loaded
                (anjian.demo.emergency), which is all the overview reads and takes seconds

Prints, per line: the user, what is timed, the median wall time, the median time of its SQL companion (run with
connection.cursor(), fetching every row), their ratio, the app's query count, and the rows the SQL fetched. It
checks first that the hand-written SQL gives the overview's very numbers (exits 1 if not).
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
from zoneinfo import ZoneInfo

EXEMPT = "('self_built_house', 'road_section')"  # emergency.rules.EXEMPT_KINDS
COLUMNS = f"{'user':<8} {'timed':<46} {'ms':>8} {'sql ms':>7} {'ratio':>6} {'queries':>7} {'rows':>6}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="anjian-bench-") as scratch:
        data_dir = args.data_dir or scratch
        os.environ["ANJIAN_DATA_DIR"] = data_dir  # before django.setup(): the settings read it
        Path(data_dir, "static").mkdir(parents=True, exist_ok=True)
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        sys.exit(0 if run(args) else 1)


def load(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from anjian.emergency.models import Drill
    from anjian.registry.models import Enterprise

    call_command("migrate", verbosity=0)
    if args.full:
        size = {"enterprises": args.units} if args.units else {}
        call_command("load_demo", stdout=io.StringIO(), if_empty=True, **size)
        return
    if Enterprise.objects.exists() and Drill.objects.exists():
        return
    from anjian.core.management.commands.load_demo import build
    from anjian.demo.emergency import load_demo_emergency
    from anjian.demo.generator import DEFAULT_ENTERPRISES, plan
    from anjian.demo.hazards import restart_photos

    today = timezone.localdate()
    with transaction.atomic():
        build(plan(enterprises=args.units or DEFAULT_ENTERPRISES), today)
        restart_photos()
        started = time.perf_counter()
        counts = load_demo_emergency(2023, today)
    print(f"emergency demo loaded in {time.perf_counter() - started:.1f} s: {counts}")


# --- the hand-written SQL (SQLite) ---------------------------------------------------------------------------


def _utc(day: dt.date, zone: str) -> str:
    """How Django stores the start of a local day in SQLite (UTC text)."""
    moment = dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def params(cursor, today: dt.date, zone: str, username: str) -> dict:
    """The periods of emergency.rules by hand, the county's path, the towns' path length, the user's own town."""
    from anjian.emergency.rules import period_of, previous_period

    cursor.execute("SELECT path FROM org_region WHERE level = 'county' ORDER BY code LIMIT 1")
    county = cursor.fetchone()[0]
    cursor.execute("SELECT MAX(LENGTH(path)) FROM org_region WHERE level = 'town'")
    length = cursor.fetchone()[0]
    cursor.execute(
        "SELECT r.path FROM org_roleassignment a JOIN org_user u ON u.id = a.user_id "
        "LEFT JOIN org_region r ON r.id = a.region_id WHERE u.username = %s ORDER BY a.id LIMIT 1",
        [username],
    )
    own = cursor.fetchone()[0]
    return {
        "today": today.isoformat(),
        "year_start": dt.date(today.year, 1, 1).isoformat(),
        "h_start": period_of(today, True)[0].isoformat(),
        "y_start": period_of(today, False)[0].isoformat(),
        "h_prev": previous_period(today, True)[0].isoformat(),
        "y_prev": previous_period(today, False)[0].isoformat(),
        "h_prev_at": _utc(previous_period(today, True)[0], zone),
        "y_prev_at": _utc(previous_period(today, False)[0], zone),
        "county_like": county + "%",
        "seen_like": (own if username != "county" else county) + "%",
        "length": length,
        "year": str(today.year),
    }


STATUS = """CASE
    WHEN l.last >= CASE WHEN e.high_risk THEN %(h_start)s ELSE %(y_start)s END THEN 'compliant'
    WHEN l.last >= CASE WHEN e.high_risk THEN %(h_prev)s ELSE %(y_prev)s END
      OR e.created_at >= CASE WHEN e.high_risk THEN %(h_prev_at)s ELSE %(y_prev_at)s END THEN 'due'
    ELSE 'overdue' END"""
LAST = """(SELECT enterprise_id, MAX(held_on) AS last FROM emergency_drill
    WHERE held_on IS NOT NULL AND held_on <= %(today)s GROUP BY enterprise_id)"""
PLACE_STATUS = """CASE
    WHEN EXISTS (SELECT 1 FROM emergency_drill d WHERE d.enterprise_id = q.enterprise_id
        AND d.held_on BETWEEN q.counted_from AND q.required_by AND d.held_on <= %(today)s) THEN 'held'
    WHEN EXISTS (SELECT 1 FROM emergency_drill d WHERE d.enterprise_id = q.enterprise_id
        AND d.held_on >= q.counted_from AND d.held_on <= %(today)s) THEN 'late'
    WHEN q.required_by >= %(today)s THEN 'pending' ELSE 'overdue' END"""


def overview_sql(group: str) -> list[str]:
    """The overview's grouped statements: units by their standing, the year's drills, the named places."""
    key = "substr(r.path, 1, %(length)s)" if group == "town" else "e.sector_id"
    drill_key = "substr(r.path, 1, %(length)s)" if group == "town" else "d.sector_id"
    return [
        f"""SELECT {key}, {STATUS} AS status, COUNT(*) FROM registry_enterprise e
        JOIN org_region r ON r.id = e.region_id LEFT JOIN {LAST} l ON l.enterprise_id = e.id
        WHERE e.status = 'operating' AND e.kind NOT IN {EXEMPT} AND r.path LIKE %(county_like)s
          AND r.path LIKE %(seen_like)s GROUP BY 1, 2""",  # noqa: S608 - constants of this file
        f"""SELECT {drill_key}, COUNT(*), SUM(d.participants), SUM(d.unscripted) FROM emergency_drill d
        JOIN org_region r ON r.id = d.region_id WHERE d.held_on BETWEEN %(year_start)s AND %(today)s
          AND r.path LIKE %(county_like)s AND r.path LIKE %(seen_like)s GROUP BY 1""",  # noqa: S608
        f"""SELECT {key}, {PLACE_STATUS} AS status, COUNT(*) FROM emergency_drillrequirement q
        JOIN registry_enterprise e ON e.id = q.enterprise_id JOIN org_region r ON r.id = e.region_id
        WHERE strftime('%%Y', q.required_by) = %(year)s AND r.path LIKE %(county_like)s
          AND r.path LIKE %(seen_like)s GROUP BY 1, 2""",  # noqa: S608
    ]


def frequency_sql() -> list[str]:
    """The frequency list's first page of overdue units (25, by last drill) and its count."""
    base = f"""FROM registry_enterprise e JOIN org_region r ON r.id = e.region_id LEFT JOIN {LAST} l
        ON l.enterprise_id = e.id WHERE e.status = 'operating' AND e.kind NOT IN {EXEMPT}
        AND r.path LIKE %(seen_like)s AND {STATUS} = 'overdue'"""  # noqa: S608
    return [
        f"SELECT COUNT(*) {base}",  # noqa: S608
        f"SELECT e.id, e.name, r.name, l.last {base} ORDER BY l.last, e.id LIMIT 25",  # noqa: S608
    ]


def run_sql(connection, statements: list[str], values: dict) -> tuple[int, list]:
    rows, found = 0, []
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, values)
            fetched = cursor.fetchall()
            rows += len(fetched)
            found.append(fetched)
    return rows, found


# --- checking and timing ---------------------------------------------------------------------------------------


def same_numbers(result, found: list, group: str) -> bool:
    """The overview's rows against the SQL's (units by standing, drills, participants, named places by status)."""
    units, drills, places = found
    mine: dict = {}
    for key, status, n in units:
        mine.setdefault(str(key), {})[status] = n
    for key, n, people, unscripted in drills:
        mine.setdefault(str(key), {}).update(drills=n, participants=people or 0, unscripted=unscripted or 0)
    for key, status, n in places:
        mine.setdefault(str(key), {})[f"named_{status}"] = n
    rows = result.towns if group == "town" else result.sectors
    wrong = 0
    for row in rows:
        if not row.key:
            continue  # the county level: drills at no town's path
        expected = mine.get(row.key, {})
        app = {"compliant": row.compliant, "due": row.due, "overdue": row.overdue, "drills": row.drills,
               "participants": row.participants, "unscripted": row.unscripted,
               **{f"named_{s}": n for s, n in row.named.items()}}  # fmt: skip
        for name, value in app.items():
            if value != expected.get(name, 0):
                wrong += 1
                print(f"  {group} {row.label}: {name} app {value}, sql {expected.get(name, 0)}")
    print(f"check by {group:<6}: {'same' if not wrong else f'{wrong} DIFFERENT'}")
    return not wrong


def timed(call: Callable[..., object], *args) -> float:
    started = time.perf_counter()
    call(*args)
    return (time.perf_counter() - started) * 1000


def line(user: str, label: str, call: Callable[[], object], statements: list[str], values: dict, repeat: int) -> None:
    from django.db import connection

    queries: list[str] = []

    def count(execute, sql, *rest):  # a page's request resets connection.queries: count at the driver
        queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(count):
        call()
    times = [timed(call) for _ in range(repeat)]
    rows, _found = run_sql(connection, statements, values)
    sql_times = [timed(run_sql, connection, statements, values) for _ in range(repeat)]
    ms, sql_ms = statistics.median(times), statistics.median(sql_times)
    print(
        f"{user:<8} {label:<46} {ms:>8.1f} {sql_ms:>7.1f} {ms / sql_ms:>6.1f} {len(queries):>7} {rows:>6}", flush=True
    )


def run(args: argparse.Namespace) -> bool:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from anjian.emergency import desk
    from anjian.emergency.overview import overview
    from anjian.org.models import Region, User

    load(args)
    today = timezone.localdate()
    county = Region.objects.filter(level="county").order_by("code").first()
    ok = True
    print(COLUMNS)
    for username in ("county", "gaoxing"):
        with connection.cursor() as cursor:
            values = params(cursor, today, settings.TIME_ZONE, username)

        def fresh(name: str = username) -> User:
            return User.objects.get(username=name)  # a request's user: its roles fetched afresh

        for group in ("town", "sector"):
            _rows, found = run_sql(connection, overview_sql(group), values)
            ok &= same_numbers(overview(fresh(), county, today), found, group)
        both = overview_sql("town") + overview_sql("sector")
        line(username, "overview() by town and sector", lambda: overview(fresh(), county, today), both, values,
             args.repeat)  # fmt: skip
        client = Client(SERVER_NAME="localhost")
        client.force_login(fresh())
        line(
            username, "/emergency/overview/", lambda c=client: c.get("/emergency/overview/"), both, values, args.repeat
        )
        url = "/emergency/frequency/?status=overdue"
        line(username, url, lambda u=url, c=client: c.get(u), frequency_sql(), values, args.repeat)
        line(username, "desk: units overdue on drills", lambda: desk.overdue_units(fresh(), today, 5),
             frequency_sql(), values, args.repeat)  # fmt: skip
    return ok


if __name__ == "__main__":
    main()
