"""Every user of the test world against every list and detail endpoint of /api/v1/.

The contract: a list shows exactly what the user's jurisdiction allows, a record outside it answers
404 (never its data), and read-only roles cannot write.
"""

import pytest
from rest_framework.test import APIClient

from anjian.core.testing import VISIBLE_ENTERPRISES

pytestmark = pytest.mark.django_db

USERS = sorted(VISIBLE_ENTERPRISES)
ENTERPRISES = sorted(VISIBLE_ENTERPRISES["county"])
READ_ONLY = ["leader", "grid1", "qiye1", "expert1"]
EDITORS = ["county", "yingji", "gaoxing"]


def _all_results(api, url):
    results, page = [], url
    while page:
        response = api.get(page)
        assert response.status_code == 200, response.content
        results.extend(response.json()["results"])
        page = response.json()["next"]
    return results


@pytest.mark.parametrize("username", USERS)
def test_enterprise_list_shows_exactly_the_jurisdiction(api_for, world, username):
    names = {e["name"] for e in _all_results(api_for(username), "/api/v1/enterprises/")}
    assert names == {world.enterprises[k].name for k in VISIBLE_ENTERPRISES[username]}


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("key", ENTERPRISES)
def test_enterprise_detail_inside_is_200_outside_is_404(api_for, world, username, key):
    enterprise = world.enterprises[key]
    api = api_for(username)
    response = api.get(f"/api/v1/enterprises/{enterprise.pk}/")
    signboard = api.get(f"/api/v1/enterprises/{enterprise.pk}/signboard.pdf/")
    if key in VISIBLE_ENTERPRISES[username]:
        assert response.status_code == 200
        assert response.json()["name"] == enterprise.name
        assert signboard.status_code == 200
    else:
        assert response.status_code == 404
        assert enterprise.name not in response.content.decode()
        assert signboard.status_code == 404
        assert signboard["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize(
    ("resource", "key"),
    [("regions", "360732104000"), ("departments", "yingji"), ("sectors", "fireworks")],
)
def test_reference_data_is_readable_by_every_user(api_for, world, username, resource, key):
    api = api_for(username)
    listing = api.get(f"/api/v1/{resource}/")
    assert listing.status_code == 200
    assert listing.json()["count"] >= 1
    detail = api.get(f"/api/v1/{resource}/{key}/")
    assert detail.status_code == 200
    assert detail.json()["code"] == key
    assert api.get(f"/api/v1/{resource}/no-such-code-999/").status_code == 404


@pytest.mark.parametrize("username", READ_ONLY)
def test_read_only_roles_cannot_write(api_for, world, username):
    api = api_for(username)
    visible = world.enterprises[sorted(VISIBLE_ENTERPRISES[username])[0]]
    created = api.post(
        "/api/v1/enterprises/",
        {"name": "新企业", "region": "360732104201", "sector": "fireworks"},
        format="json",
    )
    assert created.status_code == 403
    url = f"/api/v1/enterprises/{visible.pk}/"
    assert api.patch(url, {"principal": "张三"}, format="json").status_code == 403
    assert (
        api.put(url, {"name": "x", "region": "360732104201", "sector": "fireworks"}, format="json").status_code == 403
    )
    assert api.delete(url).status_code == 403
    visible.refresh_from_db()
    assert visible.principal != "张三"


@pytest.mark.parametrize("username", EDITORS)
@pytest.mark.parametrize("key", ENTERPRISES)
def test_editors_write_inside_and_get_404_outside(api_for, world, username, key):
    enterprise = world.enterprises[key]
    response = api_for(username).patch(
        f"/api/v1/enterprises/{enterprise.pk}/", {"liaison_leader": "周甘华"}, format="json"
    )
    if key in VISIBLE_ENTERPRISES[username]:
        assert response.status_code == 200, response.content
    else:
        assert response.status_code == 404
        enterprise.refresh_from_db()
        assert enterprise.liaison_leader != "周甘华"


@pytest.mark.parametrize("username", ["leader", "yingji", "gaoxing", "grid1", "qiye1", "expert1"])
def test_only_the_county_office_deletes(api_for, world, username):
    key = sorted(VISIBLE_ENTERPRISES[username])[0]
    enterprise = world.enterprises[key]
    assert api_for(username).delete(f"/api/v1/enterprises/{enterprise.pk}/").status_code == 403
    assert api_for("county").delete(f"/api/v1/enterprises/{enterprise.pk}/").status_code == 204
    assert api_for("county").get(f"/api/v1/enterprises/{enterprise.pk}/").status_code == 404


def test_a_town_user_cannot_create_in_another_town(api_for, world):
    response = api_for("gaoxing").post(
        "/api/v1/enterprises/",
        {"name": "潋江镇某烟花店", "region": "360732100001", "sector": "fireworks"},
        format="json",
    )
    assert response.status_code == 400
    assert "region" in response.json()
    from anjian.registry.models import Enterprise

    assert not Enterprise.objects.filter(name="潋江镇某烟花店").exists()


def test_a_town_user_cannot_move_an_enterprise_out_of_its_town(api_for, world):
    shop = world.enterprises["shop"]
    response = api_for("gaoxing").patch(f"/api/v1/enterprises/{shop.pk}/", {"region": "360732100001"}, format="json")
    assert response.status_code == 400
    assert "region" in response.json()
    shop.refresh_from_db()
    assert shop.region.code == "360732104201"


def test_a_department_user_cannot_create_outside_its_sectors(api_for, world):
    response = api_for("yingji").post(
        "/api/v1/enterprises/",
        {"name": "某学校", "region": "360732100001", "sector": "school"},
        format="json",
    )
    assert response.status_code == 400
    assert "sector" in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/enterprises/",
        "/api/v1/regions/",
        "/api/v1/departments/",
        "/api/v1/sectors/",
        "/api/v1/regions/360732104000/",
        "/api/v1/sectors/fireworks/",
        "/api/v1/departments/yingji/",
    ],
)
def test_anonymous_is_refused(world, url):
    response = APIClient().get(url)
    assert response.status_code in (401, 403)
    assert response.status_code == 401  # token auth comes first: the client is told to authenticate


def test_anonymous_cannot_see_an_enterprise(world):
    shop = world.enterprises["shop"]
    response = APIClient().get(f"/api/v1/enterprises/{shop.pk}/")
    assert response.status_code == 401
    assert shop.name not in response.content.decode()


def test_a_bad_token_is_refused(world):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/enterprises/").status_code == 401
