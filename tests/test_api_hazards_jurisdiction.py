"""Every user of the test world against every hazard endpoint: a hazard is seen exactly where its unit is.

One hazard per unit of the world; what each user sees of them follows VISIBLE_ENTERPRISES. Outside the
jurisdiction every endpoint answers 404 (never the hazard's data); inside, the leader reads but never acts.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from anjian.core.testing import VISIBLE_ENTERPRISES
from anjian.hazards import services
from anjian.hazards.models import Hazard

pytestmark = pytest.mark.django_db

USERS = sorted(VISIBLE_ENTERPRISES)
UNITS = sorted(VISIBLE_ENTERPRISES["county"])


@pytest.fixture
def hazards(world) -> dict[str, Hazard]:
    county = world.users["county"]
    return {
        key: services.register_hazard(county, world.enterprises[key], description=f"{key}的隐患", source="supervision")
        for key in UNITS
    }


def _all_results(api, url):
    results, page = [], url
    while page:
        response = api.get(page)
        assert response.status_code == 200, response.content
        results.extend(response.json()["results"])
        page = response.json()["next"]
    return results


@pytest.mark.parametrize("username", USERS)
def test_hazard_list_shows_exactly_the_jurisdiction(api_for, hazards, username):
    seen = {h["id"] for h in _all_results(api_for(username), "/api/v1/hazards/")}
    assert seen == {hazards[k].pk for k in VISIBLE_ENTERPRISES[username]}


@pytest.mark.parametrize("username", USERS)
def test_stats_and_ledger_stay_inside_the_jurisdiction(api_for, hazards, username):
    api = api_for(username)
    assert api.get("/api/v1/hazards/stats/").json()["rates"]["found"] == len(VISIBLE_ENTERPRISES[username])
    assert api.get("/api/v1/hazards/ledger.xlsx").status_code == 200


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("key", UNITS)
def test_detail_inside_is_200_outside_is_404(api_for, hazards, username, key):
    hazard = hazards[key]
    response = api_for(username).get(f"/api/v1/hazards/{hazard.pk}/")
    if key in VISIBLE_ENTERPRISES[username]:
        assert response.status_code == 200
        assert response.json()["description"] == hazard.description
    else:
        assert response.status_code == 404
        assert hazard.description not in response.content.decode()


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("key", UNITS)
def test_transitions_inside_act_outside_are_404(api_for, hazards, username, key):
    hazard = hazards[key]
    response = api_for(username).post(
        f"/api/v1/hazards/{hazard.pk}/transitions/", {"action": "assess", "grade": "general"}, format="json"
    )
    if key not in VISIBLE_ENTERPRISES[username]:
        assert response.status_code == 404
    elif username == "leader":
        assert response.status_code == 403
    else:
        assert response.status_code == 201, response.content
    hazard.refresh_from_db()
    assert hazard.grade == ("general" if response.status_code == 201 else "")


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), "orange").save(out, "PNG")
    return SimpleUploadedFile("p.png", out.getvalue(), content_type="image/png")


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("key", UNITS)
def test_photos_inside_are_added_outside_are_404(api_for, hazards, username, key):
    hazard = hazards[key]
    response = api_for(username).post(f"/api/v1/hazards/{hazard.pk}/photos/", {"file": _photo()}, format="multipart")
    if key not in VISIBLE_ENTERPRISES[username]:
        assert response.status_code == 404
    elif username == "leader":
        assert response.status_code == 403
    else:
        assert response.status_code == 201, response.content
    assert hazard.photos.count() == (1 if response.status_code == 201 else 0)


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("key", UNITS)
def test_registering_inside_is_201_outside_is_400(api_for, world, username, key):
    body = {"unit": world.enterprises[key].pk, "description": "新隐患", "source": "self_check"}
    response = api_for(username).post("/api/v1/hazards/", body, format="json")
    if username == "leader":
        assert response.status_code == 403
    elif key in VISIBLE_ENTERPRISES[username]:
        assert response.status_code == 201, response.content
    else:
        assert response.status_code == 400
        assert "unit" in response.json()
        assert not Hazard.objects.exists()


def test_anonymous_sees_no_hazard(world, hazards):
    from rest_framework.test import APIClient

    hazard = hazards["shop"]
    for url in ["/api/v1/hazards/", f"/api/v1/hazards/{hazard.pk}/", "/api/v1/criteria/"]:
        response = APIClient().get(url)
        assert response.status_code == 401
        assert hazard.description not in response.content.decode()
