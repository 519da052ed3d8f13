"""Uploaded files are served by Django, only to people allowed to see what they belong to.

Photos of hazards show names, places and faults; a URL alone must not open them. Apps that own
attachments register a check `(user, attachment) -> bool`; a file is served when one says yes.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .models import Attachment

Check = Callable[[object, Attachment], bool]
_checks: list[Check] = []


def register_visibility(check: Check) -> None:
    if check not in _checks:
        _checks.append(check)


def may_see(user, attachment: Attachment) -> bool:
    if user.is_superuser or attachment.uploaded_by_id == user.pk:
        return True
    return any(check(user, attachment) for check in _checks)


def _token_user(request):
    """The user of an API token sent with the request (the URLs in API answers are fetched this way), or None."""
    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    return found[0] if found else None


@require_safe
def serve(request, name: str):
    """MEDIA_URL/<name>: the original or the thumbnail of an attachment the user may see, else 404.

    A browser signs in with its session; an API client sends its token, as for the answer that named the file."""
    user = request.user
    if not user.is_authenticated:
        if not get_authorization_header(request):
            return redirect_to_login(request.get_full_path())
        user = _token_user(request)
        if user is None:
            return JsonResponse({"detail": _("Invalid token.")}, status=401)
    attachment = Attachment.objects.filter(Q(file=name) | Q(thumbnail=name)).first()
    if attachment is None or not may_see(user, attachment):
        raise Http404
    original = attachment.file.name == name
    field = attachment.file if original else attachment.thumbnail
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    if original:
        # The type checked when stored (mimetypes may not know .docx or .xlsx); a document keeps its name.
        content_type = attachment.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        inline = content_type.startswith("image/") or content_type == "application/pdf"
        filename = attachment.original_name or None
        response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename)
    else:
        response = FileResponse(handle, content_type=mimetypes.guess_type(name)[0] or "image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
