"""API tokens as 等保 2.0 asks: kept only as a hash, expiring (30 days by default), revocable by their owner, and
all revoked when the password changes or the account is deactivated; the header stays `Token <key>`."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from anjian.core import tokens
from anjian.core.models import ApiToken
from anjian.core.testing import PASSWORD

pytestmark = pytest.mark.django_db


def _client(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def _obtain(username="gaoxing", password=PASSWORD):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


def test_a_token_is_issued_kept_as_a_hash_and_works(world):
    answer = _obtain()
    assert answer.status_code == 200
    key = answer.json()["token"]
    stored = ApiToken.objects.get()
    assert key not in {stored.key_hash, stored.prefix} and stored.key_hash == tokens.digest(key)
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert answer.json()["expires_at"].startswith(str((stored.created_at + dt.timedelta(days=30)).date()))
    assert _client(key).get("/api/v1/enterprises/").status_code == 200
    assert _obtain(password="wrong").status_code == 400


def test_a_token_expires_after_the_configured_days(world, time_machine, settings):
    settings.ANJIAN_TOKEN_DAYS = 7
    time_machine.move_to(dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC), tick=False)
    key = _obtain().json()["token"]
    time_machine.move_to(dt.datetime(2026, 11, 8, 9, 59, tzinfo=dt.UTC), tick=False)
    assert _client(key).get("/api/v1/enterprises/").status_code == 200
    time_machine.move_to(dt.datetime(2026, 11, 8, 10, 0, 1, tzinfo=dt.UTC), tick=False)
    refused = _client(key).get("/api/v1/enterprises/")
    assert refused.status_code == 401 and refused.json()["detail"]


def test_the_owner_lists_and_revokes_own_tokens_only(world):
    first, second = _obtain().json()["token"], _obtain().json()["token"]
    other = _obtain("yingji").json()["token"]
    api = _client(first)
    listed = api.get("/api/v1/auth/tokens/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert len(rows) == 2 and {r["prefix"] for r in rows} == {first[:8], second[:8]}
    assert all("key" not in r and "key_hash" not in r for r in rows)
    mine = ApiToken.objects.get(prefix=second[:8])
    theirs = ApiToken.objects.get(prefix=other[:8])
    assert api.post(f"/api/v1/auth/tokens/{theirs.pk}/revoke/").status_code == 404
    assert api.post(f"/api/v1/auth/tokens/{mine.pk}/revoke/").json()["active"] is False
    assert _client(second).get("/api/v1/enterprises/").status_code == 401
    assert _client(first).get("/api/v1/enterprises/").status_code == 200
    assert _client(other).get("/api/v1/enterprises/").status_code == 200


def test_a_password_change_or_deactivation_revokes_every_token(world):
    key = _obtain().json()["token"]
    user = world.users["gaoxing"]
    user.full_name = "改名"
    user.save()
    assert _client(key).get("/api/v1/enterprises/").status_code == 200  # other changes keep the tokens
    user.set_password("Another-Pass-2026")
    user.save()
    assert _client(key).get("/api/v1/enterprises/").status_code == 401
    key = _obtain(password="Another-Pass-2026").json()["token"]
    user.is_active = False
    user.save()
    assert _client(key).get("/api/v1/enterprises/").status_code == 401


def test_the_account_page_lists_issues_and_revokes_tokens(world, client_for):
    client = client_for("gaoxing")
    issued = client.post("/account/tokens/", {"name": "台账同步"}, follow=True)
    page = issued.content.decode()
    token = ApiToken.objects.get()
    assert token.name == "台账同步" and token.prefix in page
    key = issued.context["new_key"]
    assert key in page and tokens.digest(key) == token.key_hash
    assert key not in client.get("/account/tokens/").content.decode()  # shown once
    client.post(f"/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = client.post("/account/tokens/", {"name": "x\u0007"})
    assert refused.status_code == 400 and ApiToken.objects.count() == 1
