"""Four cells of 附件4's spot-check block beside the units' own records of the same duty: the cell keeps counting what
inspections found (抽查检查, note 2); the records' figure — units whose principal led no check (十个一次), with a welder
working uncertified, with a disorderly contract, behind on their drills — is shown beside it on the dispatch page and
in the API, each counting the right units for a town and for the county, with the rows behind it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from anjian.campaigns import services
from anjian.duties import services as duties
from anjian.duties.defaults import ensure_defaults
from anjian.duties.models import DutyOccurrence
from anjian.duties.tests.test_contracts import ORDERLY
from anjian.emergency import services as emergency
from anjian.people.tests.conftest import person
from anjian.registry.models import Enterprise

from .conftest import MAY, at, participant

SPOT_CELLS = ("no_led_check", "unlicensed_welders", "outsourcing", "no_drill")


def build_duty_records(world, time_machine) -> None:
    """May 2026: the shop did its May check of major hazards, no other high-risk unit did (the school's falls due in
    June); the mine and the chemical plant have an uncertified welder; the mine and the site a disorderly contract;
    the shop drilled this half-year and the mine the last one, the others never."""
    e, county = world.enterprises, world.users["county"]
    ensure_defaults()
    Enterprise.objects.update(created_at=dt.datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai")))
    at(time_machine, dt.date(2026, 6, 10))
    duties.generate_occurrences(dt.date(2026, 6, 10), since=MAY)
    may_check = DutyOccurrence.objects.get(enterprise=e["shop"], item__code="hazard_check", period_start=MAY)
    duties.mark_done(world.users["qiye1"], may_check, dt.date(2026, 5, 20), "带队检查")
    for serial, unit in enumerate(("mine", "park_chem"), start=1):
        person(world, unit, serial, ["special_operation"], operation_type="welding", name=f"焊工{serial}")
    for unit in ("mine", "site"):
        duties.record_contract(
            county, e[unit], **(ORDERLY | {"starts_on": dt.date(2026, 3, 1), "duties_defined": False})
        )
    for unit, day in (("shop", dt.date(2026, 3, 2)), ("mine", dt.date(2025, 10, 9))):
        emergency.record_drill(county, enterprise=e[unit], kind="fire", held_on=day, participants=10)


@pytest.fixture
def duty_records(world, records, time_machine):
    build_duty_records(world, time_machine)
    return world


def test_the_cells_keep_the_inspections_findings_and_the_records_stand_beside_them(world, campaign, duty_records):
    county = world.users["county"]
    gaoxing = participant(campaign, region=world.regions["360732104000"])
    town = {c.cell.key: c for c in services.dispatch(county, campaign, MAY, gaoxing)}
    # found on 应急局's visit to the mine: no led check, a missing agreement; the welders passed, no drill item checked
    assert [town[k].value for k in SPOT_CELLS] == [1, 0, 1, 0]
    assert [town[k].records for k in SPOT_CELLS] == [1, 1, 1, 0]  # the mine in each, in the records
    whole = {c.cell.key: c for c in services.dispatch(county, campaign, MAY)}
    assert [whole[k].value for k in SPOT_CELLS] == [1, 0, 1, 0]
    assert [whole[k].records for k in SPOT_CELLS] == [3, 2, 2, 3]
    assert all(c.records is None for k, c in whole.items() if k not in SPOT_CELLS)


@pytest.mark.parametrize(
    ("cell", "town", "county"),
    [
        ("no_led_check", {"mine"}, {"mine", "site", "park_chem"}),
        ("unlicensed_welders", {"mine"}, {"mine", "park_chem"}),
        ("outsourcing", {"mine"}, {"mine", "site"}),
        ("no_drill", set(), {"site", "school", "park_chem"}),
    ],
)
def test_each_records_figure_counts_the_right_units(world, campaign, duty_records, cell, town, county):
    office = world.users["county"]
    gaoxing = participant(campaign, region=world.regions["360732104000"])
    names = {world.enterprises[k].name for k in town}
    assert (
        set(services.cell_rows(office, campaign, MAY, gaoxing, cell, records=True).values_list("name", flat=True))
        == names
    )
    names = {world.enterprises[k].name for k in county}
    assert (
        set(services.cell_rows(office, campaign, MAY, None, cell, records=True).values_list("name", flat=True)) == names
    )
    with pytest.raises(ValidationError):  # a cell with no cross-check has no such rows
        services.cell_rows(office, campaign, MAY, None, "no_study", records=True)


def test_the_dispatch_page_shows_the_records_beside_the_cell(world, campaign, duty_records, client_for):
    gaoxing = participant(campaign, region=world.regions["360732104000"])
    client = client_for("county")
    url = reverse("campaigns:dispatch", args=[campaign.pk])
    page = client.get(url, {"period": "2026-05", "participant": gaoxing.pk}).content.decode()
    assert page.count('class="dispatch-records"') == 4
    rows = reverse("campaigns:rows", args=[campaign.pk])
    link = f"{rows}?period=2026-05&amp;participant={gaoxing.pk}&amp;cell=unlicensed_welders&amp;records=1"
    assert link in page
    listed = client.get(rows, {"period": "2026-05", "participant": gaoxing.pk, "cell": "unlicensed_welders",
                               "records": "1"})  # fmt: skip
    assert listed.status_code == 200 and world.enterprises["mine"].name in listed.content.decode()
    assert client.get(rows, {"period": "2026-05", "cell": "no_study", "records": "1"}).status_code == 404


def test_the_api_gives_the_records_beside_the_cell(world, campaign, duty_records, api_for):
    api = api_for("county")
    body = api.get(f"/api/v1/campaigns/{campaign.pk}/dispatch/", {"period": "2026-05"}).json()
    cells = {c["key"]: c for c in body["cells"]}
    assert [cells[k]["records_value"] for k in SPOT_CELLS] == [3, 2, 2, 3]
    assert cells["no_drill"]["records_figure"] == "emergency.units_without_drill"
    assert cells["no_study"]["records_figure"] is None and cells["no_study"]["records_rows"] is None
    rows = api.get(cells["outsourcing"]["records_rows"]).json()
    assert {r["text"] for r in rows["results"]} == {world.enterprises[k].name for k in ("mine", "site")}
