"""The dashboards of the offices above the county (a city's, a province's): their last count is shown while it is
at most ANJIAN_WIDE_FIGURES_MINUTES old, with the time it was counted; the scan `wide_figures` counts them again;
a county's dashboard is always counted from its records."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from anjian.dashboards.models import Snapshot
from anjian.hazards import services as hazards
from anjian.notifications import scans, scheduler
from anjian.notifications.models import ScheduledScan

LOCAL = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def wide(two_counties, settings, time_machine):
    settings.ANJIAN_WIDE_FIGURES_MINUTES = 30
    time_machine.move_to(dt.datetime(2026, 6, 10, 10, tzinfo=LOCAL), tick=False)
    for unit in ("school", "mine"):
        hazards.register_hazard(
            two_counties.users["county"], two_counties.enterprises[unit], description=unit, source="supervision"
        )
    return two_counties


def found(client) -> tuple[int, str]:
    page = client.get("/dashboards/")
    assert page.status_code == 200
    cards = {c["key"]: c["value"] for c in page.context["cards"]}
    return cards["hazards.found"], page.context["counted_at"]


def test_a_province_sees_its_last_count_until_it_is_30_minutes_old(wide, client_for, time_machine):
    province = client_for("province")
    assert found(province)[0] == 2
    hazards.register_hazard(wide.users["county"], wide.enterprises["shop"], description="新", source="supervision")
    time_machine.move_to(dt.datetime(2026, 6, 10, 10, 29, tzinfo=LOCAL), tick=False)
    page = province.get("/dashboards/")
    assert {c["key"]: c["value"] for c in page.context["cards"]}["hazards.found"] == 2  # counted at 10:00
    assert "统计时间 10:00" in page.content.decode() and "30 分钟" in page.content.decode()
    county = Client()
    county.force_login(wide.users["county"])
    assert "统计时间" not in county.get("/dashboards/").content.decode()  # a county: counted now
    time_machine.move_to(dt.datetime(2026, 6, 10, 10, 31, tzinfo=LOCAL), tick=False)
    count, counted_at = found(province)
    assert count == 3 and counted_at.astimezone(LOCAL).strftime("%H:%M") == "10:31"


def test_a_county_office_always_sees_its_records(wide, client_for):
    county = client_for("county")
    assert found(county) == (2, None)
    hazards.register_hazard(wide.users["county"], wide.enterprises["shop"], description="新", source="supervision")
    assert found(county) == (3, None)
    assert not Snapshot.objects.exists()


def test_the_scan_counts_the_city_and_the_province_and_the_page_shows_that_count(
    wide, client_for, django_assert_max_num_queries
):
    scheduler.ensure_schedule()  # (a database flushed by an earlier transactional test lost the migration's rows)
    assert ScheduledScan.objects.filter(code="wide_figures", every_minutes=15).exists()  # on the schedule
    assert scans.run("wide_figures") == 2  # the offices of 赣州市 and 江西省, none of a county's
    assert set(Snapshot.objects.values_list("user__username", flat=True)) == {"city", "province"}
    hazards.register_hazard(wide.users["county"], wide.enterprises["shop"], description="新", source="supervision")
    city = client_for("city")
    with django_assert_max_num_queries(25):  # what the scan counted: no hazard is counted for the page
        page = city.get("/dashboards/")
    assert {c["key"]: c["value"] for c in page.context["cards"]}["hazards.found"] == 2
    assert [p.key for p in page.context["panels"]] == [p["key"] for p in Snapshot.objects.get(
        user__username="city").figures["panels"]]  # fmt: skip


def test_the_scan_deletes_the_snapshots_of_past_days(wide, client_for, time_machine):
    client_for("province").get("/dashboards/", {"date_from": "2026-03-01", "date_to": "2026-03-31"})  # asked once
    assert Snapshot.objects.count() == 1
    time_machine.move_to(dt.datetime(2026, 6, 11, 11, tzinfo=LOCAL), tick=False)
    scans.run("wide_figures")
    assert sorted(s.key.split("date_to=")[1][:10] for s in Snapshot.objects.all()) == ["2026-06-11", "2026-06-11"]


def test_the_api_gives_a_province_the_count_its_page_shows_and_when_it_was_counted(wide, client_for, time_machine):
    province = client_for("province")
    assert found(province)[0] == 2  # the page counted at 10:00
    hazards.register_hazard(wide.users["county"], wide.enterprises["shop"], description="新", source="supervision")
    time_machine.move_to(dt.datetime(2026, 6, 10, 10, 20, tzinfo=LOCAL), tick=False)
    body = province.get("/api/v1/dashboard/").json()
    by_key = {f["key"]: f for f in body}
    assert by_key["hazards.found"]["value"] == 2  # the same figure as the page, not a second count of millions
    assert (
        dt.datetime.fromisoformat(by_key["hazards.found"]["counted_at"]).astimezone(LOCAL).strftime("%H:%M") == "10:00"
    )
    rows = province.get(by_key["hazards.found"]["rows"]).json()
    assert rows["count"] == 3  # its rows are the records as they are now
    county = Client()
    county.force_login(wide.users["county"])
    counted = {f["key"]: f for f in county.get("/api/v1/dashboard/").json()}["hazards.found"]
    assert counted["value"] == 3 and counted["counted_at"] is None  # a county's: counted when asked
    time_machine.move_to(dt.datetime(2026, 6, 10, 10, 31, tzinfo=LOCAL), tick=False)
    assert {f["key"]: f["value"] for f in province.get("/api/v1/dashboard/").json()}["hazards.found"] == 3
