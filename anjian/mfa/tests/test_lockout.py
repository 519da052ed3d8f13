"""Wrong second-factor codes are failed sign-ins (等保 2.0 登录失败处理): they count with wrong passwords toward the
account's lock (five lock it for 30 minutes), on the code step and the token endpoint alike; the password alone
does not clear the count, the right code does; while locked even the right code is refused and the session that
gave it ends; each is a `login_failed` event of the security log and the lock one `locked_out`."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from rest_framework.test import APIClient

from anjian.core.models import SecurityEvent
from anjian.core.testing import PASSWORD

from .helpers import code_for, enrolled

pytestmark = pytest.mark.django_db

TEN = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)  # 10:00 in Asia/Shanghai
VERIFY, TOKEN = "/account/2fa/verify/", "/api/v1/auth/token/"


@pytest.fixture
def at(time_machine):
    """Frozen time: `at(minutes, seconds)` after 10:00."""

    def move(minutes: int = 0, seconds: int = 0) -> None:
        time_machine.move_to(TEN + dt.timedelta(minutes=minutes, seconds=seconds), tick=False)

    move()
    return move


def sign_in(client: Client, password: str = PASSWORD):
    return client.post("/login/", {"username": "county", "password": password})


def obtain(api: APIClient, password: str = PASSWORD, **extra):
    return api.post(TOKEN, {"username": "county", "password": password, **extra}, format="json")


def failures(**filters) -> list[str]:
    rows = SecurityEvent.objects.filter(kind="login_failed", username="county", **filters).order_by("id")
    return list(rows.values_list("detail", flat=True))


def test_five_wrong_codes_lock_the_account_on_the_web(world, two_factor, at):
    device, codes = enrolled(world.users["county"])
    client = Client(REMOTE_ADDR="10.1.1.1")
    assert sign_in(client, "wrong").status_code == 200  # 1: a wrong password
    assert sign_in(client)["Location"] == "/"  # the password alone does not clear the count
    for n in (2, 3):
        at(minutes=n)  # past django-otp's own wait
        assert client.post(VERIFY, {"code": "000000"}).status_code == 400
    at(minutes=4)
    other = Client(REMOTE_ADDR="10.1.1.2")
    assert sign_in(other)["Location"] == "/"  # signing in again with the password does not clear it either
    assert client.post(VERIFY, {"code": codes[0][::-1]}).status_code == 400  # 4: a wrong recovery code
    at(minutes=5)
    fifth = client.post(VERIFY, {"code": "000000"})
    text = fifth.content.decode()
    assert fifth.status_code == 429 and "账号已锁定" in text and "10:35" in text
    assert "_auth_user_id" not in client.session  # the session that gave the codes has ended
    assert client.get("/hazards/")["Location"].startswith("/login/")

    at(minutes=6)
    refused = other.post(VERIFY, {"code": code_for(device)})  # the right code, while locked
    assert refused.status_code == 429 and "10:35" in refused.content.decode()
    assert "_auth_user_id" not in other.session
    assert other.post(VERIFY, {"code": codes[1]}).status_code == 302  # signed out: to the sign-in page
    assert sign_in(Client(REMOTE_ADDR="10.1.1.3")).status_code == 429  # the password is refused too
    assert failures() == [
        "",
        "second factor · web: wrong code",
        "second factor · web: wrong code",
        "second factor · web: wrong recovery code",
        "second factor · web: wrong code",
        "refused: account locked",
        "refused: account locked",
    ]
    locked = SecurityEvent.objects.get(kind="locked_out", username="county")
    assert (locked.username, locked.address) == ("county", "10.1.1.1")
    posted = "".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "code=" in posted and "000000" not in posted and codes[0][::-1] not in posted  # no code kept, even wrong

    at(minutes=35, seconds=1)
    again = Client(REMOTE_ADDR="10.1.1.1")
    assert sign_in(again)["Location"] == "/"
    assert again.post(VERIFY, {"code": code_for(device)})["Location"] == "/"
    assert again.get("/hazards/").status_code == 200
    assert SecurityEvent.objects.filter(kind="locked_out", username="county").count() == 1


def test_the_right_code_clears_the_count(world, two_factor, at):
    device, _ = enrolled(world.users["county"])
    client = Client()
    sign_in(client)
    for n in range(4):
        at(minutes=n)
        assert client.post(VERIFY, {"code": "000000"}).status_code == 400
    at(minutes=5)
    assert client.post(VERIFY, {"code": code_for(device)})["Location"] == "/"
    client.post("/logout/")
    sign_in(client)
    for n in range(4):
        at(minutes=6 + n)
        assert client.post(VERIFY, {"code": "000000"}).status_code == 400  # four again: not locked
    # (this user's: on PostgreSQL the production server's test writes its refusals into the test database)
    assert not SecurityEvent.objects.filter(kind="locked_out", username="county").exists()


def test_five_wrong_codes_lock_the_account_on_the_token_endpoint(world, two_factor, at):
    device, codes = enrolled(world.users["county"])
    api = APIClient(REMOTE_ADDR="10.1.1.2")
    for n in range(4):
        at(minutes=n)
        assert obtain(api, otp="000000").json() == {"otp": ["验证码错误或已过期。"]}
    at(minutes=4)
    fifth = obtain(api, otp="000000")
    assert fifth.status_code == 429 and "账号已锁定" in fifth.json()["detail"] and "10:34" in fifth.json()["detail"]
    assert int(fifth["Retry-After"]) == 30 * 60 + 1
    at(minutes=5)
    assert obtain(api, otp=code_for(device)).status_code == 429  # the right password and code, while locked
    assert obtain(api, otp=codes[0]).status_code == 429
    assert sign_in(Client()).status_code == 429  # one lock for the web and the API
    assert failures()[:5] == ["second factor · api: wrong code"] * 5
    assert SecurityEvent.objects.filter(kind="locked_out", username="county").count() == 1
    at(minutes=35)
    assert obtain(api, otp=code_for(device)).status_code == 200


def test_a_fresh_code_on_the_account_page_counts_too(world, two_factor, at):
    device, _ = enrolled(world.users["county"])
    client = Client()
    sign_in(client)
    client.post(VERIFY, {"code": code_for(device)})
    for n in range(1, 5):
        at(minutes=n)
        assert client.post("/account/2fa/recovery-codes/", {"recovery-code": "000000"}).status_code == 400
    at(minutes=5)
    locked = client.post("/account/2fa/reset/", {"reset-code": "000000"})
    assert locked.status_code == 429 and "账号已锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert sign_in(Client()).status_code == 429
