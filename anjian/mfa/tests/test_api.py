"""The second factor and the API: the token endpoint asks for `otp` from the accounts that give a code on the web
(400 on the field, in Chinese, when missing or wrong); a session still owing its code is refused with 403."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from anjian.core.models import ApiToken, SecurityEvent
from anjian.core.testing import PASSWORD

from .helpers import code_for, enrolled, signed_in

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token/"


def obtain(username: str, **extra):
    return APIClient().post(TOKEN, {"username": username, "password": PASSWORD, **extra}, format="json")


def test_the_token_endpoint_asks_for_the_code(world, two_factor, clock):
    device, codes = enrolled(world.users["county"])
    missing = obtain("county")
    assert missing.status_code == 400 and "动态验证码" in missing.json()["otp"][0]
    assert obtain("county", otp="000000").json() == {"otp": ["验证码错误或已过期。"]}
    assert "错误次数过多" in obtain("county", otp=code_for(device)).json()["otp"][0]  # throttled straight after
    clock.step(1)
    key = obtain("county", otp=code_for(device)).json()["token"]
    assert APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/enterprises/").status_code == 200
    assert obtain("county", otp=codes[0]).status_code == 200
    clock.step(60)
    assert obtain("county", otp=codes[0]).status_code == 400  # a recovery code works once
    assert ApiToken.objects.filter(user=world.users["county"]).count() == 2
    assert obtain("county", password="wrong", otp=codes[1]).status_code == 400  # the password comes first
    assert "api: recovery code used, 9 left" in SecurityEvent.objects.values_list("detail", flat=True)


def test_an_account_without_an_authenticator_enrols_on_the_web_first(world, two_factor):
    answer = obtain("county", otp="123456")
    assert answer.status_code == 400 and "网页" in answer.json()["otp"][0]


def test_accounts_outside_the_setting_get_a_token_without_a_code(world, two_factor):
    assert obtain("gaoxing").status_code == 200


def test_a_session_owing_its_code_is_refused_by_the_api(world, two_factor, clock, api_for):
    device, _ = enrolled(world.users["county"])
    client = signed_in("county")
    refused = client.get("/api/v1/enterprises/")
    assert refused.status_code == 403 and "双因素认证" in refused.json()["detail"]
    assert SecurityEvent.objects.filter(kind="denied", path="/api/v1/enterprises/").exists()
    assert api_for("county").get("/api/v1/enterprises/").status_code == 200  # a token is its own proof
    client.post("/account/2fa/verify/", {"code": code_for(device)})
    assert client.get("/api/v1/enterprises/").status_code == 200
