"""The work desk: `/` after sign-in shows what waits for the user now, by role, and `/api/v1/desk/` gives the same
counts and items; every count equals the list its link opens."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from anjian.campaigns import services as campaigns
from anjian.hazards import services as hazards
from anjian.hazards.models import Hazard
from anjian.inspections.choices import PlanPeriod
from anjian.inspections.models import InspectionPlan
from anjian.org.models import Department

LOCAL = ZoneInfo("Asia/Shanghai")


def at(time_machine, day: dt.date) -> None:
    time_machine.move_to(dt.datetime(day.year, day.month, day.day, 10, tzinfo=LOCAL), tick=False)


@pytest.fixture
def hazards_of_grid1(world, time_machine):
    """Three hazards at the grid worker's building site: one new, one due in 3 days, one 5 days overdue."""
    at(time_machine, dt.date(2026, 9, 10))
    grid1, site = world.users["grid1"], world.enterprises["site"]
    made = [
        hazards.register_hazard(grid1, site, description=text, source="grid_patrol")
        for text in ("临边防护缺失", "配电箱未接地", "脚手架连墙件缺失")
    ]
    today = dt.date(2026, 9, 10)
    Hazard.objects.filter(pk=made[1].pk).update(deadline=today + dt.timedelta(days=3))
    Hazard.objects.filter(pk=made[2].pk).update(deadline=today - dt.timedelta(days=5))
    return made


def sections(response) -> dict:
    return {s.key: s for s in response.context["sections"]}


def test_home_is_the_desk_and_its_counts_equal_the_lists_they_open(world, hazards_of_grid1, client_for, api_for):
    client = client_for("grid1")
    page = client.get("/")
    assert page.status_code == 200 and "临边防护缺失" in page.content.decode()
    shown = sections(page)
    assert shown["hazards.todo"].count == 3
    assert (shown["hazards.overdue"].count, shown["hazards.due_soon"].count) == (1, 1)
    assert (
        shown["hazards.overdue"].items[0].text.endswith("脚手架连墙件缺失")
        and shown["hazards.overdue"].items[0].overdue
    )
    # Each count is the count of the list behind its link, for the same user.
    api = api_for("grid1")
    for key, filter_ in (("hazards.overdue", "overdue=true"), ("hazards.due_soon", "due_soon=true")):
        assert shown[key].url.endswith(f"?{filter_}")
        assert api.get(f"/api/v1/hazards/?{filter_}").json()["count"] == shown[key].count
        listed = client.get(shown[key].url)
        assert listed.status_code == 200 and listed.context["table"].paginator.count == shown[key].count
    body = api.get("/api/v1/desk/").json()
    assert body["counts"] == {key: s.count for key, s in shown.items()}
    first = next(s for s in body["sections"] if s["key"] == "hazards.todo")["items"][0]
    assert first["url"].startswith("/hazards/") and first["overdue"] is True  # the overdue one comes first


def test_another_town_sees_none_of_it_and_a_stranger_is_sent_to_sign_in(world, hazards_of_grid1, client, api_for):
    assert client.get("/").status_code == 302
    body = api_for("gaoxing").get("/api/v1/desk/").json()
    assert body["counts"]["hazards.overdue"] == 0 and body["counts"]["hazards.due_soon"] == 0
    assert body["counts"].get("hazards.todo", 0) == 0


@pytest.mark.parametrize("items", ["-1", "51", "abc", "1\x00"])
def test_bad_item_counts_get_a_field_message(world, api_for, items):
    answer = api_for("county").get("/api/v1/desk/", {"items": items})
    assert answer.status_code == 400 and "items" in answer.json()


def test_reports_due_and_this_months_plans_appear_for_their_owners(world, client_for, time_machine):
    at(time_machine, dt.date(2026, 6, 5))
    campaign = campaigns.start_from_template(
        world.users["county"], "major-hazards-2023", region=world.regions["360732000000"], year=2026
    )
    at(time_machine, dt.date(2026, 6, 22))  # May's report was due on the 20th
    town = sections(client_for("gaoxing").get("/"))
    owed = town["campaigns.reports"]
    assert owed.count >= 1 and owed.tone == "danger" and owed.items[0].overdue
    assert owed.items[0].url.endswith("/2026-05/") and campaign.title == owed.items[0].note
    yingji = Department.objects.get(code="yingji")
    InspectionPlan.objects.create(
        department=yingji, period=PlanPeriod.MONTH, year=2026, month=6, title="六月危化品专项检查", target_visits=8
    )
    department = sections(client_for("yingji").get("/"))
    assert department["inspections.plans"].count == 1
    assert "六月危化品专项检查" == department["inspections.plans"].items[0].text
    assert "inspections.plans" not in sections(client_for("gaoxing").get("/"))
