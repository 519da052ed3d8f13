"""Failed sign-ins (等保 2.0 身份鉴别: 登录失败处理): an account is locked after AXES_FAILURE_LIMIT (5) failures for
AXES_COOLOFF_TIME (30 minutes), and an address that failed ANJIAN_SIGN_IN_THROTTLE times (20 in 15 minutes, over
any accounts) is refused for the rest of that window — on the sign-in page, the admin's and the token endpoint.

The lock is django-axes' (its AccessAttempt table, so every server process sees it), per account only: a county
office signs in from one address, so an address is never locked as such — it is throttled, by the failures the
security log already holds (one indexed query, shared by every process, no cache server). The answer says when
to try again, in the page's language; every failure, each lock and each throttled attempt is one security event.
A wrong second-factor code is a failure too (anjian.mfa.lockout).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import wraps

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from . import security_log
from .models import SecurityEvent

DEFAULT_RATE = "20/15m"
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check before the password is even looked at. Without a request (a command, the test client's
    login) there is nobody to lock: the check stands aside. A refusal is marked on the request for the log."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            request.anjian_refused = "locked"
            raise


def locked_until(username: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the account's lock ends (None: not locked). A row's failures count until its last failure plus the
    cool-off, so the lock ends when enough rows have aged out to leave fewer failures than the limit."""
    now = now or timezone.now()
    cool_off = get_cool_off()
    if not username or cool_off is None:
        return None
    rows = AccessAttempt.objects.filter(username=username, attempt_time__gte=now - cool_off).order_by("attempt_time")
    rows = list(rows.values_list("attempt_time", "failures_since_start"))
    remaining, limit = sum(n for _, n in rows), get_failure_limit(None, None)
    for at, failures in rows:
        if remaining < limit:
            break
        remaining -= failures
        if remaining < limit:
            return at + cool_off
    return None


def clock(moment: dt.datetime) -> str:
    """The local time a person reads: 14:35, or 2026-11-27 14:35 when that is not today."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return f"{local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def _after(moment: dt.datetime) -> dt.datetime:
    """Rounded up to the next minute, so that "after 14:35" is true when read as a minute."""
    return (
        moment.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
        if moment.second or moment.microsecond
        else moment
    )


def locked_message(until: dt.datetime | None) -> str:
    if until is None:
        return gettext("Too many failed sign-ins: the account is locked for a while. Try again later.")
    return gettext("Too many failed sign-ins: the account is locked. Try again after %(time)s.") % {
        "time": clock(_after(until))
    }


def throttled_message(until: dt.datetime) -> str:
    return gettext("Too many failed sign-ins from this address. Try again after %(time)s.") % {
        "time": clock(_after(until))
    }


# --- the address throttle -----------------------------------------------------------------------------------


def parse_rate(rate: str) -> tuple[int, int]:
    """ "20/15m" → (20, 900): DRF's rates, with a number of units allowed before the unit."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*", rate)
    if match is None:
        raise ValueError(f"not a rate: {rate!r}")
    return int(match[1]), int(match[2] or 1) * UNITS[match[3]]


class SignInThrottle(BaseThrottle):
    """A DRF throttle (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["sign_in"]) counting the failed sign-ins of the
    caller's address in the security log, whoever's accounts they named; refused ones do not count again."""

    scope = "sign_in"

    def __init__(self) -> None:
        self.limit, self.window = parse_rate(api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or DEFAULT_RATE)
        self.until: dt.datetime | None = None

    def allow_request(self, request, view) -> bool:
        address = security_log.address_of(request)
        if address is None or not getattr(settings, "AXES_ENABLED", True):
            return True
        now = timezone.now()
        recent = SecurityEvent.objects.filter(
            kind="login_failed", address=address, at__gt=now - dt.timedelta(seconds=self.window)
        )
        times = list(recent.order_by("-at").values_list("at", flat=True)[: self.limit])
        if len(times) < self.limit:
            return True
        self.until = times[-1] + dt.timedelta(seconds=self.window)  # when the oldest of them ages out
        return False

    def wait(self) -> float | None:
        return max((self.until - timezone.now()).total_seconds(), 0) if self.until else None


class TooManyFailures(exceptions.APIException):
    """429 with the reason and the time to try again (and Retry-After, in seconds)."""

    status_code = 429
    default_code = "throttled"

    def __init__(self, detail: str, until: dt.datetime | None) -> None:
        super().__init__(detail)
        self.wait = max(int((until - timezone.now()).total_seconds()) + 1, 1) if until else None


# --- answers ------------------------------------------------------------------------------------------------


def _refusal(request, message: str, username: str = ""):
    """The sign-in page again with the reason (429), or JSON under /api/."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "refusal": message, "next": request.POST.get("next", "")}
    return render(request, "core/login.html", context, status=429)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the answer to a sign-in of (or one that just caused) a locked account."""
    username = get_client_username(request, credentials) or ""
    return _refusal(request, locked_message(locked_until(username)), username)


def refuse_throttled(view):
    """A sign-in view (the page, the admin's) answers 429 to a POST from a throttled address, before any
    password is hashed; the attempt is logged as throttled."""

    @wraps(view)
    def check(request, *args, **kwargs):
        throttle = SignInThrottle()
        if request.method == "POST" and not throttle.allow_request(request, None):
            username = str(request.POST.get("username", ""))[:150]
            security_log.record("login_throttled", request=request, username=username, success=False)
            return _refusal(request, throttled_message(throttle.until), username)
        return view(request, *args, **kwargs)

    return check


# --- the security log ---------------------------------------------------------------------------------------


def _locked_out(sender, request=None, username=None, **kwargs) -> None:
    """django-axes says an account is locked: once when the lock starts, not again for each refused attempt."""
    if getattr(request, "anjian_refused", "") == "locked":
        return
    until = locked_until(username or "")
    detail = f"until {timezone.localtime(until):%Y-%m-%d %H:%M}" if until else ""
    security_log.record("locked_out", request=request, username=str(username or "")[:150], success=False, detail=detail)


def connect() -> None:
    user_locked_out.connect(_locked_out, dispatch_uid="anjian-log-locked-out")
