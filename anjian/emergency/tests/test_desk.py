"""The work desk: a unit sees its next drill and its plans due; the offices see the units overdue on drills and the
named places not yet drilled, counts first, within their jurisdiction, in a fixed number of queries; the dashboard
panel reads the figures."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anjian.core.desk import sections
from anjian.core.panels import panels
from anjian.emergency import desk, services
from anjian.registry.models import Enterprise

from .conftest import TODAY, held, plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def old(world):
    Enterprise.objects.update(created_at=dt.datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai")))
    return world


def mine(user) -> dict:
    return {s.key: s for s in sections(user, TODAY) if s.key.startswith("emergency.")}


def test_a_unit_sees_its_overdue_drill_and_its_plan_due(old):
    qiye = old.users["qiye1"]
    found = mine(qiye)
    drills = found["emergency.my_drills"]
    assert drills.count == 1 and drills.tone == "danger"
    assert drills.items[0].due == dt.date(2024, 12, 31) and drills.items[0].overdue  # the shop is high-risk
    plan(qiye, issued=dt.date(2021, 1, 5))
    held(qiye)
    drills = mine(qiye)["emergency.my_drills"]
    assert drills.count == 1  # drilled this half year: only the plan due for evaluation
    assert drills.items[0].due == dt.date(2025, 6, 30) and not drills.items[0].overdue  # the next half year's end
    assert drills.items[1].text == "综合应急预案"
    assert set(mine(qiye)) == {"emergency.my_drills"}


def test_a_unit_with_nothing_due_sees_its_next_drill_and_a_count_of_nothing(old):
    qiye = old.users["qiye1"]
    held(qiye)
    drills = mine(qiye)["emergency.my_drills"]
    assert drills.count == 0 and drills.tone == "primary" and len(drills.items) == 1


def test_the_offices_see_the_overdue_units_of_their_jurisdiction(old):
    county = mine(old.users["county"])["emergency.overdue_units"]
    assert county.count == 5 and county.tone == "danger"
    town = mine(old.users["gaoxing"])["emergency.overdue_units"]
    assert town.count == 2  # the shop and the mine
    held(old.users["yingji"], old.enterprises["mine"])
    assert mine(old.users["gaoxing"])["emergency.overdue_units"].count == 1
    assert "emergency.overdue_units" not in mine(old.users["qiye1"])
    assert "emergency.overdue_units" in mine(old.users["leader"])


def test_the_named_places_not_yet_drilled(old):
    county = old.users["county"]
    services.name_place(county, enterprise=old.enterprises["school"], people=500, counted_from=dt.date(2024, 1, 1),
                        required_by=dt.date(2024, 6, 30))  # fmt: skip
    services.name_place(county, enterprise=old.enterprises["mine"], people=80, counted_from=dt.date(2024, 7, 1),
                        required_by=dt.date(2024, 11, 30))  # fmt: skip
    places = mine(county)["emergency.crowded_places"]
    assert places.count == 2 and places.items[0].overdue and not places.items[1].overdue
    assert mine(old.users["gaoxing"])["emergency.crowded_places"].count == 1
    held(county, old.enterprises["school"], dt.date(2024, 6, 1))
    assert mine(county)["emergency.crowded_places"].count == 1


def _cost(user) -> int:
    desk.overdue_units(user, TODAY, 5)  # the user's roles, fetched once
    with CaptureQueriesContext(connection) as captured:
        for finder in (desk.my_drills, desk.overdue_units, desk.crowded_places):
            finder(user, TODAY, 5)
    return len(captured)


def test_the_sections_cost_the_same_queries_whatever_the_data(old):
    county, qiye = old.users["county"], old.users["qiye1"]
    before = (_cost(county), _cost(qiye))
    for n in range(10):
        held(county, old.enterprises["school"], dt.date(2024, 1, 1) + dt.timedelta(days=n))
        plan(county, old.enterprises["site"], title=f"预案{n}", issued=dt.date(2020, 1, 1))
        plan(qiye, title=f"预案{n}", issued=dt.date(2020, 1, 1))
    services.name_place(county, enterprise=old.enterprises["school"], people=500, counted_from=dt.date(2024, 1, 1),
                        required_by=dt.date(2024, 6, 30))  # fmt: skip
    after = (_cost(county), _cost(qiye))
    assert after[0] <= before[0] + 1 and after[1] <= before[1] + 1  # a section that appears: its items' query
    assert max(after) <= 7, after


def test_the_dashboard_panel(old):
    county = old.users["county"]
    held(county, old.enterprises["school"])
    found = {p.key: p for p in panels(county, old.regions["360732000000"], TODAY)}
    lines = {line.label: line.value for line in found["emergency.year"].lines}
    assert lines["开展应急演练"] == "1 次" and lines["未按规定频次开展应急演练的单位"] == "4 家"
    assert not [p for p in panels(old.users["qiye1"], old.regions["360732000000"], TODAY) if p.key == "emergency.year"]
