"""The public page behind a unit's signboard (its QR code): what the plate shows and nothing more, and a report that
starts there arrives linked to the unit."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from anjian.public.models import PublicReport
from anjian.public.services.units import normal_token

from .conftest import LIANJIANG
from .test_views import BUDGET, fetched, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_the_page_shows_what_the_plate_shows_and_nothing_else(world):
    shop = world.enterprises["shop"]
    page = Client().get(f"/p/u/{shop.public_token}/")
    assert page.status_code == 200
    html = page.content.decode()
    for shown in ("王国平烟花爆竹零售店", "高兴镇人民政府", "周甘华", "13907971002", "康富春", "13907971003", "举报"):
        assert shown in html, shown
    for hidden in ("13907971001", f"/registry/enterprises/{shop.pk}/"):  # the principal's phone, staff pages
        assert hidden not in html, hidden
    assert f'href="/public/report/?unit={shop.public_token}"' in html
    assert page["Cache-Control"] and "public" in page["Cache-Control"]


def test_a_code_typed_from_a_photo_of_the_plate_is_forgiven_its_case_and_spaces(world):
    token = world.enterprises["shop"].public_token
    assert normal_token(f" {token[:5].lower()} {token[5:]} ") == token
    assert Client().get(f"/p/u/{token.lower()}/").status_code == 200


@pytest.mark.parametrize("token", ["AAAAAAAAAA", "0000000000", "short", "x" * 300, "%00"])
def test_an_unknown_or_malformed_code_answers_404_with_a_way_to_report(world, token):
    page = Client().get(f"/p/u/{token}/")
    assert page.status_code == 404
    assert 'href="/public/report/"' in page.content.decode()


def test_the_page_is_light_and_loads_nothing_from_elsewhere(world):
    total, urls = fetched(Client(), f"/p/u/{world.enterprises['shop'].public_token}/")
    assert total <= BUDGET and all(u.startswith("/") and not u.startswith("//") for u in urls)


def test_a_report_from_the_plate_arrives_linked_to_the_unit(world, frozen):
    shop = world.enterprises["shop"]
    client = Client()
    form = client.get(f"/public/report/?unit={shop.public_token}").content.decode()
    assert re.search(rf'name="unit_token" value="{shop.public_token}"', form)
    assert re.search(r'<option value="360732104000" selected>', form)  # the town of the plate
    assert 'value="王国平烟花爆竹零售店"' in form and "王国平烟花爆竹零售店" in form
    data = form_data(unit_token=shop.public_token.lower(), sector="")
    frozen.shift(dt.timedelta(seconds=10))
    sent = client.post("/public/report/", data)
    assert sent.status_code == 201, sent.content.decode()[:2000]
    report = PublicReport.objects.get()
    assert report.unit == shop and report.unit_name == shop.name and report.sector == shop.sector
    assert report.department.name == "兴国县应急管理局"  # routed by the unit's field, though the reporter chose none


def test_a_reporter_who_chose_another_town_reports_something_else(world, frozen):
    shop = world.enterprises["shop"]  # in 高兴镇
    data = form_data(unit_token=shop.public_token, town=LIANJIANG)
    frozen.shift(dt.timedelta(seconds=10))
    sent = Client().post("/public/report/", data)
    assert sent.status_code == 201
    assert PublicReport.objects.get().unit is None


def test_through_the_api_the_code_links_the_unit_and_a_wrong_one_is_a_field_error(world):
    shop = world.enterprises["shop"]
    body = {"description": "门口堆放大量烟花爆竹", "town": "360732104000", "address": "圩上街12号"}
    created = APIClient().post("/api/v1/public/reports/", body | {"unit_token": shop.public_token}, format="json")
    assert created.status_code == 201, created.content
    assert PublicReport.objects.get().unit == shop
    wrong = APIClient().post("/api/v1/public/reports/", body | {"unit_token": "ZZZZZZZZZZ"}, format="json")
    assert wrong.status_code == 400 and "unit_token" in wrong.json()
