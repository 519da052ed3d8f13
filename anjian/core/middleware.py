"""Middleware of our own: Chinese unless the person chose otherwise, and the Permissions-Policy header.

County offices often run browsers set to English; the web UI should still open in Chinese. So for
pages only the language the user picked (the language cookie set by the switcher) counts, not the
browser's Accept-Language. API clients keep Accept-Language, so an integrator can ask for English.
"""

from django.conf import settings


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
