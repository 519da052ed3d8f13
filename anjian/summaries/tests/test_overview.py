"""The province overview read from the summaries: equal to the records, only the counties a caller sees whole,
months checked at the edge; the rebuild command; the dashboard's panel for a city or the province."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from anjian.core.testing import XINGGUO, YUDU
from anjian.hazards import services as hazards
from anjian.hazards.models import Hazard
from anjian.inspections import services as inspections
from anjian.inspections.choices import ActionKind, PenaltyTarget
from anjian.summaries import overview, rebuild
from anjian.summaries.deltas import month_of
from anjian.summaries.models import HazardMonth, Rebuild

URL = "/api/v1/summaries/counties/"


@pytest.fixture
def records(two_counties):
    """Hazards in both counties (one major, one closed on the spot, one last month), an action with fines."""
    w, now = two_counties, timezone.now()
    h = hazards.register_hazard(w.users["county"], w.enterprises["mine"], description="无证上岗", source="self_check")
    hazards.perform(w.users["county"], h, "assess", grade="major", major_reason="专家论证")
    hazards.register_hazard(w.users["county"], w.enterprises["site"], description="临边无防护", source="grid_patrol")
    for unit in ("yd_shop", "yd_mine"):
        hazards.register_hazard(w.users["yd_office"], w.enterprises[unit], description="灭火器过期", source="expert")
    old = now - dt.timedelta(days=40)
    hazards.register_hazard(
        w.users["yd_office"], w.enterprises["yd_mine"], description="旧", source="expert", found_at=old
    )
    closed = hazards.register_hazard(
        w.users["yd_office"], w.enterprises["yd_shop"], description="堵塞", source="expert"
    )
    hazards.perform(w.users["yd_office"], closed, "assess", grade="general")
    Hazard.objects.filter(pk=closed.pk).update(state="closed")  # (a bulk change: counted by a rebuild)
    rebuild.rebuild()
    inspections.record_action(
        w.users["yd_office"], unit=w.enterprises["yd_mine"], kind=ActionKind.PENALTY, decided_on=timezone.localdate(),
        description="未整改", target=PenaltyTarget.BOTH, unit_amount_wan="2", principal_amount_wan="0.5",
    )  # fmt: skip
    return w


def from_records(first: dt.date) -> dict[str, Counter]:
    """Counted by hand from the hazard rows: found, closed, major per county code, from `first` on."""
    out: dict[str, Counter] = {XINGGUO: Counter(), YUDU: Counter()}
    for h in Hazard.objects.select_related("region"):
        if month_of(h.found_at) < first:
            continue
        code = next(c for c in out if f"{c}/" in h.region.path)
        out[code].update(found=1, closed=h.state == "closed", major=h.grade == "major")
    return out


def test_a_province_office_reads_each_county_as_the_records_count_it(records, api_for):
    first = month_of(timezone.localdate()) - dt.timedelta(days=70)
    first = first.replace(day=1)
    response = api_for("province").get(URL, {"from": f"{first:%Y-%m}"})
    assert response.status_code == 200
    body = response.json()
    by_code = {c["code"]: c for c in body["counties"]}
    assert set(by_code) == {XINGGUO, YUDU}
    for code, counted in from_records(first).items():
        row = by_code[code]
        assert (row["found"], row["closed"], row["major"]) == (counted["found"], counted["closed"], counted["major"])
        assert row["open"] == counted["found"] - counted["closed"]
        assert sum(m["found"] for m in row["months"]) == row["found"]
    assert by_code[YUDU]["found"] == 4 and len(by_code[YUDU]["months"]) == 2
    assert (by_code[YUDU]["enforcement"], by_code[YUDU]["fines_wan"]) == (1, "2.50")
    assert body["last_rebuild"] is not None and body["as_of"]


def test_the_summaries_and_the_live_count_agree(records):
    this_year = month_of(timezone.localdate()).replace(month=1)
    last = month_of(timezone.localdate())
    province = records.users["province"]
    assert overview.overview(province, this_year, last) == overview.live(province, this_year, last)


def test_a_county_office_sees_only_its_county_and_a_department_none(records, api_for):
    rows = api_for("yd_office").get(URL).json()["counties"]
    assert [r["code"] for r in rows] == [YUDU]
    assert api_for("city").get(URL).json()["counties"][0]["code"] == YUDU  # 赣州市: both, by code
    assert api_for("yingji").get(URL).json()["counties"] == []  # a department sees a county cut by sector
    assert api_for("gaoxing").get(URL).json()["counties"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [({"from": "2024-13"}, "from"), ({"to": "1999-12"}, "to"), ({"from": "x" * 300}, "from"),
     ({"from": "2024-05", "to": "2024-04"}, "to"), ({"to": "2999-01"}, "to")],
)  # fmt: skip
def test_a_bad_month_is_refused_by_field(world, api_for, params, field):
    response = api_for("county").get(URL, params)
    assert response.status_code == 400 and field in response.json()


def test_the_command_checks_and_rebuilds_after_a_bulk_change(records):
    Hazard.objects.filter(region__path__contains=f"{XINGGUO}/").update(grade="major")  # behind the services' back
    with pytest.raises(CommandError, match="differ"):
        call_command("rebuild_summaries", "--check")
    out = StringIO()
    call_command("rebuild_summaries", "--county", XINGGUO, stdout=out)
    assert "Summaries rebuilt for 1 counties" in out.getvalue()
    assert rebuild.held() == rebuild.counted()
    assert Rebuild.objects.first().counties == XINGGUO
    with pytest.raises(CommandError, match="Not a county"):
        call_command("rebuild_summaries", "--county", "360732100000")


def test_the_dashboard_shows_a_province_office_each_county(records, client_for):
    page = client_for("province").get("/dashboards/", {"region": "360000000000"}).content.decode()
    assert f'data-county="{XINGGUO}"' in page and f'data-county="{YUDU}"' in page
    county_page = client_for("yd_office").get("/dashboards/").content.decode()
    assert "data-county=" not in county_page  # a county's own dashboard counts its records live
    assert HazardMonth.objects.exists()
