"""Time the people app's heaviest pages on the demo county — the three posts' certification rate (信安办字〔2022〕30号)
and the people list with each person's training standing — against hand-written SQL that fetches the same rows
and figures, in a fresh SQLite database.

Run: .venv/bin/python bench/people.py [--repeat N] [--full] [--data-dir DIR]
  --repeat N    timed runs of each request and of its SQL (default 5), after one untimed warm-up that counts queries
  --full        load the whole demo (load_demo, ~2 minutes) instead of the registry and the people app alone
  --data-dir D  keep the database in D and reuse it on later runs (loaded only when empty)

Prints, per request: the user, the request, the median wall time of the page, the median time of its SQL companion
(run with connection.cursor(), fetching every row), their ratio, the page's query count and bytes, and the rows
the SQL fetched. The people list's SQL computes the same sums of hours with one LEFT JOIN and GROUP BY where the
app uses correlated subqueries (one CASE per rule), so that a slow annotation shows as a large ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

TOWN = "360732104000"  # 高兴镇
PERSON_FROM = """FROM people_person p JOIN registry_enterprise e ON e.id = p.enterprise_id
    JOIN org_region r ON r.id = e.region_id JOIN org_sector s ON s.id = e.sector_id"""
CURRENT = "(p.left_on IS NULL OR p.left_on >= %(today)s) AND e.status <> 'closed'"
MANAGER = "(p.is_principal OR p.is_safety_manager)"
HELD = """EXISTS (SELECT 1 FROM people_certificate c WHERE c.person_id = p.id AND c.kind = '{kind}' {more}
    AND c.issued_on <= %(today)s AND c.expires_on >= %(today)s AND (c.next_review_on IS NULL OR c.next_review_on >= %(today)s))"""
REQUIRED = f"{CURRENT} AND (({MANAGER} AND e.high_risk) OR p.is_special_operation)"
CERTIFIED = f"""(NOT ({MANAGER} AND e.high_risk) OR {HELD.format(kind="safety_qualification", more="")})
    AND (NOT p.is_special_operation OR {HELD.format(kind="special_operation", more="AND c.operation_type = p.operation_type")})"""


def scope(user: str) -> str:
    """restrict() by hand for the demo users this file times: the county office sees all, 高兴镇 its path."""
    return "1 = 1" if user == "county" else "r.path LIKE %(town_like)s"


def rate_sql(user: str, by: str) -> list[str]:
    """rates.rate_rows: the three posts grouped, one pass, and the towns' names."""
    key = {"town": "substr(r.path, 1, %(town_length)s)", "sector": "s.id", "enterprise": "e.id"}[by]
    label = {"town": "''", "sector": "s.name", "enterprise": "e.name"}[by]
    statements = [
        f"""SELECT {key}, {label}, COUNT(*), SUM(CASE WHEN {CERTIFIED} THEN 1 ELSE 0 END) {PERSON_FROM}
        WHERE {scope(user)} AND {REQUIRED} GROUP BY 1, 2"""  # noqa: S608
    ]
    if by == "town":
        statements.append("SELECT path, name FROM org_region WHERE level = 'town'")
    return statements


TRAINING_SUMS = """LEFT JOIN people_trainingrecord t ON t.person_id = p.id AND t.result = 'passed'"""
SUMS = """COALESCE(SUM(CASE WHEN t.kind = 'initial' THEN t.hours END), 0),
    COALESCE(SUM(CASE WHEN t.kind = 'initial' AND t.date <= COALESCE(p.started_on, %(today)s) THEN t.hours END), 0),
    COALESCE(SUM(CASE WHEN t.kind <> 'initial' AND t.date > %(year_ago)s AND t.date <= %(today)s THEN t.hours END), 0),
    MAX(CASE WHEN t.kind = 'initial' THEN t.date END),
    EXISTS (SELECT 1 FROM people_absence a WHERE a.person_id = p.id AND a.long_absence AND a.back_on <= %(today)s
        AND NOT EXISTS (SELECT 1 FROM people_trainingrecord x WHERE x.person_id = p.id AND x.kind = 'retraining'
        AND x.result = 'passed' AND x.date >= a.away_from))"""


def people_sql(user: str, filtered: bool = False, page: int = 25) -> list[str]:
    """The people list: a page of people with their hours summed (the rule applied to the sums in Python is what
    the app's CASE does), and the count. Filtered to those short or overdue, the sums decide the rows, so every
    person's are computed (as the app's must be)."""
    columns = f"""p.id, p.name, p.id_number, e.name, p.post, p.is_principal, p.is_safety_manager,
        p.is_special_operation, p.is_team_leader, p.is_new_staff, p.is_dispatched, p.is_outsourced, p.started_on,
        p.assessment_due_on, e.high_risk, s.code, e.high_risk_activity, {SUMS}"""
    having = ""
    if filtered:  # short or overdue: below the hours of the person's rule (a simplified form of its CASE)
        having = """HAVING COALESCE(SUM(CASE WHEN t.kind <> 'initial' AND t.date > %(year_ago)s THEN t.hours END), 0)
            < 12 OR COALESCE(SUM(CASE WHEN t.kind = 'initial' THEN t.hours END), 0) < 24"""
    page_sql = f"""SELECT {columns} {PERSON_FROM} {TRAINING_SUMS} WHERE {scope(user)} GROUP BY p.id {having}
        ORDER BY p.enterprise_id, p.name, p.id LIMIT {page}"""  # noqa: S608
    count_sql = f"SELECT COUNT(*) {PERSON_FROM} WHERE {scope(user)}"  # noqa: S608
    if filtered:
        count_sql = f"SELECT COUNT(*) FROM (SELECT p.id {PERSON_FROM} {TRAINING_SUMS} WHERE {scope(user)} GROUP BY p.id {having})"  # noqa: S608
    return [page_sql, count_sql]


def welders_sql(user: str) -> list[str]:
    """The welders' ledger of 高兴镇: a page of welders, their standing, the welding certificates they hold."""
    held = HELD.format(kind="special_operation", more="AND c.operation_type = 'welding' AND NOT c.issued_elsewhere")
    elsewhere = HELD.format(kind="special_operation", more="AND c.operation_type = 'welding' AND c.issued_elsewhere")
    where = f"{scope(user)} AND r.path LIKE %(town_like)s AND {CURRENT} AND p.operation_type = 'welding'"
    return [
        f"""SELECT p.id, p.name, p.id_number, e.name, p.post, CASE WHEN {held} THEN 'local' WHEN {elsewhere}
        THEN 'elsewhere' ELSE 'uncertified' END {PERSON_FROM} WHERE {where}
        ORDER BY r.code, e.name, p.name, p.id LIMIT 50""",  # noqa: S608
        f"""SELECT c.number, c.issuer, c.expires_on FROM people_certificate c JOIN people_person p ON p.id = c.person_id
        JOIN registry_enterprise e ON e.id = p.enterprise_id JOIN org_region r ON r.id = e.region_id
        WHERE {where} AND c.operation_type = 'welding' AND c.issued_on <= %(today)s AND c.expires_on >= %(today)s""",  # noqa: S608
    ]


class Request(NamedTuple):
    user: str
    url: str
    companion: Callable[[str], list[str]]


REQUESTS = [
    Request("county", "/people/certification-rate/?by=town", lambda u: rate_sql(u, "town")),
    Request("county", "/people/certification-rate/?by=sector", lambda u: rate_sql(u, "sector")),
    Request("county", "/api/v1/people/certification-rate/?by=enterprise", lambda u: rate_sql(u, "enterprise")),
    Request("gaoxing", "/people/certification-rate/?by=enterprise", lambda u: rate_sql(u, "enterprise")),
    Request("county", "/people/", people_sql),
    Request("gaoxing", "/people/", people_sql),
    Request("county", "/people/?compliance=short&compliance=overdue", lambda u: people_sql(u, filtered=True)),
    Request("county", "/api/v1/people/", lambda u: people_sql(u, page=50)),
    Request("county", f"/people/welders/?town={TOWN}", welders_sql),
]
COLUMNS = f"{'user':<8} {'request':<56} {'ms':>8} {'sql ms':>7} {'ratio':>6} {'queries':>7} {'bytes':>9} {'rows':>6}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--full", action="store_true", help="load the whole demo (load_demo)")
    parser.add_argument("--data-dir", default=None, help="keep and reuse the database in this directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="anjian-bench-") as scratch:
        data_dir = args.data_dir or scratch
        os.environ["ANJIAN_DATA_DIR"] = data_dir  # before django.setup(): settings read it
        Path(data_dir, "static").mkdir(parents=True, exist_ok=True)
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        run(args)


def load(full: bool) -> None:
    """The demo county: all of it, or the registry (units, regions, users) and the people app's records."""
    import io

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from anjian.core.management.commands.load_demo import build, occupied
    from anjian.demo.generator import DEFAULT_ENTERPRISES, DEFAULT_SEED, plan
    from anjian.demo.people import load_demo_people

    call_command("migrate", verbosity=0)
    if occupied():
        return
    if full:
        call_command("load_demo", stdout=io.StringIO())
        return
    today = timezone.localdate()
    with transaction.atomic():
        build(plan(DEFAULT_SEED, DEFAULT_ENTERPRISES), today)
        started = time.perf_counter()
        counts = load_demo_people(DEFAULT_SEED, today)
    print(f"load_demo_people: {time.perf_counter() - started:.1f} s {counts}")


def context(cursor, today: dt.date) -> dict:
    cursor.execute("SELECT path FROM org_region WHERE code = %s", [TOWN])
    town_path = cursor.fetchone()[0]
    return {
        "today": today.isoformat(),
        "year_ago": today.replace(year=today.year - 1).isoformat()
        if (today.month, today.day) != (2, 29)
        else dt.date(today.year - 1, 2, 28).isoformat(),
        "town_like": f"{town_path}%",
        "town_length": len(town_path),
    }


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from anjian.org.models import User

    load(args.full)
    with connection.cursor() as cursor:
        params = context(cursor, timezone.localdate())
    print(COLUMNS)
    for request in REQUESTS:
        client = Client(SERVER_NAME="localhost")
        client.force_login(User.objects.get(username=request.user))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(request.url)
        count, size = len(queries), len(response.content)
        assert response.status_code == 200, (request.url, response.status_code)
        times = [timed(client.get, request.url) for _ in range(args.repeat)]
        statements = request.companion(request.user)
        rows = run_sql(connection, statements, params)
        sql_times = [timed(run_sql, connection, statements, params) for _ in range(max(1, args.repeat))]
        page_ms, sql_ms = statistics.median(times), statistics.median(sql_times)
        print(f"{request.user:<8} {request.url:<56} {page_ms:>8.1f} {sql_ms:>7.1f} {page_ms / sql_ms:>6.1f} "
              f"{count:>7} {size:>9} {rows:>6}", flush=True)  # fmt: skip


def timed(call: Callable[..., object], *args) -> float:
    started = time.perf_counter()
    call(*args)
    return (time.perf_counter() - started) * 1000


def run_sql(connection, statements: list[str], params: dict) -> int:
    rows = 0
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params)
            rows += len(cursor.fetchall())
    return rows


if __name__ == "__main__":
    main()
