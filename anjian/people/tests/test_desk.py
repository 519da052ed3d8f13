"""The work desk's people sections: the unit sees its own people short of hours and its certificates expiring
or expired; a town, a department and the county office see counts in their jurisdiction, by unit; a fixed number
of queries whatever the data."""

from __future__ import annotations

import datetime as dt

import pytest

from anjian.core.desk import sections
from anjian.people import desk

from .conftest import TODAY, certificate, person, training

pytestmark = pytest.mark.usefixtures("frozen", "english")
D = dt.date


@pytest.fixture
def data(world):
    shop_boss = person(world, "shop", 1, ["principal"], user="qiye1")  # 0 of 48 hours
    certificate(world, shop_boss, D(2021, 9, 1), kind="safety_qualification")  # expires in 48 days
    clerk = person(world, "shop", 2, ["team_leader"], user="qiye1")  # fireworks: 20 hours a year
    training(world, clerk, 20, D(2024, 3, 1), kind="yearly")
    mine_boss = person(world, "mine", 3, ["principal"])
    certificate(world, mine_boss, D(2021, 1, 1), kind="safety_qualification")  # expired
    school = person(world, "school", 4, ["principal"])
    training(world, school, 32, D(2024, 1, 1))
    return {"shop_boss": shop_boss, "mine_boss": mine_boss}


def by_key(user) -> dict:
    return {s.key: s for s in sections(user, TODAY)}


def test_the_unit_sees_its_people_and_certificates(world, data):
    desk = by_key(world.users["qiye1"])
    people, certificates = desk["people.training"], desk["people.certificates"]
    assert people.count == 1 and [i.text for i in people.items] == ["员工1"]
    assert people.items[0].note == "Short by 48 hours"
    assert certificates.count == 1 and certificates.items[0].due == D(2024, 9, 1)
    assert not certificates.items[0].overdue


def test_towns_departments_and_the_office_see_counts_by_unit(world, data):
    town = by_key(world.users["gaoxing"])
    assert town["people.training"].count == 2  # the shop's principal and the mine's
    assert {i.text: i.note for i in town["people.certificates"].items} == {
        world.enterprises["shop"].name: "1",
        world.enterprises["mine"].name: "1",
    }
    office = by_key(world.users["county"])
    assert office["people.training"].count == 2 and office["people.certificates"].count == 2
    assert "enterprise=" in office["people.training"].items[0].url
    grid = by_key(world.users["grid1"])
    assert grid["people.training"].count == 0


@pytest.mark.parametrize("username", ["county", "qiye1"])
def test_a_section_costs_a_fixed_number_of_queries(world, data, django_assert_max_num_queries, username):
    user = world.users[username]
    desk.training(user, TODAY, 5)  # the user's roles, fetched once per user object
    for finder in (desk.training, desk.certificates):
        with django_assert_max_num_queries(2):  # the unit: its rows and their count; others: one grouped query
            finder(user, TODAY, 5)
