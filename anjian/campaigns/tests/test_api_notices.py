"""通报 and the ranking rule through the API: the office drafts, rewrites and issues a notice and sets the weights;
a town reads issued notices only and changes nothing; bad input answers by field and changes nothing."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document

from anjian.campaigns.models import Notice, RankingRule

from .conftest import at

NOTICES = "/api/v1/campaign-notices/"


def test_the_office_drafts_edits_and_issues_a_notice_and_a_town_reads_it(
    world, campaign, records, api_for, time_machine
):
    at(time_machine, dt.date(2026, 6, 25))
    county, town = api_for("county"), api_for("gaoxing")
    assert town.post(NOTICES, {"campaign": campaign.pk, "period": "2026-05"}, format="json").status_code == 403
    assert county.post(NOTICES, {"campaign": campaign.pk, "period": "2026-13"}, format="json").status_code == 400
    made = county.post(NOTICES, {"campaign": campaign.pk, "period": "2026-05"}, format="json")
    assert made.status_code == 201, made.content
    draft = made.json()
    assert draft["state"] == "draft" and draft["number"] == "" and draft["period"] == "2026-05"
    assert "未按时报送调度表" in draft["body"] and draft["paragraphs"] and "高兴镇" in draft["table"]["missing"]
    url = f"{NOTICES}{draft['id']}/"
    assert town.get(url).status_code == 404 and town.get(NOTICES).json()["count"] == 0  # a draft is the office's

    for bad, field in (({"title": ""}, "title"), ({"issuer": "办\u0007"}, "issuer"), ({"body": "x" * 9000}, "body")):
        refused = county.patch(url, bad, format="json")
        assert refused.status_code == 400 and field in refused.json(), bad
    assert Notice.objects.get().title == draft["title"]
    assert town.patch(url, {"title": "改"}, format="json").status_code == 404
    edited = county.patch(url, {"body": "第一段。\n\n第二段。"}, format="json").json()
    assert edited["paragraphs"] == ["第一段。", "第二段。"] and edited["title"] == draft["title"]

    issued = county.post(f"{url}issue/")
    assert issued.status_code == 200 and issued.json()["number"] == "兴安办〔2026〕1号"
    assert issued.json()["state"] == "issued" and issued.json()["issued_on"] == "2026-06-25"
    again = county.patch(url, {"body": "再改"}, format="json")
    assert again.status_code == 400 and "state" in again.json()
    assert county.post(f"{url}issue/").status_code == 400

    assert town.get(url).json()["number"] == "兴安办〔2026〕1号"
    word = town.get(issued.json()["docx"])
    assert word.status_code == 200 and word["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "兴安办〔2026〕1号" in text and "第二段。" in text
    pdf = town.get(issued.json()["pdf"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_office_sets_the_ranking_rule_through_the_api(world, campaign, api_for):
    county, town = api_for("county"), api_for("gaoxing")
    url = f"/api/v1/campaigns/{campaign.pk}/ranking-rule/"
    default = county.get(url).json()
    assert [r["indicator"] for r in default["indicators"]] == ["major_found", "major_listed", "fix_rate", "on_time"]
    assert [r["weight"] for r in default["indicators"]] == [40, 30, 20, 10] and "权重" in default["rule"]
    assert town.get(url).status_code == 403
    rule = {"indicators": [{"indicator": "major_found", "weight": 70}, {"indicator": "on_time", "weight": 30}]}
    assert town.put(url, rule, format="json").status_code == 403
    for bad in (
        {"indicators": [{"indicator": "major_found", "weight": 0}]},  # no weight above zero
        {"indicators": [{"indicator": "major_found", "weight": 101}]},
        {"indicators": [{"indicator": "nonsense", "weight": 10}]},
        {"indicators": [{"indicator": "on_time", "weight": 5}, {"indicator": "on_time", "weight": 5}]},
        {"indicators": []},
    ):
        refused = county.put(url, bad, format="json")
        assert refused.status_code == 400 and refused.json(), bad
    assert not RankingRule.objects.exists()
    saved = county.put(url, rule, format="json")
    assert saved.status_code == 200
    assert [(r["indicator"], r["weight"]) for r in saved.json()["indicators"]] == [("major_found", 70), ("on_time", 30)]
    ranking = county.get(f"/api/v1/campaigns/{campaign.pk}/ranking/?period=2026-05").json()
    assert [i["key"] for i in ranking["indicators"]] == ["major_found", "on_time"]
