"""How work records and technical inspectors look on the wire: codes for regions and departments, ids for
enterprises. Writes are checked here for types only; who may record for which unit, which fields a kind uses
and the dates' bounds are decided by `worklog.services`."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from anjian.core.api import has_nul
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import restrict
from anjian.org.models import Department, Region
from anjian.registry.models import Enterprise

from ..choices import InspectorKind, WorkKind
from ..models import MAX_PEOPLE, TechnicalInspector, WorkRecord
from ..services import NAME_LIMIT

MAX_ID = 2**63 - 1


def _enum(choices):
    """A ChoiceField whose enum stays inline (shared enum components would collide with other apps' `kind`)."""
    values = [value for value, _label in choices]

    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(choices=choices, **kwargs)

    return extend_schema_field({"allOf": [{"type": "string", "enum": values}]})(Field)


WorkKindField = _enum(WorkKind.choices)
InspectorKindField = _enum(InspectorKind.choices)


class _CodeField(serializers.Field):
    """A region or department written and read as its code; an unknown code is a 400 on the field."""

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
class WorkRegionCodeField(_CodeField):
    """A town, or the county (the county office's own work)."""

    model = Region
    filters = {"level__in": (RegionLevel.COUNTY, RegionLevel.TOWN)}


@extend_schema_field({"type": "string", "example": "360732104000"})
class WorkTownCodeField(_CodeField):
    model = Region
    filters = {"level": RegionLevel.TOWN}


@extend_schema_field({"type": "string", "example": "yingji"})
class WorkDepartmentCodeField(_CodeField):
    model = Department


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class WorkEnterpriseField(serializers.Field):
    """An enterprise by id; outside the caller's jurisdiction it does not exist for them."""

    default_error_messages = {"unknown": _("No enterprise with this id within your jurisdiction.")}

    def to_internal_value(self, data: Any) -> Enterprise:
        pk = serializers.IntegerField(min_value=1, max_value=MAX_ID).run_validation(data)
        found = restrict(self.context["request"].user, Enterprise.objects.filter(pk=pk)).first()
        if found is None:
            self.fail("unknown")
        return found

    def to_representation(self, value: Any) -> int:
        return value.pk


class WorkRecordAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    content_type = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        request = self.context.get("request")
        url = attachment.file.url
        return request.build_absolute_uri(url) if request is not None else url


class WorkRecordSerializer(serializers.ModelSerializer):
    """A piece of the offices' work as read."""

    kind = WorkKindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    region = WorkRegionCodeField(
        read_only=True, help_text=_("The town's code, or the county's for a department or the county office.")
    )
    department = WorkDepartmentCodeField(read_only=True, allow_null=True)
    unit_name = serializers.CharField(read_only=True)
    town = WorkTownCodeField(read_only=True, allow_null=True)
    enterprise = WorkEnterpriseField(read_only=True, allow_null=True)
    attachments = WorkRecordAttachmentSerializer(many=True, read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = WorkRecord
        fields = [
            "id",
            "date",
            "kind",
            "kind_label",
            "title",
            "region",
            "department",
            "unit_name",
            "place",
            "enterprise",
            "town",
            "people",
            "participants",
            "note",
            "attachments",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class WorkRecordWriteSerializer(serializers.Serializer):
    """What a client sends to record (POST) or correct (PATCH) a piece of work."""

    date = serializers.DateField(help_text=_("The day of the work: not in the future, not before 2000."))
    kind = WorkKindField(help_text=_("The kind of work."))
    title = serializers.CharField(max_length=200)
    region = WorkRegionCodeField(
        required=False,
        help_text=_("The town whose work it is, or the county for the county office; your own unit when omitted."),
    )
    department = WorkDepartmentCodeField(
        required=False, allow_null=True, help_text=_("The department whose work it is (its code).")
    )
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    enterprise = WorkEnterpriseField(
        required=False, allow_null=True, help_text=_("A briefing's enterprise visited (its registry id).")
    )
    town = WorkTownCodeField(required=False, allow_null=True, help_text=_("The town guided or admonished (its code)."))
    people = serializers.IntegerField(
        min_value=0,
        max_value=MAX_PEOPLE,
        required=False,
        allow_null=True,
        help_text=_("人次 trained, or persons held accountable; required for those two kinds."),
    )
    participants = serializers.CharField(max_length=COMMENT_MAX_LENGTH, required=False, allow_blank=True)
    note = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)


class TechnicalInspectorSerializer(serializers.ModelSerializer):
    """A technical inspector on the roster, as read."""

    kind = InspectorKindField(read_only=True)
    region = WorkRegionCodeField(read_only=True)
    department = WorkDepartmentCodeField(read_only=True, allow_null=True)
    unit_name = serializers.CharField(read_only=True)
    serving = serializers.BooleanField(read_only=True)

    class Meta:
        model = TechnicalInspector
        fields = ["id", "name", "kind", "region", "department", "unit_name", "since", "until", "serving"]
        read_only_fields = fields


class TechnicalInspectorWriteSerializer(serializers.Serializer):
    """What a client sends to add (POST) or correct and end (PATCH `until`) a roster entry."""

    name = serializers.CharField(max_length=NAME_LIMIT)
    kind = InspectorKindField(help_text=_("Full-time or part-time."))
    region = WorkTownCodeField(required=False, help_text=_("The town the inspector serves (its code)."))
    department = WorkDepartmentCodeField(
        required=False, allow_null=True, help_text=_("The department the inspector serves (its code).")
    )
    since = serializers.DateField(help_text=_("The first day of service."))
    until = serializers.DateField(
        required=False, allow_null=True, help_text=_("The last day of service; empty while serving.")
    )
