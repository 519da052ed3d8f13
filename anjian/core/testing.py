"""A small, fixed world for tests: the real region tree, a few villages, grids, departments,
enterprises and one user per role. Every test that needs data starts from this."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from anjian.core.validators import credit_code_check_char, org_code_check_char
from anjian.org import services as org_services
from anjian.org.choices import RegionKind, RegionLevel, Role
from anjian.org.models import Department, Region, RoleAssignment, Sector, User
from anjian.registry.models import Enterprise

PASSWORD = "Anjian#2024"
XINGGUO, YUDU = "360732000000", "360731000000"  # 兴国县, and 于都县 beside it (`build_second_county`)


def make_credit_code(serial: int, region_code: str = "360732") -> str:
    """A valid credit code (GB 32100 and GB 11714 checks) made from a serial number."""
    org8 = f"{serial:08d}"
    org9 = org8 + org_code_check_char(org8)
    first17 = "91" + region_code + org9
    return first17 + credit_code_check_char(first17)


@dataclass
class World:
    regions: dict[str, Region] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    enterprises: dict[str, Enterprise] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def make_user(username: str, role: str, **scope) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username)
    RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


def build_world() -> World:
    from anjian.duties.defaults import ensure_defaults

    ensure_defaults()  # migrated reference rows a flushed test database has lost
    w = World()
    w.sectors = {s.code: s for s in org_services.load_sectors()}
    w.regions = org_services.load_regions()
    county = w.regions[XINGGUO]
    lianjiang, gaoxing = w.regions["360732100000"], w.regions["360732104000"]
    w.regions["lj_village"] = org_services.add_region(
        lianjiang, "360732100001", "城南社区", RegionLevel.VILLAGE, RegionKind.RESIDENTS
    )
    w.regions["lj_grid1"] = org_services.add_region(
        w.regions["lj_village"], "360732100001001", "城南社区第1网格", RegionLevel.GRID, RegionKind.GRID
    )
    w.regions["lj_grid2"] = org_services.add_region(
        w.regions["lj_village"], "360732100001002", "城南社区第2网格", RegionLevel.GRID, RegionKind.GRID
    )
    w.regions["gx_village"] = org_services.add_region(
        gaoxing, "360732104201", "高兴村", RegionLevel.VILLAGE, RegionKind.VILLAGE
    )
    yingji = Department.objects.create(
        code="yingji", name="兴国县应急管理局", short_name="应急局", region=county, is_committee_office=True
    )
    yingji.sectors.set([w.sectors[c] for c in ("non_coal_mine", "hazardous_chemicals", "industry_trade", "fireworks")])
    zhujian = Department.objects.create(
        code="zhujian", name="兴国县住房和城乡建设局", short_name="住建局", region=county
    )
    zhujian.sectors.set([w.sectors["construction"], w.sectors["town_gas"], w.sectors["self_built_house"]])
    w.departments = {"yingji": yingji, "zhujian": zhujian}

    def ent(key: str, name: str, region: Region, sector: str, serial: int | None, **kw) -> Enterprise:
        e = Enterprise.objects.create(
            name=name,
            region=region,
            sector=w.sectors[sector],
            credit_code=make_credit_code(serial) if serial else None,
            **kw,
        )
        w.enterprises[key] = e
        return e

    ent(
        "shop",
        "王国平烟花爆竹零售店",
        w.regions["gx_village"],
        "fireworks",
        None,
        responsible_town=gaoxing,
        principal="王国平",
        principal_phone="13907971001",
        liaison_leader="周甘华",
        liaison_leader_phone="13907971002",
        responsible_cadre="康富春",
        responsible_cadre_phone="13907971003",
    )
    ent(
        "mine",
        "兴国县某某矿业有限公司",
        w.regions["gx_village"],
        "non_coal_mine",
        10000001,
        responsible_department=yingji,
        principal="李四",
        principal_phone="0797-5322110",
    )
    ent(
        "site",
        "潋江镇城南安置房项目",
        w.regions["lj_village"],
        "construction",
        10000002,
        grid=w.regions["lj_grid1"],
        responsible_department=zhujian,
    )
    ent("school", "潋江镇第二小学", w.regions["lj_village"], "school", 10000003, grid=w.regions["lj_grid2"])
    ent(
        "park_chem",
        "江西某某化工有限公司",
        w.regions["360732400000"],
        "hazardous_chemicals",
        10000004,
        responsible_department=yingji,
    )

    w.users["county"] = make_user("county", Role.COUNTY_OFFICE, region=county)
    w.users["leader"] = make_user("leader", Role.LEADER, region=county)
    w.users["yingji"] = make_user("yingji", Role.DEPARTMENT, department=yingji)
    w.users["gaoxing"] = make_user("gaoxing", Role.TOWN, region=gaoxing)
    w.users["grid1"] = make_user("grid1", Role.GRID_WORKER, region=w.regions["lj_grid1"])
    w.users["qiye1"] = make_user("qiye1", Role.ENTERPRISE, enterprise=w.enterprises["shop"])
    w.users["expert1"] = make_user("expert1", Role.EXPERT)
    w.enterprises["park_chem"].experts.add(w.users["expert1"])
    return w


# What each user of build_world() may see of its enterprises (the jurisdiction contract).
VISIBLE_ENTERPRISES = {
    "county": {"shop", "mine", "site", "school", "park_chem"},
    "leader": {"shop", "mine", "site", "school", "park_chem"},
    "yingji": {"shop", "mine", "park_chem"},
    "gaoxing": {"shop", "mine"},
    "grid1": {"site"},
    "qiye1": {"shop"},
    "expert1": {"park_chem"},
}


def build_second_county(w: World) -> World:
    """于都县 beside 兴国县 under 赣州市, with two towns, a village, its departments (a namesake 应急管理局 supervising
    the same sectors), two units, its users; and the offices above both counties: 赣州市 and 江西省."""
    yudu = org_services.add_region(w.regions["360700000000"], YUDU, "于都县", RegionLevel.COUNTY, RegionKind.COUNTY)
    gongjiang = org_services.add_region(yudu, "360731100000", "贡江镇", RegionLevel.TOWN, RegionKind.TOWN)
    luoao = org_services.add_region(yudu, "360731104000", "罗坳镇", RegionLevel.TOWN, RegionKind.TOWN)
    village = org_services.add_region(gongjiang, "360731100001", "城东社区", RegionLevel.VILLAGE, RegionKind.RESIDENTS)
    w.regions.update({YUDU: yudu, "yd_gongjiang": gongjiang, "yd_luoao": luoao, "yd_village": village})
    yingji = Department.objects.create(
        code="yd_yingji", name="于都县应急管理局", short_name="应急局", region=yudu, is_committee_office=True
    )
    yingji.sectors.set([w.sectors[c] for c in ("non_coal_mine", "hazardous_chemicals", "industry_trade", "fireworks")])
    w.departments["yd_yingji"] = yingji
    w.enterprises["yd_shop"] = Enterprise.objects.create(
        name="于都县贡江烟花爆竹店", region=village, sector=w.sectors["fireworks"], responsible_town=gongjiang
    )
    w.enterprises["yd_mine"] = Enterprise.objects.create(
        name="于都县某某矿业有限公司",
        region=luoao,
        sector=w.sectors["non_coal_mine"],
        credit_code=make_credit_code(20000001, "360731"),
        responsible_department=yingji,
    )
    w.users["yd_office"] = make_user("yd_office", Role.COUNTY_OFFICE, region=yudu)
    w.users["yd_yingji"] = make_user("yd_yingji", Role.DEPARTMENT, department=yingji)
    w.users["yd_town"] = make_user("yd_town", Role.TOWN, region=gongjiang)
    w.users["city"] = make_user("city", Role.COUNTY_OFFICE, region=w.regions["360700000000"])
    w.users["province"] = make_user("province", Role.COUNTY_OFFICE, region=w.regions["360000000000"])
    return w


# What each user sees of the enterprises of both counties (build_world and build_second_county).
XINGGUO_UNITS = set(VISIBLE_ENTERPRISES["county"])
VISIBLE_IN_TWO_COUNTIES = {
    **{user: set(units) for user, units in VISIBLE_ENTERPRISES.items()},
    "yd_office": {"yd_shop", "yd_mine"},
    "yd_yingji": {"yd_shop", "yd_mine"},
    "yd_town": {"yd_shop"},
    "city": XINGGUO_UNITS | {"yd_shop", "yd_mine"},
    "province": XINGGUO_UNITS | {"yd_shop", "yd_mine"},
}


def database_dump() -> str:
    """Every row of every table of the database, as text: Django's dump of the models and a raw read of each table
    (the tests that prove a secret is kept nowhere in clear read it)."""
    from django.core.management import call_command
    from django.db import connection

    out = io.StringIO()
    call_command("dumpdata", stdout=out, format="json")
    text = [out.getvalue()]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            text.extend(str(row) for row in cursor.fetchall())
    return "\n".join(text)
