"""千家示范 (兴安办〔2024〕80号 二（四）): towns nominate demonstration sites in their own town, the county office
assesses and awards them with their days, the subsidy of a site is its kind's rate (5000 / 2000 / 1000 yuan by
default) counted once awarded, and the progress per town and for the county is counted in one grouped query."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from anjian.campaigns import demo_sites, services
from anjian.campaigns.models import DemoSite, DemoSiteRate, DemoSiteTarget
from anjian.core.testing import make_user
from anjian.org.choices import Role

LOCAL = ZoneInfo("Asia/Shanghai")
COUNTY, GAOXING, LIANJIANG = "360732000000", "360732104000", "360732100000"
URL = "/api/v1/demonstration-sites/"
XLSX_COLUMNS = ("序号", "乡镇", "类型", "名称", "地址", "无物业", "状态", "评定日期", "授牌日期", "补助标准（元）")


def at(time_machine, day: dt.date, hour: int = 10) -> None:
    time_machine.move_to(dt.datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL), tick=False)


@pytest.fixture
def campaign(world, time_machine):
    at(time_machine, dt.date(2024, 11, 5))
    world.users["lianjiang"] = make_user("lianjiang", Role.TOWN, region=world.regions[LIANJIANG])
    return services.start_from_template(
        world.users["county"], "ge-shi-bai-qian-wan", region=world.regions["360732000000"], year=2024
    )


def nominate(world, campaign, user="gaoxing", town=GAOXING, kind="village", name="高兴村", **values) -> DemoSite:
    return demo_sites.nominate(world.users[user], campaign, town=world.regions[town], kind=kind, name=name, **values)


def refused_fields(call, *args, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        call(*args, **kwargs)
    return sorted(refused.value.message_dict)


def test_the_rates_and_targets_default_from_the_notice(world, campaign):
    rates = demo_sites.rates(campaign)
    assert {k: (r.subsidy, r.target) for k, r in rates.items()} == {
        "village": (5000, 50),  # 示范村（社区）补助 5000 元/个; 50个示范村（社区）
        "estate": (2000, 300),
        "premises": (1000, 650),
    }
    assert sum(r.target for r in rates.values()) == 1000 and not DemoSiteRate.objects.exists()
    progress = demo_sites.progress(world.users["county"], campaign)
    assert [line.target for line in progress.county.lines] == [50, 300, 650]
    assert {line.target for row in progress.towns for line in row.lines} == {None}  # no per-town split invented
    assert len(progress.towns) == demo_sites.county_towns(campaign).count() >= 25

    office = world.users["county"]
    demo_sites.set_rate(office, campaign, "estate", subsidy="2500", target=320)
    assert (demo_sites.rates(campaign)["estate"].subsidy, demo_sites.rates(campaign)["estate"].target) == (2500, 320)
    demo_sites.set_town_target(office, campaign, world.regions[GAOXING], "village", 2)
    assert DemoSiteTarget.objects.get().target == 2
    demo_sites.set_town_target(office, campaign, world.regions[GAOXING], "village", "")
    assert not DemoSiteTarget.objects.exists()
    with pytest.raises(PermissionDenied):
        demo_sites.set_rate(world.users["gaoxing"], campaign, "estate", subsidy=1, target=1)
    for subsidy, target in (("-1", 1), ("abc", 1), ("1.5", 1), (10**9, 1)):
        assert refused_fields(demo_sites.set_rate, office, campaign, "estate", subsidy=subsidy, target=target) == [
            "subsidy"
        ]
    assert refused_fields(demo_sites.set_rate, office, campaign, "estate", subsidy=1, target=-3) == ["target"]
    assert refused_fields(demo_sites.set_rate, office, campaign, "farm", subsidy=1, target=1) == ["kind"]
    village = world.regions["gx_village"]
    assert refused_fields(demo_sites.set_town_target, office, campaign, village, "village", 2) == ["town"]
    assert demo_sites.rates(campaign)["estate"].subsidy == 2500

    other = services.start_from_template(office, "major-hazards-2023", region=world.regions[COUNTY], year=2024)
    assert {(r.subsidy, r.target) for r in demo_sites.rates(other).values()} == {(0, None)}  # not this notice's


def test_a_town_nominates_in_its_own_town_and_not_in_another(world, campaign):
    site = nominate(
        world, campaign, kind="estate", name="阳光小区", address="高兴镇阳光路1号", no_property_management=True
    )
    assert (site.status, site.town.code, site.nominated_by) == ("nominated", GAOXING, world.users["gaoxing"])
    assert refused_fields(nominate, world, campaign, town=LIANJIANG, name="城南社区") == ["town"]
    assert nominate(world, campaign, user="lianjiang", town=LIANJIANG, name="城南社区").town.code == LIANJIANG
    for user in ("county", "leader", "yingji", "grid1", "qiye1"):
        with pytest.raises(PermissionDenied):
            nominate(world, campaign, user=user, name=f"{user}村")
    demo_sites.change(world.users["gaoxing"], site, address="高兴镇阳光路2号")
    site.refresh_from_db()
    assert site.address == "高兴镇阳光路2号" and site.history.count() == 2
    for user in ("lianjiang", "county"):
        with pytest.raises(PermissionDenied):
            demo_sites.change(world.users[user], site, name="改名")
    assert refused_fields(demo_sites.change, world.users["gaoxing"], site, town=world.regions[LIANJIANG]) == ["town"]


def test_the_office_assesses_and_awards_with_dates(world, campaign, time_machine):
    site = nominate(world, campaign)
    office, town = world.users["county"], world.users["gaoxing"]
    at(time_machine, dt.date(2024, 12, 20))
    with pytest.raises(PermissionDenied):
        demo_sites.advance(town, site, date="2024-12-01")
    assert refused_fields(demo_sites.advance, office, site, date="2024-12-01", to="awarded") == ["status"]
    demo_sites.advance(office, site, date="2024-12-01", to="assessed")
    site.refresh_from_db()
    assert (site.status, site.assessed_on, site.awarded_on) == ("assessed", dt.date(2024, 12, 1), None)
    # a second press meant for the assessment does not award the site
    assert refused_fields(demo_sites.advance, office, site, date="2024-12-02", to="assessed") == ["status"]
    for bad in ("2024-11-30", "2024-12-21", "1999-12-31", "2024-13-01", ""):  # before the assessment, future …
        assert refused_fields(demo_sites.advance, office, site, date=bad) == ["date"], bad
    demo_sites.advance(office, site, date=dt.date(2024, 12, 18), to="awarded")
    site.refresh_from_db()
    assert (site.status, site.awarded_on) == ("awarded", dt.date(2024, 12, 18))
    assert refused_fields(demo_sites.advance, office, site, date="2024-12-19") == ["status"]
    assert refused_fields(demo_sites.change, town, site, name="新名") == ["status"]  # assessed: no longer the town's
    assert [h.status for h in site.history.order_by("history_id")] == ["nominated", "assessed", "awarded"]


def test_the_budget_counts_awarded_sites_times_the_rate_per_town_and_county(world, campaign, time_machine):
    office, e = world.users["county"], world.enterprises
    sites = {
        "gx_village_awarded": nominate(world, campaign, name="高兴村"),
        "gx_village_assessed": nominate(world, campaign, name="老营盘村"),
        "gx_estate": nominate(world, campaign, kind="estate", name="阳光小区", no_property_management=True),
        "gx_premises": nominate(world, campaign, kind="premises", name="", enterprise=e["mine"]),
        "lj_estate": nominate(world, campaign, user="lianjiang", town=LIANJIANG, kind="estate", name="城南小区"),
        "lj_premises": nominate(world, campaign, user="lianjiang", town=LIANJIANG, kind="premises", name="", enterprise=e["site"]),
    }  # fmt: skip
    assert sites["gx_premises"].name == e["mine"].name  # a premises takes its enterprise's name
    at(time_machine, dt.date(2024, 12, 20))
    for key, site in sites.items():
        if key != "gx_premises":
            demo_sites.advance(office, site, date="2024-12-01")
        if key not in ("gx_premises", "gx_village_assessed"):
            demo_sites.advance(office, site, date="2024-12-10")

    def figures(row):
        return {line.kind: (line.nominated, line.assessed, line.awarded, line.budget) for line in row.lines}

    with CaptureQueriesContext(connection) as queries:
        progress = demo_sites.progress(office, campaign)
    on_sites = [q["sql"] for q in queries.captured_queries if '"campaigns_demosite"' in q["sql"]]
    assert len(on_sites) == 1 and "GROUP BY" in on_sites[0]  # one grouped query, no loop over the sites
    assert len(queries.captured_queries) <= 6
    assert figures(progress.county) == {
        "village": (2, 2, 1, 5000),
        "estate": (2, 2, 2, 4000),
        "premises": (2, 1, 1, 1000),
    }
    assert progress.county.budget == 10000
    towns = {row.town.code: row for row in progress.towns}
    assert figures(towns[GAOXING]) == {"village": (2, 2, 1, 5000), "estate": (1, 1, 1, 2000), "premises": (1, 0, 0, 0)}
    assert figures(towns[LIANJIANG])["premises"] == (1, 1, 1, 1000) and towns[LIANJIANG].budget == 3000
    assert towns["360732400000"].budget == 0

    demo_sites.set_rate(office, campaign, "premises", subsidy=1200, target=650)  # the office's rate applies
    demo_sites.set_town_target(office, campaign, world.regions[GAOXING], "village", 3)
    progress = demo_sites.progress(office, campaign)
    assert progress.county.budget == 10200
    assert [row for row in progress.towns if row.town.code == GAOXING][0].line("village").target == 3

    mine = demo_sites.progress(world.users["gaoxing"], campaign)  # a town: its own town, no county total
    assert mine.county is None and [row.town.code for row in mine.towns] == [GAOXING]
    assert mine.towns[0].budget == 7000
    assert demo_sites.progress(world.users["yingji"], campaign).county.budget == 10200  # a department taking part


def test_bad_input_is_refused_by_field_and_nothing_is_saved(world, campaign):
    e, r = world.enterprises, world.regions
    cases = [
        ({"kind": "farm"}, ["kind"]),
        ({"town": r["gx_village"]}, ["town"]),
        ({"town": r[COUNTY]}, ["town"]),
        ({"town": None}, ["town"]),
        ({"kind": "premises", "enterprise": e["site"]}, ["enterprise"]),  # in 潋江镇, not 高兴镇
        ({"kind": "village", "enterprise": e["shop"]}, ["enterprise"]),
        ({"kind": "premises", "no_property_management": True}, ["no_property_management"]),
        ({"name": "  "}, ["name"]),
        ({"name": "名" * 121}, ["name"]),
        ({"note": "注" * 1001}, ["note"]),
        ({"kind": "farm", "name": ""}, ["kind", "name"]),
    ]
    gaoxing = world.users["gaoxing"]
    for change, fields in cases:
        values = {"town": r[GAOXING], "kind": "village", "name": "高兴村"} | change
        assert refused_fields(demo_sites.nominate, gaoxing, campaign, **values) == fields, change
    assert not DemoSite.objects.exists()
    nominate(world, campaign, kind="premises", name="", enterprise=e["shop"])
    assert refused_fields(nominate, world, campaign, kind="premises", name="另一家", enterprise=e["shop"]) == [
        "enterprise"
    ]
    assert refused_fields(nominate, world, campaign, kind="premises", name=e["shop"].name) == ["name"]
    assert DemoSite.objects.count() == 1


def test_the_api_filters_nominates_and_advances_by_role(world, campaign, api_for, time_machine):
    town, office = api_for("gaoxing"), api_for("county")
    shop = world.enterprises["shop"]
    body = {"campaign": campaign.pk, "town": GAOXING, "kind": "premises", "enterprise": shop.pk}
    created = town.post(URL, body, format="json")
    assert created.status_code == 201, created.content
    premises = created.json()
    assert (premises["name"], premises["subsidy"], premises["status"], premises["town"]) == (
        shop.name, 1000, "nominated", GAOXING)  # fmt: skip
    village = town.post(URL, {"campaign": campaign.pk, "town": GAOXING, "kind": "village", "name": "高兴村"}).json()
    for change, field in (
        ({"town": LIANJIANG}, "town"),
        ({"town": "360732999000"}, "town"),
        ({"kind": "farm"}, "kind"),
        ({"campaign": 99999}, "campaign"),
        ({"kind": "estate", "enterprise": shop.pk}, "enterprise"),
        ({"date": "x", "name": "名" * 121}, "name"),
    ):
        bad = town.post(URL, {"campaign": campaign.pk, "town": GAOXING, "kind": "village", "name": "村"} | change)
        assert bad.status_code == 400 and list(bad.json()) == [field], (change, bad.content)
    valid = {"campaign": campaign.pk, "town": GAOXING, "kind": "village", "name": "另一村"}
    for user in ("county", "leader", "yingji"):
        assert api_for(user).post(URL, valid, format="json").status_code == 403, user

    assert office.get(URL, {"campaign": campaign.pk}).json()["count"] == 2
    villages = office.get(URL, {"kind": "village"}).json()
    assert villages["count"] == 1 and villages["results"][0]["subsidy"] == 5000
    assert office.get(URL, {"town": LIANJIANG}).json()["count"] == 0
    assert office.get(URL, {"town": GAOXING, "status": "nominated"}).json()["count"] == 2
    for query in ({"town": "nowhere"}, {"kind": "farm"}, {"status": "done"}, {"campaign": "abc"}):
        assert office.get(URL, query).status_code == 400, query

    at(time_machine, dt.date(2024, 12, 20))
    advance = f"{URL}{village['id']}/advance/"
    assert town.post(advance, {"date": "2024-12-01"}).status_code == 403
    future = office.post(advance, {"date": "2099-01-01"})
    assert future.status_code == 400 and list(future.json()) == ["date"]
    assessed = office.post(advance, {"date": "2024-12-01", "step": "assessed"})
    assert assessed.status_code == 200 and assessed.json()["assessed_on"] == "2024-12-01"
    early = office.post(advance, {"date": "2024-11-30", "step": "awarded"})
    assert early.status_code == 400 and list(early.json()) == ["date"]
    assert office.post(advance, {"date": "2024-12-10", "step": "awarded"}).json()["status"] == "awarded"
    assert office.get(URL, {"status": "awarded"}).json()["count"] == 1

    own = f"{URL}{premises['id']}/"
    corrected = town.patch(own, {"address": "高兴镇某路8号"}, format="json")
    assert corrected.status_code == 200 and corrected.json()["address"] == "高兴镇某路8号"
    assert office.patch(own, {"address": "x"}, format="json").status_code == 403
    locked = town.patch(f"{URL}{village['id']}/", {"name": "新名"}, format="json")
    assert locked.status_code == 400 and list(locked.json()) == ["status"]

    for user, code in (("lianjiang", 404), ("qiye1", 404), ("grid1", 404), ("yingji", 200), ("leader", 200)):
        assert api_for(user).get(f"{URL}{village['id']}/").status_code == code, user
    assert api_for("lianjiang").get(URL).json()["count"] == 0
    assert api_for("lianjiang").post(advance, {"date": "2024-12-10"}).status_code == 404


def test_the_page_nominates_advances_sets_rates_and_exports(world, campaign, client_for):
    page_url = reverse("campaigns:demo_sites", args=[campaign.pk])
    town = client_for("gaoxing")
    assert town.get(page_url).status_code == 200
    estate = {"action": "nominate", "town": GAOXING, "kind": "estate", "name": "阳光小区", "address": "阳光路1号"}
    assert town.post(page_url, estate | {"no_property_management": "on"}).status_code == 302
    bad = town.post(page_url, estate | {"kind": "village", "no_property_management": "on"})
    assert bad.status_code == 400 and list(bad.context["site_form"].errors) == ["no_property_management"]
    assert town.post(page_url, {"action": "rates", "subsidy_village": "1"}).status_code == 403
    site = DemoSite.objects.get()
    edit = reverse("campaigns:demo_site_edit", args=[site.pk])
    assert edit in town.get(page_url).content.decode() and town.get(edit).status_code == 200
    corrected = town.post(edit, estate | {"address": "阳光路1号", "no_property_management": "on"})
    assert corrected.status_code == 302
    assert town.post(edit, estate | {"town": LIANJIANG}).status_code == 400  # not one of its towns

    assert client_for("lianjiang").get(edit).status_code == 404
    assert client_for("qiye1").get(page_url).status_code == 404
    read = client_for("yingji").get(page_url)  # a department taking part reads every site, nominates none
    assert read.status_code == 200 and read.context["site_form"] is None and read.context["progress"].county
    office = client_for("county")
    assert office.get(edit).status_code == 403
    shown = office.get(page_url)
    assert shown.status_code == 200 and "阳光小区" in shown.content.decode()
    assert shown.context["progress"].county.line("estate").nominated == 1
    advance = reverse("campaigns:demo_site_advance", args=[site.pk])
    assert office.post(advance, {"date": "2024-11-05", "step": "assessed"}).status_code == 302
    site.refresh_from_db()
    assert (
        site.status == "assessed" and office.post(advance, {"date": "2099-01-01", "step": "awarded"}).status_code == 302
    )
    assert client_for("gaoxing").get(edit).status_code == 200  # shown, locked: assessed
    office = client_for("county")
    rates = {"action": "rates"} | {
        f"subsidy_{k}": v for k, v in (("village", 6000), ("estate", 2000), ("premises", 1000))
    }
    assert office.post(page_url, rates | {"subsidy_village": "-5"}).status_code == 400
    assert office.post(page_url, rates | {"target_village": "50"}).status_code == 302
    assert demo_sites.rates(campaign)["village"].subsidy == 6000 and demo_sites.rates(campaign)["estate"].target is None
    gaoxing = world.regions[GAOXING]
    assert office.post(page_url, {"action": "targets", f"t_{gaoxing.pk}_estate": "4"}).status_code == 302
    assert DemoSiteTarget.objects.get().target == 4
    assert page_url in office.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()

    answer = office.get(reverse("campaigns:demo_sites_xlsx", args=[campaign.pk]), {"kind": "estate"})
    assert answer.status_code == 200
    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    assert rows[1] == XLSX_COLUMNS
    assert rows[2] == (
        1,
        "高兴镇",
        "城区住宅小区示范点",
        "阳光小区",
        "阳光路1号",
        "是",
        "已评定",
        "2024-11-05",
        None,
        2000,
    )
    assert "已授牌0个" in rows[3][0]
    empty = office.get(reverse("campaigns:demo_sites_xlsx", args=[campaign.pk]), {"kind": "village"})
    assert len(list(load_workbook(io.BytesIO(empty.content)).active.iter_rows())) == 3
    assert office.get(reverse("campaigns:demo_sites_xlsx", args=[campaign.pk]), {"kind": "farm"}).status_code == 400
