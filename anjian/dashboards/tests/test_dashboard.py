"""The county dashboard: each figure of `/api/v1/dashboard/` links to rows whose count is its value, the page's
cards, towns, months and breakdowns agree with the records, a town sees its own, bad input is a 400."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anjian.hazards import services as hazards
from anjian.hazards.choices import State
from anjian.hazards.models import Hazard

LOCAL = ZoneInfo("Asia/Shanghai")
COUNTY, LIANJIANG, GAOXING = "360732000000", "360732100000", "360732104000"


@pytest.fixture
def records(world, time_machine):
    """Hazards found in March and May 2026 at two towns; two fixed (one on time, one late), one overdue."""
    time_machine.move_to(dt.datetime(2026, 6, 10, 10, tzinfo=LOCAL), tick=False)
    county = world.users["county"]
    made = {}
    for key, unit, month in (
        ("school_march", "school", 3),
        ("school_may", "school", 5),
        ("mine_may", "mine", 5),
        ("mine_may_2", "mine", 5),
    ):
        found = dt.datetime(2026, month, 12, 9, tzinfo=LOCAL)
        made[key] = hazards.register_hazard(
            county, world.enterprises[unit], description=key, source="supervision", found_at=found
        )
    closed = dt.datetime(2026, 5, 20, 9, tzinfo=LOCAL)
    Hazard.objects.filter(pk=made["school_march"].pk).update(
        state=State.CLOSED, deadline=dt.date(2026, 5, 25), closed_at=closed
    )
    Hazard.objects.filter(pk=made["school_may"].pk).update(
        state=State.CLOSED, deadline=dt.date(2026, 5, 15), closed_at=closed
    )
    Hazard.objects.filter(pk=made["mine_may"].pk).update(deadline=dt.date(2026, 6, 1))  # open: overdue
    return made


def test_every_figure_links_to_rows_whose_count_is_its_value(world, records, api_for):
    api = api_for("county")
    listed = api.get("/api/v1/dashboard/", {"date_from": "2026-01-01", "date_to": "2026-06-10"})
    assert listed.status_code == 200
    figures = {f["key"]: f for f in listed.json()}
    assert figures["hazards.found"]["value"] == 4 and figures["hazards.fixed"]["value"] == 2
    assert figures["hazards.overdue"]["value"] == 1 and figures["hazards.found"]["label"] == "发现问题隐患"
    for figure in figures.values():
        rows = api.get(figure["rows"])
        assert rows.status_code == 200, figure["key"]
        assert rows.json()["count"] == figure["value"], figure["key"]
    march = {f["key"]: f["value"] for f in api.get("/api/v1/dashboard/", {"date_to": "2026-03-31"}).json()}
    assert (march["hazards.found"], march["hazards.fixed"]) == (1, 0)  # fixed only by the period's end


def test_the_page_shows_the_rates_towns_months_and_breakdowns_of_the_records(world, records, client_for):
    client = client_for("county")
    page = client.get("/dashboards/", {"date_from": "2026-01-01", "date_to": "2026-06-10"})
    assert page.status_code == 200
    context = page.context
    assert (context["fix_pct"], context["on_time_pct"]) == (50.0, 50.0)  # 2 of 4 fixed; 1 of 2 on time
    towns = {t["code"]: t for t in context["charts"]["towns"]}
    assert (towns[LIANJIANG]["found"], towns[LIANJIANG]["fixed"], towns[GAOXING]["found"]) == (2, 2, 2)
    months = {m["month"]: m for m in context["charts"]["months"]}
    assert [months[m]["found"] for m in ("2026-03", "2026-04", "2026-05", "2026-06")] == [1, 0, 3, 0]
    assert [months[m]["closed"] for m in ("2026-03", "2026-04", "2026-05", "2026-06")] == [0, 0, 2, 0]
    states = next(b for b in context["charts"]["breakdowns"] if b["dimension"] == "state")["rows"]
    for row in states:  # each slice opens as many records as it counts
        listed = client.get(row["url"])
        assert listed.status_code == 200 and listed.context["page"].paginator.count == row["count"], row
    ages = [(a["key"], a["count"]) for a in context["charts"]["ages"]]
    assert ages[0] == ("hazards.overdue_1_30", 1) and sum(n for _key, n in ages) == 1  # 9 days past 1 June
    for row in context["charts"]["ages"]:
        assert client.get(row["url"]).context["page"].paginator.count == row["count"], row
    for card in context["cards"]:
        listed = client.get(card["url"])
        assert listed.context["page"].paginator.count == card["value"], card["key"]


def test_a_town_sees_its_own_and_may_not_ask_for_the_county(world, records, client_for, api_for):
    town = {f["key"]: f["value"] for f in api_for("gaoxing").get("/api/v1/dashboard/").json()}
    assert town["hazards.found"] == 2 and town["hazards.fixed"] == 0
    refused = api_for("gaoxing").get("/api/v1/dashboard/", {"region": COUNTY})
    assert refused.status_code == 400 and "region" in refused.json()
    assert [r.code for r in client_for("gaoxing").get("/dashboards/").context["regions"]] == [GAOXING]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "1800-01-01"}, "date_from"),
        ({"date_to": "2099-01-01"}, "date_to"),
        ({"date_from": "2026-05-01", "date_to": "2026-04-01"}, "date_to"),
        ({"date_from": "abc"}, "date_from"),
        ({"date_from": "2026-01-01\x00"}, "date_from"),
        ({"region": "nowhere"}, "region"),
    ],
)
def test_bad_input_is_a_field_message_never_a_500(world, records, api_for, client_for, params, field):
    answer = api_for("county").get("/api/v1/dashboard/", params)
    assert answer.status_code == 400 and field in answer.json()
    page = client_for("county").get("/dashboards/", params)
    assert page.status_code == 400 and field in page.context["errors"]


def test_rows_of_an_unknown_figure_or_dimension_are_refused(world, records, api_for):
    api = api_for("county")
    assert "key" in api.get("/api/v1/dashboard/rows/", {"key": "hazards.nothing"}).json()
    answer = api.get("/api/v1/dashboard/rows/", {"key": "hazards.found", "dimension": "colour", "value": "red"})
    assert answer.status_code == 400 and "dimension" in answer.json()
    for value in ("abc", "9" * 30, "１２"):  # a sector is named by its id: nothing else reaches the database
        answer = api.get("/api/v1/dashboard/rows/", {"key": "hazards.found", "dimension": "sector", "value": value})
        assert answer.status_code == 400 and "value" in answer.json(), value


def test_the_page_costs_the_same_queries_whatever_the_data(world, records, client_for):
    client = client_for("county")
    client.get("/dashboards/")
    with CaptureQueriesContext(connection) as few:
        client.get("/dashboards/")
    county = world.users["county"]
    for n in range(6):
        hazards.register_hazard(county, world.enterprises["mine"], description=f"more {n}", source="supervision")
    assert timezone.localdate() == dt.date(2026, 6, 10)
    with CaptureQueriesContext(connection) as many:
        client.get("/dashboards/")
    assert len(many) == len(few)


def test_the_panels_show_the_quota_and_the_campaigns_reports(world, client_for, time_machine):
    from anjian.campaigns import services as campaigns

    time_machine.move_to(dt.datetime(2026, 6, 5, 10, tzinfo=LOCAL), tick=False)
    campaign = campaigns.start_from_template(
        world.users["county"], "major-hazards-2023", region=world.regions[COUNTY], year=2026
    )
    time_machine.move_to(dt.datetime(2026, 6, 22, 10, tzinfo=LOCAL), tick=False)  # May's reports were due on the 20th
    page = client_for("county").get("/dashboards/")
    panels = {p.key: p for p in page.context["panels"]}
    quota = panels["hazards.quota"]
    assert quota.lines and all(line.value.endswith("10") for line in quota.lines)  # none found a major one yet
    line = panels["campaigns.reports"].lines[0]
    everyone = campaign.participants.count()
    assert line.label.endswith("2026-05") and line.tone == "danger"
    assert f"0/{everyone}" in line.value.replace(" of ", "/")  # none of them submitted May's
    assert str(everyone) in line.note  # every one missing
    town = {p.key for p in client_for("gaoxing").get("/dashboards/").context["panels"]}
    assert "campaigns.reports" not in town and "risk.regional_map" not in town  # county-wide panels
    # The regional four-colour map, drawn by the risk app's own card (no town map uploaded in this world).
    assert "no-region-map" in panels["risk.regional_map"].html and "panel-risk-regional_map" in page.content.decode()


def test_a_kept_dashboard_counts_again_once_a_hazard_is_written(
    world, records, client_for, settings, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    """The leader's dashboard is kept between visits, and shows a new hazard at the next visit after it."""
    settings.ANJIAN_KEEP_SECONDS = 300
    client = client_for("county")
    period = {"date_from": "2026-01-01", "date_to": "2026-06-10"}

    def found() -> int:
        page = client.get("/dashboards/", period)
        assert page.status_code == 200
        return {c["key"]: c["value"] for c in page.context["cards"]}["hazards.found"]

    assert found() == 4
    with django_assert_max_num_queries(10):  # the user, the write counts, the region choices: the figures kept
        assert found() == 4
    with django_capture_on_commit_callbacks(execute=True):
        hazards.register_hazard(
            world.users["county"], world.enterprises["mine"], description="新", source="supervision"
        )
    assert found() == 5
