"""Keeping scripts out of the public form without a CAPTCHA: a signed time the form was served and a honeypot.

The form carries `started`, the time it was served, signed with the site's key: a submission sent sooner than
ANJIAN_PUBLIC_FORM_MIN_SECONDS (default 3) after it — no person reads, types and chooses a town that fast — or with a
missing, forged or day-old time is refused politely, and the form is served again. The field `website` is hidden from
people (and from screen readers); a script filling every field fills it too, and is refused the same way."""

from __future__ import annotations

import os
import time

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

SALT = "anjian.public.form"
HONEYPOT = "website"
MAX_AGE = 24 * 3600


def min_seconds() -> float:
    value = getattr(settings, "ANJIAN_PUBLIC_FORM_MIN_SECONDS", None)
    if value is None:
        value = os.environ.get("ANJIAN_PUBLIC_FORM_MIN_SECONDS", "3")
    return float(value)


def stamp() -> str:
    return signing.Signer(salt=SALT).sign(f"{time.time():.3f}")


def problem(started: str, honeypot: str) -> str:
    """'' when the submission may go on; otherwise what to tell the person (who then sends the form again)."""
    if honeypot:
        return _("The report could not be accepted. Please reload the page and send it again.")
    try:
        served = float(signing.Signer(salt=SALT).unsign(started or ""))
    except (signing.BadSignature, ValueError):
        return _("The page is out of date. Please check what you wrote and send it again.")
    age = time.time() - served
    if age < min_seconds():
        return _("That was very quick. Please check what you wrote and send it again.")
    if age > MAX_AGE:
        return _("The page is out of date. Please check what you wrote and send it again.")
    return ""
