"""Time the main reads of a generated province on PostgreSQL, each against hand-written SQL fetching the same rows
and figures in the same run (issue 15: 300,000 units and 3,000,000 hazards). Not part of the test suite.

Generate a database first (an empty one, migrated; about 10 s a county of 30,000 hazards on 2 cores):
    createdb -h 127.0.0.1 -U postgres anjian_scale_big
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/anjian_scale_big
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py generate_province --counties 4 --seed 1
    export ANJIAN_SECRET_KEY=<a long random key> ANJIAN_2FA_ROLES=   # the offices sign in without a second factor
    PYTHONPATH=. .venv/bin/python bench/scale.py [--repeat N] [--only TEXT ...] [--no-memory]

Nothing is kept between requests (ANJIAN_KEEP_SECONDS=0): each read is computed as after a write, except the
province's dashboard, shown once from its last count (as the page does for 30 minutes) and once counted now. Prints, per
read: the user, the request, the median server time over N runs (after one untimed run that counts
the queries), the median time of its SQL companion (written by hand, every row fetched), their ratio and the query
count; then the peak memory (RSS) of a process exporting the general ledger of the first city (about 25,000 rows a
county of it). The issue's goals at 100 counties: every list page at most 100 ms and within 2× of its SQL; a county's statistics at most 300 ms; the query count of a page constant.

The users are found in the database: the first county's office, its first town's officer, the grid worker of its
busiest grid, its emergency-management department (yingji), the province office. Attachment 4's roll-up is timed on
the first county's 高府发〔2023〕14号 campaign, which the county office starts from its template on the first run
(the generator makes no campaign; the campaign stays).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sql as demo_sql  # noqa: E402 - bench/sql.py: the campaign's month, as bench/pages.py finds it
from pages import run_sql, timed  # noqa: E402 - bench/pages.py, beside this file

HAZARD_COLUMNS = """h.id, h.description, h.state, h.grade, h.found_at, h.deadline, e.name, s.name, r.name"""
HAZARD_FROM = """FROM hazards_hazard h JOIN registry_enterprise e ON e.id = h.unit_id
    JOIN org_sector s ON s.id = h.sector_id JOIN org_region r ON r.id = h.region_id"""
# Who sees which hazards, by hand: the indexed columns, a grid worker's two branches as a UNION.
SCOPE = {
    "county": "h.county_id = %(county_id)s",
    "town": "h.town_id = %(town_id)s",
    "grid": "h.id IN (SELECT id FROM hazards_hazard WHERE region_id = %(grid_id)s UNION "
    "SELECT id FROM hazards_hazard WHERE grid_id = %(grid_id)s)",
    "dept": "h.county_id = %(dept_county)s AND (h.sector_id IN (SELECT sector_id FROM org_department_sectors "
    "WHERE department_id = %(dept_id)s) OR h.responsible_department_id = %(dept_id)s)",
    "province": "TRUE",
}
FILTERED = "h.state = 'rectifying' AND h.sector_id = %(sector_id)s"
UNIT_SCOPE = {
    "county": "u.region_id IN (SELECT id FROM org_region WHERE path LIKE %(county_like)s)",
    "province": "TRUE",
}
VISIT_SCOPE = {
    "county": "i.region_id IN (SELECT id FROM org_region WHERE path LIKE %(county_like)s)",
    "province": "TRUE",
}
THIS_YEAR = " AND h.found_at >= date_trunc('year', now())"


def hazard_page(who: str, size: int, filtered: bool = False) -> list[str]:
    where = SCOPE[who] + (f" AND {FILTERED}" if filtered else "")
    return [
        f"SELECT {HAZARD_COLUMNS} {HAZARD_FROM} WHERE {where} ORDER BY h.found_at DESC, h.id DESC LIMIT {size}",  # noqa: S608
        f"SELECT COUNT(*) FROM hazards_hazard h WHERE {where}",  # noqa: S608
    ]


def enterprise_page(who: str, size: int) -> list[str]:
    where = UNIT_SCOPE[who]
    return [
        f"""SELECT u.id, u.name, u.credit_code, s.name, r.name, u.principal, u.status FROM registry_enterprise u
        JOIN org_sector s ON s.id = u.sector_id JOIN org_region r ON r.id = u.region_id WHERE {where}
        ORDER BY r.code, u.name, u.id LIMIT {size}""",  # noqa: S608
        f"SELECT COUNT(*) FROM registry_enterprise u WHERE {where}",  # noqa: S608
    ]


def stats(who: str) -> list[str]:
    base = f"FROM hazards_hazard h WHERE {SCOPE[who]}"  # noqa: S608
    return [
        f"""SELECT 'state', h.state, COUNT(*) {base} GROUP BY h.state
        UNION ALL SELECT 'grade', h.grade, COUNT(*) {base} GROUP BY h.grade
        UNION ALL SELECT 'source', h.source, COUNT(*) {base} GROUP BY h.source
        UNION ALL SELECT 'sector', h.sector_id::text, COUNT(*) {base} GROUP BY h.sector_id
        UNION ALL SELECT 'town', h.town_id::text, COUNT(*) {base} GROUP BY h.town_id""",  # noqa: S608
        f"""SELECT COUNT(*), COUNT(*) FILTER (WHERE h.state = 'closed'),
        COUNT(*) FILTER (WHERE h.state = 'closed' AND h.closed_at::date <= h.deadline),
        COUNT(*) FILTER (WHERE h.state <> 'closed' AND h.deadline < CURRENT_DATE) {base}""",  # noqa: S608
    ]


def quota(who: str) -> list[str]:
    return [
        f"""SELECT h.finding_department_id, h.town_id, COUNT(*) FROM hazards_hazard h WHERE {SCOPE[who]}
        AND h.grade = 'major' AND h.found_at >= date_trunc('quarter', now()) GROUP BY 1, 2"""  # noqa: S608
    ]


def figures(who: str, period: str = "") -> list[str]:
    return [
        f"""SELECT COUNT(*), COUNT(*) FILTER (WHERE i.kind <> 'assistance') FROM inspections_inspection i
        WHERE {VISIT_SCOPE[who]}""",  # noqa: S608
        f"SELECT COUNT(*), COUNT(*) FILTER (WHERE h.state = 'closed') FROM hazards_hazard h WHERE {SCOPE[who]}{period}",  # noqa: S608
    ]


def dashboard(who: str) -> list[str]:
    """The dashboard's default period is this year so far."""
    return [
        *[q.replace(f"WHERE {SCOPE[who]}", f"WHERE {SCOPE[who]}{THIS_YEAR}") for q in stats(who)],
        *figures(who, THIS_YEAR),
        *enterprise_page(who, 0)[1:],
    ]


def counties_panel() -> list[str]:
    """What the counties' panel shows, counted from the records by hand: per county and month of this year."""
    return [
        """SELECT h.county_id, date_trunc('month', h.found_at), COUNT(*), COUNT(*) FILTER (WHERE h.state <> 'closed'),
        COUNT(*) FILTER (WHERE h.state = 'closed'), COUNT(*) FILTER (WHERE h.grade = 'major') FROM hazards_hazard h
        WHERE h.found_at >= date_trunc('year', now()) GROUP BY 1, 2"""
    ]


def ledger(who: str) -> list[str]:
    return [
        f"""SELECT {HAZARD_COLUMNS}, p.measures, (SELECT ev.comment FROM hazards_hazardevent ev WHERE ev.hazard_id = h.id
        AND ev.action = 'progress' ORDER BY ev.signed_at DESC, ev.id DESC LIMIT 1) {HAZARD_FROM}
        LEFT JOIN hazards_rectificationplan p ON p.hazard_id = h.id WHERE {SCOPE[who]} AND h.grade = 'general'
        ORDER BY h.found_at DESC, h.id DESC"""  # noqa: S608
    ]


def campaign(cursor, office: str, today: dt.date) -> dict:
    """The parameters of attachment 4's reads: the first county's 高府发〔2023〕14号 campaign, started from its
    template by the county office when the generated province has none (the generator makes no campaign), its
    latest closed month (bench/sql.py). With no report signed, the roll-up counts every cell for every participant
    and the county: the most it ever counts."""
    from django.conf import settings

    from anjian.campaigns import services
    from anjian.org.models import Region, User

    user = User.objects.get(username=office)
    county = Region.objects.get(pk=user.assignments.filter(role="county_office").values("region")[:1])
    cursor.execute("SELECT 1 FROM campaigns_campaign WHERE template = %s AND region_id = %s", [TEMPLATE, county.pk])
    if cursor.fetchone() is None:
        year = today.year if today.month >= 5 else today.year - 1  # the notice's campaign runs May to December
        services.start_from_template(user, TEMPLATE, region=county, year=year)
    tz = ZoneInfo(settings.TIME_ZONE)
    found = demo_sql.campaign_context(cursor, today, lambda day: dt.datetime.combine(day, dt.time(), tzinfo=tz))
    return found | {"today": today.isoformat()}


TEMPLATE = demo_sql.CAMPAIGN_TEMPLATE


class Read(NamedTuple):
    who: str
    url: str
    companion: Callable[[], list[str]]
    live: bool = False  # a city's or province's dashboard counted now instead of its last count (a Snapshot)


FILTER = "?state=rectifying&sector={sector}"
READS = [
    Read("county", "/hazards/", lambda: hazard_page("county", 25)),
    Read("county", "/hazards/" + FILTER, lambda: hazard_page("county", 25, True)),
    Read("town", "/hazards/", lambda: hazard_page("town", 25)),
    Read("town", "/hazards/" + FILTER, lambda: hazard_page("town", 25, True)),
    Read("dept", "/hazards/", lambda: hazard_page("dept", 25)),
    Read("dept", "/hazards/" + FILTER, lambda: hazard_page("dept", 25, True)),
    Read("grid", "/hazards/", lambda: hazard_page("grid", 25)),
    Read("grid", "/hazards/" + FILTER, lambda: hazard_page("grid", 25, True)),
    Read("county", "/hazards/?region={town_code}", lambda: hazard_page("town", 25)),
    Read("county", "/api/v1/hazards/", lambda: hazard_page("county", 50)),
    Read("grid", "/api/v1/hazards/", lambda: hazard_page("grid", 50)),
    Read("county", "/registry/enterprises/", lambda: enterprise_page("county", 25)),
    Read("county", "/api/v1/enterprises/", lambda: enterprise_page("county", 50)),
    Read("county", "/hazards/stats/", lambda: stats("county")),
    Read("town", "/hazards/stats/", lambda: stats("town")),
    Read("county", "/hazards/quota/", lambda: quota("county")),
    Read("county", "/inspections/figures/", lambda: figures("county")),
    Read("county", "/risk/map/", lambda: figures("county")),
    Read("county", "/dashboards/", lambda: dashboard("county")),
    Read("county", "/hazards/tasks/", lambda: hazard_page("county", 50)),
    Read("province", "/hazards/", lambda: hazard_page("province", 25)),
    Read("province", "/api/v1/hazards/", lambda: hazard_page("province", 50)),
    Read("province", "/hazards/stats/?county={county_code}", lambda: stats("county")),  # a county at a time
    Read("province", "/dashboards/", lambda: dashboard("province")),
    Read("province", "/dashboards/", lambda: dashboard("province"), live=True),
    Read("province", "/api/v1/summaries/counties/", counties_panel),
    # Attachment 4: bench/sql.py's statements in PostgreSQL's words (bench/check_campaign_sql.py --pg checks them).
    Read(
        "county",
        "/campaigns/{campaign}/dispatch.xlsx?period={campaign_month}",
        lambda: demo_sql.campaign_rollup("county", pg=True),
    ),
    Read(
        "county",
        "/api/v1/campaigns/{campaign}/dispatch/?period={campaign_month}",
        lambda: demo_sql.campaign_dispatch("county", pg=True),
    ),
    Read("town", "/hazards/general-ledger.xlsx", lambda: ledger("town")),
    Read("county", "/hazards/general-ledger.xlsx", lambda: ledger("county")),
]
COLUMNS = f"{'user':<8} {'request':<52} {'ms':>9} {'sql ms':>8} {'ratio':>6} {'queries':>7}"


def people(cursor) -> tuple[dict, dict]:
    """The users of each read and the parameters of the SQL: the first county's office, town, busiest grid and
    emergency department."""

    def one(sql: str, *args):
        cursor.execute(sql, args)
        return cursor.fetchone()

    county_id, county_code, county_path, county_user = one(
        "SELECT r.id, r.code, r.path, u.username FROM org_roleassignment a JOIN org_region r ON r.id = a.region_id "
        "JOIN org_user u ON u.id = a.user_id WHERE a.role = 'county_office' AND r.level = 'county' ORDER BY r.code "
        "LIMIT 1"
    )
    town_id, town_code, town_user = one(
        "SELECT r.id, r.code, u.username FROM org_roleassignment a JOIN org_region r ON r.id = a.region_id "
        "JOIN org_user u ON u.id = a.user_id WHERE a.role = 'town' AND r.path LIKE %s ORDER BY r.code LIMIT 1",
        county_path + "%",
    )
    grid_id, grid_user = one(
        "SELECT a.region_id, u.username FROM org_roleassignment a JOIN org_user u ON u.id = a.user_id "
        "WHERE a.role = 'grid_worker' AND a.region_id = (SELECT grid_id FROM hazards_hazard WHERE county_id = %s "
        "AND grid_id IS NOT NULL GROUP BY grid_id ORDER BY COUNT(*) DESC LIMIT 1) LIMIT 1",
        county_id,
    )
    dept_id, dept_county, dept_user = one(
        "SELECT d.id, d.region_id, u.username FROM org_roleassignment a JOIN org_department d ON d.id = a.department_id "
        "JOIN org_user u ON u.id = a.user_id WHERE a.role = 'department' AND d.region_id = %s AND d.code LIKE %s "
        "ORDER BY d.id LIMIT 1",
        county_id,
        "%yingji%",
    ) or one(
        "SELECT d.id, d.region_id, u.username FROM org_roleassignment a JOIN org_department d ON d.id = a.department_id "
        "JOIN org_user u ON u.id = a.user_id WHERE a.role = 'department' AND d.region_id = %s ORDER BY d.id LIMIT 1",
        county_id,
    )
    sector_id, sector = one("SELECT id, code FROM org_sector WHERE code = 'fireworks'") or one(
        "SELECT id, code FROM org_sector ORDER BY id LIMIT 1"
    )
    province_user = one(
        "SELECT u.username FROM org_roleassignment a JOIN org_region r ON r.id = a.region_id "
        "JOIN org_user u ON u.id = a.user_id WHERE r.level = 'province' ORDER BY u.id LIMIT 1"
    )
    users = {"county": county_user, "town": town_user, "grid": grid_user, "dept": dept_user}
    if province_user:
        users["province"] = province_user[0]
    params = {
        "county_id": county_id,
        "county_code": county_code,
        "county_like": county_path + "%",
        "town_id": town_id,
        "town_code": town_code,
        "grid_id": grid_id,
        "dept_id": dept_id,
        "dept_county": dept_county,
        "sector_id": sector_id,
        "sector": sector,
    }
    return users, params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", action="append", default=[], help='only reads whose "user url" contains this')
    parser.add_argument("--no-memory", action="store_true", help="skip the export's peak memory")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a generated PostgreSQL database (see this file's docstring).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    run(args)


def run(args: argparse.Namespace) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from anjian.org.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    settings.ANJIAN_KEEP_SECONDS = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COUNT(DISTINCT county_id) FROM hazards_hazard")
        hazards, counties = cursor.fetchone()
        users, params = people(cursor)
        if not args.only or any("campaign" in t for t in args.only):
            params |= campaign(cursor, users["county"], dt.date.today())
    print(f"{hazards} hazards in {counties} counties; users: {users}")
    print(COLUMNS)
    clients: dict[str, Client] = {}
    for read in [r for r in READS if not args.only or any(t in f"{r.who} {r.url}" for t in args.only)]:
        if read.who not in users or ("{campaign" in read.url and "campaign" not in params):
            continue
        url = read.url.format(**params)
        settings.ANJIAN_WIDE_FIGURES_MINUTES = 0 if read.live else 30
        if read.who not in clients:
            clients[read.who] = Client(SERVER_NAME="localhost")
            clients[read.who].force_login(User.objects.get(username=users[read.who]))
        client = clients[read.who]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        count = len(queries)
        times = [timed(fetch, client, url) for _ in range(args.repeat)]
        statements = read.companion()
        run_sql(connection, statements, params)
        sql_times = [timed(run_sql, connection, statements, params) for _ in range(args.repeat)]
        page_ms, sql_ms = statistics.median(times), statistics.median(sql_times)
        shown = f"{url} (counted now)" if read.live else url
        sql_text, ratio = (f"{sql_ms:>8.1f}", f"{page_ms / sql_ms:>6.1f}") if statements else (f"{'-':>8}", f"{'-':>6}")
        print(f"{read.who:<8} {shown:<52} {page_ms:>9.1f} {sql_text} {ratio} {count:>7}", flush=True)
    if not args.no_memory:
        export_memory(Client, User, connection)


def export_memory(client_class, user_model, connection) -> None:
    """The peak resident memory of a process exporting the general ledger of the province's first city (its rows
    are the limit's tens of times at 100 counties, so the limit is lifted here), in a process of its own (forked)
    so that nothing the other reads left behind counts: the RSS before, the peak, the time and the rows."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT u.username FROM org_roleassignment a JOIN org_region r ON r.id = a.region_id "
                       "JOIN org_user u ON u.id = a.user_id WHERE r.level = 'province' LIMIT 1")  # fmt: skip
        row = cursor.fetchone()
        cursor.execute("SELECT id, code FROM org_region WHERE level = 'city' ORDER BY code LIMIT 1")
        city = cursor.fetchone()
    if row is None or city is None:
        print("no province office or city: the export's memory is not measured")
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM hazards_hazard h JOIN org_region c ON c.id = h.county_id "
                       "WHERE c.parent_id = %s AND h.grade = 'general'", [city[0]])  # fmt: skip
        rows = cursor.fetchone()[0]
    connection.close()  # the child opens its own
    child = os.fork()
    if child:
        os.waitpid(child, 0)
        return
    try:
        from django.conf import settings

        settings.ANJIAN_EXPORT_MAX_ROWS = 10**9
        client = client_class(SERVER_NAME="localhost")
        client.force_login(user_model.objects.get(username=row[0]))
        before = rss_mb()
        started = time.perf_counter()
        response = client.get(f"/hazards/general-ledger.xlsx?region={city[1]}", secure=True)
        size = sum(len(chunk) for chunk in response)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"general ledger of the city {city[1]} ({rows} rows, HTTP {response.status_code}): {size / 1e6:.1f} MB "
              f"in {seconds:.1f} s ({seconds * 1000 / max(rows, 1):.2f} ms a row); process RSS {before:.0f} MB "
              f"before, {peak:.0f} MB at its peak", flush=True)  # fmt: skip
    finally:
        os._exit(0)


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def fetch(client, url: str) -> int:
    """The response's bytes, a streamed file's read to its end (over HTTPS, as production serves)."""
    return sum(len(chunk) for chunk in client.get(url, secure=True))


if __name__ == "__main__":
    main()
