"""Shared REST API pieces: pagination, the error format (field-level JSON, never a 500 for bad input),
parsers that refuse control characters in any text sent, code-keyed filters that refuse text PostgreSQL
cannot store, and a renderer for file downloads."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response

from anjian.core import freshness
from anjian.core.errors import ServerMissing
from anjian.core.validators import CONTROL_CHARACTERS_MESSAGE, control_character_fields


class KeptListMixin:
    """A viewset whose JSON list is kept (core.freshness.kept) per user, address and language, and reused while
    the tables it read are unwritten: integrators poll the big lists with the same query again and again."""

    def list(self, request, *args, **kwargs) -> Response:
        parent = super()
        if getattr(request.accepted_renderer, "format", "json") != "json":
            return parent.list(request, *args, **kwargs)  # type: ignore[misc]
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()  # the pages' links name the host
        view = f"{type(self).__module__}.{type(self).__qualname__}"
        name = f"api:{view}:{request.user.pk}:{get_language()}:{timezone.localdate().isoformat()}:{address}"
        data = freshness.kept(name, lambda: parent.list(request, *args, **kwargs).data, freshness.JURISDICTION)  # type: ignore[misc]
        return Response(data)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def django_error_dict(exc: DjangoValidationError, renames: dict[str, str] | None = None) -> dict[str, list[str]]:
    """A Django ValidationError as {field: [messages]}, with model field names renamed to API names."""
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": [str(m) for m in exc.messages]}
    result: dict[str, list[str]] = {}
    for field, messages in exc.message_dict.items():
        key = "non_field_errors" if field == "__all__" else (renames or {}).get(field, field)
        result.setdefault(key, []).extend(str(m) for m in messages)
    return result


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn model validation, integrity and data errors into 400 answers keyed by field."""
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(detail=django_error_dict(exc))
    elif isinstance(exc, IntegrityError):
        exc = ValidationError(detail={"non_field_errors": [_("This record conflicts with an existing one.")]})
    elif isinstance(exc, ServerMissing):
        return Response({"detail": exc.user_message}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
    elif isinstance(exc, DataError):
        # The database refused a value (too long, out of range, NUL byte): the input is at fault.
        exc = ValidationError(detail={"non_field_errors": [_("A value is not acceptable to the database.")]})
    # Imported here: rest_framework.views reads DEFAULT_PARSER_CLASSES, which names this module's parsers,
    # so importing it at the top makes a circular import whenever this module is imported first.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == status.HTTP_404_NOT_FOUND and isinstance(response.data, dict):
        response.data.setdefault("detail", _("Not found."))
    if response is not None and response.status_code == status.HTTP_400_BAD_REQUEST and isinstance(response.data, list):
        response.data = {"non_field_errors": response.data}  # a 400 is always keyed by field
    return response


class _RefuseControlCharacters:
    """After parsing, refuse the request (400, by field) when any text in it holds a control character:
    one check for every field of every serializer, nested lists and JSON values included."""

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)  # type: ignore[misc]
        fields = control_character_fields(getattr(parsed, "data", parsed))
        if fields:
            raise ValidationError({field or "non_field_errors": [CONTROL_CHARACTERS_MESSAGE] for field in fields})
        return parsed


class JSONParser(_RefuseControlCharacters, parsers.JSONParser):
    pass


class FormParser(_RefuseControlCharacters, parsers.FormParser):
    pass


class MultiPartParser(_RefuseControlCharacters, parsers.MultiPartParser):
    pass


def file_response(content: bytes, media_type: str, filename: str) -> HttpResponse:
    """Bytes as a download named `filename` (Chinese names too: RFC 6266's filename*)."""
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def has_nul(value: object) -> bool:
    """PostgreSQL text cannot hold NUL; such input must be refused before it reaches a query."""
    return isinstance(value, str) and "\x00" in value


class _NulSafeChoiceField(django_filters.fields.ModelChoiceField):
    def to_python(self, value):
        if has_nul(value):
            raise DjangoValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class _NulSafeMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    def clean(self, value):
        if isinstance(value, list | tuple) and any(has_nul(v) for v in value):
            raise DjangoValidationError(self.error_messages["invalid_list"], code="invalid_list")
        return super().clean(value)


class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter on a related record given by its code; an unknown code is a 400, not an empty list."""

    field_class = _NulSafeChoiceField


class CodeMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """Like CodeChoiceFilter; repeat the parameter to match any of several codes."""

    field_class = _NulSafeMultipleChoiceField

    def get_filter_predicate(self, v):
        return {self.field_name: v}  # the record itself, not its code: no join needed


class FileRenderer(BaseRenderer):
    """Passes file bytes through; errors on a file endpoint are still rendered as JSON."""

    media_type = "application/octet-stream"
    format = "bin"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None) -> bytes:
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return json.dumps(data, ensure_ascii=False, default=str).encode()


class PdfRenderer(FileRenderer):
    media_type = "application/pdf"
    format = "pdf"


class XlsxRenderer(FileRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
