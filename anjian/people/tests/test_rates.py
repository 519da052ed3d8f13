"""The three posts' certification rate and the welders' ledger: each figure's value is the count of the very rows
it returns, for a town, a department and the county; the grouped rate adds up to the figures; the ledger tells
welders certified here, elsewhere and not at all."""

from __future__ import annotations

import datetime as dt

import pytest

from anjian.core import figures
from anjian.core.figures import Frame
from anjian.org.jurisdiction import restrict
from anjian.people import rates, services
from anjian.people.choices import WelderStanding
from anjian.people.figures import FIGURE_KEYS
from anjian.people.models import Person

from .conftest import GAOXING, TODAY, certificate, person

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date


@pytest.fixture
def staff(world):
    """Three posts at the mine, the chemical plant, the construction site, the shop and the school."""
    mine_boss = person(world, "mine", 1, ["principal"])
    certificate(world, mine_boss, D(2023, 1, 1), kind="safety_qualification")
    local = person(world, "mine", 2, ["special_operation"], operation_type="welding")
    certificate(world, local, D(2023, 1, 1))
    elsewhere = person(world, "mine", 3, ["special_operation"], operation_type="welding")
    certificate(world, elsewhere, D(2023, 1, 1), issued_elsewhere=True, issuer="吉安市应急管理局")
    lapsed = person(world, "mine", 4, ["special_operation"], operation_type="welding")
    certificate(world, lapsed, D(2018, 1, 1), long_review=True)  # expired on 2024-01-01
    wrong_kind = person(world, "park_chem", 5, ["special_operation"], operation_type="welding")
    certificate(world, wrong_kind, D(2023, 1, 1), operation_type="electrical")
    both = person(world, "park_chem", 6, ["safety_manager", "special_operation"], operation_type="electrical")
    certificate(world, both, D(2023, 1, 1), operation_type="electrical")  # lacks the qualification
    person(world, "site", 7, ["principal"])  # construction: high-risk, uncertified
    person(world, "school", 8, ["principal"])  # not on a post that asks a certificate
    gone = person(world, "shop", 9, ["special_operation"], operation_type="welding", started_on=D(2020, 1, 1))
    services.change_person(world.users["county"], gone, {"left_on": D(2024, 6, 30)})  # left: not counted
    return {"mine_boss": mine_boss, "local": local, "elsewhere": elsewhere, "lapsed": lapsed, "wrong_kind": wrong_kind}


def test_the_posts_and_who_is_certified(world, staff):
    people = Person.objects.all()
    required = set(people.filter(rates.required_q(TODAY)).values_list("name", flat=True))
    certified = set(people.filter(rates.certified_q(TODAY)).values_list("name", flat=True))
    assert required == {"员工1", "员工2", "员工3", "员工4", "员工5", "员工6", "员工7"}
    assert certified == {"员工1", "员工2", "员工3"}


def test_the_grouped_rate_equals_its_rows(world, staff):
    people = Person.objects.all()
    for by in rates.GROUPINGS:
        rows = rates.rate_rows(people, by, TODAY)
        total = rates.total(rows)
        assert (total.required, total.certified) == (7, 3), by
    towns = {r.label: (r.required, r.certified, r.rate) for r in rates.rate_rows(people, "town", TODAY)}
    assert towns["高兴镇"] == (4, 3, 75.0)  # the mine
    assert towns["潋江镇"] == (1, 0, 0)  # the site
    sectors = {r.label for r in rates.rate_rows(people, "sector", TODAY)}
    assert sectors == {"非煤矿山", "危险化学品", "建筑施工"}
    first = rates.rate_rows(people, "enterprise", TODAY)[0]
    assert first.rate == 0 and not first.meets_target  # the furthest from 100% first


def _frames(world) -> dict[str, Frame]:
    office = world.users["county"]
    return {
        "town": Frame(office, region=world.regions[GAOXING]),
        "town_by_itself": Frame(world.users["gaoxing"], region=world.regions[GAOXING]),
        "department": Frame(office, department=world.departments["yingji"]),
        "county": Frame(office, region=world.regions["360732000000"]),
        "all": Frame(office),
        "unit": Frame(world.users["qiye1"]),
    }


def test_each_figure_is_its_rows(world, staff):
    assert set(FIGURE_KEYS) <= set(figures.known())
    expected = {
        "people.three_posts_required": {"town": 4, "department": 6, "county": 7, "unit": 0},
        "people.three_posts_certified": {"town": 3, "department": 3, "county": 3, "unit": 0},
        "people.welders_uncertified": {"town": 1, "department": 2, "county": 2, "unit": 0},  # 家: mine, plant
        "people.welders_uncertified_people": {"town": 1, "department": 2, "county": 2, "unit": 0},
    }
    frames = _frames(world)
    for key, values in expected.items():
        figure = figures.get(key)
        for name, frame in frames.items():
            rows = list(figure.rows(frame))
            assert figure.value(frame) == len(rows), (key, name)
            if name in values:
                assert figure.value(frame) == values[name], (key, name)
        assert figure.value(frames["town_by_itself"]) == figure.value(frames["town"]), key
        units = {"town": (world.regions[GAOXING], None), "department": (None, world.departments["yingji"])}
        by_unit = figure.values_by_unit(frames["all"], units)
        assert by_unit == {"town": values["town"], "department": values["department"]}, key
    enterprises = {e.name for e in figures.get("people.welders_uncertified").rows(frames["all"])}
    assert enterprises == {world.enterprises["mine"].name, world.enterprises["park_chem"].name}


def test_a_past_frame_counts_the_certificates_held_then(world, staff):
    figure = figures.get("people.welders_uncertified_people")
    then = Frame(world.users["county"], end=D(2023, 12, 31))
    # The lapsed one still held his; the shop's welder had not yet left.
    assert {p.name for p in figure.rows(then)} == {"员工5", "员工9"} and figure.value(then) == 2


def test_the_welders_ledger(world, staff):
    rows = list(rates.welders(restrict(world.users["gaoxing"], Person.objects.order_by("name")), TODAY))
    standing = {p.name: p.standing for p in rows}
    assert standing == {"员工2": WelderStanding.LOCAL, "员工3": WelderStanding.ELSEWHERE,
                        "员工4": WelderStanding.UNCERTIFIED}  # fmt: skip
    held = {p.name: [c.issuer for c in p.held_certificates] for p in rows}
    assert held == {"员工2": ["赣州市应急管理局"], "员工3": ["吉安市应急管理局"], "员工4": []}
