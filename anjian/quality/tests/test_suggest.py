"""The criteria suggestion: a criterion's own text ranks it first; bad input is refused with 400 by field."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anjian.hazards import services
from anjian.hazards.criteria import load_criteria
from anjian.hazards.models import Criterion
from anjian.quality.suggest import suggest

pytestmark = pytest.mark.django_db
URL = "/api/v1/criteria/suggest/"


@pytest.fixture
def library(world):
    load_criteria()
    return Criterion.objects.filter(document__superseded_by__isnull=True).select_related("document__sector")


def test_a_criterion_ranks_first_for_its_own_text(api_for, library):
    api = api_for("county")
    for item in library.filter(document__sector__code__in=["fireworks", "construction"])[::7]:
        response = api.get(URL, {"text": item.text, "sector": item.document.sector.code})
        assert response.status_code == 200, response.content
        rows = response.json()
        assert rows[0]["id"] == item.pk or rows[0]["text"] == item.text
        assert set(rows[0]) >= {"id", "document", "article", "text", "score"}
        assert len(rows) <= 5 and [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_without_a_sector_the_whole_library_is_ranked(api_for, library):
    item = library.get(document__sector__code="fireworks", article="四", item="")
    rows = api_for("county").get(URL, {"text": "工房实际作业人员数量超过核定人数", "limit": 20}).json()
    assert rows[0]["id"] == item.pk and len(rows) <= 20


def test_a_description_finds_its_item_in_the_top_five(library):
    items = [s.text for s in suggest("消防车道被占用，安全出口锁闭", None)]
    assert len(items) == 5 and any("安全出口" in t or "消防车道" in t for t in items)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": "安全出口\x07锁闭"}, "text"),
        ({"text": "安全出口\x00锁闭"}, "text"),
        ({"text": "安全出口", "sector": "mining"}, "sector"),
        ({"text": "安全出口", "limit": "0"}, "limit"),
        ({"text": "安全出口", "limit": "21"}, "limit"),
        ({"text": "安全出口", "limit": "many"}, "limit"),
    ],
)
def test_bad_input_is_refused_by_field(api_for, library, query, field):
    response = api_for("county").get(URL, query)
    assert response.status_code == 400
    assert field in response.json()


def test_an_anonymous_request_is_refused(client, library):
    assert client.get(URL, {"text": "安全出口"}).status_code in (401, 403)


def test_the_assess_form_shows_the_top_five_with_their_articles(world, library, client_for):
    county = world.users["county"]
    h = services.register_hazard(
        county, world.enterprises["shop"], description="工房实际作业人员数量超过核定人数", source="supervision"
    )
    client = client_for("county")
    form = client.get(reverse("hazards:act", args=[h.pk, "assess"])).content.decode()
    suggest_url = reverse("hazards:criteria_suggest", args=[h.pk])
    assert suggest_url in form
    fragment = client.get(suggest_url).content.decode()
    assert fragment.count("criterion-suggestion") == 5
    assert "核定人数" in fragment and "安监总管三〔2017〕121号" in fragment


def test_the_suggestions_of_an_unseen_hazard_are_404(world, library, client_for):
    h = services.register_hazard(
        world.users["county"], world.enterprises["site"], description="塔吊力矩限制器失效", source="supervision"
    )
    assert client_for("gaoxing").get(reverse("hazards:criteria_suggest", args=[h.pk])).status_code == 404


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(max_size=80), sector=st.sampled_from(["", "fireworks", "construction", "nowhere"]))
def test_any_query_is_answered_200_or_400_never_500(api_for, library, text, sector):
    query = {"text": text} | ({"sector": sector} if sector else {})
    response = api_for("county").get(URL, query)
    assert response.status_code in (200, 400), response.content
    if response.status_code == 200:
        assert len(response.json()) <= 5


def test_jieba_says_nothing_and_needs_no_network():
    code = "from anjian.quality.text import tokens; assert tokens('二楼仓库安全出口被货物堵塞')"
    env = {k: v for k, v in os.environ.items() if not k.endswith("_proxy") and not k.endswith("_PROXY")}
    env |= {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}  # any download would fail
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)  # noqa: S603
    assert done.stdout == "" and done.stderr == ""
