"""What other apps read (emergency.queries): accidents of a place and a time, the concealed ones, and the units'
drill frequency — through the reader's jurisdiction."""

from __future__ import annotations

import datetime as dt

import pytest

from anjian.emergency import queries
from anjian.emergency.choices import FrequencyStatus

from .conftest import NOW, accident, held

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_accidents_of_a_town_and_a_time(world):
    county = world.users["county"]
    mine = accident(county, world.enterprises["mine"], deaths=1)
    accident(county, world.enterprises["site"], reporting="concealed")
    old = accident(county, world.enterprises["mine"], occurred_at=NOW - dt.timedelta(days=500))
    gaoxing = world.regions["360732104000"]
    assert list(queries.accidents_for(county, region=gaoxing)) == [old, mine]
    assert list(queries.accidents_for(county, region=gaoxing, start=dt.date(2024, 1, 1))) == [mine]
    assert queries.concealed_accidents_for(county).count() == 1
    assert queries.concealed_accidents_for(world.users["gaoxing"]).count() == 0  # the site lies in 潋江镇
    assert queries.accidents_of_grade_at_least(county, "larger").count() == 0
    assert queries.accidents_for(world.users["qiye1"]).count() == 0


def test_drill_frequency_through_the_readers_jurisdiction(world):
    held(world.users["qiye1"])
    town = {u.name: u.drill_status for u in queries.drill_frequency(world.users["gaoxing"])}
    assert town[world.enterprises["shop"].name] == FrequencyStatus.COMPLIANT
    assert set(town) == {world.enterprises["shop"].name, world.enterprises["mine"].name}
