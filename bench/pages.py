"""Time the lists, figures and files a clerk uses most, on the demo county in a fresh SQLite database, each
against hand-written SQL that fetches the same rows and figures (bench/sql.py).

Run: .venv/bin/python bench/pages.py [--repeat N] [--units N] [--only TEXT ...] [--data-dir DIR]
  --repeat N    timed runs of each request and of its SQL (default 5), after one untimed warm-up run that
                counts the queries (the cold signboard is timed on that first run only)
  --units N     load the demo with N units (load_demo --enterprises N; default: the full county, ~2 minutes),
                e.g. --units 300 for a quick run
  --only TEXT   time only the requests whose "user url" contains TEXT (e.g. --only tasks, --only gaoxing);
                given more than once, those that contain any of them (--only campaign --only rollup)
  --data-dir D  keep the database in D and reuse it on later runs (loaded only when empty), for development

Prints, per request: the user, the request, the median wall time of the page over N runs, the median time of
its SQL companion (run with connection.cursor(), fetching every row), their ratio, the SQL query count and
response size of the page, and the rows the SQL fetched. The project rule: each new list, figure or export
gets a line here. A PDF or an xlsx file spends most of its time rendering or writing the file, not in the
database, so its ratio is large by nature; a list or a figure with a large ratio, or whose query count grows
with its rows, is the one to look at.

A line whose request is a function ("rollup() of attachment 4 …") times that call directly, not a page (its
bytes are "-"); a goal the issue sets it is printed under it. The campaign lines use the demo campaign's
latest closed month, found in the database (sql.campaign_context); bench/check_campaign_sql.py checks that
their SQL computes the app's numbers.
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
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sql  # noqa: E402 - bench/sql.py, beside this file
import sql_dash  # noqa: E402 - bench/sql_dash.py: the work desk and the county dashboard
import sql_work  # noqa: E402 - bench/sql_work.py: work records, demonstration sites, task progress, 我的填报


class Request(NamedTuple):
    user: str
    url: str  # may name {document}, {own_unit}, {campaign}, … of sql.context(); a call's label
    companion: Callable[[str], list[str]]
    once: bool = False  # timed on its first call only (fonts cold)
    # A direct call instead of a GET: given sql.context(), the function to time (built afresh for each run).
    call: Callable[[dict], Callable[[], object]] | None = None
    goal: tuple[float, float] | None = None  # (most ms, largest ratio) the issue asks of it
    kept: bool = False  # the work desk's sections kept between visits (ANJIAN_KEEP_SECONDS); else counted


def rollup_call(params: dict) -> Callable[[], object]:
    """services.rollup(county, campaign, month) with the user and campaign fetched afresh, as a request has them
    (the user's role assignments are cached on the user object: a reused one would skip that query)."""
    from anjian.campaigns import services
    from anjian.campaigns.models import Campaign
    from anjian.org.models import User

    user = User.objects.get(username="county")
    campaign = Campaign.objects.select_related("region").get(pk=params["campaign"])
    month = dt.date.fromisoformat(params["campaign_period"])
    return lambda: services.rollup(user, campaign, month)


SIGNBOARD = "/registry/enterprises/{own_unit}/signboard.pdf"
CAMPAIGN = "/campaigns/{campaign}"
REQUESTS = [
    Request("county", "/registry/enterprises/", lambda u: sql.enterprise_page(u, 25)),
    Request("county", "/registry/enterprises/?per_page=200", lambda u: sql.enterprise_page(u, 200)),
    Request(
        "county",
        f"/registry/enterprises/?search=烟花&region={sql.REGION_FILTER}",
        lambda u: sql.enterprise_page(u, 25, "search", "region"),
    ),
    Request("gaoxing", "/registry/enterprises/", lambda u: sql.enterprise_page(u, 25)),
    Request("county", "/api/v1/enterprises/?page_size=100", lambda u: sql.enterprise_api(u, 100)),
    Request(
        "county",
        f"/api/v1/enterprises/?sector=fireworks&region={sql.REGION_FILTER}",
        lambda u: sql.enterprise_api(u, 50, "sector", "region"),
    ),
    # Files: writing the workbook dominates, so the ratio of an xlsx is large too.
    Request("county", "/registry/enterprises/export.xlsx", sql.enterprise_export),
    Request("gaoxing", "/api/v1/enterprises/signboards.xlsx?sector=fireworks", sql.signboards),
    Request("county", "/hazards/ledger.xlsx", lambda u: sql.ledger(u, "major")),
    Request("gaoxing", "/hazards/ledger.xlsx", lambda u: sql.ledger(u, "major")),
    Request("yingji", "/hazards/ledger.xlsx", lambda u: sql.ledger(u, "major")),
    Request("county", "/hazards/general-ledger.xlsx", lambda u: sql.ledger(u, "general")),
    Request("county", "/api/v1/hazards/general-ledger.xlsx", lambda u: sql.ledger(u, "general")),
    Request("county", "/hazards/tasks/", sql.todo_page),
    Request("gaoxing", "/hazards/tasks/", sql.todo_page),
    Request("grid1", "/hazards/tasks/", sql.todo_page),
    Request("county", "/hazards/tasks/badge/", sql.todo_badge),
    Request("gaoxing", "/hazards/tasks/badge/", sql.todo_badge),
    Request("county", "/hazards/quota/", sql.quota),
    Request("county", "/api/v1/hazards/quota/", sql.quota),
    Request("county", "/hazards/stats/", sql.hazard_stats),
    Request("gaoxing", "/hazards/stats/", sql.hazard_stats),
    Request("county", "/inspections/figures/", sql.inspection_figures),
    Request("gaoxing", "/inspections/figures/", sql.inspection_figures),
    # PDFs: the SQL is the queries that fetch the document's data; rendering dominates, so the ratio is large.
    # The first PDF of the process loads the fonts: the signboard is timed once so, then warm like the rest.
    Request("qiye1", SIGNBOARD, sql.signboard_pdf, once=True),
    Request("county", "/inspections/documents/{document}/pdf/", sql.document_pdf),
    Request("qiye1", SIGNBOARD, sql.signboard_pdf),
    # Attachment 4 of the demo campaign, its latest closed month: the county's roll-up (signed reports as
    # stored, the others and the total recounted), the county's and a town's table.
    Request("county", f"{CAMPAIGN}/dispatch.xlsx?period={{campaign_month}}", sql.campaign_rollup),
    Request("county", f"/api/v1{CAMPAIGN}/dispatch/?period={{campaign_month}}", sql.campaign_dispatch),
    Request(
        "county",
        f"/api/v1{CAMPAIGN}/dispatch/?period={{campaign_month}}&participant={{campaign_participant}}",
        lambda u: sql.campaign_dispatch(u, participant=True),
    ),
    Request(
        "county",
        "rollup() of attachment 4 (campaign {campaign}, {campaign_month})",
        sql.campaign_rollup,
        call=rollup_call,
        goal=(500, 3),
    ),
    # The offices' work (anjian/worklog). Its SQL takes 0.3 ms (hundreds of records), so each ratio is the page's
    # own work: django-tables2 rendering the list's 25 rows, DRF serialising the API's 50.
    Request("county", "/worklog/", sql_work.work_page),
    Request("gaoxing", "/worklog/", sql_work.work_page),
    # A form a row (who may end each one's service): rendering dominates.
    Request("county", "/worklog/inspectors/", sql_work.roster),
    Request("county", "/api/v1/work-records/", sql_work.work_api),
    # 千家示范 of the 个十百千万 campaign: progress against 50 / 300 / 650 and the subsidy, the sites, the xlsx list.
    # The page also renders the office's rate and town-target forms (90 inputs): most of its time.
    Request("county", "/campaigns/{demo_campaign}/demo-sites/", sql_work.demo_sites_page),
    Request("county", "/campaigns/{demo_campaign}/demo-sites.xlsx", sql_work.demo_sites_xlsx),  # writing the file
    Request("county", "/api/v1/demonstration-sites/", sql_work.demo_sites_api),
    # The demo campaign's tasks measured over their windows (this quarter, the campaign), and its page with them.
    Request("county", f"/api/v1{CAMPAIGN}/progress/", sql_work.progress_api),
    Request("gaoxing", f"/api/v1{CAMPAIGN}/progress/", sql_work.progress_api),
    Request("county", f"{CAMPAIGN}/", sql_work.campaign_detail),
    # 进展情况 of a task no record measures: each participant with its latest account (the demo has none yet, so
    # 0.1 ms of SQL: the ratio is the request's own cost).
    Request("county", "/api/v1/campaign-task-entries/?task={typed_task}", sql_work.task_entries),
    # 我的填报 on the campaign list and in the API: 0.1 ms of SQL, so the ratio is the request's own cost (session,
    # user, roles), as for the to-do badge.
    Request("gaoxing", "/campaigns/", sql_work.campaign_list),
    Request("gaoxing", "/api/v1/campaign-reports/due/", sql_work.owed),
    Request("county", "/", sql_dash.desk),
    Request("county", "/", sql_dash.desk, kept=True),
    Request("gaoxing", "/", sql_dash.desk),
    Request("yingji", "/", sql_dash.desk),
    Request("grid1", "/", sql_dash.desk),
    Request("grid1", "/", sql_dash.desk, kept=True),
    Request("gaoxing", "/api/v1/desk/", sql_dash.desk),
    Request("county", "/dashboards/", sql_dash.dashboard_page),
    Request("gaoxing", "/dashboards/", sql_dash.dashboard_page),
    Request("county", "/api/v1/dashboard/", sql_dash.dashboard_api),
    Request("county", "/api/v1/dashboard/rows/?key=hazards.found", sql_dash.dashboard_rows),
    Request("gaoxing", "/notifications/", sql_dash.inbox),
    Request("gaoxing", "/api/v1/inbox/", sql_dash.inbox_api),
]
COLUMNS = f"{'user':<8} {'request':<58} {'ms':>8} {'sql ms':>7} {'ratio':>6} {'queries':>7} {'bytes':>9} {'rows':>6}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--units", type=int, default=None, help="load_demo --enterprises N (default: full county)")
    parser.add_argument(
        "--only", action="append", default=[], help='time only requests whose "user url" contains this (repeatable)'
    )
    parser.add_argument("--data-dir", default=None, help="keep and reuse the database in this directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="anjian-bench-") as scratch:
        data_dir = args.data_dir or scratch
        # Before django.setup(): settings read the data directory and the database from the environment.
        os.environ["ANJIAN_DATA_DIR"] = data_dir
        Path(data_dir, "static").mkdir(parents=True, exist_ok=True)
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        run(args)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from anjian.org.models import User

    call_command("migrate", verbosity=0)
    size = {"enterprises": args.units} if args.units else {}
    call_command("load_demo", stdout=io.StringIO(), if_empty=bool(args.data_dir), **size)
    with connection.cursor() as cursor:
        params = sql.context(cursor, timezone.localdate(), settings.TIME_ZONE)
        params |= sql_work.context(cursor, params, settings.TIME_ZONE)
        params |= sql_dash.context(cursor, params, settings.TIME_ZONE)
    uids = params.pop("uids")
    print(COLUMNS)
    for request in [r for r in REQUESTS if not args.only or any(t in f"{r.user} {r.url}" for t in args.only)]:
        if "{campaign" in request.url and params["campaign"] is None:
            print(f"{request.user:<8} {request.url:<58} skipped: the database has no {sql.CAMPAIGN_TEMPLATE} campaign")
            continue
        url = request.url.format(**params)
        settings.ANJIAN_KEEP_SECONDS = 300 if request.kept else 0
        if request.call is not None:  # a function, not a page
            call = request.call(params)
            with CaptureQueriesContext(connection) as queries:  # the warm-up run counts the queries
                call()
            count, size = len(queries), "-"
            times = [timed(request.call(params)) for _ in range(args.repeat)]
        else:
            client = Client(SERVER_NAME="localhost")
            client.force_login(User.objects.get(username=request.user))
            with CaptureQueriesContext(connection) as queries:  # the warm-up run counts the queries
                started = time.perf_counter()
                response = client.get(url)
                first = (time.perf_counter() - started) * 1000
            count, size = len(queries), len(response.content)  # now: the next request empties the log
            assert response.status_code == 200, (url, response.status_code)
            times = [first] if request.once else [timed(client.get, url) for _ in range(args.repeat)]
        statements = request.companion(request.user)
        mine = {**params, "uid": uids[request.user]}
        rows = run_sql(connection, statements, mine)  # warm-up
        sql_times = [timed(run_sql, connection, statements, mine) for _ in range(max(1, args.repeat))]
        page_ms, sql_ms = statistics.median(times), statistics.median(sql_times)
        label = url + (" (first, fonts cold)" if request.once else "") + (" (desk kept)" if request.kept else "")
        print(
            f"{request.user:<8} {label:<58} {page_ms:>8.1f} {sql_ms:>7.1f} {page_ms / sql_ms:>6.1f} "
            f"{count:>7} {size:>9} {rows:>6}",
            flush=True,
        )
        if request.goal is not None:
            most_ms, largest_ratio = request.goal
            met = page_ms <= most_ms and page_ms / sql_ms <= largest_ratio
            print(
                f"{'':<8} goal: at most {most_ms:.0f} ms and a ratio of at most {largest_ratio:g}: "
                f"{page_ms:.1f} ms, ratio {page_ms / sql_ms:.1f}: {'met' if met else 'NOT met'}",
                flush=True,
            )


def timed(call: Callable[..., object], *args) -> float:
    """Milliseconds `call(*args)` takes."""
    started = time.perf_counter()
    call(*args)
    return (time.perf_counter() - started) * 1000


def run_sql(connection, statements: list[str], params: dict) -> int:
    """Every statement, every row fetched; the number of rows."""
    rows = 0
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params)
            rows += len(cursor.fetchall())
    return rows


if __name__ == "__main__":
    main()
