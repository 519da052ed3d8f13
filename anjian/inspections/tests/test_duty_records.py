"""A failed duty item of the spot check (附件4) points at the unit's own record that is missing: the principal's
check overdue (十个一次), the welder without a valid certificate, the disorderly contract, the drills of the unit —
on the visit's page and in its API, as the viewer may see them, one query a kind of record however many items
failed; an item the records show nothing missing for says so."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anjian.duties import services as duties
from anjian.duties.defaults import ensure_defaults
from anjian.duties.models import DutyOccurrence, OutsourcingContract
from anjian.duties.tests.test_contracts import ORDERLY
from anjian.inspections import duty_records, services
from anjian.inspections.choices import ItemResult, VisitKind
from anjian.inspections.tests.test_services import second_officer
from anjian.people.tests.conftest import certificate, person
from anjian.registry.models import Enterprise

TZ = ZoneInfo("Asia/Shanghai")
VISIT_DAY = dt.date(2026, 8, 14)
FAILED = (
    "企业主要负责人未带队检查",
    "电焊等人员无证上岗作业",
    "双方未签订安全生产协议",
    "未按规定开展应急演练、企业员工不熟悉逃生出口",
    "企业未制定分管负责人职责清单",  # a duty item the records do not keep
)


@pytest.fixture
def scene(world, time_machine):
    """The mine (高兴镇, high-risk: a check a month) did its checks until May, June's only in July and July's not at
    all; one welder holds a certificate, one does not; one contract is disorderly; no drill is on record. 应急局
    visits it on 14 August and fails the duty items."""
    time_machine.move_to(dt.datetime(2026, 8, 15, 10, tzinfo=TZ), tick=False)
    ensure_defaults()
    Enterprise.objects.update(created_at=dt.datetime(2020, 1, 1, tzinfo=TZ))
    duties.generate_occurrences(dt.date(2026, 8, 15), since=dt.date(2026, 1, 1))
    county, mine = world.users["county"], world.enterprises["mine"]
    checks = DutyOccurrence.objects.filter(enterprise=mine, item__code="hazard_check", due_on__lt=VISIT_DAY)
    for o in checks.filter(due_on__lt=dt.date(2026, 6, 1)):
        duties.mark_done(mine_user(world), o, o.due_on, "带队检查")
    june = checks.get(period_start=dt.date(2026, 6, 1))
    duties.mark_done(mine_user(world), june, dt.date(2026, 7, 3), "带队检查")
    july = checks.get(period_start=dt.date(2026, 7, 1))
    welder = person(world, "mine", 1, ["special_operation"], operation_type="welding", name="张焊工")
    certified = person(world, "mine", 2, ["special_operation"], operation_type="welding", name="李焊工")
    certificate(world, certified, dt.date(2025, 1, 10))
    disorderly = duties.record_contract(county, mine, **(ORDERLY | {"agreement_signed": False}))
    orderly = duties.record_contract(county, mine, **(ORDERLY | {"subject": "设备租赁"}))
    pair = [world.users["yingji"], second_officer(world)]
    visit = services.create_inspection(
        world.users["yingji"], unit=mine, kind=VisitKind.SPECIAL, visit_date=VISIT_DAY, inspectors=pair
    )
    for text in FAILED:
        services.record_result(world.users["yingji"], visit, result=ItemResult.FAIL, text=text)
    services.record_result(world.users["yingji"], visit, result=ItemResult.PASS, text="外包外租安全管理混乱")
    return {"visit": visit, "july": july, "june": june, "welder": welder, "certified": certified,
            "disorderly": disorderly, "orderly": orderly}  # fmt: skip


def mine_user(world):
    from anjian.core.testing import make_user
    from anjian.org.choices import Role
    from anjian.org.models import User

    found = User.objects.filter(username="qiye2").first()
    return found or make_user("qiye2", Role.ENTERPRISE, enterprise=world.enterprises["mine"])


def test_the_visit_page_links_each_failed_duty_item_to_the_missing_record(world, scene, client_for):
    page = client_for("yingji").get(reverse("inspections:detail", args=[scene["visit"].pk])).content.decode()
    mine = world.enterprises["mine"].pk
    assert reverse("duties:occurrence", args=[scene["july"].pk]) in page  # July's check: not done
    assert reverse("duties:occurrence", args=[scene["june"].pk]) in page  # June's: done late, in July
    assert reverse("duties:calendar_of", args=[mine]) in page
    assert reverse("people:detail", args=[scene["welder"].pk]) in page and "张焊工" in page
    assert reverse("people:detail", args=[scene["certified"].pk]) not in page
    assert reverse("duties:contract", args=[scene["disorderly"].pk]) in page
    assert reverse("duties:contract", args=[scene["orderly"].pk]) not in page
    assert f"{reverse('emergency:drills')}?enterprise={mine}" in page
    assert f"{reverse('people:welders')}?enterprise={mine}" in page
    assert page.count('class="mt-2 small border-start border-3 ps-2 duty-records"') == 4  # not the duty list


def test_the_records_behind_are_found_on_the_visit_day(world, scene):
    behind = duty_records.records_behind(world.users["yingji"], scene["visit"])
    by_text = {r.text: behind.get(r.pk) for r in scene["visit"].results.all()}
    assert by_text["企业未制定分管负责人职责清单"] is None and by_text["外包外租安全管理混乱"] is None  # passed
    led = {f.source.key: f for f in by_text["企业主要负责人未带队检查"]}
    assert [r.url for r in led["duties.led_check"].records] == [
        reverse("duties:occurrence", args=[scene["july"].pk]),
        reverse("duties:occurrence", args=[scene["june"].pk]),
    ]  # the latest first
    drill = {f.source.key: f for f in by_text["未按规定开展应急演练、企业员工不熟悉逃生出口"]}
    assert drill["duties.drill"].records == []  # the year's drill duty is not yet due: nothing missing there
    assert len(drill["emergency.drills"].records) == 1  # a high-risk unit with no drill this half or the last


def test_a_viewer_sees_only_the_records_of_their_jurisdiction(world, scene):
    behind = duty_records.records_behind(world.users["qiye1"], scene["visit"])  # the shop's own user
    assert behind and all(not found.records for sources in behind.values() for found in sources)


def test_one_query_a_kind_of_record_however_many_items_failed(world, scene):
    visit, user = scene["visit"], world.users["yingji"]
    duty_records.records_behind(user, visit)  # the user's assignments, read once
    results = list(visit.results.all())
    with CaptureQueriesContext(connection) as few:
        duty_records.records_behind(user, visit, results)
    for text in ("承包承租方不具备安全生产条件、未取得相应资质", "安全生产管理职责不清", "未纳入本企业统一管理"):
        services.record_result(world.users["yingji"], visit, result=ItemResult.FAIL, text=text)
    results = list(visit.results.all())
    with CaptureQueriesContext(connection) as more:
        behind = duty_records.records_behind(user, visit, results)
    assert len(more) == len(few) == 5  # five kinds of record
    assert sum(1 for r in results if r.pk in behind) == 7


def test_the_api_gives_the_records_behind_each_failed_item(world, scene, api_for):
    body = api_for("yingji").get(f"/api/v1/inspections/{scene['visit'].pk}/").json()
    found = {(d["item"], d["source"]): d for d in body["duty_records"]}
    assert set(found) == {
        ("no_led_check", "duties.led_check"),
        ("unlicensed_welders", "people.welders"),
        ("outsourcing", "duties.contracts"),
        ("no_drill", "duties.drill"),
        ("no_drill", "emergency.drills"),
    }
    welders = found[("unlicensed_welders", "people.welders")]["records"]
    assert [r["url"] for r in welders] == [reverse("people:detail", args=[scene["welder"].pk])]
    contracts = found[("outsourcing", "duties.contracts")]["records"]
    assert [r["url"] for r in contracts] == [reverse("duties:contract", args=[scene["disorderly"].pk])]
    assert OutsourcingContract.objects.filter(disorderly=True).count() == 1
