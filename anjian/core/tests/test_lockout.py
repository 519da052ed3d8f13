"""Failed sign-ins (等保 2.0 登录失败处理): the fifth failure locks the account for 30 minutes, on the page and the
token endpoint alike, whatever the address, and the answer says until when; another account signing in from the
same address is not locked; an address failing 20 times over any accounts waits out its 15 minutes; every failure,
each lock and each throttled attempt is one security event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from rest_framework.test import APIClient

from anjian.core.lockout import SignInThrottle, parse_rate
from anjian.core.models import SecurityEvent
from anjian.core.testing import PASSWORD
from anjian.core.tests.test_serve import PRODUCTION, environment, settings_of

pytestmark = pytest.mark.django_db

TEN = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)  # 10:00 in Asia/Shanghai


def sign_in(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def obtain(api: APIClient, username: str, password: str):
    return api.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


def events(kind: str, **filters) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind, **filters).order_by("id"))


def test_the_fifth_failure_locks_the_account_for_30_minutes(world, time_machine):
    time_machine.move_to(TEN, tick=False)
    client = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(4):
        answer = sign_in(client, "gaoxing", "wrong")
        assert answer.status_code == 200 and "请输入一个正确的" in answer.content.decode()
    fifth = sign_in(client, "gaoxing", "wrong")
    assert fifth.status_code == 429
    assert "账号已锁定" in fifth.content.decode() and "10:30" in fifth.content.decode()
    refused = sign_in(client, "gaoxing", PASSWORD)  # the right password changes nothing while locked
    assert refused.status_code == 429 and "10:30" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    failed = events("login_failed", username="gaoxing")
    assert len(failed) == 6 and [e.detail for e in failed][-1] == "refused: account locked"
    locked = events("locked_out")
    assert len(locked) == 1 and locked[0].username == "gaoxing" and locked[0].address == "10.1.1.1"

    time_machine.move_to(TEN + dt.timedelta(minutes=29, seconds=59), tick=False)
    assert sign_in(client, "gaoxing", PASSWORD).status_code == 429  # neither counted nor extended
    time_machine.move_to(TEN + dt.timedelta(minutes=30, seconds=1), tick=False)
    assert sign_in(client, "gaoxing", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["gaoxing"].pk)
    assert len(events("locked_out")) == 1


def test_a_sign_in_clears_the_count(world):
    client = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(4):
        sign_in(client, "gaoxing", "wrong")
    assert sign_in(client, "gaoxing", PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        assert sign_in(client, "gaoxing", "wrong").status_code == 200
    assert sign_in(client, "gaoxing", PASSWORD).status_code == 302


def test_the_lock_is_per_account_not_per_address(world):
    office = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(5):
        sign_in(office, "gaoxing", "wrong")
    colleague = Client(REMOTE_ADDR="10.1.1.1")  # the same county office, the same address
    assert sign_in(colleague, "yingji", PASSWORD).status_code == 302
    elsewhere = Client(REMOTE_ADDR="10.9.9.9")  # the locked account stays locked from any address
    assert sign_in(elsewhere, "gaoxing", PASSWORD).status_code == 429
    admin = Client().post("/admin/login/", {"username": "gaoxing", "password": PASSWORD})
    assert admin.status_code == 429 and "账号已锁定" in admin.content.decode()  # the admin's sign-in too


def test_the_token_endpoint_locks_the_account_too(world, time_machine):
    time_machine.move_to(TEN, tick=False)
    api = APIClient(REMOTE_ADDR="10.1.1.2")
    for _ in range(4):
        assert obtain(api, "yingji", "wrong").status_code == 400
    fifth = obtain(api, "yingji", "wrong")
    assert fifth.status_code == 429 and "账号已锁定" in fifth.json()["detail"] and "10:30" in fifth.json()["detail"]
    assert int(fifth["Retry-After"]) == 30 * 60 + 1
    assert obtain(api, "yingji", PASSWORD).status_code == 429
    assert sign_in(Client(REMOTE_ADDR="10.1.1.3"), "yingji", PASSWORD).status_code == 429  # one lock for both
    assert len(events("locked_out", username="yingji")) == 1
    time_machine.move_to(TEN + dt.timedelta(minutes=31), tick=False)
    assert obtain(api, "yingji", PASSWORD).status_code == 200


def test_an_address_failing_over_many_accounts_is_throttled(world, time_machine):
    time_machine.move_to(TEN, tick=False)
    client = Client(REMOTE_ADDR="10.2.2.2")
    for n in range(20):  # one failure each for 20 names: no account reaches its lock
        assert sign_in(client, f"guess{n}", "wrong").status_code == 200
    refused = sign_in(client, "county", PASSWORD)
    page = refused.content.decode()
    assert refused.status_code == 429 and "此地址登录失败次数过多" in page and "10:15" in page
    answer = obtain(APIClient(REMOTE_ADDR="10.2.2.2"), "county", PASSWORD)
    assert answer.status_code == 429 and "此地址" in answer.json()["detail"] and "10:15" in answer.json()["detail"]
    assert 0 < int(answer["Retry-After"]) <= 15 * 60 + 1
    admin = Client(REMOTE_ADDR="10.2.2.2").post("/admin/login/", {"username": "county", "password": PASSWORD})
    assert admin.status_code == 429
    throttled = events("login_throttled")
    assert len(throttled) == 3 and {e.address for e in throttled} == {"10.2.2.2"}
    assert len(events("login_failed")) == 20  # refused attempts are not failures: the window does not grow
    assert sign_in(Client(REMOTE_ADDR="10.3.3.3"), "county", PASSWORD).status_code == 302  # another address
    time_machine.move_to(TEN + dt.timedelta(minutes=15, seconds=1), tick=False)
    assert sign_in(client, "county", PASSWORD).status_code == 302


def test_the_throttle_reads_its_rate_from_the_settings(settings):
    assert parse_rate("20/15m") == (20, 900) and parse_rate("5/h") == (5, 3600) and parse_rate("3/2d") == (3, 172800)
    with pytest.raises(ValueError):
        parse_rate("often")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"sign_in": "3/1m"}}
    throttle = SignInThrottle()
    assert (throttle.limit, throttle.window) == (3, 60)


def test_the_test_clients_own_login_is_not_refused(world, client):
    # Client.login() authenticates without a request: nobody to lock, the check stands aside.
    assert client.login(username="gaoxing", password=PASSWORD)


def test_the_production_settings_lock_throttle_and_expire(tmp_path):
    names = ["AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME", "AXES_LOCKOUT_PARAMETERS", "ANJIAN_PASSWORD_DAYS"]
    names += ["ANJIAN_PASSWORD_WARN_DAYS", "REST_FRAMEWORK", "PASSWORD_HASHERS"]
    production = settings_of(environment(tmp_path, **PRODUCTION), *names)
    assert production["AXES_FAILURE_LIMIT"] == 5 and production["AXES_COOLOFF_TIME"] * 60 == 30
    assert production["AXES_LOCKOUT_PARAMETERS"] == ["username"]  # never the address alone
    assert (production["ANJIAN_PASSWORD_DAYS"], production["ANJIAN_PASSWORD_WARN_DAYS"]) == (180, 14)
    assert production["REST_FRAMEWORK"]["DEFAULT_THROTTLE_RATES"]["sign_in"] == "20/15m"
    assert production["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")
    demo = settings_of(environment(tmp_path, **PRODUCTION, ANJIAN_DEMO="1"), "ANJIAN_PASSWORD_DAYS")
    assert demo["ANJIAN_PASSWORD_DAYS"] == 0  # the documented demo password does not expire
