"""Per-client limits on the public endpoints and the public form, kept in Django's default cache (no Redis needed;
with several server processes each keeps its own count unless the cache is shared: Redis, with ANJIAN_REDIS_URL).

One budget per client address for sending reports — the web form and the API draw on the same one, so a script
gains nothing by switching — and another for following a report (the tracking lookups and the answers). A client is
its address as core.security_log reads it (X-Forwarded-For only behind a trusted proxy: otherwise a script would
name a new address each time); the cache holds a hash of it, never the address. Mobile networks put many people
behind one address (carrier-grade NAT), so the defaults allow a burst and a day's worth that no honest reporter
reaches: ANJIAN_PUBLIC_REPORT_RATES (default "10/min,100/day") and ANJIAN_PUBLIC_LOOKUP_RATES ("60/min,1000/day")."""

from __future__ import annotations

import hashlib
import math
import os

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from anjian.core.security_log import address_of

DEFAULTS = {"report": "10/min,100/day", "lookup": "60/min,1000/day"}
SETTINGS = {"report": "ANJIAN_PUBLIC_REPORT_RATES", "lookup": "ANJIAN_PUBLIC_LOOKUP_RATES"}


def rates(kind: str) -> list[str]:
    name = SETTINGS[kind]
    text = getattr(settings, name, None) or os.environ.get(name) or DEFAULTS[kind]
    return [r.strip() for r in str(text).split(",") if r.strip()]


class ClientRate(SimpleRateThrottle):
    """One rate ("10/min") of one budget ("report"), counted per client address."""

    def __init__(self, kind: str, rate: str) -> None:
        self.scope, self.rate = kind, rate
        super().__init__()

    def get_cache_key(self, request, view) -> str:
        client = address_of(request) or "unknown"
        ident = hashlib.sha256(f"{settings.SECRET_KEY}:{client}".encode()).hexdigest()[:32]
        return f"anjian:public:{self.scope}:{self.rate}:{ident}"


def throttles(kind: str) -> list[ClientRate]:
    return [ClientRate(kind, rate) for rate in rates(kind)]


def refused_wait(request, kind: str) -> int | None:
    """Count one request of `kind` for the client; the seconds to wait when over a limit (then nothing is counted)."""
    waits = []
    for throttle in throttles(kind):
        if not throttle.allow_request(request, None):
            waits.append(throttle.wait() or throttle.duration)
    return math.ceil(max(waits)) if waits else None


def message(kind: str, wait: float | None) -> str:
    """The refusal in the reporter's words: when to try again (minutes, or hours for a day's budget spent)."""
    minutes = max(1, math.ceil((wait or 60) / 60))
    if minutes > 120:
        when = ngettext("in %(n)d hour", "in %(n)d hours", math.ceil(minutes / 60)) % {"n": math.ceil(minutes / 60)}
    else:
        when = ngettext("in %(n)d minute", "in %(n)d minutes", minutes) % {"n": minutes}
    if kind == "report":
        return _(
            "Too many reports were sent from your connection in a short time. Please try again %(when)s. If it is "
            "urgent, call the work-safety hotline 12350."
        ) % {"when": when}
    return _("Too many requests from your connection. Please try again %(when)s.") % {"when": when}


class TooMany(Throttled):
    """429 with the message in the reporter's language (Chinese by default) and Retry-After."""

    def __init__(self, kind: str, wait: float | None) -> None:
        super().__init__(wait=None, detail=message(kind, wait))
        self.wait = math.ceil(wait) if wait else None
