"""Middleware of our own: Chinese unless the person chose otherwise, the Permissions-Policy header, and a
session renewed by the requests of its user without a database write on each of them.

County offices often run browsers set to English; the web UI should still open in Chinese. So for
pages only the language the user picked (the language cookie set by the switcher) counts, not the
browser's Accept-Language. API clients keep Accept-Language, so an integrator can ask for English.
"""

import time

from django.conf import settings

RENEWED = "anjian_renewed_at"


class PreferChineseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY on every response (django-csp covers the Content-Security-Policy only)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class SessionRenewalMiddleware:
    """Renew a signed-in session's idle expiry when its last renewal is ANJIAN_SESSION_RENEW_SECONDS old.

    Django's SESSION_SAVE_EVERY_REQUEST rewrites the session row on every request (a transaction with a write,
    on every page and API call); renewing once a minute keeps the 30-minute idle expiry within a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        every = settings.ANJIAN_SESSION_RENEW_SECONDS
        session = getattr(request, "session", None)
        if every and session is not None and session.accessed and not session.modified and not session.is_empty():
            now = int(time.time())
            if now - session.get(RENEWED, 0) >= every:
                session[RENEWED] = now  # marks it modified: SessionMiddleware saves it with a new expiry
        return response
