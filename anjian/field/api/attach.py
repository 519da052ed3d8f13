"""Attaching a photo sent in parts, for the endpoints that take photos (hazards, inspection results): an upload
named by id, the caller's own and complete, checked and stored as a photo sent whole would be."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from anjian.core.idempotency import Conflict

from .. import uploads
from ..models import Upload

MAX_ID = 10**18 - 1
INCOMPLETE = _("The photo has not arrived whole yet: send its remaining parts first.")


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class UploadField(serializers.Field):
    """An upload of the caller's by id (/api/v1/field/uploads/); anyone else's does not exist for them."""

    default_error_messages = {"unknown": _("No upload of yours with this id.")}

    def to_internal_value(self, data: Any) -> Upload:
        pk = serializers.IntegerField(min_value=1, max_value=MAX_ID).run_validation(data)
        upload = Upload.objects.filter(pk=pk, owner=self.context["request"].user).first()
        if upload is None:
            self.fail("unknown")
        return upload

    def to_representation(self, value: Any) -> int:
        return value.pk


class UploadIncompleteSerializer(serializers.Serializer):
    """The 409 answer to an upload attached before its last byte."""

    upload = serializers.ListField(child=serializers.CharField())
    received = serializers.IntegerField(help_text=_("The bytes received so far: resume from here."))


class UploadIncomplete(Conflict):
    """409 {field: [message], "received": N}: N stays a number (an APIException's detail would make it text)."""

    def __init__(self, field: str, received: int) -> None:
        super().__init__()
        self.detail = {field: [str(INCOMPLETE)], "received": received}


def attachment_for_api(upload: Upload, user, field: str = "upload"):
    """The upload as a stored photo; 409 with `received` while incomplete, 400 on `field` if it is no photo."""
    try:
        return uploads.attachment_of(upload, user)
    except uploads.Incomplete as exc:
        raise UploadIncomplete(field, exc.received) from exc
    except DjangoValidationError as exc:
        raise serializers.ValidationError({field: exc.messages}) from exc
