"""Who may record, correct and delete the offices' work, and which values are refused (keyed by field, nothing
saved); the roster of technical inspectors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from anjian.org.jurisdiction import restrict
from anjian.worklog import rules, services
from anjian.worklog.models import TechnicalInspector, WorkRecord

from .conftest import COUNTY, GAOXING, LIANJIANG, TODAY, record

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


# --- who may record for which unit ----------------------------------------------------------------------


def test_each_writing_role_records_for_its_own_unit(world):
    r, d = world.regions, world.departments
    own = record(world.users["county"])
    assert (own.region.code, own.department) == (COUNTY, None)
    assert own.unit_name == "兴国县 safety committee office"
    dept = record(world.users["yingji"])
    assert (dept.region.code, dept.department) == (COUNTY, d["yingji"])
    town = record(world.users["gaoxing"])
    assert (town.region.code, town.department) == (GAOXING, None)
    # The county office records for any unit of its county.
    assert record(world.users["county"], department=d["zhujian"]).department == d["zhujian"]
    assert record(world.users["county"], region=r[LIANJIANG]).region.code == LIANJIANG


@pytest.mark.parametrize("username", ["leader", "grid1", "qiye1", "expert1"])
def test_other_roles_are_refused(world, username):
    with pytest.raises(PermissionDenied):
        record(world.users[username])
    assert not WorkRecord.objects.exists()


def test_a_department_or_town_may_not_record_for_another_unit(world):
    r, d = world.regions, world.departments
    assert "department" in refusal(lambda: record(world.users["yingji"], department=d["zhujian"]))
    assert "region" in refusal(lambda: record(world.users["gaoxing"], region=r[LIANJIANG]))
    assert "region" in refusal(lambda: record(world.users["gaoxing"], region=r[COUNTY]))
    assert "region" in refusal(lambda: record(world.users["county"], region=r["gx_village"]))
    assert not WorkRecord.objects.exists()


def test_units_offered_follow_the_same_rule(world):
    county_units = {u.label for u in rules.units_for(world.users["county"])}
    assert {"兴国县应急管理局", "兴国县住房和城乡建设局", "高兴镇", "潋江镇"} <= county_units
    assert [u.label for u in rules.units_for(world.users["yingji"])] == ["兴国县应急管理局"]
    assert [u.label for u in rules.units_for(world.users["gaoxing"])] == ["高兴镇"]
    assert rules.units_for(world.users["leader"]) == []


# --- values refused ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "words"),
    [(TODAY + dt.timedelta(days=1), "cannot be after"), (dt.date(1999, 12, 31), "cannot be before 2000-01-01")],
)
def test_dates_in_the_future_or_before_2000_are_refused(world, date, words):
    errors = refusal(lambda: record(world.users["gaoxing"], date=date))
    assert list(errors) == ["date"] and words in errors["date"][0]
    assert not WorkRecord.objects.exists()
    assert record(world.users["gaoxing"], date=TODAY).date == TODAY


@pytest.mark.parametrize(
    ("kind", "people", "words"),
    [
        ("staff_training", None, "Give the number of people"),
        ("accountability", "", "Give the number of people"),
        ("staff_training", -1, "from 0 to 100000"),
        ("mass_training", 100_001, "from 0 to 100000"),
        ("staff_training", "十", "whole number"),
        ("committee_meeting", 12, "Only trainings and accountability"),
    ],
)
def test_people_are_required_bounded_and_only_where_they_count(world, kind, people, words):
    errors = refusal(lambda: record(world.users["yingji"], kind=kind, people=people))
    assert list(errors) == ["people"] and words in errors["people"][0]
    assert not WorkRecord.objects.exists()


def test_people_at_the_bounds_are_accepted(world):
    assert record(world.users["yingji"], kind="staff_training", people=0).people == 0
    assert record(world.users["yingji"], kind="mass_training", people=100_000).people == 100_000
    assert record(world.users["yingji"], kind="mass_training").people is None


def test_the_town_named_is_required_and_within_the_jurisdiction(world):
    r, gaoxing = world.regions, world.users["gaoxing"]
    assert "Name the town" in refusal(lambda: record(gaoxing, kind="town_guidance"))["town"][0]
    assert "within your" in refusal(lambda: record(gaoxing, kind="town_admonition", town=r[LIANJIANG]))["town"][0]
    assert "within your" in refusal(lambda: record(gaoxing, kind="town_admonition", town=r["gx_village"]))["town"][0]
    assert "Only guidance" in refusal(lambda: record(gaoxing, kind="publicity", town=r[GAOXING]))["town"][0]
    county = record(world.users["county"], kind="town_guidance", town=r[LIANJIANG])
    assert county.town == r[LIANJIANG]
    assert record(world.users["yingji"], kind="town_admonition", town=r[GAOXING]).town == r[GAOXING]


def test_a_briefing_names_an_enterprise_of_the_jurisdiction(world):
    e, gaoxing = world.enterprises, world.users["gaoxing"]
    assert record(gaoxing, kind="briefing", enterprise=e["shop"]).enterprise == e["shop"]
    assert "outside" in refusal(lambda: record(gaoxing, kind="briefing", enterprise=e["site"]))["enterprise"][0]
    assert (
        "Only a briefing" in refusal(lambda: record(gaoxing, kind="publicity", enterprise=e["shop"]))["enterprise"][0]
    )


def test_texts_are_checked_for_length_and_control_characters_all_at_once(world):
    errors = refusal(
        lambda: record(
            world.users["gaoxing"],
            title="题" * 201,
            note="述" * 2001,
            participants="张三\u0007",
            place="   ",
            kind="nonsense",
        )
    )
    assert set(errors) == {"title", "note", "participants", "kind"}
    assert "control characters" in errors["participants"][0]
    assert "Give the work a title" in refusal(lambda: record(world.users["gaoxing"], title="  "))["title"][0]
    assert not WorkRecord.objects.exists()
    kept = record(world.users["gaoxing"], title=" 学习 ", participants="第一行\r\n\t第二行")
    assert kept.title == "学习" and kept.participants == "第一行\r\n\t第二行"


# --- correcting and deleting ------------------------------------------------------------------------------


def test_a_record_is_corrected_by_its_unit_or_the_county_office_with_history(world):
    made = record(world.users["gaoxing"], title="初稿")
    services.correct_work(world.users["gaoxing"], made, {"title": "定稿"})
    services.correct_work(world.users["county"], made, {"date": dt.date(2024, 6, 2)})
    made.refresh_from_db()
    assert (made.title, made.date) == ("定稿", dt.date(2024, 6, 2))
    history = list(made.history.order_by("history_id"))
    assert [h.history_type for h in history] == ["+", "~", "~"]
    assert [h.history_user.username for h in history] == ["gaoxing", "gaoxing", "county"]
    assert history[0].title == "初稿"
    for username in ("leader", "grid1", "yingji"):
        with pytest.raises(PermissionDenied):
            services.correct_work(world.users[username], made, {"title": "改"})
    errors = refusal(lambda: services.correct_work(world.users["gaoxing"], made, {"date": TODAY + dt.timedelta(1)}))
    assert list(errors) == ["date"]
    made.refresh_from_db()
    assert made.date == dt.date(2024, 6, 2) and made.history.count() == 3


def test_a_department_may_not_move_its_record_to_another_unit(world):
    made = record(world.users["yingji"])
    errors = refusal(
        lambda: services.correct_work(world.users["yingji"], made, {"department": world.departments["zhujian"]})
    )
    assert list(errors) == ["department"]
    moved = services.correct_work(world.users["county"], made, {"department": world.departments["zhujian"]})
    assert moved.department == world.departments["zhujian"] and moved.region.code == COUNTY


def test_only_the_county_office_deletes_and_the_history_stays(world):
    made = record(world.users["yingji"])
    for username in ("yingji", "leader", "gaoxing"):
        with pytest.raises(PermissionDenied):
            services.delete_work(world.users[username], made)
    pk = made.pk
    services.delete_work(world.users["county"], made)
    assert not WorkRecord.objects.exists()
    history = list(WorkRecord.history.filter(id=pk).order_by("history_id"))
    assert [h.history_type for h in history] == ["+", "-"] and history[-1].history_user == world.users["county"]


# --- jurisdiction ----------------------------------------------------------------------------------------


def test_each_sees_its_own_and_the_county_all(world):
    mine = {name: record(world.users[name]).pk for name in ("county", "yingji", "gaoxing")}
    mine["lianjiang"] = record(world.users["county"], region=world.regions[LIANJIANG]).pk

    def seen(username):
        return set(restrict(world.users[username], WorkRecord.objects.all()).values_list("pk", flat=True))

    assert seen("county") == seen("leader") == set(mine.values())
    assert seen("yingji") == {mine["yingji"]}
    assert seen("gaoxing") == {mine["gaoxing"]}
    assert seen("grid1") == seen("qiye1") == seen("expert1") == set()


# --- the roster ------------------------------------------------------------------------------------------


def test_the_roster_is_kept_by_departments_and_towns(world):
    yingji, gaoxing = world.users["yingji"], world.users["gaoxing"]
    one = services.add_inspector(yingji, name="李明", kind="full_time", since=dt.date(2024, 3, 1))
    assert (one.department, one.region.code, one.serving) == (world.departments["yingji"], COUNTY, True)
    assert (
        "already serving"
        in refusal(lambda: services.add_inspector(yingji, name="李明", kind="part_time", since=dt.date(2024, 4, 1)))[
            "name"
        ][0]
    )
    town = services.add_inspector(gaoxing, name="王芳", kind="part_time", since=dt.date(2024, 5, 1))
    assert town.region.code == GAOXING and town.department is None
    county = world.users["county"]
    assert (
        "department or a town"
        in refusal(lambda: services.add_inspector(county, name="赵六", kind="full_time", since=dt.date(2024, 5, 1)))[
            "region"
        ][0]
    )
    with pytest.raises(PermissionDenied):
        services.add_inspector(world.users["leader"], name="钱七", kind="full_time", since=dt.date(2024, 5, 1))
    with pytest.raises(PermissionDenied):
        services.end_service(gaoxing, one, TODAY)
    assert list(refusal(lambda: services.end_service(yingji, one, dt.date(2024, 2, 1)))) == ["until"]
    assert list(refusal(lambda: services.end_service(yingji, one, TODAY + dt.timedelta(1)))) == ["until"]
    ended = services.end_service(yingji, one, TODAY)
    assert ended.until == TODAY and not ended.serving
    assert TechnicalInspector.history.filter(id=one.pk).count() == 2
    errors = refusal(lambda: services.add_inspector(yingji, name="", kind="boss", since=dt.date(1999, 1, 1)))
    assert set(errors) == {"name", "kind", "since"}
