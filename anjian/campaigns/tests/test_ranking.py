"""通报排名: participants scored on the office's weighted indicators, computed from records; a published
ranking is frozen with its rule (高府发〔2023〕14号 五（二）: the ranking feeds the year-end assessment)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.campaigns import ranking, services
from anjian.campaigns.models import Ranking

from .conftest import MAY, participant


def by_name(rows) -> dict:
    return {row.name: row for row in rows}


def test_each_participant_is_scored_against_the_best_with_the_rule_written_out(world, campaign, records):
    county = world.users["county"]
    rows = by_name(ranking.compute(county, campaign, MAY))
    town, dept, park = rows["高兴镇"], rows["兴国县应急管理局"], rows["兴国县工业园"]
    expected = {
        "高兴镇": services.dispatch(county, campaign, MAY, participant(campaign, region=world.regions["360732104000"]))
    }
    listed = {c.cell.key: c.value for c in expected["高兴镇"]}["major_listed"]
    assert town.values["major_listed"] == listed == 1
    assert dept.values["major_found"] == 3  # the mine's, the park's and the shop's own (fireworks is its sector)
    assert town.values["major_found"] == 2 and town.values["fix_rate"] == Decimal("50.00")
    assert dept.points["major_found"] == Decimal("100.00") and town.points["major_found"] == Decimal("66.67")
    assert park.values["major_found"] == 1 and park.values["fix_rate"] == Decimal("0.00")
    ordered = ranking.compute(county, campaign, MAY)
    assert [r.score for r in ordered] == sorted((r.score for r in ordered), reverse=True)
    assert ordered[0].rank == 1 and all(b.rank >= a.rank for a, b in zip(ordered, ordered[1:], strict=False))
    ranks_by_score: dict = {}
    for r in ordered:
        ranks_by_score.setdefault(r.score, set()).add(r.rank)
    assert all(len(ranks) == 1 for ranks in ranks_by_score.values())  # equal scores share a rank
    assert max(len([r for r in ordered if r.score == s]) for s in ranks_by_score) > 1  # and there are ties
    assert rows["兴国县住房和城乡建设局"].values["on_time"] == 100  # no report was due yet
    text = ranking.rule_text(ranking.rule_of(campaign))
    assert "排查重大事故隐患数量（权重40" in text and "越高越好" in text


def test_the_office_sets_the_weights_and_bad_ones_are_refused(world, campaign, records):
    county = world.users["county"]
    with pytest.raises(PermissionDenied):
        ranking.save_rule(world.users["gaoxing"], campaign, [("major_found", 100, True)])
    for rows, field in (
        ([("nonsense", 10, True)], "indicator_0"),
        ([("major_found", 120, True)], "weight_0"),
        ([("major_found", 0, True)], "weight"),
        ([("major_found", 10, True), ("major_found", 5, True)], "indicator"),
    ):
        with pytest.raises(ValidationError) as refused:
            ranking.save_rule(county, campaign, rows)
        assert field in refused.value.message_dict
    assert not campaign.ranking_rules.exists()
    ranking.save_rule(county, campaign, [("major_listed", 100, True)])
    rows = by_name(ranking.compute(county, campaign, MAY))
    assert rows["高兴镇"].score == Decimal("100.00") and rows["兴国县住房和城乡建设局"].score == 0


def test_a_published_ranking_is_frozen(world, campaign, records, time_machine):
    county = world.users["county"]
    published = ranking.publish(county, campaign, MAY, note="第一次通报")
    first = {row["name"]: row for row in published.rows}
    assert "得分" in published.rule["text"] and first["高兴镇"]["rank"] >= 1
    with pytest.raises(ValidationError):
        ranking.publish(county, campaign, MAY)
    with pytest.raises(PermissionDenied):
        ranking.publish(world.users["yingji"], campaign, dt.date(2026, 6, 1))
    ranking.save_rule(county, campaign, [("on_time", 100, True)])  # a later change of rule …
    assert Ranking.objects.get().rows == published.rows  # … leaves the published one as it was


def test_the_ranking_through_the_api_and_the_page(world, campaign, records, api_for, client_for):
    url = f"/api/v1/campaigns/{campaign.pk}/ranking/"
    api = api_for("county")
    live = api.get(url, {"period": "2026-05"}).json()
    assert live["published"] is False and "权重" in live["rule"] and live["rows"][0]["rank"] == 1
    assert {i["key"] for i in live["indicators"]} == {"major_found", "major_listed", "fix_rate", "on_time"}
    assert api_for("gaoxing").get(url, {"period": "2026-05"}).status_code == 403  # a town is ranked, not ranking
    assert api_for("gaoxing").post(url, {"period": "2026-05"}).status_code == 403
    assert api.get(url, {"period": "2026-13"}).status_code == 400
    made = api.post(url, {"period": "2026-05", "note": "五月通报"}, format="json")
    assert made.status_code == 201 and made.json()["published"] is True
    assert api.post(url, {"period": "2026-05"}, format="json").status_code == 400
    page = client_for("county").get(f"/campaigns/{campaign.pk}/ranking/", {"period": "2026-05"})
    html = page.content.decode()
    assert page.status_code == 200 and "高兴镇" in html and "得分" in html and 'name="publish"' not in html
    assert client_for("gaoxing").get(f"/campaigns/{campaign.pk}/ranking/").status_code == 404
    office = client_for("county")
    office.post(
        f"/campaigns/{campaign.pk}/ranking/",
        {"period": "2026-06", "weights": "1", "use_major_listed": "1", "weight_major_listed": "100"},
    )
    assert [(r.indicator, r.weight) for r in campaign.ranking_rules.all()] == [("major_listed", Decimal("100.00"))]
