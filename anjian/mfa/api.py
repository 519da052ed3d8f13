"""The second factor on the token endpoint (POST /api/v1/auth/token/): a person who signs in with a code on the
web gives it here too, in the field `otp` (the authenticator's six digits or a recovery code). A wrong code counts
toward the account's lock as a wrong password does (mfa.lockout): the one that locks it answers 429, as the lock."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from rest_framework import serializers

from anjian.core.lockout import TooManyFailures, locked_message

from . import rules, services


def check_token_otp(user, otp: str | None, request=None) -> None:
    """Nothing when `user` needs no code or gave a right one; otherwise a 400 on the field `otp`, or 429 when the
    account is locked."""
    if not rules.required(user):
        return
    if services.totp_device(user) is None:
        message = gettext("This account must set up two-factor authentication: sign in on the web page first.")
    elif not services.normalise(otp):
        message = gettext(
            "This account signs in with two-factor authentication: give the code of your authenticator app or a recovery code."
        )
    else:
        outcome = services.check(user, otp, request=request, via="api")
        if outcome.ok:
            return
        if outcome.account_locked_until is not None:
            raise TooManyFailures(locked_message(outcome.account_locked_until), outcome.account_locked_until)
        if outcome.locked_until is not None:
            when = timezone.localtime(outcome.locked_until).strftime("%H:%M:%S")
            message = gettext("Too many wrong codes: try again after %(time)s.") % {"time": when}
        else:
            message = gettext("Wrong or expired code.")
    raise serializers.ValidationError({"otp": [message]})
