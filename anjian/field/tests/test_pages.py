"""The field app's install manifest, service worker and page shells, as a phone's browser receives them."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_manifest_makes_the_app_installable_with_its_chinese_name(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["display"] == "standalone"
    assert data["name"] == "安监现场" and data["short_name"] == "安监现场"
    assert data["start_url"] == "/field/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_service_worker_is_served_from_the_root_never_cached_and_under_the_policy(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    policy = response["Content-Security-Policy"]
    assert "worker-src 'self'" in policy and "connect-src 'self'" in policy and "script-src 'self'" in policy
    body = response.content.decode()
    config = json.loads(body.split("self.ANJIAN_SW = ", 1)[1].split(";\n", 1)[0])
    # Workbox and every file a field page needs come from our own static files, with a revision each.
    assert config["workbox"].startswith("/static/vendor/workbox/")
    assert all(url.startswith("/static/vendor/workbox/") for url in config["modules"].values())
    assert all(entry["url"].startswith("/static/") and entry["revision"] for entry in config["precache"])
    for url in [config["workbox"], *config["modules"].values(), *(e["url"] for e in config["precache"])]:
        assert client.get(url).status_code == 200, url
    assert config["pages"] == ["/field/", "/field/hazard/new/", "/field/inspection/0/"]


def test_field_pages_ask_for_a_sign_in_then_open_in_chinese_with_the_csrf_cookie(client, world):
    assert client.get("/field/hazard/new/").status_code == 302
    client.force_login(world.users["grid1"])
    for url in ("/field/", "/field/hazard/new/", "/field/inspection/0/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "csrftoken" in response.cookies
        page = response.content.decode()
        assert '<link rel="manifest" href="/manifest.webmanifest">' in page
        assert "立即发送" in page
    assert "登记隐患" in client.get("/field/hazard/new/").content.decode()


def test_logout_wipes_the_phones_copy(client, world):
    client.force_login(world.users["grid1"])
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_work_desk_links_the_field_app_for_a_grid_worker(client, world):
    client.force_login(world.users["grid1"])
    assert 'href="/field/"' in client.get("/").content.decode()
