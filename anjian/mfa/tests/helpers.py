"""Helpers of the two-factor tests: the code an app would show, an enrolled account, a password-only sign-in."""

import time

from django.test import Client
from django_otp.oath import TOTP

from anjian.core.testing import PASSWORD
from anjian.mfa import services
from anjian.mfa.models import SealedTOTPDevice


def code_for(device: SealedTOTPDevice) -> str:
    """The code an authenticator app shows now, computed from the device's key."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def enrolled(user) -> tuple[SealedTOTPDevice, list[str]]:
    """A confirmed authenticator and ten recovery codes, as enrolment leaves them."""
    device = SealedTOTPDevice.objects.create(user=user, name=services.TOTP_NAME, confirmed=True)
    return device, services.new_recovery_codes(user)


def signed_in(username: str) -> Client:
    """A browser that passed the password step only."""
    client = Client()
    answer = client.post("/login/", {"username": username, "password": PASSWORD})
    assert answer.status_code == 302, answer.content[:500]
    return client
