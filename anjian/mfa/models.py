"""django-otp's devices with their secrets kept out of the database's reach (mfa.sealing).

SealedTOTPDevice is django-otp's TOTPDevice with the key moved, sealed, into a table of its own (Django's
multi-table inheritance): django-otp's verification, drift, replay guard and throttling run unchanged, reading the
key through `bin_key`, which opens it only when a code is computed. TOTPDevice.key keeps the word "sealed", which
is not hex: django-otp's own class, reading it, fails loudly instead of computing codes from some other key.

RecoveryDevice is django-otp's StaticDevice whose tokens are keyed hashes of the recovery codes: it compares them in
constant time and uses a matched one up, throttled as django-otp throttles static tokens."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import sealing

SEALED = "sealed"  # TOTPDevice.key of a sealed device


class SealedTOTPDevice(TOTPDevice):
    key_sealed = models.TextField(_("sealed key"), editable=False)
    key: str  # django-otp's CharField, named for mypy, which cannot infer it through django-otp's models

    class Meta:
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    def save(self, *args, **kwargs) -> None:
        if self.key != SEALED:  # a new key (django-otp's default on a new device): sealed before it is written
            self.key_sealed, self.key = sealing.seal_key(self.key), SEALED
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "key", "key_sealed"}
        super().save(*args, **kwargs)

    @property
    def bin_key(self) -> bytes:
        return sealing.open_key(self.key_sealed)


class RecoveryDevice(StaticDevice):
    class Meta:
        proxy = True
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def verify_token(self, token) -> bool:
        """django-otp's StaticDevice.verify_token, with the code's hash compared in constant time."""
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        match = sealing.matching(str(token), self.token_set.all())
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True
