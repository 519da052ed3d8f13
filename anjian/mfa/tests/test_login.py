"""Two-factor sign-in on the web (等保 2.0 身份鉴别): enrolment with a QR code and a first code, the code step after
the password that every page leads to, wrong codes refused and throttled, recovery codes used once, and the role
setting deciding who is asked."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken

from anjian.core.models import SecurityEvent
from anjian.core.testing import PASSWORD, make_user
from anjian.mfa import rules
from anjian.mfa.checks import known_roles
from anjian.mfa.models import SealedTOTPDevice
from anjian.org.choices import Role

from .helpers import code_for, enrolled, signed_in

pytestmark = pytest.mark.django_db
VERIFY = "/account/2fa/verify/"
ENROL = "/account/2fa/enrol/"


def details(**filters) -> list[str]:
    return list(SecurityEvent.objects.filter(kind="2fa", **filters).order_by("id").values_list("detail", flat=True))


def test_enrolment_shows_a_qr_code_and_is_confirmed_by_a_first_code(world, two_factor, clock):
    client = signed_in("county")
    assert client.get("/hazards/")["Location"] == VERIFY + "?next=%2Fhazards%2F"
    assert client.get(VERIFY + "?next=/hazards/")["Location"] == ENROL + "?next=%2Fhazards%2F"
    page = client.get(ENROL + "?next=/hazards/")
    device = SealedTOTPDevice.objects.get(user=world.users["county"])
    assert page.status_code == 200 and not device.confirmed
    html = page.content.decode()
    assert "<svg" in html and "<img" not in html and "http" not in html.split("<svg", 1)[1].split("</svg>")[0]
    secret = page.context["secret"]
    assert secret.replace(" ", "") in device.config_url and secret in html
    assert client.get(ENROL).context["secret"] == secret  # a reload keeps the key the phone may have scanned

    refused = client.post(ENROL, {"code": "000000", "next": "/hazards/"})
    assert refused.status_code == 400 and "验证码错误" in refused.content.decode()
    clock.step()
    done = client.post(ENROL, {"code": code_for(device), "next": "/hazards/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 == len(set(codes)) and all(c in done.content.decode() for c in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/hazards/").status_code == 200  # the session carries the second factor now
    assert client.get(ENROL)["Location"] == "/"  # enrolled: nothing to set up again
    assert details() == [
        "enrolment: wrong code",
        "enrolled: authenticator confirmed",
        "recovery codes issued: 10",
    ]


def test_every_page_leads_to_the_code_step_until_the_code_is_given(world, two_factor, clock):
    device, _ = enrolled(world.users["county"])
    client = signed_in("county")
    for path in ("/", "/hazards/", "/org/me/", "/account/2fa/", "/account/tokens/", "/admin/"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer["Location"].startswith(VERIFY), path
    htmx = client.get("/hazards/", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"].startswith(VERIFY)
    assert client.post("/hazards/")["Location"] == VERIFY  # no way round by posting

    page = client.get(VERIFY + "?next=/hazards/")
    assert page.status_code == 200 and "main-nav" not in page.content.decode()  # half signed in: no menu
    wrong = client.post(VERIFY, {"code": "123456", "next": "/hazards/"})
    assert wrong.status_code == 400 and "验证码错误" in wrong.content.decode()
    clock.step()
    right = client.post(VERIFY, {"code": code_for(device), "next": "/hazards/"})
    assert right.status_code == 302 and right["Location"] == "/hazards/"
    assert client.get("/hazards/").status_code == 200
    assert client.get(VERIFY)["Location"] == "/"
    assert client.get(VERIFY + "?next=https://evil.example/")["Location"] == "/"  # no open redirect
    failed, accepted = SecurityEvent.objects.filter(kind="2fa", username="county").order_by("id")[1:]
    assert (failed.success, failed.detail, accepted.success) == (False, "web: wrong code", True)


def test_logout_always_works_before_the_code(world, two_factor):
    enrolled(world.users["county"])
    client = signed_in("county")
    assert client.post("/logout/")["Location"] == "/login/"
    assert client.get("/hazards/")["Location"].startswith("/login/")


def test_a_code_is_taken_once_and_wrong_codes_are_throttled(world, two_factor, clock):
    device, _ = enrolled(world.users["county"])
    code = code_for(device)
    first = signed_in("county")
    assert first.post(VERIFY, {"code": code})["Location"] == "/"
    again = signed_in("county")
    assert again.post(VERIFY, {"code": code}).status_code == 400  # the same code cannot be replayed
    clock.step()
    assert "验证码错误。" in again.post(VERIFY, {"code": "000000"}).content.decode()  # the second wrong code
    locked = again.post(VERIFY, {"code": code_for(device)})  # right, but within 2 s of the second wrong one
    assert locked.status_code == 400 and "错误次数过多" in locked.content.decode()
    clock.step(2)
    assert again.post(VERIFY, {"code": code_for(device)})["Location"] == "/"


def test_a_recovery_code_signs_in_once_and_only_once(world, two_factor, clock):
    _, codes = enrolled(world.users["county"])
    client = signed_in("county")
    used = client.post(VERIFY, {"code": codes[3].upper()[:4] + "-" + codes[3][4:], "next": "/hazards/"}, follow=True)
    assert used.redirect_chain[-1][0] == "/hazards/" and "还剩 9 个" in used.content.decode()
    assert StaticToken.objects.filter(device__user=world.users["county"]).count() == 9
    assert details()[-1] == "web: recovery code used, 9 left"
    client.post("/logout/")
    clock.step(60)
    other = signed_in("county")
    assert other.post(VERIFY, {"code": codes[3]}).status_code == 400
    assert details()[-1] == "web: wrong recovery code"
    clock.step(60)
    assert other.post(VERIFY, {"code": codes[4]})["Location"] == "/"


@pytest.mark.parametrize("username", ["county", "leader", "yingji", "gaoxing", "grid1", "qiye1", "expert1"])
def test_the_role_setting_decides_who_is_asked(world, settings, username):
    user = world.users[username]
    own = next(iter(user.roles()))
    settings.ANJIAN_2FA_ROLES = [own]
    assert rules.required(user)
    assert signed_in(username).get("/")["Location"].startswith(VERIFY)
    settings.ANJIAN_2FA_ROLES = [r for r in Role.values if r != own] + ["superuser"]
    assert not rules.required(user)
    assert signed_in(username).get("/").status_code == 200
    settings.ANJIAN_2FA_ROLES = []
    assert not rules.required(user)


def test_superusers_are_asked_when_the_setting_names_them(world, settings):
    admin = make_user("root", Role.SYSTEM_ADMIN)
    admin.is_superuser = True
    admin.save()
    settings.ANJIAN_2FA_ROLES = ["superuser"]
    assert rules.required(admin) and not rules.required(world.users["county"])
    settings.ANJIAN_2FA_ROLES = ["county_office"]
    assert not rules.required(admin)


def test_the_tests_and_the_demo_run_without_the_requirement(world, settings):
    assert settings.ANJIAN_2FA_ROLES == []
    assert signed_in("county").get("/").status_code == 200
    settings.DEMO = True
    note = "演示用户登录无需双因素认证"
    assert note in Client().get("/login/").content.decode()
    settings.DEMO = False
    assert note not in Client().get("/login/").content.decode()


def test_a_misspelt_role_in_the_setting_is_reported(settings):
    settings.ANJIAN_2FA_ROLES = ["superuser", "county_ofice"]
    assert [w.id for w in known_roles(None)] == ["mfa.W001"]
    settings.ANJIAN_2FA_ROLES = ["superuser", "county_office", "security_admin"]
    assert known_roles(None) == []


def test_the_password_step_is_still_the_first(world, two_factor):
    enrolled(world.users["county"])
    client = Client()
    client.post("/login/", {"username": "county", "password": PASSWORD + "x"})
    assert client.get(VERIFY)["Location"].startswith("/login/")
