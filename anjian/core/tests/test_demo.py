"""The demo county: what a newcomer and the outside acceptance checks rely on.

Database tests load a small county (300 units); the full default size is checked on the plan, which is
what `load_demo` writes, without building it.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from anjian.core.management.commands.load_demo import DEMO_PASSWORD
from anjian.core.validators import credit_code_problem, is_phone
from anjian.demo import generator
from anjian.demo.fireworks import SHOPS
from anjian.org import passwords
from anjian.org.choices import RegionLevel, Role
from anjian.org.models import Department, IndustryCommittee, Region, SafetyCommittee, User
from anjian.registry.models import Enterprise

SMALL = 300
SEAT = "360732100000"
GAOXING = "360732104000"


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_demo", enterprises=SMALL, stdout=out, no_hazards=True, no_risk=True, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def full_plan():
    return generator.plan()


@pytest.fixture
def demo(db):
    return load()


def database_digest() -> str:
    regions = Region.objects.filter(level__in=[RegionLevel.VILLAGE, RegionLevel.GRID])
    lines = [generator.region_line(*row) for row in regions.values_list("code", "name", "kind", "parent__code")]
    for e in Enterprise.objects.select_related("region", "grid", "sector"):
        unit = generator.Unit(
            name=e.name,
            sector=e.sector.code,
            kind=e.kind,
            region=e.region.code,
            grid=e.grid.code if e.grid else "",
            credit_code=e.credit_code,
            principal=e.principal,
            principal_phone=e.principal_phone,
            leader=(e.liaison_leader, e.liaison_leader_phone),
            cadre=(e.responsible_cadre, e.responsible_cadre_phone),
        )
        lines.append(generator.unit_line(unit))
    return generator.digest_lines(lines)


def test_full_size_plan_has_the_county_the_issue_describes(full_plan):
    units = full_plan.units
    assert len(units) == generator.DEFAULT_ENTERPRISES
    by_sector = Counter(u.sector for u in units)
    assert set(by_sector) == set(generator.SECTOR_SHARE)
    assert by_sector["industry_trade"] > by_sector["fire"] > by_sector["hazardous_chemicals"]
    assert by_sector["civil_explosives"] < by_sector["non_coal_mine"] < 60
    towns = Counter(v.parent for v in full_plan.villages)
    assert all(8 <= n <= 20 for n in towns.values())
    assert len(towns) == 26  # every town but the park, plus the urban community committee
    assert len(full_plan.grids) == 60 and all(g.code.startswith("360732100") for g in full_plan.grids)
    assert 0.10 < sum(u.above_scale for u in units) / len(units) < 0.20
    assert sum(u.expert for u in units) == 20


def test_full_size_codes_and_phones_are_valid_and_unique(full_plan):
    codes = [u.credit_code for u in full_plan.units if u.credit_code]
    assert len(codes) > 1500 and len(set(codes)) == len(codes)
    assert [c for c in codes if credit_code_problem(c)] == []
    phones = [p for u in full_plan.units for p in (u.principal_phone, u.leader[1], u.cadre[1]) if p]
    assert [p for p in phones if not is_phone(p)] == []
    assert len({u.name for u in full_plan.units}) == len(full_plan.units)


def test_plan_is_deterministic_and_depends_on_the_seed():
    assert generator.plan(7, SMALL).digest() == generator.plan(7, SMALL).digest()
    assert generator.plan(7, SMALL).digest() != generator.plan(8, SMALL).digest()


def test_towns_committee_villages_and_grids(demo):
    towns = Region.objects.filter(level=RegionLevel.TOWN)
    assert towns.count() == 27  # 25 townships, the park and the urban community committee
    assert towns.get(code="360732104000").name == "高兴镇"
    assert towns.get(code="360732400000").kind == "park"
    committee = towns.get(code="360732500000")
    assert (committee.name, committee.kind, committee.parent.code) == (
        "兴国县城市社区管委会",
        "community_committee",
        "360732000000",
    )
    grids = Region.objects.filter(level=RegionLevel.GRID)
    assert grids.count() == 60
    assert {g.town().code for g in grids} == {SEAT}
    first = grids.order_by("code").first()
    assert (first.code, first.name) == ("360732100001001", "城南社区第1网格")
    for village in Region.objects.filter(level=RegionLevel.VILLAGE):
        number = int(village.code[9:])
        assert (1 <= number <= 199) == (village.kind == "residents"), village
        assert village.path == f"{village.parent.path}{village.code}/"
    assert Region.objects.get(code="360732104201").name == "高兴村"


def test_gaoxing_fireworks_shops_are_the_seed_table(demo):
    shops = Enterprise.objects.filter(responsible_town__code=GAOXING, sector__code="fireworks").order_by("id")
    got = [(e.name, e.principal, e.liaison_leader, e.responsible_cadre) for e in shops]
    assert got == list(SHOPS)
    for shop in shops:
        assert shop.credit_code is None and shop.kind == "individual" and shop.high_risk
        assert shop.responsible_unit == "高兴镇人民政府"
        assert 1 <= shop.staff_count <= 3
        assert is_phone(shop.principal_phone) and is_phone(shop.liaison_leader_phone)
    row8 = shops.get(name="钟起梁烟花爆竹零售店")
    assert (row8.responsible_cadre, row8.responsible_cadre_phone) == ("驻村干部", "")


def test_every_enterprise_is_valid_as_the_forms_would_check_it(demo):
    enterprises = Enterprise.objects.select_related("region", "grid", "sector")
    assert enterprises.count() == SMALL
    for e in enterprises:
        e.full_clean()
        assert e.high_risk == bool(e.sector.high_risk or e.high_risk_activity), e
        assert e.responsible_unit, e
        if e.region.town().code == SEAT:
            assert e.grid is not None and e.grid.path.startswith(e.region.path), e
    assert Enterprise.history.count() == SMALL


def test_departments_and_committees(demo):
    yingji = Department.objects.get(code="yingji")
    assert yingji.name == "兴国县应急管理局" and yingji.is_committee_office
    assert set(yingji.sectors.values_list("code", flat=True)) == {
        "non_coal_mine",
        "hazardous_chemicals",
        "industry_trade",
        "fireworks",
    }
    assert {"综合股", "宣教股", "危化股", "矿山股", "减灾救灾股"} <= set(yingji.sections.values_list("name", flat=True))
    assert SafetyCommittee.objects.get(name="兴国县安全生产委员会").office_department == yingji
    mines = IndustryCommittee.objects.get(name="兴国县矿山安全专业委员会")
    assert mines.lead_department == yingji and mines.members.filter(code="ziranziyuan").exists()
    for e in Enterprise.objects.filter(responsible_department__isnull=False).select_related("responsible_department"):
        assert e.responsible_department.sectors.filter(pk=e.sector_id).exists(), e


def test_demo_logins_authenticate_with_their_roles(demo, settings):
    settings.ANJIAN_PASSWORD_DAYS = 180  # as in production
    expected = {
        "county": (Role.COUNTY_OFFICE, "兴国县"),
        "leader": (Role.LEADER, "兴国县"),
        "yingji": (Role.DEPARTMENT, "兴国县应急管理局"),
        "gaoxing": (Role.TOWN, "高兴镇"),
        "grid1": (Role.GRID_WORKER, "城南社区第1网格"),
        "qiye1": (Role.ENTERPRISE, "王国平烟花爆竹零售店"),
        "expert1": (Role.EXPERT, None),
    }
    for username, (role, scope) in expected.items():
        user = authenticate(username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        # The documented password meets the policy, and nobody is sent to change it (org.passwords).
        assert validate_password(DEMO_PASSWORD, user) is None and passwords.change_due(user) is None
        assert user.full_name and user.roles() == {role}
        assignment = user.assignments.get()
        target = assignment.region or assignment.department or assignment.enterprise
        assert (str(target) if target else None) == scope
        assert username in demo
    admin = authenticate(username="admin", password=DEMO_PASSWORD)
    assert admin is not None and admin.is_superuser
    assert User.objects.get(username="expert1").expert_enterprises.count() == 20


def test_database_holds_exactly_the_plan_of_its_seed(demo):
    assert database_digest() == generator.plan(generator.DEFAULT_SEED, SMALL).digest()


def test_the_planner_knows_the_loaded_tables(demo):
    """The loader gathers the query planner's statistics of what it wrote (a plan without them is slow)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'registry_enterprise'")
        else:
            cursor.execute("SELECT CAST(stat AS INTEGER) FROM sqlite_stat1 WHERE tbl = 'registry_enterprise'")
        assert cursor.fetchone()[0] == Enterprise.objects.count() == SMALL


def test_second_run_does_nothing_or_refuses(demo):
    before = (Enterprise.objects.count(), Region.objects.count(), User.objects.count())
    out = load(if_empty=True)
    assert "not loaded" in out
    with pytest.raises(CommandError, match="already holds data"):
        load()
    assert (Enterprise.objects.count(), Region.objects.count(), User.objects.count()) == before


@pytest.mark.django_db
def test_if_empty_loads_an_empty_database_and_prints_logins():
    out = load(if_empty=True, seed=11)
    assert Enterprise.objects.count() == SMALL
    assert "qiye1" in out and DEMO_PASSWORD in out
    assert database_digest() == generator.plan(11, SMALL).digest()


@pytest.mark.django_db
def test_too_small_a_county_is_refused():
    with pytest.raises(CommandError, match="at least"):
        call_command("load_demo", enterprises=10, stdout=io.StringIO())
    assert not Enterprise.objects.exists()
