"""The year-end assessment: the mean of the year's published rankings, the office's extra points and
deductions, and the two marks no score removes (一票否决; no 优秀 after a serious accident)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.campaigns import assessment, ranking

from .conftest import MAY, at

COUNTY = "360732000000"


def test_the_year_adds_the_rankings_and_the_offices_entries(world, campaign, records, time_machine):
    county_user, county = world.users["county"], world.regions[COUNTY]
    published = ranking.publish(county_user, campaign, MAY)
    scores = {row["name"]: Decimal(row["score"]) for row in published.rows}
    at(time_machine, dt.date(2026, 7, 2))
    ranking.publish(county_user, campaign, dt.date(2026, 6, 1))
    june = {row["name"]: Decimal(row["score"]) for row in ranking.Ranking.objects.get(month="2026-06-01").rows}
    entry = {"year": 2026, "decided_on": "2026-07-01", "document": "兴安办〔2026〕9号"}
    assessment.add_adjustment(county_user, county, unit="town:360732104000", kind="bonus", points="5",
                              reason="经验做法在全县推广", **entry)  # fmt: skip
    assessment.add_adjustment(county_user, county, unit="department:zhujian", kind="deduction", points="3",
                              reason="被县安委办通报批评", **entry)  # fmt: skip
    assessment.add_adjustment(county_user, county, unit="department:zhujian", kind="serious_accident",
                              points="0", reason="发生较大事故", **entry)  # fmt: skip
    rows = {row.name: row for row in assessment.year_end(county_user, county, 2026)}
    town = rows["高兴镇"]
    mean = ((scores["高兴镇"] + june["高兴镇"]) / 2).quantize(Decimal("0.01"))
    assert town.ranking_score == mean and town.score == mean + 5 and not town.veto
    builder = rows["兴国县住房和城乡建设局"]
    assert builder.deduction == 3 and builder.no_excellent and not builder.veto
    assert builder.score == builder.ranking_score - 3
    ordered = assessment.year_end(county_user, county, 2026)
    assert [r.score for r in ordered] == sorted((r.score for r in ordered), reverse=True)
    assert all(not r.rankings for r in assessment.year_end(county_user, county, 2025))


def test_bad_entries_are_refused_and_only_the_office_records_them(world, campaign, time_machine):
    county_user, county = world.users["county"], world.regions[COUNTY]
    ok = {"year": 2026, "unit": "town:360732104000", "kind": "bonus", "points": "2", "reason": "x",
          "decided_on": "2026-05-20"}  # fmt: skip
    with pytest.raises(PermissionDenied):
        assessment.add_adjustment(world.users["gaoxing"], county, **ok)
    for bad, field in (
        ({"unit": "town:999"}, "unit"),
        ({"kind": "nonsense"}, "kind"),
        ({"points": "150"}, "points"),
        ({"points": "0"}, "points"),
        ({"reason": " "}, "reason"),
        ({"reason": "原因\u0007"}, "reason"),
        ({"year": "1999"}, "year"),
        ({"decided_on": "2030-01-01"}, "decided_on"),
    ):
        with pytest.raises(ValidationError) as refused:
            assessment.add_adjustment(county_user, county, **(ok | bad))
        assert field in refused.value.message_dict, bad
    assert not assessment.Adjustment.objects.exists()


def test_the_assessment_page(world, campaign, records, client_for):
    office = client_for("county")
    office.post("/campaigns/assessment/", {"year": "2026", "unit": "town:360732104000", "kind": "veto",
                                           "reason": "发生瞒报事故", "decided_on": "2026-06-01"})  # fmt: skip
    page = office.get("/campaigns/assessment/", {"year": "2026"})
    html = page.content.decode()
    assert (
        page.status_code == 200 and "高兴镇" in html and "发生瞒报事故" in html and 'value="town:360732104000"' in html
    )
    assert client_for("gaoxing").get("/campaigns/assessment/").status_code == 404
