"""Throttling of the public contest pages: a fixed window per client address and scope, counted in Django's cache
(no Redis needed: the default in-process cache; with ANJIAN_REDIS_URL, Redis, which shares the counts between server
processes). Past the limit the page answers 429 with a Chinese message and Retry-After, never a 5xx; an htmx
request gets the message alone, to show in place."""

from __future__ import annotations

import functools
import time

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from anjian.core.security_log import address_of

# scope → (requests, seconds): starting (a new participant) is rare, answering frequent, reading in between.
RATES = {
    "contest-start": (10, 600),
    "contest-answer": (120, 60),
    "contest-read": (60, 60),
}


def allowed(request, scope: str) -> tuple[bool, int]:
    """(whether the request may go on, the seconds until the window ends)."""
    limit, period = RATES[scope]
    now = int(time.time())
    window = now // period
    key = f"anjian:throttle:{scope}:{address_of(request) or 'unknown'}:{window}"
    if cache.add(key, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=period + 1)
            count = 1
    return count <= limit, period - now % period


def throttled(scope: str, methods: tuple[str, ...] = ("GET", "POST")):
    """Refuse a client past `scope`'s rate with 429 and a message in Chinese."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                ok, wait = allowed(request, scope)
                if not ok:
                    return too_many(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def too_many(request, wait: int):
    message = _("Too many requests from your network: please wait %(seconds)d seconds and try again.") % {
        "seconds": wait
    }
    template = "contests/_throttled.html" if getattr(request, "htmx", False) else "contests/throttled.html"
    response = render(request, template, {"message": message}, status=429)
    response["Retry-After"] = str(wait)
    return response
