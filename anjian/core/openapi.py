"""The OpenAPI schema documents every answer an operation can give, not only its success.

A drf-spectacular postprocessing hook adds, where an operation does not declare them itself: 400 (messages
keyed by field, see core/api.exception_handler) to every write and to every read with query parameters, 401
and 403 where it needs a signed-in user, 404 where it names a record in its path, pages a list or takes a
format, 415 where it takes a body. Every /api/ answer is JSON, the 404 of an unknown address included
(core/views.page_not_found).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "Why the request was refused.",
}
VALIDATION_ERROR = {
    "type": "object",
    "additionalProperties": {},
    "description": "Messages keyed by field (non_field_errors for the request as a whole); nested fields nest.",
}
METHODS = {"get", "put", "post", "patch", "delete"}


def _json(ref: str, description) -> dict[str, Any]:
    return {"description": str(description), "content": {"application/json": {"schema": {"$ref": ref}}}}


def _answers(method: str, operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The error answers this operation can give."""
    parameters = operation.get("parameters", [])
    query = {p.get("name") for p in parameters if p.get("in") == "query"}
    answers = {}
    if method != "get" or query:  # a write may be refused (e.g. a record still in use), a filter may be wrong
        answers["400"] = _json("#/components/schemas/ValidationError", _("Invalid input: messages keyed by field."))
    if operation.get("security"):
        answers["401"] = _json("#/components/schemas/Error", _("Not signed in (no or an unknown token)."))
        answers["403"] = _json("#/components/schemas/Error", _("Your role may not do this here."))
    if any(p.get("in") == "path" for p in parameters) or query & {"page", "format"}:
        answers["404"] = _json("#/components/schemas/Error", _("No such record (or page) within your jurisdiction."))
    if operation.get("requestBody"):
        answers["415"] = _json("#/components/schemas/Error", _("The body is not in a media type the operation takes."))
    return answers


def document_error_responses(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular postprocessing hook (settings.SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method in METHODS:
                responses = operation.setdefault("responses", {})
                for status, answer in _answers(method, operation).items():
                    responses.setdefault(status, answer)
    return result
