"""Until a person who must give a second factor has given it, every page leads to the code step (or to enrolment,
the code step sends them on), the API answers 403 to their session, and only logout, the language switch and the
code step itself stay open. An API call with a token is the token's business (the token was issued with a code)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django_htmx.http import HttpResponseClientRedirect

from . import rules

OPEN_PREFIXES = ("/i18n/", "/jsi18n/")
OPEN_NAMES = ("logout", "mfa:verify", "mfa:enrol", "api-token")  # api-token: it asks for the code itself


def owes_code(request) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)  # installed by django-otp's OTPMiddleware
    return not (is_verified and is_verified()) and rules.required(user)


def _open(request) -> bool:
    path = request.path
    static = f"/{settings.STATIC_URL.strip('/')}/"
    return path.startswith((*OPEN_PREFIXES, static)) or path in {reverse(name) for name in OPEN_NAMES}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if rules.required_roles() and not _open(request) and owes_code(request):
            return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request):
        if request.path.startswith("/api/"):
            if request.META.get("HTTP_AUTHORIZATION"):
                return self.get_response(request)  # a token authenticates the call, not the session
            message = gettext(
                "Two-factor authentication is required: finish signing in with your code on the web page first."
            )
            return JsonResponse({"detail": message}, status=403)
        url = reverse("mfa:verify")
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)
