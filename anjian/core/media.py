"""Uploaded files are served by Django, only to people allowed to see what they belong to.

Photos of hazards show names, places and faults; a URL alone must not open them. Apps that own
attachments register a check `(user, attachment) -> bool`; a file is served when one says yes.

Only photos (JPEG, PNG, WebP: re-encoded when stored) are shown in the browser; every other file (PDF, Word,
Excel) is a download named with the extension of its checked type, whatever the uploaded name said. Every
file goes with `X-Content-Type-Options: nosniff` and a Content-Security-Policy that sandboxes it and allows
nothing to load or run, should a browser ever render it as a page.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from rest_framework.authentication import get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .attachments import DOCX, PDF, XLSX
from .models import Attachment
from .tokens import HashedTokenAuthentication

Check = Callable[[object, Attachment], bool]
_checks: list[Check] = []
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


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
        found = HashedTokenAuthentication().authenticate(request)
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
        response = _original(handle, attachment)
    else:
        response = FileResponse(handle, content_type="image/jpeg")  # thumbnails are always JPEG
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    return response


def _original(handle, attachment: Attachment) -> FileResponse:
    """A photo shown; anything else downloaded (a PDF too: browsers' PDF viewers run in the page, and refuse
    to run sandboxed), as the type checked when stored, under its uploaded name with that type's extension."""
    content_type = attachment.content_type or mimetypes.guess_type(attachment.file.name)[0] or ""
    inline = content_type in INLINE_TYPES
    if not inline and content_type not in (PDF, DOCX, XLSX):
        content_type = "application/octet-stream"
    return FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=download_name(attachment))


def download_name(attachment: Attachment) -> str:
    """The uploaded name, its extension made the stored type's: "报告.html" holding a PDF is "报告.pdf"."""
    extension = attachment.extension or ".bin"
    name = attachment.original_name or attachment.sha256[:12]
    if name.lower().endswith(extension):
        return name
    stem, dot, _suffix = name.rpartition(".")
    return f"{stem if dot and stem else name}{extension}"
