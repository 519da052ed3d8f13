"""The contest's API for the staff: rounds with their state and participation, a round's leaderboard, the bank
(its keepers and the county's leaders only) and the attempts with the server's scores, phones masked; read only."""

from __future__ import annotations

import datetime as dt

import pytest

from anjian.contests import attempts

from .conftest import NOW, fill_bank, make_round, open_round, right_answers

pytestmark = pytest.mark.usefixtures("frozen", "english")


@pytest.fixture
def scene(world):
    fill_bank(world, count=6)
    live = open_round(world, question_count=3, is_public=True)
    make_round(world, "gaoxing", title="高兴镇场")
    who = attempts.of_public(live, "王小明", "某单位", "13800138000", world.regions["360732104000"])
    first = attempts.start(live, who, NOW)
    attempts.submit(first, right_answers(first), NOW + dt.timedelta(minutes=3))
    second = attempts.start(live, attempts.of_user(world.users["qiye1"]), NOW)
    attempts.submit(second, {}, NOW + dt.timedelta(minutes=1))
    return live


def test_rounds_for_the_county_and_a_town(api_for, scene):
    rounds = api_for("county").get("/api/v1/contest-rounds/").json()
    assert rounds["count"] == 2
    live = next(r for r in rounds["results"] if r["id"] == scene.pk)
    assert (live["state"], live["entries"], live["finished"], live["region"]) == ("open", 2, 2, "360732000000")
    assert live["public_path"] == f"/contests/p/{scene.public_key}/"
    town = api_for("gaoxing").get("/api/v1/contest-rounds/").json()
    assert [r["title"] for r in town["results"]] == ["高兴镇场"]
    assert api_for("qiye1").get("/api/v1/contest-rounds/").json()["count"] == 0


def test_the_leaderboard(api_for, scene):
    board = api_for("county").get(f"/api/v1/contest-rounds/{scene.pk}/leaderboard/").json()
    assert [(r["rank"], r["name"], r["best_score"]) for r in board] == [(1, "王小明", 3.0), (2, "qiye1", 0.0)]
    assert api_for("qiye1").get(f"/api/v1/contest-rounds/{scene.pk}/leaderboard/").status_code == 404


@pytest.mark.parametrize("username, count", [("county", 6), ("leader", 6), ("gaoxing", 0), ("qiye1", 0),
                                             ("yingji", 0), ("expert1", 0)])  # fmt: skip
def test_the_bank_is_read_by_its_keepers_only(api_for, scene, username, count):
    found = api_for(username).get("/api/v1/contest-questions/").json()
    assert found["count"] == count
    if count:
        assert {"answer", "options", "is_demo", "topic"} <= set(found["results"][0])


def test_attempts_with_scores_and_masked_phones(api_for, scene):
    rows = api_for("county").get("/api/v1/contest-attempts/", {"round": scene.pk}).json()["results"]
    assert sorted((r["name"], r["score"], r["phone_masked"]) for r in rows) == [
        ("qiye1", 0.0, ""), ("王小明", 3.0, "138****8000"),
    ]  # fmt: skip
    assert "13800138000" not in str(rows)
    own = api_for("qiye1").get("/api/v1/contest-attempts/").json()
    assert [r["name"] for r in own["results"]] == ["qiye1"]  # a unit sees its own people's attempts
    town = api_for("gaoxing").get("/api/v1/contest-attempts/").json()
    assert town["count"] == 2  # both lie in 高兴镇


def test_the_api_is_read_only(api_for, scene):
    api = api_for("county")
    assert api.post("/api/v1/contest-rounds/", {"title": "x"}, format="json").status_code == 405
    assert api.delete(f"/api/v1/contest-rounds/{scene.pk}/").status_code == 405
    assert api.get("/api/v1/contest-questions/", {"kind": "nonsense"}).status_code == 400
