"""The password policy (等保 2.0 身份鉴别: 口令具有复杂度要求并定期更换).

- Strength, checked by Django's password validation wherever a password is set through a form
  (settings.AUTH_PASSWORD_VALIDATORS): at least 10 characters, three of the four classes (capital letters,
  small letters, digits, symbols), not containing the username, not a common password.
- A password an administrator set (a new account, a reset) is changed by its owner at the next sign-in.
- Every password is changed again ANJIAN_PASSWORD_DAYS (180) days after it was set; the desk warns
  ANJIAN_PASSWORD_WARN_DAYS (14) days before. 0 days: passwords never expire.
Until the change is made, `PasswordChangeMiddleware` sends the person's pages to the change page and answers
their session's API calls 403.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django_htmx.http import HttpResponseClientRedirect

MIN_LENGTH = 10
MIN_CLASSES = 3
MIN_USERNAME = 3  # a username shorter than this is not looked for inside the password


# --- strength -----------------------------------------------------------------------------------------------


def character_classes(password: str) -> int:
    """How many of capital letters, small letters, digits and symbols (any other character that is neither a
    letter nor a digit, the space included) the password holds. A Chinese character is none of the four."""
    return sum(
        (
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class LengthValidator(MinimumLengthValidator):
    """Django's, with a message of our own catalogue (Django 5.2's Chinese lacks its new wording)."""

    def __init__(self, min_length: int = MIN_LENGTH) -> None:
        super().__init__(min_length)

    def get_error_message(self) -> str:
        return gettext("The password is too short: it needs at least %(count)d characters.") % {
            "count": self.min_length
        }

    def get_help_text(self) -> str:
        return gettext("At least %(count)d characters.") % {"count": self.min_length}


class CharacterClassesValidator:
    def __init__(self, min_classes: int = MIN_CLASSES) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return gettext(
            "The password must mix at least %(count)d of these four: capital letters, small letters, digits and symbols."
        ) % {"count": self.min_classes}


class UsernameValidator:
    def validate(self, password: str, user=None) -> None:
        username = (getattr(user, "username", "") or "").lower()
        if len(username) >= MIN_USERNAME and username in password.lower():
            raise ValidationError(self.get_help_text(), code="password_contains_username")

    def get_help_text(self) -> str:
        return gettext("The password must not contain the username.")


# --- first sign-in and expiry -------------------------------------------------------------------------------


def lifetime_days() -> int:
    return int(getattr(settings, "ANJIAN_PASSWORD_DAYS", 180) or 0)


def warning_days() -> int:
    return int(getattr(settings, "ANJIAN_PASSWORD_WARN_DAYS", 14) or 0)


def expires_at(user) -> dt.datetime | None:
    days = lifetime_days()
    if days <= 0 or user.password_changed_at is None:
        return None
    return user.password_changed_at + dt.timedelta(days=days)


def change_due(user, now: dt.datetime | None = None) -> str | None:
    """Why `user` must change the password before anything else: "first" (set by an administrator),
    "expired", or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.must_change_password:
        return "first"
    expiry = expires_at(user)
    if expiry is not None and expiry <= (now or timezone.now()):
        return "expired"
    return None


def days_left(user, now: dt.datetime | None = None) -> int | None:
    """Whole days (rounded up) until the password expires, when that is within the warning period."""
    expiry = expires_at(user)
    if expiry is None:
        return None
    left = (expiry - (now or timezone.now())).total_seconds() / 86400
    return math.ceil(left) if 0 < left <= warning_days() else None


def due_message(reason: str) -> str:
    if reason == "first":
        return gettext("An administrator set your password: choose your own before you go on.")
    return gettext("Your password is more than %(days)d days old: choose a new one before you go on.") % {
        "days": lifetime_days()
    }


def warning_message(days: int) -> str:
    return ngettext(
        "Your password expires in %(days)d day: change it now.",
        "Your password expires in %(days)d days: change it now.",
        days,
    ) % {"days": days}


# --- enforcement --------------------------------------------------------------------------------------------


def _open_paths() -> tuple[str, ...]:
    """What a person due to change the password may still open: the change page, signing out, languages."""
    return (
        reverse("org:password_change"),
        reverse("logout"),
        reverse("set_language"),
        reverse("javascript-catalog"),
        f"/{settings.STATIC_URL.strip('/')}/",
    )


class PasswordChangeMiddleware:
    """Sends a signed-in person whose password must change (first sign-in, expired) to the change page; their
    session's API calls answer 403 with the reason. Token calls are not sessions: tokens are refused at issue."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = change_due(request.user)
        if reason is None or request.path.startswith(_open_paths()):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": due_message(reason)}, status=403)
        target = reverse("org:password_change")
        if request.method == "GET" and not getattr(request, "htmx", False):
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)  # the whole page goes, not a fragment of it
        return HttpResponseRedirect(target)
