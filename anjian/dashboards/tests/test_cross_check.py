"""The dashboard's cross-check of 附件4's spot checks: for the region and days asked, the units found on inspection
beside the units the enterprises' own records show behind on the same duty, each linking to its rows."""

from __future__ import annotations

from anjian.campaigns.tests.conftest import campaign, records  # noqa: F401  (the fixtures of a campaign's May)
from anjian.campaigns.tests.test_cross_check import build_duty_records

COUNTY, GAOXING = "360732000000", "360732104000"
MAY = {"date_from": "2026-05-01", "date_to": "2026-05-31"}


def test_the_dashboard_sets_the_inspections_findings_beside_the_records(world, records, time_machine, client_for):  # noqa: F811
    build_duty_records(world, time_machine)
    client = client_for("county")
    page = client.get("/dashboards/", {**MAY, "region": COUNTY})
    assert page.status_code == 200
    shown = {c["key"]: (c["found"], c["records"]) for c in page.context["cross_checks"]}
    assert shown == {
        "duties.units_no_led_check": (1, 3),
        "people.welders_uncertified": (0, 2),
        "duties.outsourcing_disorderly": (1, 2),
        "emergency.units_without_drill": (0, 3),
    }
    for check in page.context["cross_checks"]:  # each number opens as many rows as it counts
        for value, url in ((check["found"], check["found_url"]), (check["records"], check["records_url"])):
            assert client.get(url).context["page"].paginator.count == value, url
    town = client.get("/dashboards/", {**MAY, "region": GAOXING}).context["cross_checks"]
    assert {c["key"]: c["records"] for c in town} == {
        "duties.units_no_led_check": 1,
        "people.welders_uncertified": 1,
        "duties.outsourcing_disorderly": 1,
        "emergency.units_without_drill": 0,
    }
    assert "dashboard-cross-check" in page.content.decode()
