"""Figures from real hazards driven through the services: counts, rates, quota, action lists."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from anjian.hazards import rules, services, stats
from anjian.hazards.choices import State
from anjian.hazards.models import Hazard
from anjian.org.jurisdiction import restrict

from .test_lifecycle import photo

LOCAL = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 5, 12, 10, 0, tzinfo=LOCAL)  # mid second quarter


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START)
    return time_machine


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def plan(user, hazard, deadline):
    services.perform(user, hazard, "plan", responsible_person="张三", measures="整改", deadline=deadline)


@pytest.fixture
def book(world, clock):
    """Five hazards: closed on time, closed late, fixed on the spot, overdue, major without deadline."""
    grid1, county, town = world.users["grid1"], world.users["county"], world.users["gaoxing"]
    site, school, mine = world.enterprises["site"], world.enterprises["school"], world.enterprises["mine"]
    made = {}
    for key in ("on_time", "late", "spot"):
        made[key] = services.register_hazard(grid1, site, description=key, source="grid_patrol")
    for key in ("on_time", "late"):
        services.perform(grid1, made[key], "assess", grade="general")
    plan(county, made["on_time"], days(3))
    plan(county, made["late"], days(2))
    services.perform(grid1, made["on_time"], "submit_fix")
    services.perform(county, made["on_time"], "verify")
    services.perform(grid1, made["spot"], "fix_on_spot", photos=[photo()])
    made["overdue"] = services.register_hazard(county, school, description="消防通道堵塞", source="supervision")
    services.perform(county, made["overdue"], "assess", grade="general")
    plan(county, made["overdue"], days(3))
    made["major"] = services.register_hazard(town, mine, description="安全出口堵塞", source="department_inspection")
    services.perform(town, made["major"], "assess", grade="major", major_reason="安全出口不畅通")
    services.perform(town, made["major"], "report")
    clock.move_to(START + dt.timedelta(days=5))
    services.perform(grid1, made["late"], "submit_fix")
    services.perform(county, made["late"], "verify")
    return made


def as_dict(rows):
    return {code: n for code, _label, n in rows}


def test_counts_by_state_grade_sector_town_and_source(world, book):
    figures = stats.counts(Hazard.objects.all())
    assert as_dict(figures["state"]) == {
        "registered": 0,
        "assessed": 0,
        "reported": 1,
        "rectifying": 1,
        "awaiting_verification": 0,
        "closed": 3,
    }
    assert as_dict(figures["grade"]) == {"general": 4, "major": 1}
    assert figures["sector"] == [
        ("construction", "建筑施工", 3),
        ("non_coal_mine", "非煤矿山", 1),
        ("school", "校园", 1),
    ]
    assert figures["town"] == [("360732100000", "潋江镇", 4), ("360732104000", "高兴镇", 1)]
    assert as_dict(figures["source"])["grid_patrol"] == 3
    assert as_dict(figures["source"])["department_inspection"] == as_dict(figures["source"])["supervision"] == 1
    mine = stats.counts(restrict(world.users["grid1"], Hazard.objects.all()))
    assert mine["sector"] == [("construction", "建筑施工", 3)] and as_dict(mine["state"])["closed"] == 3


def test_rates_follow_the_records(book):
    closed = [book["on_time"], book["late"], book["spot"]]
    figures = stats.rates(Hazard.objects.all())
    assert figures["found"] == len(book) and figures["rectified"] == len(closed)
    assert figures["rectification_rate"] == round(len(closed) / len(book), 4)
    assert figures["closed_with_deadline"] == 2  # the spot fix had none
    assert figures["closed_on_time"] == 1 and figures["on_time_rate"] == 0.5
    assert figures["overdue"] == 1  # the school's; the major hazard has no deadline yet
    assert Hazard.objects.get(pk=book["overdue"].pk).overdue


def test_rates_of_nothing_are_zero(db):
    assert stats.rates(Hazard.objects.none()) == {
        "found": 0,
        "rectified": 0,
        "closed_with_deadline": 0,
        "closed_on_time": 0,
        "overdue": 0,
        "rectification_rate": 0.0,
        "on_time_rate": 0.0,
    }


def major(user, unit, found_at=None):
    h = services.register_hazard(user, unit, description="重大隐患", source="department_inspection", found_at=found_at)
    services.perform(user, h, "assess", grade="major", major_reason="无判定标准的行业，按事故教训认定")
    return h


@pytest.fixture
def desk(world, clock):
    """Hazards waiting on different people."""
    grid1, county, town = world.users["grid1"], world.users["county"], world.users["gaoxing"]
    site = world.enterprises["site"]
    made = {"registered": services.register_hazard(grid1, site, description="新登记", source="grid_patrol")}
    for key in ("rectifying", "waiting", "closed"):
        made[key] = services.register_hazard(grid1, site, description=key, source="grid_patrol")
        services.perform(grid1, made[key], "assess", grade="general")
        plan(county, made[key], days(3))
    services.perform(grid1, made["waiting"], "submit_fix")
    services.perform(grid1, made["closed"], "submit_fix")
    services.perform(county, made["closed"], "verify")
    made["later"] = services.register_hazard(
        county, world.enterprises["school"], description="后期", source="supervision"
    )
    services.perform(county, made["later"], "assess", grade="general")
    plan(county, made["later"], days(10))
    made["major"] = major(town, world.enterprises["mine"])
    services.perform(town, made["major"], "report")
    for hazard in made.values():
        hazard.refresh_from_db()
    return made


def listed(user, **kw):
    return {h.pk: actions for h, actions in stats.action_list(user, **kw)}


def test_action_list_shows_what_each_must_do(world, desk):
    grid1, county, yingji = world.users["grid1"], world.users["county"], world.users["yingji"]
    assert listed(grid1) == {
        desk["registered"].pk: ["assess", "fix_on_spot"],
        desk["rectifying"].pk: ["progress", "submit_fix"],
    }
    # The fix grid1 submitted waits on someone else: escalating or coordinating alone is no to-do.
    assert set(rules.allowed_actions(grid1, desk["waiting"])) == {"escalate", "coordinate"}
    assert listed(yingji) == {desk["major"].pk: ["plan"]}
    county_list = listed(county)
    assert county_list[desk["waiting"].pk] == ["verify", "reject"]
    assert county_list[desk["major"].pk] == ["plan"]
    assert desk["closed"].pk not in county_list
    assert set(county_list) == {h.pk for k, h in desk.items() if k != "closed"}


def test_action_list_puts_overdue_first_and_respects_the_limit(world, desk, clock):
    county = world.users["county"]
    clock.move_to(START + dt.timedelta(days=5))
    ordered = [h for h, _actions in stats.action_list(county)]
    overdue = [h for h in ordered if h.deadline and h.deadline < timezone.localdate()]
    assert ordered[: len(overdue)] == overdue and len(overdue) == 2  # rectifying and waiting
    assert ordered[len(overdue)] == desk["later"]
    assert ordered[-2:] == [desk["registered"], desk["major"]]  # no deadline: the longest waiting first
    assert [h for h, _a in stats.action_list(county, limit=1)] == ordered[:1]
    assert stats.action_list(world.users["leader"]) == []


def test_due_soon_within_the_users_jurisdiction(world, desk, clock):
    county, grid1, yingji = world.users["county"], world.users["grid1"], world.users["yingji"]
    assert list(stats.due_soon(county)) == [desk["rectifying"], desk["waiting"]]
    assert list(stats.due_soon(county, days=10)) == [desk["rectifying"], desk["waiting"], desk["later"]]
    assert list(stats.due_soon(grid1)) == [desk["rectifying"], desk["waiting"]]
    assert not stats.due_soon(yingji).exists()
    clock.move_to(START + dt.timedelta(days=5))
    assert list(stats.due_soon(county)) == [desk["later"]]  # the others are overdue now
    assert all(h.state != State.CLOSED for h in stats.due_soon(county, days=30))
