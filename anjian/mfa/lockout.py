"""A wrong second-factor code is a failed sign-in (等保 2.0 登录失败处理): it counts toward the account's lock as a
wrong password does (django-axes, core.lockout: the fifth failure locks the account for 30 minutes) and is a
`login_failed` event of the security log; while the account is locked, no code is looked at, the right one neither.

For a person who owes a code, the password alone is half a sign-in: it does not clear the account's failures
(AXES_RESET_ON_SUCCESS), the right code does — otherwise signing in again with the password would wipe the wrong
codes and the lock would never come. The first code at enrolment is not counted: the key is on that very page."""

from __future__ import annotations

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.signals import user_login_failed

from anjian.core import lockout, security_log

from . import rules


def locked_until(user) -> dt.datetime | None:
    return lockout.locked_until(user.get_username())


def failed(user, request, detail: str) -> dt.datetime | None:
    """Tell django-axes and the security log of a wrong code, as Django tells them of a wrong password. Returns the
    end of the lock when this failure locked the account. Without a request (a command) nobody is counted, as in
    core.lockout."""
    if request is None:
        return None
    request.anjian_failure = f"second factor · {detail}"  # the security log's detail (core.security_log)
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
    return locked_until(user) if getattr(request, "axes_locked_out", False) else None


def refused(user, request) -> None:
    """A code given while the account is locked: logged as a password given then is, not counted."""
    security_log.record(
        "login_failed", request=request, username=user.get_username(), success=False, detail="refused: account locked"
    )


def signed_in(user) -> None:
    """The sign-in is complete (password and code): the account's failures are cleared, as django-axes clears them
    after the password of a person who owes no code."""
    if getattr(settings, "AXES_RESET_ON_SUCCESS", False):
        reset(username=user.get_username())


class SignInHandler(AxesDatabaseHandler):
    """django-axes' database handler (AXES_HANDLER), except that a password alone does not clear the failures of a
    person who still owes the second factor."""

    def user_logged_in(self, sender, request, user, **kwargs):
        if rules.required(user):
            return None
        return super().user_logged_in(sender, request, user, **kwargs)
