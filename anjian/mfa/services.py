"""The second factor (等保 2.0 身份鉴别: two or more kinds of authentication): a TOTP device from django-otp,
confirmed with a first code at enrolment, and ten single-use recovery codes (django-otp's static device). Every
enrolment, code given (right or wrong), recovery code used and reset is a row of the security log (kind `2fa`).
The TOTP key is kept sealed and the recovery codes only as keyed hashes (mfa.sealing, mfa.models).

Wrong codes are throttled by django-otp (after n wrong codes in a row the next is refused for 2^(n-1) seconds), on
the authenticator and on the recovery codes alike, and each counts as a failed sign-in toward the account's lock
(mfa.lockout): while the account is locked no code is taken."""

from __future__ import annotations

import datetime as dt
from base64 import b32encode
from dataclasses import dataclass

import django_otp
import segno
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from anjian.core import security_log

from . import lockout, sealing
from .models import RecoveryDevice, SealedTOTPDevice

RECOVERY_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
KIND = "2fa"


@dataclass
class Outcome:
    """What a code given did: the device that took it, whether it was a recovery code; or until when codes are
    refused after too many wrong ones (django-otp's throttle), or until when the account is locked (this code was
    the failure that locked it, or it was locked already)."""

    device: Device | None = None
    recovery: bool = False
    locked_until: dt.datetime | None = None
    account_locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.device is not None


def normalise(code: str | None) -> str:
    """What a person types: spaces and dashes between groups dropped, letters in lower case."""
    return "".join(ch for ch in (code or "") if ch not in " -\t").lower()


def totp_device(user) -> SealedTOTPDevice | None:
    return SealedTOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def pending_device(user) -> SealedTOTPDevice:
    """The device being enrolled: the unconfirmed one kept from an earlier visit, or a new one with a new key."""
    device = SealedTOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or SealedTOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def secret_text(device: SealedTOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app without a camera."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: SealedTOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here (no image service sees the key)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, title="TOTP")


def _log(user, request, detail: str, success: bool = True) -> None:
    security_log.record(KIND, request=request, user=user, username=user.get_username(), success=success, detail=detail)


def _locked_until(device: Device) -> dt.datetime | None:
    allowed, info = device.verify_is_allowed()
    return None if allowed else (info or {}).get("locked_until")


def confirm(user, device: SealedTOTPDevice, code: str, request=None) -> tuple[list[str] | None, dt.datetime | None]:
    """Enrolment's last step: the first code from the app confirms the device. Returns (the new recovery codes,
    None) on success, (None, until when codes are refused) otherwise."""
    with transaction.atomic():
        device = SealedTOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        locked = _locked_until(device)
        if locked is None and device.verify_token(normalise(code)):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            _log(user, request, "enrolled: authenticator confirmed")
            return new_recovery_codes(user, request=request), None
    _log(
        user, request, "enrolment: wrong code" if locked is None else "enrolment: refused, too many wrong codes", False
    )
    return None, locked


def new_recovery_codes(user, request=None) -> list[str]:
    """Ten new single-use recovery codes; the earlier ones stop working. Shown once, never again: only their keyed
    hashes are kept."""
    with transaction.atomic():
        # The device stays (a session verified with a recovery code stays verified); its codes are replaced.
        device = RecoveryDevice.objects.filter(user=user).order_by("pk").first()
        device = device or RecoveryDevice.objects.create(user=user, name=RECOVERY_NAME)
        device.token_set.all().delete()
        codes: list[str] = []
        while len(codes) < RECOVERY_COUNT:
            token = StaticToken.random_token()
            if token not in codes:
                codes.append(token)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=sealing.code_digest(c)) for c in codes)
    _log(user, request, f"recovery codes issued: {RECOVERY_COUNT}")
    return codes


def check(user, code: str | None, request=None, via: str = "web") -> Outcome:
    """A code given after the password: six digits for the authenticator, otherwise a recovery code (used up).
    Refused unseen while the account is locked; a wrong one counts toward the lock (mfa.lockout)."""
    account_locked = lockout.locked_until(user)
    if account_locked is not None:
        _log(user, request, f"{via}: refused, account locked", success=False)
        lockout.refused(user, request)
        return Outcome(account_locked_until=account_locked)
    code = normalise(code)
    totp = code.isdigit() and len(code) in (6, 8)
    model = SealedTOTPDevice if totp else RecoveryDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        locked = _locked_until(device) if device is not None else None
        if device is not None and locked is None and device.verify_token(code):
            what = "code accepted" if totp else f"recovery code used, {recovery_left(user)} left"
            _log(user, request, f"{via}: {what}")
            return Outcome(device=device, recovery=not totp)
    reason = "refused, too many wrong codes" if locked else ("wrong code" if totp else "wrong recovery code")
    _log(user, request, f"{via}: {reason}", success=False)
    if locked:  # not looked at, as django-axes does not count an attempt refused during its lock
        return Outcome(locked_until=locked)
    # A wrong code now: "wrong"; django-otp's throttle shows at the next try, the account's lock at once.
    return Outcome(account_locked_until=lockout.failed(user, request, f"{via}: {reason}"))


def mark_verified(request, device: Device) -> None:
    """The session now carries the second factor (a new session key, as at each change of privilege): the sign-in is
    complete, and clears the account's count of failures."""
    request.session.cycle_key()
    django_otp.login(request, device)
    lockout.signed_in(request.user)


def reset(user, request=None, by=None) -> int:
    """Remove the person's authenticator and recovery codes: at the next request they enrol again. `by`: the
    administrator who did it (None: the person themself)."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    if by is None:
        _log(user, request, "reset by the user")
    else:
        security_log.record(KIND, request=request, user=by, detail=f"reset of {user.get_username()} by administrator")
    return removed
