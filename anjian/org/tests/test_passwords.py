"""The password policy (等保 2.0 口令复杂度和定期更换): each refusal with its Chinese message, a password an
administrator set changed at the first sign-in, expiry with the desk's warning before it, argon2 hashes (an older
hash upgraded on sign-in without counting as a change), and the self-service page with what a change ends."""

from __future__ import annotations

import datetime as dt
import string
from types import SimpleNamespace

import pytest
from django.contrib.auth.password_validation import CommonPasswordValidator, validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from anjian import settings as project_settings
from anjian.core import tokens
from anjian.core.models import ApiToken, SecurityEvent
from anjian.core.testing import PASSWORD
from anjian.org import passwords
from anjian.org.models import User

NEW = "Xingguo-Safe-88"
CHANGE = "/org/me/password/"


def refusals(password: str, username: str = "gaoxing") -> list[str]:
    try:
        validate_password(password, SimpleNamespace(username=username))
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!x", "密码太短，至少需要 10 个字符。"),
        ("abcdefghij12", "密码须至少包含大写字母、小写字母、数字、符号四类中的 3 类。"),
        ("ABCDEFGHIJ!!", "密码须至少包含大写字母、小写字母、数字、符号四类中的 3 类。"),
        ("我的密码是安全生产第一", "密码须至少包含大写字母、小写字母、数字、符号四类中的 3 类。"),
        ("GaoXing#2026", "密码不得包含用户名。"),
        ("Password123", "这个密码太常见了。"),
    ],
)
def test_each_refusal_says_why_in_chinese(password, message):
    assert message in refusals(password)


def test_the_documented_passwords_pass():
    for username in ("county", "gaoxing", "qiye1", "admin"):
        assert refusals(PASSWORD, username) == [] and refusals(NEW, username) == []
    assert refusals("Ab#12345中文字") == []  # Chinese characters count as no class, but as length


COMMON = CommonPasswordValidator().passwords
ALPHABET = string.ascii_letters + string.digits + string.punctuation + " 安监"


def plain_reading(password: str, username: str) -> bool:
    """The rule as written: 10 characters, 3 of capitals, small letters, digits and symbols, not the username
    (of 3 characters or more) in any case, not a common password."""
    classes = sum(
        any(c in group for c in password)
        for group in (string.ascii_uppercase, string.ascii_lowercase, string.digits, string.punctuation + " ")
    )
    contains = len(username) >= 3 and username.lower() in password.lower()
    return len(password) >= 10 and classes >= 3 and not contains and password.lower().strip() not in COMMON


@given(
    prefix=st.text(alphabet=ALPHABET, max_size=14),
    username=st.sampled_from(["gaoxing", "county", "qiye1", "ab"]),
    embed=st.booleans(),
    suffix=st.text(alphabet=ALPHABET, max_size=6),
)
def test_the_validators_agree_with_the_rule_as_written(prefix, username, embed, suffix):
    password = prefix + (username.upper() if embed else "") + suffix
    assert (refusals(password, username) == []) == plain_reading(password, username)


# --- the self-service page -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_change_page_refuses_weak_and_unchanged_passwords_then_changes(world, client_for):
    client = client_for("gaoxing")
    assert "修改密码" in client.get("/").content.decode()  # linked from the user menu
    weak = client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": "abcdefghij12", "new_password2": "abcdefghij12"}
    )
    assert weak.status_code == 400 and "四类中的 3 类" in weak.content.decode()
    same = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD})
    assert same.status_code == 400 and "新密码不能与当前密码相同。" in same.content.decode()
    wrong = client.post(CHANGE, {"old_password": "nope", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 400
    token, key = tokens.issue(world.users["gaoxing"], "sync")
    done = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == "/org/me/"
    user = User.objects.get(username="gaoxing")
    assert user.check_password(NEW)
    assert client.get("/org/me/").status_code == 200  # this session stays signed in
    token.refresh_from_db()
    assert token.revoked_at is not None  # the API tokens end with the old password
    assert SecurityEvent.objects.filter(kind="password", detail="gaoxing").count() == 1


# --- first sign-in --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_account_an_administrator_created_changes_its_password_first(world):
    root = User.objects.create_superuser("root", password=PASSWORD)
    admin = Client()
    admin.force_login(root)
    added = admin.post(
        "/admin/org/user/add/",
        {
            "username": "newclerk",
            "password1": "Temp#Pass-2026",
            "password2": "Temp#Pass-2026",
            "usable_password": "true",
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
        },
    )
    assert added.status_code == 302
    clerk = User.objects.get(username="newclerk")
    assert clerk.must_change_password

    client = Client()
    assert client.post("/login/", {"username": "newclerk", "password": "Temp#Pass-2026"}).status_code == 302
    desk = client.get("/")
    assert desk.status_code == 302 and desk["Location"] == f"{CHANGE}?next=%2F"
    page = client.get(desk["Location"])
    assert page.status_code == 200 and "您的密码由管理员设置" in page.content.decode()
    api = client.get("/api/v1/enterprises/")
    assert api.status_code == 403 and "您的密码由管理员设置" in api.json()["detail"]
    partial = client.get("/hazards/tasks/badge/", HTTP_HX_REQUEST="true")
    assert partial["HX-Redirect"] == CHANGE  # htmx swaps the whole page, not a fragment
    token = client.post("/api/v1/auth/token/", {"username": "newclerk", "password": "Temp#Pass-2026"})
    assert token.status_code == 403 and not ApiToken.objects.filter(user=clerk).exists()

    changed = client.post(
        CHANGE, {"old_password": "Temp#Pass-2026", "new_password1": NEW, "new_password2": NEW, "next": "/"}
    )
    assert changed.status_code == 302 and changed["Location"] == "/"
    assert client.get("/").status_code == 200
    clerk.refresh_from_db()
    assert not clerk.must_change_password

    reset = admin.post(
        f"/admin/org/user/{clerk.pk}/password/", {"password1": "Reset#Pass-2027", "password2": "Reset#Pass-2027"}
    )
    assert reset.status_code == 302
    clerk.refresh_from_db()
    assert clerk.must_change_password  # a reset is changed at the next sign-in too


# --- expiry ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_password_expires_after_the_configured_days_with_a_warning_before(world, settings, time_machine):
    settings.ANJIAN_PASSWORD_DAYS, settings.ANJIAN_PASSWORD_WARN_DAYS = 180, 14
    start = dt.datetime(2026, 1, 5, 2, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    user = world.users["gaoxing"]
    user.set_password(PASSWORD)
    user.save()
    client = Client()

    def at(days: int) -> None:  # a session lasts two weeks: sign in again on the day
        time_machine.move_to(start + dt.timedelta(days=days), tick=False)
        client.force_login(user)

    at(165)
    assert "password-expiry" not in client.get("/").content.decode()
    at(170)
    desk = client.get("/")
    assert desk.status_code == 200 and "您的密码将在 10 天后过期" in desk.content.decode()
    at(180)
    forced = client.get("/registry/enterprises/")
    assert forced.status_code == 302 and forced["Location"].startswith(CHANGE)
    assert "已使用超过 180 天" in client.get(forced["Location"]).content.decode()
    assert client.post("/api/v1/auth/token/", {"username": "gaoxing", "password": PASSWORD}).status_code == 403

    client.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    desk = client.get("/")
    assert desk.status_code == 200 and "password-expiry" not in desk.content.decode()
    user.refresh_from_db()
    assert user.password_changed_at == start + dt.timedelta(days=180)
    settings.ANJIAN_PASSWORD_DAYS = 0  # never expires
    at(900)
    assert client.get("/").status_code == 200


# --- hashing --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_argon2_is_stored_and_an_older_hash_is_upgraded_without_counting_as_a_change(world, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    fresh = User.objects.create_user("argon", password=NEW)
    assert fresh.password.startswith("argon2$")

    user = world.users["gaoxing"]  # hashed with MD5 by the tests' fast hasher: an old hash
    User.objects.filter(pk=user.pk).update(password=_pbkdf2(PASSWORD))
    user.refresh_from_db()
    changed_at = user.password_changed_at
    token, key = tokens.issue(user, "sync")
    before = SecurityEvent.objects.filter(kind="password").count()
    assert Client().post("/login/", {"username": "gaoxing", "password": PASSWORD}).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$") and user.password_changed_at == changed_at
    token.refresh_from_db()
    assert token.revoked_at is None  # the same password: the tokens stay
    assert SecurityEvent.objects.filter(kind="password").count() == before


def _pbkdf2(raw: str) -> str:
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    return PBKDF2PasswordHasher().encode(raw, "saltsaltsalt", iterations=1000)


# --- rules ----------------------------------------------------------------------------------------------------


def test_change_due_and_days_left_follow_the_dates(settings):
    settings.ANJIAN_PASSWORD_DAYS, settings.ANJIAN_PASSWORD_WARN_DAYS = 90, 7
    set_on = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    person = SimpleNamespace(is_authenticated=True, must_change_password=False, password_changed_at=set_on)
    assert passwords.change_due(person, set_on + dt.timedelta(days=89)) is None
    assert passwords.days_left(person, set_on + dt.timedelta(days=82)) is None
    assert passwords.days_left(person, set_on + dt.timedelta(days=83, hours=1)) == 7
    assert passwords.days_left(person, set_on + dt.timedelta(days=89, hours=23)) == 1
    assert passwords.change_due(person, set_on + dt.timedelta(days=90)) == "expired"
    person.must_change_password = True
    assert passwords.change_due(person, set_on) == "first"
    assert passwords.change_due(SimpleNamespace(is_authenticated=False)) is None
