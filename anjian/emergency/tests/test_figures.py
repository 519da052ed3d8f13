"""The emergency figures: each value is its own rows counted (or summed), alone, with its family, and for many
towns and departments at once; the standing numbers are counted on the frame's last day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum

from anjian.core.figures import Frame, breakdown, get, values, values_by_unit
from anjian.emergency import services
from anjian.emergency.figures import FIGURE_KEYS
from anjian.registry.models import Enterprise

from .conftest import NOW, accident, held, plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
YEAR = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


@pytest.fixture
def scene(world):
    county, yingji, qiye = world.users["county"], world.users["yingji"], world.users["qiye1"]
    Enterprise.objects.update(created_at=dt.datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai")))
    held(qiye, participants=10, unscripted=True, filed_on=dt.date(2024, 6, 1))
    held(qiye, None, dt.date(2024, 3, 1), participants=7, unscripted=True)  # filed late (never)
    held(yingji, world.enterprises["mine"], dt.date(2023, 5, 1), participants=40)  # last year's
    held(county, world.enterprises["site"], dt.date(2024, 5, 2), participants=120)
    held(yingji, participants=300, region=world.regions["360732104000"], department=world.departments["yingji"])
    services.record_drill(county, enterprise=world.enterprises["school"], kind="fire", planned_on=dt.date(2024, 8, 1))
    old = plan(qiye, issued=dt.date(2020, 5, 1))
    services.revise_plan(qiye, old, version="2024版", issued_on=dt.date(2024, 6, 1))
    plan(yingji, issued=dt.date(2021, 6, 1), title="县应急局危化专项预案")
    accident(county, world.enterprises["mine"], deaths=1, direct_loss=Decimal("30"))
    accident(county, world.enterprises["site"], serious_injuries=2, reporting="concealed",
             occurred_at=NOW - dt.timedelta(days=400))  # fmt: skip
    accident(county, world.enterprises["shop"], deaths=3, reporting="false")
    services.name_place(county, enterprise=world.enterprises["school"], people=900, counted_from=dt.date(2024, 7, 1),
                        required_by=dt.date(2024, 11, 30))  # fmt: skip
    services.name_place(county, enterprise=world.enterprises["site"], people=200, counted_from=dt.date(2024, 4, 1),
                        required_by=dt.date(2024, 6, 30))  # fmt: skip
    return world


def test_every_value_equals_its_rows(scene):
    frame = Frame(scene.users["county"], start=YEAR[0], end=YEAR[1])
    for key in FIGURE_KEYS:
        fig = get(key)
        rows = fig.rows(frame)
        if fig.sums:
            expected = sum(rows.aggregate(v=Sum(name))["v"] or 0 for name in fig.sums)
            assert fig.value(frame) == (Decimal(expected).quantize(Decimal("0.01")) if fig.money else expected), key
        else:
            assert fig.value(frame) == rows.count(), key


def test_the_county_figures(scene):
    frame = Frame(scene.users["county"], start=YEAR[0], end=YEAR[1])
    found = values({key: (get(key), frame) for key in FIGURE_KEYS})
    assert found["emergency.drills_held"] == 4
    assert found["emergency.drill_participants"] == 10 + 7 + 120 + 300
    assert found["emergency.unscripted_drills"] == 2
    assert found["emergency.late_filed_drills"] == 1
    assert found["emergency.plans_made_or_revised"] == 1 and found["emergency.plans_revised"] == 1
    assert found["emergency.plans_due_for_review"] == 1  # the 2021-06-01 plan, due on 2024-06-01
    assert found["emergency.accidents"] == 2 and found["emergency.accident_deaths"] == 4
    assert found["emergency.concealed_accidents"] == 1  # the false report; the concealed one was last year
    assert found["emergency.larger_accidents"] == 1
    assert found["emergency.accident_direct_loss"] == Decimal("42.50")
    assert found["emergency.crowded_places_named"] == 2 and found["emergency.crowded_places_drilled"] == 1
    # standing today (the frame's end lies ahead): the mine (high-risk) missed the first half, two never drilled
    overdue = set(get("emergency.units_without_drill").rows(frame).values_list("name", flat=True))
    assert overdue == {
        scene.enterprises["mine"].name,
        scene.enterprises["school"].name,
        scene.enterprises["park_chem"].name,
    }


def test_a_town_and_a_department_count_their_own(scene):
    gaoxing, lianjiang = scene.regions["360732104000"], scene.regions["360732100000"]
    units = {"gx": (gaoxing, None), "lj": (lianjiang, None), "yj": (None, scene.departments["yingji"])}
    frame = Frame(scene.users["county"], start=YEAR[0], end=YEAR[1])
    together = values_by_unit({key: (get(key), frame) for key in FIGURE_KEYS}, units)  # one query a family
    for key in FIGURE_KEYS:
        for name, (region, department) in units.items():
            alone = get(key).value(Frame(frame.user, region, department, *YEAR))
            assert together[key][name] == alone, (key, name)
    drills = values_by_unit({"d": (get("emergency.drills_held"), frame)}, units)["d"]
    assert drills == {"gx": 3, "lj": 1, "yj": 3}  # 高兴镇: the shop twice and 应急局's drill held there


def test_the_drills_break_down_by_kind_and_organiser(scene):
    frame = Frame(scene.users["county"], start=YEAR[0], end=YEAR[1])
    organisers = {value: n for value, _label, n in breakdown(get("emergency.drills_held"), frame, "organiser")}
    assert organisers == {"enterprise": 3, "department": 1, "town": 0, "county": 0}


def test_a_unit_counts_only_its_own(scene):
    frame = Frame(scene.users["qiye1"], start=YEAR[0], end=YEAR[1])
    assert get("emergency.drills_held").value(frame) == 2
    assert get("emergency.accidents").value(frame) == 1
