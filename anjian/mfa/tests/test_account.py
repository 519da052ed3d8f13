"""The person's own page (new recovery codes, a change of phone, each with a fresh code) and the security
administrator's reset of another person's second factor, each a row of the security log."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from anjian.core.models import SecurityEvent
from anjian.core.testing import make_user
from anjian.org.choices import Role

from .helpers import code_for, enrolled, signed_in

pytestmark = pytest.mark.django_db
VERIFY = "/account/2fa/verify/"


def verified(username: str, device):
    client = signed_in(username)
    assert client.post(VERIFY, {"code": code_for(device)})["Location"] == "/"
    return client


def test_the_account_page_shows_the_device_and_makes_new_recovery_codes_with_a_fresh_code(world, two_factor, clock):
    device, old_codes = enrolled(world.users["county"])
    client = verified("county", device)
    assert "/account/2fa/" in client.get("/org/me/").content.decode()
    page = client.get("/account/2fa/")
    assert page.status_code == 200 and page.context["device"] == device and page.context["left"] == 10
    assert client.post("/account/2fa/recovery-codes/", {"recovery-code": "999999"}).status_code == 400
    clock.step(60)
    fresh = client.post("/account/2fa/recovery-codes/", {"recovery-code": code_for(device)})
    new_codes = fresh.context["codes"]
    assert fresh.status_code == 200 and len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert client.get("/hazards/").status_code == 200
    clock.step(60)
    other = signed_in("county")
    assert other.post(VERIFY, {"code": old_codes[0]}).status_code == 400  # the old codes stopped working
    clock.step(60)
    assert other.post(VERIFY, {"code": new_codes[0]})["Location"] == "/"


def test_a_person_resets_their_own_second_factor_with_a_fresh_code_and_enrols_again(world, two_factor, clock):
    device, codes = enrolled(world.users["county"])
    client = verified("county", device)
    clock.step()
    assert client.post("/account/2fa/reset/", {"reset-code": "abcdefgh"}).status_code == 400
    assert TOTPDevice.objects.filter(user=world.users["county"]).exists()
    clock.step(60)
    answer = client.post("/account/2fa/reset/", {"reset-code": codes[0]})
    assert answer["Location"] == "/account/2fa/enrol/"
    assert not TOTPDevice.objects.filter(user=world.users["county"]).exists()
    assert not StaticDevice.objects.filter(user=world.users["county"]).exists()
    assert client.get("/hazards/")["Location"].startswith(VERIFY)  # the session lost its second factor
    assert "reset by the user" in SecurityEvent.objects.filter(kind="2fa").values_list("detail", flat=True)


def test_the_security_administrator_resets_another_persons_second_factor(world, two_factor, clock):
    device, _ = enrolled(world.users["county"])
    county = verified("county", device)
    security = make_user("anquan", Role.SECURITY_ADMIN)
    admin = signed_in("anquan")  # not a role of the setting: no code asked
    listed = admin.get("/account/2fa/accounts/", {"q": "coun"})
    assert listed.status_code == 200 and [u.username for u in listed.context["page"]] == ["county"]
    assert admin.get("/account/2fa/accounts/", {"q": "nobody"}).context["page"].paginator.count == 0
    answer = admin.post(f"/account/2fa/accounts/{world.users['county'].pk}/reset/")
    assert answer["Location"] == "/account/2fa/accounts/"
    assert not TOTPDevice.objects.filter(user=world.users["county"]).exists()
    event = SecurityEvent.objects.filter(kind="2fa").latest("id")
    assert (event.user, event.detail) == (security, "reset of county by administrator")
    assert county.get("/hazards/", follow=True).redirect_chain[-1][0].startswith("/account/2fa/enrol/")
    assert admin.post(f"/account/2fa/accounts/{security.pk}/reset/").status_code == 404  # not oneself here


def test_nobody_else_resets_another_persons_second_factor(world, two_factor):
    enrolled(world.users["county"])
    town = signed_in("gaoxing")
    assert town.get("/account/2fa/accounts/").status_code == 403
    assert town.post(f"/account/2fa/accounts/{world.users['county'].pk}/reset/").status_code == 403
    assert TOTPDevice.objects.filter(user=world.users["county"]).exists()
    page = town.get("/account/2fa/")
    assert page.status_code == 200 and page.context["device"] is None and not page.context["required"]
