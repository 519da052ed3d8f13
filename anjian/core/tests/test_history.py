"""The audit trail as people read it: who, when, what, before → after."""

import pytest

from anjian.core.history import history_rows
from anjian.registry import services

pytestmark = pytest.mark.django_db


def test_creation_and_change_rows(world):
    shop = world.enterprises["shop"]
    services.save_enterprise(shop, {"principal": "王新平", "responsible_town": None})
    rows = history_rows(shop)
    assert [r.action_code for r in rows] == ["~", "+"]
    change = {c.name: c for c in rows[0].changes}
    assert set(change) == {"principal", "responsible_town"}
    assert (change["principal"].before, change["principal"].after) == ("王国平", "王新平")
    assert change["principal"].label == "主要负责人"
    assert (change["responsible_town"].before, change["responsible_town"].after) == ("高兴镇", "—")
    created = {c.name: c.after for c in rows[1].changes}
    assert created["name"] == "王国平烟花爆竹零售店" and created["sector"] == "烟花爆竹"
    assert rows[1].who == "系统"


def test_choices_and_booleans_are_labelled(world):
    mine = world.enterprises["mine"]
    services.save_enterprise(mine, {"status": "suspended", "above_scale": True})
    change = {c.name: c for c in history_rows(mine)[0].changes}
    assert (change["status"].before, change["status"].after) == ("在营", "停产")
    assert (change["above_scale"].before, change["above_scale"].after) == ("否", "是")


def test_related_names_are_fetched_once_whatever_the_number_of_rows(world, django_assert_max_num_queries):
    site = world.enterprises["site"]
    for i in range(10):
        services.save_enterprise(site, {"grid": world.regions["lj_grid2" if i % 2 else "lj_grid1"]})
    with django_assert_max_num_queries(4):
        rows = history_rows(site)
    assert len(rows) == 11


def test_the_limit_keeps_the_newest(world):
    school = world.enterprises["school"]
    for i in range(5):
        services.save_enterprise(school, {"staff_count": i + 1})
    rows = history_rows(school, limit=3)
    assert len(rows) == 3
    assert [(c.before, c.after) for c in rows[0].changes] == [("4", "5")]
