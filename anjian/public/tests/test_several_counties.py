"""The public report form where one site serves several counties (a city's or a province's): the reporter chooses
the county, then one of its towns (listed on demand, never every county's towns at once); a town of another county
is refused; the form works without its script and from a unit's signboard."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from anjian.core.testing import XINGGUO, YUDU
from anjian.public import antispam
from anjian.public.models import PublicReport

from .conftest import GAOXING

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def select(html: str, name: str) -> list[str]:
    """The option values of the form's <select name=…>."""
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert found, name
    return re.findall(r'<option value="([^"]*)"', found.group(1))


def data(**values) -> dict:
    return {"description": "居民楼一楼商铺存放大量烟花爆竹", "address": "贡江镇城东社区8号", "sector": "fireworks",
            "identity": "anonymous", "started": antispam.stamp()} | values  # fmt: skip


def test_one_county_lists_its_towns_and_asks_no_county(world):
    html = Client().get("/public/report/").content.decode()
    assert 'name="county"' not in html
    assert GAOXING in select(html, "town")


def test_the_county_first_then_its_towns_on_demand(two_counties):
    client = Client()
    html = client.get("/public/report/").content.decode()
    assert select(html, "county") == ["", YUDU, XINGGUO]
    assert select(html, "town") == [""]  # no county chosen: no town listed yet
    assert "请先选择县（市、区）" in html
    towns = client.get("/public/report/towns/", {"county": YUDU})
    assert towns.status_code == 200
    assert towns.json() == {"towns": [["360731100000", "贡江镇"], ["360731104000", "罗坳镇"]]}
    for bad in ("", "3607", "360700000000", "abc", "36073\x00"):  # not a county, a city, a NUL byte: refused
        refused = client.get("/public/report/towns/", {"county": bad})
        assert refused.status_code == 400 and "county" in refused.json(), bad


def test_a_town_of_another_county_is_refused_and_nothing_is_saved(two_counties, frozen):
    sent = data(county=YUDU, town=GAOXING)
    frozen.shift(dt.timedelta(seconds=10))  # the time a person takes to fill the form
    page = Client().post("/public/report/", sent)
    assert page.status_code == 400
    assert "town" in page.context["form"].errors
    assert not PublicReport.objects.exists()


def test_without_the_script_the_form_comes_back_with_the_county_s_towns(two_counties, frozen):
    client = Client()
    first = data(county=YUDU)
    frozen.shift(dt.timedelta(seconds=10))
    page = client.post("/public/report/", first)
    assert page.status_code == 400 and "town" in page.context["form"].errors
    html = page.content.decode()
    assert select(html, "town") == ["", "360731100000", "360731104000"]
    assert re.search(rf'<option value="{YUDU}" selected>', html)
    second = data(county=YUDU, town="360731100000")
    frozen.shift(dt.timedelta(seconds=10))
    sent = client.post("/public/report/", second)
    assert sent.status_code == 201
    assert PublicReport.objects.get().town.name == "贡江镇"


def test_from_a_unit_s_signboard_its_county_and_town_are_chosen(two_counties):
    shop = two_counties.enterprises["yd_shop"]
    html = Client().get(f"/public/report/?unit={shop.public_token}").content.decode()
    assert re.search(rf'<option value="{YUDU}" selected>', html)
    assert re.search(r'<option value="360731100000" selected>贡江镇</option>', html)
