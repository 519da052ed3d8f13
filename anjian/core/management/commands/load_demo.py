"""`load_demo [--if-empty] [--enterprises N] [--seed S]`: write the demo county into an empty database.

The plan comes from anjian.demo.generator (pure Python, seeded); this module writes it with bulk inserts
and history rows, and creates the demo logins. It never touches a database that already holds data.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from anjian.core import chain
from anjian.core.pg_guard import maintenance
from anjian.demo import names
from anjian.demo.campaigns import load_demo_campaigns
from anjian.demo.cases import load_demo_cases
from anjian.demo.clock import cutoff, settle_stamps
from anjian.demo.contests import load_demo_contests
from anjian.demo.demonstration import load_demo_demonstration
from anjian.demo.duties import load_demo_duties
from anjian.demo.emergency import load_demo_emergency
from anjian.demo.fireworks import GAOXING_CODE
from anjian.demo.generator import (
    COMMITTEE_CODE,
    COMMITTEE_NAME,
    COUNTY_CODE,
    DEFAULT_ENTERPRISES,
    DEFAULT_SEED,
    Place,
    Plan,
    Unit,
    plan,
)
from anjian.demo.hazards import load_demo_hazards, restart_photos
from anjian.demo.inspections import load_demo_inspections
from anjian.demo.notifications import load_demo_notifications
from anjian.demo.people import load_demo_people
from anjian.demo.public import load_demo_public
from anjian.demo.risk import cjk_fonts, load_demo_risk
from anjian.org.choices import RegionKind, RegionLevel, Role
from anjian.org.models import Department, IndustryCommittee, Region, RoleAssignment, SafetyCommittee, Section, User
from anjian.org.services import add_region, government_name, load_regions, load_sectors
from anjian.registry.models import TOKEN_ALPHABET, TOKEN_LENGTH, Enterprise
from anjian.summaries.rebuild import rebuild as rebuild_summaries

DEMO_PASSWORD = "Anjian#2024"  # noqa: S105 - the documented password of the demo logins, created only here
DEMO_USERS = (
    ("county", "钟建华", Role.COUNTY_OFFICE),
    ("leader", "刘志明", Role.LEADER),
    ("yingji", "谢文斌", Role.DEPARTMENT),
    ("gaoxing", "曾宪平", Role.TOWN),
    ("grid1", "邱秀英", Role.GRID_WORKER),
    ("qiye1", "王国平", Role.ENTERPRISE),
    ("expert1", "黄振华", Role.EXPERT),
)
ADMIN_USER = ("admin", "系统管理员")
DEMO_USERNAMES = [u[0] for u in DEMO_USERS] + [ADMIN_USER[0]]
QIYE1_SHOP = "王国平烟花爆竹零售店"
BATCH = 500
FONT_MISSING = (
    "Noto Sans CJK SC is not installed: the demo's site plans are drawn with numbered buildings. The four-colour "
    "maps and the Chinese text of the PDFs need it: apt-get install fonts-noto-cjk (Debian, Ubuntu)."
)


def occupied() -> str | None:
    """What already fills the database, or None when the demo may load."""
    checks = (
        (Enterprise.objects.all(), "enterprises"),
        (Region.objects.filter(level__in=[RegionLevel.VILLAGE, RegionLevel.GRID]), "villages or grids"),
        (Department.objects.all(), "departments"),
        (User.objects.filter(username__in=DEMO_USERNAMES), "demo users"),
    )
    for queryset, what in checks:
        count = queryset.count()
        if count:
            return f"{count} {what}"
    return None


@transaction.atomic
def build(demo: Plan, today: date) -> dict[str, int]:
    """Write the plan; returns row counts by table."""
    sectors = {s.code: s for s in load_sectors()}
    regions = load_regions()
    county = regions[COUNTY_CODE]
    regions[COMMITTEE_CODE] = add_region(
        county, COMMITTEE_CODE, COMMITTEE_NAME, RegionLevel.TOWN, RegionKind.COMMUNITY_COMMITTEE
    )
    insert_regions(demo.villages, RegionLevel.VILLAGE, regions)
    insert_regions(demo.grids, RegionLevel.GRID, regions)
    departments = create_departments(demo, county, sectors)
    create_committees(county, departments, sectors)
    enterprises = insert_enterprises(demo.units, regions, sectors, departments, today)
    create_users(demo, regions, departments, enterprises)
    return {
        "regions": Region.objects.count(),
        "departments": Department.objects.count(),
        "sections": Section.objects.count(),
        "industry committees": IndustryCommittee.objects.count(),
        "enterprises": Enterprise.objects.count(),
        "users": User.objects.count(),
    }


def insert_regions(places: list[Place], level: str, regions: dict[str, Region]) -> None:
    """Bulk insert with `path` and `government_name` set as Region.save() and add_region() would."""
    objs = []
    for p in places:
        parent = regions[p.parent]
        objs.append(
            Region(
                code=p.code,
                name=p.name,
                level=level,
                kind=p.kind,
                parent=parent,
                path=f"{parent.path}{p.code}/",
                government_name=government_name(p.name, p.kind),
            )
        )
    bulk_create_with_history(objs, Region, batch_size=BATCH)
    regions.update({r.code: r for r in objs})


def create_departments(demo: Plan, county: Region, sectors: dict) -> dict[str, Department]:
    departments, sections = {}, []
    for code, name, short, kind, sector_codes, section_names in names.DEPARTMENTS:
        department = Department.objects.create(
            code=code,
            name=name,
            short_name=short,
            kind=kind,
            region=county,
            phone=demo.department_phones[code],
            is_committee_office=code == "yingji",
        )
        department.sectors.set([sectors[c] for c in sector_codes])
        sections += [Section(department=department, name=s) for s in section_names]
        departments[code] = department
    Section.objects.bulk_create(sections)
    return departments


def create_committees(county: Region, departments: dict[str, Department], sectors: dict) -> None:
    committee = SafetyCommittee.objects.create(
        name=names.COUNTY_COMMITTEE, region=county, office_department=departments["yingji"]
    )
    for name, lead, members, sector_codes in names.INDUSTRY_COMMITTEES:
        industry = IndustryCommittee.objects.create(name=name, committee=committee, lead_department=departments[lead])
        industry.members.set([departments[lead]] + [departments[m] for m in members])
        industry.sectors.set([sectors[c] for c in sector_codes])


def quarter_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    month = 3 * ((local.month - 1) // 3) + 1
    return local.replace(month=month, day=1, hour=0, minute=0, second=0, microsecond=0)


def created_at(unit: Unit, now: datetime, quarter: datetime) -> datetime:
    """Recent units fall in the current quarter; the rest over the six years before it."""
    if unit.recent:
        return quarter + (now - quarter) * unit.age
    return quarter - timedelta(days=1 + unit.age * 6 * 365)


def demo_token(unit: Unit, index: int) -> str:
    """The unit's public-page token drawn from the demo's own data, so that one seed gives the same plates."""
    digest = hashlib.sha256(f"{index}:{unit.name}:{unit.address}".encode()).digest()
    return "".join(TOKEN_ALPHABET[b % len(TOKEN_ALPHABET)] for b in digest[:TOKEN_LENGTH])


def enterprise(unit: Unit, regions: dict, sectors: dict, departments: dict, index: int = 0) -> Enterprise:
    sector = sectors[unit.sector]
    return Enterprise(
        public_token=demo_token(unit, index),
        name=unit.name,
        credit_code=unit.credit_code,
        kind=unit.kind,
        address=unit.address,
        region=regions[unit.region],
        grid=regions[unit.grid] if unit.grid else None,
        sector=sector,
        high_risk_activity=unit.activity,
        high_risk=bool(sector.high_risk or unit.activity),  # as Enterprise.save() computes it
        above_scale=unit.above_scale,
        staff_count=unit.staff,
        standardization_grade=unit.grade,
        status=unit.status,
        principal=unit.principal,
        principal_phone=unit.principal_phone,
        responsible_department=departments[unit.department] if unit.department else None,
        responsible_town=regions[unit.town] if unit.town else None,
        liaison_leader=unit.leader[0],
        liaison_leader_phone=unit.leader[1],
        responsible_cadre=unit.cadre[0],
        responsible_cadre_phone=unit.cadre[1],
    )


def insert_enterprises(
    units: list[Unit], regions: dict, sectors: dict, departments: dict, today: date
) -> list[Enterprise]:
    """Bulk insert, then date each unit (auto_now_add stamps now) before writing its history row."""
    objs = [enterprise(u, regions, sectors, departments, i) for i, u in enumerate(units)]
    Enterprise.objects.bulk_create(objs, batch_size=BATCH)
    now = cutoff(today)  # the demo's clock: not the hour of the load
    quarter = quarter_start(now)
    for obj, unit in zip(objs, units, strict=True):
        obj.created_at = created_at(unit, now, quarter)
        obj._history_date = obj.created_at
    Enterprise.objects.bulk_update(objs, ["created_at"], batch_size=BATCH)
    Enterprise.history.bulk_history_create(objs, batch_size=BATCH)
    return objs


def create_users(demo: Plan, regions: dict, departments: dict, enterprises: list[Enterprise]) -> None:
    """The demo logins (one password hash for all: hashing costs ~0.3 s each) and expert1's enterprises. Their
    documented password meets the policy and counts as changed now (org.passwords): nobody is sent to change it."""
    password = make_password(DEMO_PASSWORD)
    county = regions[COUNTY_CODE]
    shop = next(e for e in enterprises if e.name == QIYE1_SHOP)
    scopes = {
        "county": {"region": county},
        "leader": {"region": county},
        "yingji": {"department": departments["yingji"]},
        "gaoxing": {"region": regions[GAOXING_CODE]},
        "grid1": {"region": regions[demo.grids[0].code]},
        "qiye1": {"enterprise": shop},
        "expert1": {},
    }
    users = {}
    for username, full_name, role in DEMO_USERS:
        users[username] = User.objects.create(username=username, full_name=full_name, password=password)
        RoleAssignment.objects.create(user=users[username], role=role, **scopes[username])
    User.objects.create(
        username=ADMIN_USER[0], full_name=ADMIN_USER[1], password=password, is_staff=True, is_superuser=True
    )
    through = Enterprise.experts.through
    expert = users["expert1"]
    links = [
        through(enterprise_id=e.pk, user_id=expert.pk) for e, u in zip(enterprises, demo.units, strict=True) if u.expert
    ]
    through.objects.bulk_create(links)


@transaction.atomic
def load_county(demo: Plan, seed: int, skip: set[str]) -> dict[str, int]:
    """The whole county in one transaction: a load that fails part-way (a missing library, Ctrl-C) leaves
    the database as empty as it found it, so the next `load_demo --if-empty` loads it again, never half.

    One day for every loader, and the services' wall-clock stamps moved onto the demo's clock (demo.clock),
    so that the same seed gives the same records at any hour of that day. The loaders date signed rows back to
    their story's day: deliberate upkeep, so PostgreSQL's guard of the audit rows is lifted for this transaction."""
    with maintenance():
        return _load_county(demo, seed, skip)


def _load_county(demo: Plan, seed: int, skip: set[str]) -> dict[str, int]:
    since = timezone.now()
    today = timezone.localdate(since)
    counts = build(demo, today)
    restart_photos()
    if "hazards" not in skip:
        counts |= load_demo_hazards(seed, today)
        counts |= load_demo_public(seed, today)
    if "risk" not in skip:
        counts |= load_demo_risk(seed, today)
    if "inspections" not in skip:
        counts |= load_demo_inspections(seed, today)
        counts |= load_demo_cases(seed, today)  # the typical cases published on the public register
    if "campaigns" not in skip:
        counts |= load_demo_campaigns(seed, today)
        counts |= load_demo_demonstration(seed, today)
    if "duties" not in skip:
        counts |= load_demo_duties(seed, today)
        counts |= load_demo_people(seed, today)
        counts |= load_demo_emergency(seed, today)
        counts |= load_demo_contests(seed, today)
    counts |= load_demo_notifications(today)  # today's reminders, as the scans write them
    settle_stamps(since, today)
    chain.reseal_all()  # the sign-off chains over the settled stamps
    rebuild_summaries()  # the loaders redate records in bulk: the county-by-month tables counted afresh
    return counts | {"users": User.objects.count()}  # the loaders add inspectors and grid workers


def login_rows() -> list[tuple[str, str, str]]:
    """(username, role, scope) of the demo logins present in the database."""
    rows = []
    users = User.objects.filter(username__in=DEMO_USERNAMES).prefetch_related(
        "assignments__region", "assignments__department", "assignments__enterprise"
    )
    by_name = {u.username: u for u in users}
    for username in DEMO_USERNAMES:
        user = by_name.get(username)
        if user is None:
            continue
        if user.is_superuser:
            rows.append((username, "superuser", "admin site"))
        for a in user.assignments.all():
            scope = a.region or a.department or a.enterprise
            rows.append((username, a.role, str(scope) if scope else "assigned enterprises"))
    return rows


class Command(BaseCommand):
    help = "Load the demo county (兴国县) into an empty database and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing (and say so) when data exists.")
        parser.add_argument("--enterprises", type=int, default=DEFAULT_ENTERPRISES, help="Number of units.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Seed of the generator.")
        parser.add_argument("--no-hazards", action="store_true", help="Load only the registry, without hazards.")
        parser.add_argument("--no-risk", action="store_true", help="Load without risk points, sources and reviews.")
        parser.add_argument(
            "--no-inspections", action="store_true", help="Load without visits, enforcement and documents."
        )
        parser.add_argument("--no-campaigns", action="store_true", help="Load without the campaign and its reports.")
        parser.add_argument(
            "--no-duties", action="store_true", help="Load without duties, people, training, drills and plans."
        )

    def handle(self, *args, if_empty=False, enterprises=DEFAULT_ENTERPRISES, seed=DEFAULT_SEED, **options):
        reason = occupied()
        if reason and if_empty:
            self.stdout.write(f"The database already holds data ({reason}): demo county not loaded.")
            self.print_logins()
            return
        if reason:
            raise CommandError(
                f"The database already holds data ({reason}). load_demo only fills an empty database: "
                "use --if-empty to skip quietly, or start from a fresh database."
            )
        started = time.monotonic()
        try:
            demo = plan(seed=seed, enterprises=enterprises)
        except ValueError as e:
            raise CommandError(str(e)) from e
        if not options.get("no_risk") and cjk_fonts() is None:
            self.stdout.write(FONT_MISSING)
        skip = {part for part in ("hazards", "risk", "inspections", "campaigns", "duties") if options.get(f"no_{part}")}
        counts = load_county(demo, seed, skip)
        gather_statistics()
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(f"Demo county 兴国县 loaded in {time.monotonic() - started:.1f} s (seed {seed}): {summary}.")
        self.print_logins()

    def print_logins(self) -> None:
        rows = login_rows()
        if not rows:
            return
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        table = [("username", "role", "scope", "password")] + [(*row, DEMO_PASSWORD) for row in rows]
        for username, role, scope, password in table:
            self.stdout.write(f"{username:<10} {role:<14} {pad(scope, 24)}{password}")
        if User.objects.filter(username="lianjiang").exists():
            self.stdout.write("Also each department (by code: zhujian, xiaofang …), each town (lianjiang, town1NN …)")
            self.stdout.write("and the grid workers grid2 … grid9 of 潋江镇, with the same password.")
        if User.objects.filter(username="yingji2").exists():
            self.stdout.write(
                "Each department and town also has a second inspector: its code + 2 (yingji2, gaoxing2 …)."
            )


def gather_statistics() -> None:
    """ANALYZE once the county is written: the query planner's statistics of a freshly filled database are empty
    until autovacuum comes round (PostgreSQL) or forever (SQLite), and a plan made without them walked every unit
    of the county once per row (the work desk took 450 ms instead of 170 ms on PostgreSQL)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def pad(text: str, width: int) -> str:
    """Left-justify counting Chinese characters as two columns, so the table lines up in a terminal."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 1)
