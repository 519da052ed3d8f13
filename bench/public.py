"""Time the register of typical enforcement cases (anjian/public: 高府发〔2023〕14号 三（二）3) on the demo county — the
staff's publications, the public register and attachment 4's two figures of it (公布典型执法案例, 其中危险作业罪案例) —
against hand-written SQL that fetches the same rows and figures, in a fresh SQLite database.

Run: .venv/bin/python bench/public.py [--repeat N] [--publications N] [--full] [--data-dir DIR]
  --repeat N        timed runs of each request and of its SQL (default 5), after one untimed warm-up that counts
                    the queries
  --publications N  bring the register to N publications (default 500; the demo publishes two): cases recorded,
                    marked typical, drafted by their town or department, published (or withdrawn) by the county
                    office, all through the services, over the past eighteen months; about one in eight a referral
                    for 危险作业罪, one in seven left a draft, one in twenty withdrawn
  --full            load the whole demo (load_demo, ~2 minutes) instead of the registry and the inspections alone
  --data-dir D      keep the database in D and reuse it on later runs (loaded only when empty, topped up to N)

Prints, per line: the user ("-" for nobody signed in), the request or the call, the median wall time, the median time
of its SQL companion (run with connection.cursor(), fetching every row), their ratio, the queries and the bytes of
the answer (a call has none), and the rows the SQL fetched. The figures are asked as the dashboard and attachment 4
ask them (core.figures.values for one place, values_by_unit for the county's towns and departments and its total,
this year so far); it checks first that the hand-written SQL gives the figures' very numbers (exits 1 if not).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

SEED = 2023
COLUMNS = f"{'user':<8} {'request':<70} {'ms':>8} {'sql ms':>7} {'ratio':>6} {'queries':>7} {'bytes':>9} {'rows':>6}"
SEARCH = "烟花"

# --- the hand-written SQL (SQLite) ---------------------------------------------------------------------------
# A publication lies where its enforcement action does (public/scopes.py): the county office sees its county's
# path, a town its own. The fragments put into statements are constants of this file, never input.

CASES = """FROM public_casepublication p JOIN inspections_enforcementaction a ON a.id = p.action_id
    JOIN org_region r ON r.id = a.region_id"""
SEEN = "r.path LIKE %(seen_like)s"
NEWEST = "ORDER BY p.published_at DESC, p.drafted_at DESC, p.id DESC"  # CasePublication.Meta.ordering
STAFF_FILTERS = {
    "state": "p.state = %(state)s",
    "crime": "a.dangerous_operation_crime = %(crime)s",
    "search": """(p.title LIKE %(search_like)s OR EXISTS (SELECT 1 FROM registry_enterprise e WHERE e.id = a.unit_id
        AND e.name LIKE %(search_like)s))""",
}
PUBLISHED_IN = "p.state = 'published' AND p.published_at >= %(year_start_at)s AND p.published_at < %(today_end_at)s"


def staff_page(*filters: str, offset: int = 0) -> Callable[[str], list[str]]:
    """/public/publications/: a page of 25 of the publications the user sees, newest first, and their count."""

    def statements(user: str) -> list[str]:
        where = " AND ".join([SEEN, *(STAFF_FILTERS[f] for f in filters)])
        return [
            f"""SELECT p.id, p.title, a.decided_on, a.dangerous_operation_crime, p.state, p.drafted_at,
            p.published_at {CASES} WHERE {where} {NEWEST} LIMIT 25 OFFSET {offset}""",  # noqa: S608
            f"SELECT COUNT(*) {CASES} WHERE {where}",  # noqa: S608
        ]

    return statements


def staff_api(user: str, page: int = 50) -> list[str]:
    """/api/v1/case-publications/: a page of 50 with the county, the unit, the people who wrote and reviewed each."""
    people = ", ".join(f"COALESCE(NULLIF({u}.full_name, ''), {u}.username)" for u in ("ud", "ue", "up", "uw"))
    return [
        f"""SELECT p.id, p.slug, p.action_id, c.code, c.name, e.name, a.decided_on, a.dangerous_operation_crime,
        p.title, p.facts, p.basis, p.outcome, p.state, p.drafted_at, p.edited_at, p.published_at, p.withdrawn_at,
        p.withdrawal_reason, p.county_id, p.drafted_by_id, p.edited_by_id, {people}
        {CASES} JOIN org_region c ON c.id = p.county_id JOIN registry_enterprise e ON e.id = a.unit_id
        JOIN org_user ud ON ud.id = p.drafted_by_id LEFT JOIN org_user ue ON ue.id = p.edited_by_id
        LEFT JOIN org_user up ON up.id = p.published_by_id LEFT JOIN org_user uw ON uw.id = p.withdrawn_by_id
        WHERE {SEEN} {NEWEST} LIMIT {page}""",  # noqa: S608
        f"SELECT COUNT(*) {CASES} WHERE {SEEN}",  # noqa: S608
    ]


def public_page(year: bool = False, crime: bool = False, offset: int = 0) -> Callable[[str], list[str]]:
    """/public/cases/ (nobody signed in): the years that have published cases, the counties, the count and a page
    of 20 — title, day, county, sector, 危险作业罪 and the start of the facts — newest first."""
    where = "p.state = 'published'"
    if year:
        where += " AND p.published_at >= %(year_start_at)s AND p.published_at < %(next_year_at)s"
    if crime:
        where += " AND a.dangerous_operation_crime"

    def statements(user: str) -> list[str]:
        return [
            """SELECT DISTINCT strftime('%%Y', p.published_at, %(tz_shift)s) FROM public_casepublication p
            WHERE p.state = 'published' ORDER BY 1 DESC""",
            """SELECT c.id, c.code, c.name FROM org_region c WHERE c.id IN (SELECT county_id
            FROM public_casepublication WHERE state = 'published') ORDER BY c.code""",
            f"""SELECT COUNT(*) FROM public_casepublication p JOIN inspections_enforcementaction a
            ON a.id = p.action_id WHERE {where}""",  # noqa: S608
            f"""SELECT p.slug, p.title, p.published_at, c.name, s.name, a.dangerous_operation_crime,
            substr(p.facts, 1, 90) FROM public_casepublication p JOIN inspections_enforcementaction a
            ON a.id = p.action_id JOIN org_region c ON c.id = p.county_id JOIN org_sector s ON s.id = a.sector_id
            WHERE {where} ORDER BY p.published_at DESC, p.id DESC LIMIT 20 OFFSET {offset}""",  # noqa: S608
        ]

    return statements


def figures_sql(user: str) -> list[str]:
    """values(): the two figures of the user's place (the county, or the town) this year so far, in one pass."""
    return [
        f"""SELECT COUNT(*), COALESCE(SUM(a.dangerous_operation_crime), 0) {CASES}
        WHERE {PUBLISHED_IN} AND {SEEN} AND r.path LIKE %(place_like)s"""  # noqa: S608
    ]


def by_unit_sql(user: str) -> list[str]:
    """values_by_unit(): the two figures of each town of the county (its path), of each department (its sectors or
    its charge, within its own region) and of the county (its path), this year so far: the year's published cases
    once, counted by town, by department (a case once even when it is a department's by sector and by charge) and
    in all."""
    return [
        f"""WITH x AS (SELECT p.id, a.dangerous_operation_crime AS crime, a.sector_id, a.department_id, r.path
            {CASES} WHERE {PUBLISHED_IN} AND {SEEN}),
        hits AS (SELECT ds.department_id AS dept, x.id, x.crime, x.path FROM x
            JOIN org_department_sectors ds ON ds.sector_id = x.sector_id
            UNION SELECT x.department_id, x.id, x.crime, x.path FROM x WHERE x.department_id IS NOT NULL)
        SELECT 'town', t.id, COALESCE(g.n, 0), COALESCE(g.crime, 0) FROM org_region t
        LEFT JOIN (SELECT substr(path, 1, %(town_length)s) AS town, COUNT(*) AS n, SUM(crime) AS crime FROM x
            GROUP BY 1) g ON g.town = t.path
        WHERE t.level = 'town' AND t.parent_id = %(county_id)s
        UNION ALL
        SELECT 'dept', d.id, COALESCE(g.n, 0), COALESCE(g.crime, 0) FROM org_department d
        LEFT JOIN (SELECT h.dept, COUNT(*) AS n, SUM(h.crime) AS crime FROM hits h
            JOIN org_department hd ON hd.id = h.dept JOIN org_region dr ON dr.id = hd.region_id
            WHERE substr(h.path, 1, length(dr.path)) = dr.path GROUP BY h.dept) g ON g.dept = d.id
        WHERE d.region_id = %(county_id)s
        UNION ALL
        SELECT 'total', %(county_id)s, COUNT(*), COALESCE(SUM(crime), 0) FROM x WHERE path LIKE %(county_like)s"""  # noqa: S608
    ]


# --- the requests ----------------------------------------------------------------------------------------------


class Request(NamedTuple):
    user: str  # "-": nobody signed in
    url: str  # a page, or a call's label
    companion: Callable[[str], list[str]]
    params: dict = {}  # noqa: RUF012 - the statement's own parameters (never changed)
    call: Callable[[dict], Callable[[], object]] | None = None  # a direct call instead of a GET, built afresh


def frame(context: dict, username: str):
    """The dashboard's frame of the user: their place (the county, or the town), this year so far."""
    from anjian.core.figures import Frame
    from anjian.org.models import Region, User

    user = User.objects.get(username=username)  # a request's user: its roles fetched afresh
    place = Region.objects.get(path=context["place_like"][:-1])
    return Frame(
        user, place, None, dt.date.fromisoformat(context["year_start"]), dt.date.fromisoformat(context["today"])
    )


def values_call(context: dict) -> Callable[[], dict]:
    from anjian.core import figures

    keys = ("public.typical_cases", "public.typical_dangerous_operation")
    asked = frame(context, context["username"])
    return lambda: figures.values({k: (figures.get(k), asked) for k in keys})


def by_unit_call(context: dict) -> Callable[[], dict]:
    """Attachment 4's roll-up shape: every town and department of the county, and the county's total."""
    from anjian.core import figures
    from anjian.org.models import Department, Region

    asked = frame(context, context["username"])
    county = Region.objects.get(pk=context["county_id"])
    units: dict = {("town", t.pk): (t, None) for t in Region.objects.filter(parent=county, level="town")}
    units |= {("dept", d.pk): (None, d) for d in Department.objects.filter(region=county)}
    units[("total", county.pk)] = (county, None)
    keys = ("public.typical_cases", "public.typical_dangerous_operation")
    return lambda: figures.values_by_unit({k: (figures.get(k), asked) for k in keys}, units)


STAFF = "/public/publications/"
REQUESTS = [
    Request("county", STAFF, staff_page()),
    Request(
        "county",
        f"{STAFF}?state=published&dangerous_operation_crime=true",
        staff_page("state", "crime"),
        {"state": "published", "crime": True},
    ),
    Request("county", f"{STAFF}?search={SEARCH}", staff_page("search"), {"search_like": f"%{SEARCH}%"}),
    Request("county", f"{STAFF}?page=3", staff_page(offset=50)),
    Request("gaoxing", STAFF, staff_page()),
    Request("gaoxing", f"{STAFF}?state=published", staff_page("state"), {"state": "published"}),
    Request("county", "/api/v1/case-publications/", staff_api),
    Request("gaoxing", "/api/v1/case-publications/", staff_api),
    Request("-", "/public/cases/", public_page()),
    Request("-", "/public/cases/?year={year}&crime=1", public_page(year=True, crime=True)),
    Request("-", "/public/cases/?page=3", public_page(offset=40)),
    Request("county", "values(): both figures, the county, this year", figures_sql, call=values_call),
    Request("gaoxing", "values(): both figures, its town, this year", figures_sql, call=values_call),
    Request("county", "values_by_unit(): both, towns + departments + county", by_unit_sql, call=by_unit_call),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--publications", type=int, default=500, help="bring the register to N publications")
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
        sys.exit(0 if run(args) else 1)


# --- the data --------------------------------------------------------------------------------------------------


def load(args: argparse.Namespace) -> None:
    """The demo county: all of it, or the registry (units, regions, users) with the year of supervision and the
    demo's two publications (anjian.demo.cases); then the register topped up to --publications."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from anjian.core.management.commands.load_demo import build, occupied
    from anjian.core.pg_guard import maintenance
    from anjian.demo.cases import load_demo_cases
    from anjian.demo.generator import DEFAULT_ENTERPRISES, DEFAULT_SEED, plan
    from anjian.demo.hazards import restart_photos
    from anjian.demo.inspections import load_demo_inspections

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    started = time.perf_counter()
    if args.full:
        call_command("load_demo", stdout=io.StringIO(), if_empty=True)
    elif not occupied():
        with maintenance(), transaction.atomic():
            build(plan(DEFAULT_SEED, DEFAULT_ENTERPRISES), today)
            restart_photos()
            counts = load_demo_inspections(DEFAULT_SEED, today) | load_demo_cases(DEFAULT_SEED, today)
        print(f"demo loaded in {time.perf_counter() - started:.0f} s: {counts}")
    started = time.perf_counter()
    with maintenance(), transaction.atomic():
        added = Register(random.Random(SEED), today).top_up(args.publications)
    if added:
        print(f"{added} publications added through the services in {time.perf_counter() - started:.0f} s")
    print(register_summary())


FACTS = (
    "未按规定对从业人员进行安全生产教育和培训，部分员工不掌握本岗位安全操作规程",
    "特种作业人员未经专门的安全作业培训并取得相应资格，上岗从事电焊作业",
    "未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志",
    "超量储存烟花爆竹，仓库内违规存放其他物品，防火间距不足",
    "动火作业未办理审批手续，现场未配备灭火器材、未安排专人监护",
    "有限空间作业未执行“先通风、再检测、后作业”，未配备检测和防护设备",
    "未建立事故隐患排查治理制度，检查发现的重大事故隐患未及时消除",
    "安全出口被堵塞，疏散通道堆放杂物，应急照明损坏",
)
CRIME_FACTS = (
    "因存在重大事故隐患被依法责令停产停业整顿，拒不执行，具有发生重大伤亡事故的现实危险",
    "未经依法批准擅自从事烟花爆竹储存经营活动，具有发生重大伤亡事故的现实危险",
)
WITHDRAWAL = "案件当事人提起行政复议，复议决定作出前暂不公布。"


class Register:
    """Typical cases written as the county writes them: a town or a department records a decision and marks it
    typical, drafts its publication, the county office reviews and publishes it (or later withdraws it)."""

    def __init__(self, rng: random.Random, today: dt.date) -> None:
        from anjian.demo.clock import cutoff
        from anjian.org.models import User

        self.rng, self.today = rng, today
        self.end = cutoff(today) - dt.timedelta(hours=2)  # every story before the day's start, as the demo's
        self.office = User.objects.get(username="county")

    def top_up(self, wanted: int) -> int:
        from anjian.inspections.models import EnforcementAction
        from anjian.public.models import CasePublication

        added = 0
        waiting = EnforcementAction.objects.filter(typical=True, publication__isnull=True).exclude(
            created_by=self.office
        )
        for action in waiting.select_related("created_by").order_by("pk"):  # the demo's own typical cases first
            if CasePublication.objects.count() >= wanted:
                return added
            self.publish(action, action.created_by)
            added += 1
        pools = self.pools()
        missing = wanted - CasePublication.objects.count()
        for _ in range(max(0, missing)):
            drafter, units = self.rng.choice(pools)
            self.publish(self.record(drafter, self.rng.choice(units)), drafter)
            added += 1
        return added

    def pools(self) -> list[tuple]:
        """(drafter, the units they may decide on) of every town and department user."""
        from anjian.org.jurisdiction import restrict
        from anjian.org.models import User
        from anjian.registry.models import Enterprise

        found = []
        for user in User.objects.filter(assignments__role__in=("town", "department")).distinct().order_by("pk"):
            units = restrict(user, Enterprise.objects.filter(status="operating")).order_by("pk")
            pks = list(units.values_list("pk", flat=True))
            if pks:
                found.append((user, pks))
        return found

    def record(self, drafter, unit_pk: int):
        """A decision of the past eighteen months on the unit, marked typical a few days later."""
        from anjian.inspections import services
        from anjian.inspections.choices import ActionKind, PenaltyTarget
        from anjian.registry.models import Enterprise

        rng = self.rng
        unit = Enterprise.objects.select_related("region", "sector").get(pk=unit_pk)
        day = self.today - dt.timedelta(days=rng.randint(10, 540))
        day = max(day, unit.established_on or day)
        roll = rng.random()
        extra: dict = {"description": rng.choice(FACTS)}
        if roll < 0.12:
            kind = ActionKind.JUDICIAL_REFERRAL
            extra = {"description": rng.choice(CRIME_FACTS), "dangerous_operation_crime": True,
                     "referred_people": rng.randint(1, 3)}  # fmt: skip
        elif roll < 0.72:
            kind = ActionKind.PENALTY
            target = rng.choice([PenaltyTarget.UNIT, PenaltyTarget.UNIT, PenaltyTarget.BOTH, PenaltyTarget.PRINCIPAL])
            fine = f"{rng.randint(5, 300) / 10:.1f}"
            extra |= {"target": target}
            if target in (PenaltyTarget.UNIT, PenaltyTarget.BOTH):
                extra["unit_amount_wan"] = fine
            if target in (PenaltyTarget.PRINCIPAL, PenaltyTarget.BOTH):
                extra["principal_amount_wan"] = f"{rng.randint(1, 50) / 10:.1f}"
        else:
            kind = rng.choice([ActionKind.SUSPENSION, ActionKind.ADMONITION, ActionKind.EXPOSURE])
        action = services.record_action(drafter, unit=unit, kind=kind, decided_on=day, **extra)
        reported = min(day + dt.timedelta(days=rng.randint(1, 10)), self.today - dt.timedelta(days=1))
        return services.mark_typical(drafter, action, reported_on=reported)

    def publish(self, action, drafter) -> None:
        """Drafted a day or two after the report, then published within a week; some left drafts, some withdrawn."""
        from django.utils import timezone

        from anjian.demo.cases import BASIS
        from anjian.public.models import CasePublication
        from anjian.public.services import cases

        rng = self.rng
        publication = cases.draft(drafter, action)
        if not publication.basis:
            publication = cases.edit(drafter, publication, basis=BASIS)
        start = timezone.make_aware(dt.datetime.combine(action.typical_reported_on or action.decided_on, dt.time(9)))
        drafted = min(start + dt.timedelta(hours=rng.randint(20, 60)), self.end - dt.timedelta(hours=1))
        stamps = {"drafted_at": drafted, "edited_at": drafted if publication.edited_by_id else None}
        roll = rng.random()
        if roll >= 0.14:
            cases.publish(self.office, publication)
            stamps["published_at"] = min(drafted + dt.timedelta(hours=rng.randint(24, 120)), self.end)
        if 0.14 <= roll < 0.19:
            cases.withdraw(self.office, publication, WITHDRAWAL)
            stamps["withdrawn_at"] = min(stamps["published_at"] + dt.timedelta(days=rng.randint(2, 30)), self.end)
        CasePublication.objects.filter(pk=publication.pk).update(**stamps)


def register_summary() -> str:
    from django.db.models import Count, Q

    from anjian.public.models import CasePublication

    found = CasePublication.objects.aggregate(
        all=Count("pk"),
        published=Count("pk", filter=Q(state="published")),
        drafts=Count("pk", filter=Q(state="draft")),
        withdrawn=Count("pk", filter=Q(state="withdrawn")),
        crime=Count("pk", filter=Q(state="published", action__dangerous_operation_crime=True)),
    )
    return (
        f"register: {found['all']} publications, {found['published']} published ({found['crime']} 危险作业罪), "
        f"{found['drafts']} drafts, {found['withdrawn']} withdrawn"
    )


# --- checking and timing ---------------------------------------------------------------------------------------


def context(cursor, today: dt.date, time_zone: str, username: str) -> dict:
    """Today and this year in local days (and how Django stores their bounds in SQLite: UTC text), the county, and
    what the user sees and asks for: the county office its county, a town its own path."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(time_zone)

    def utc(day: dt.date) -> str:
        return dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")

    cursor.execute("SELECT id, path FROM org_region WHERE level = 'county' ORDER BY code LIMIT 1")
    county_id, county = cursor.fetchone()
    cursor.execute("SELECT MAX(LENGTH(path)) FROM org_region WHERE level = 'town'")
    town_length = cursor.fetchone()[0]  # every town's path as long (duties.towns.town_length)
    own = county
    if username not in ("-", "county"):
        cursor.execute(
            "SELECT r.path FROM org_roleassignment a JOIN org_user u ON u.id = a.user_id "
            "JOIN org_region r ON r.id = a.region_id WHERE u.username = %s ORDER BY a.id LIMIT 1",
            [username],
        )
        own = cursor.fetchone()[0]
    year = dt.date(today.year, 1, 1)
    offset = dt.datetime.combine(today, dt.time(), tzinfo=zone).utcoffset().total_seconds() / 60
    return {
        "username": username,
        "today": today.isoformat(),
        "year": today.year,
        "year_start": year.isoformat(),
        "year_start_at": utc(year),
        "next_year_at": utc(dt.date(today.year + 1, 1, 1)),
        "today_end_at": utc(today + dt.timedelta(days=1)),
        "tz_shift": f"{offset:+.0f} minutes",
        "county_id": county_id,
        "county_like": county + "%",
        "town_length": town_length,
        "seen_like": own + "%",
        "place_like": own + "%",
    }


def same_figures(values: dict, by_unit: dict, found: dict) -> bool:
    """The registry's figures (values() of each user, values_by_unit() of the county) against the SQL's."""
    keys = ("public.typical_cases", "public.typical_dangerous_operation")
    wrong = []
    for user, (n, crime) in found["values"].items():
        app = tuple(values[user][k] for k in keys)
        if app != (n, crime):
            wrong.append(f"values() of {user}: app {app}, sql {(n, crime)}")
    for unit, expected in found["by_unit"].items():
        app = tuple(by_unit[k][unit] for k in keys)
        if app != expected:
            wrong.append(f"values_by_unit() of {unit}: app {app}, sql {expected}")
    for line in wrong:
        print("  " + line)
    print(f"check of the figures against the SQL: {'same' if not wrong else f'{len(wrong)} DIFFERENT'}")
    return not wrong


def check(connection, contexts: dict) -> bool:
    found: dict = {"values": {}, "by_unit": {}}
    with connection.cursor() as cursor:
        for user in ("county", "gaoxing"):
            cursor.execute(figures_sql(user)[0], contexts[user])
            found["values"][user] = tuple(cursor.fetchone())
        cursor.execute(by_unit_sql("county")[0], contexts["county"])
        found["by_unit"] = {(kind, pk): (n, crime) for kind, pk, n, crime in cursor.fetchall()}
    values = {user: values_call(contexts[user])() for user in ("county", "gaoxing")}
    return same_figures(values, by_unit_call(contexts["county"])(), found)


def run(args: argparse.Namespace) -> bool:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    load(args)
    today = timezone.localdate()
    with connection.cursor() as cursor:
        contexts = {u: context(cursor, today, settings.TIME_ZONE, u) for u in {r.user for r in REQUESTS}}
    ok = check(connection, contexts)
    print(COLUMNS)
    for request in REQUESTS:
        line(request, contexts[request.user] | request.params, args.repeat)
    return ok


def page(username: str, url: str) -> Callable[[], object]:
    """A GET of `url` by the user (nobody signed in for "-"), answering 200."""
    from django.test import Client

    from anjian.org.models import User

    client = Client(SERVER_NAME="localhost")
    if username != "-":
        client.force_login(User.objects.get(username=username))

    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get


def line(request: Request, values: dict, repeat: int) -> None:
    """One line of the table: a warm-up run counting the queries, then the request and its SQL timed."""
    from django.db import connection

    label = request.url.format(**values)
    get = page(request.user, label) if request.call is None else None
    build = request.call or (lambda _values: get)
    queries: list[str] = []

    def count(execute, sql, *rest):  # a request resets connection.queries: count at the driver
        queries.append(sql)
        return execute(sql, *rest)

    call = build(values)  # its user and frame fetched before counting, as a request's are by then
    with connection.execute_wrapper(count):
        answer = call()
    size = "-" if request.call else len(answer.content)
    times = [timed(build(values)) for _ in range(repeat)]  # a call built afresh each time, untimed
    statements = request.companion(request.user)
    rows = run_sql(connection, statements, values)  # warm-up
    sql_times = [timed(run_sql, connection, statements, values) for _ in range(max(1, repeat))]
    ms, sql_ms = statistics.median(times), statistics.median(sql_times)
    print(
        f"{request.user:<8} {label:<70} {ms:>8.1f} {sql_ms:>7.1f} {ms / sql_ms:>6.1f} "
        f"{len(queries):>7} {size:>9} {rows:>6}",
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
