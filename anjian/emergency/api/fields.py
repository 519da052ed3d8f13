"""Wire fields of the emergency API: regions and departments by their codes, units and plans by their ids (outside
the caller's jurisdiction they do not exist), choices as inline enums. Junk is a 400 on the field."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from anjian.core.api import has_nul
from anjian.org.jurisdiction import restrict
from anjian.org.models import Department, Region, Sector
from anjian.registry.models import Enterprise

from ..models import EmergencyPlan

MAX_ID = 2**63 - 1


def enum(choices):
    """A ChoiceField whose enum stays inline (shared enum components would collide with other apps' `kind`)."""
    values = [value for value, _label in choices]

    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(choices=choices, **kwargs)

    return extend_schema_field({"allOf": [{"type": "string", "enum": values}]})(Field)


class _CodeField(serializers.Field):
    model: type[Model] = Model
    filters: dict = {}
    default_error_messages = {"invalid": _("Give a code as text."), "unknown": _("Unknown code “%(value)s”.")}

    def to_internal_value(self, data: Any) -> Model:
        if isinstance(data, bool) or not isinstance(data, str | int) or has_nul(data):
            self.fail("invalid")
        value = str(data).strip()
        found = self.model._default_manager.filter(code=value, **self.filters).first()
        if found is None:
            self.fail("unknown", value=value[:40])
        return found

    def to_representation(self, value: Any) -> str:
        return value.code


@extend_schema_field({"type": "string", "example": "360732104000"})
class RegionCodeField(_CodeField):
    model = Region


@extend_schema_field({"type": "string", "example": "yingji"})
class DepartmentCodeField(_CodeField):
    model = Department


@extend_schema_field({"type": "string", "example": "fire"})
class SectorCodeField(_CodeField):
    model = Sector


class _IdField(serializers.Field):
    """A record by id; outside the caller's jurisdiction it does not exist for them."""

    model: type[Model] = Model
    default_error_messages = {"unknown": _("No record with this id within your jurisdiction.")}

    def to_internal_value(self, data: Any) -> Model:
        pk = serializers.IntegerField(min_value=1, max_value=MAX_ID).run_validation(data)
        found = restrict(self.context["request"].user, self.model._default_manager.filter(pk=pk)).first()
        if found is None:
            self.fail("unknown")
        return found

    def to_representation(self, value: Any) -> int:
        return value.pk


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class UnitField(_IdField):
    model = Enterprise
    default_error_messages = {"unknown": _("No unit with this id within your jurisdiction.")}


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class PlanField(_IdField):
    model = EmergencyPlan
    default_error_messages = {"unknown": _("No emergency plan with this id within your jurisdiction.")}


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    content_type = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        request = self.context.get("request")
        url = attachment.file.url
        return request.build_absolute_uri(url) if request is not None else url


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("A JPEG, PNG or WebP photo, or a PDF or Word document."))
