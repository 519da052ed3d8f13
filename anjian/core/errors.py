"""Errors that are neither the user's nor a bug: something the server needs is not installed.

A county server set up without Debian's CJK fonts cannot draw a four-colour map with Chinese labels. That
is a fact about the server, so the answer is 503 with a message that says what to install, on the page and
in the API — never a 500 that hides it, and never a map whose labels are boxes.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class ServerMissing(RuntimeError):
    """Something the server needs is missing; `user_message` says what, for the person who asked."""

    def __init__(self, user_message: str, technical: str = "") -> None:
        super().__init__(technical or user_message)
        self.user_message = user_message


def is_api(request) -> bool:
    return request.path.startswith("/api/")


class ServerMissingMiddleware:
    """Answers a ServerMissing raised by a page view with a 503 page (JSON under /api/)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ServerMissing):
            return None
        if is_api(request):
            return JsonResponse({"detail": exception.user_message}, status=503)
        context = {"message": exception.user_message, "title": _("Not available on this server")}
        return render(request, "503.html", context, status=503)
