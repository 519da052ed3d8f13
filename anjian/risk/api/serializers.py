"""How risk records look on the wire: ids for records, codes for choices, names for people.

Writes are checked here for types only; what is allowed (who, which values of the factor tables, raise-only)
is decided by `risk.services` and `risk.major_sources`, never here.
"""

from __future__ import annotations

import math
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from anjian.core.validators import COMMENT_MAX_LENGTH
from anjian.hazards.api.serializers import TEXT_MAX, enum_field
from anjian.hazards.filtersets import MAX_ID
from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise

from ..choices import AccidentType, ControlLevel, MeasureKind, Method, PointKind, RiskLevel, SourceGrade
from ..models import (
    ControlMeasure,
    HazardousSubstance,
    MajorHazardSource,
    RiskAssessment,
    RiskPoint,
    RiskZone,
    SitePlan,
    SubstanceHolding,
)

LevelField = enum_field(RiskLevel.choices, blank=True)
MethodField = enum_field(Method.choices)


def _visible(field: serializers.Field, model: type[Model], data: Any) -> Model:
    """A record by id among those the caller may see; anything else does not exist for them."""
    pk = serializers.IntegerField(min_value=1, max_value=MAX_ID).run_validation(data)
    found = restrict(field.context["request"].user, model.objects.filter(pk=pk)).first()
    if found is None:
        field.fail("unknown")
    return found


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class EnterpriseIdField(serializers.Field):
    default_error_messages = {"unknown": _("No enterprise with this id within your jurisdiction.")}

    def to_internal_value(self, data: Any) -> Enterprise:
        return _visible(self, Enterprise, data)

    def to_representation(self, value: Any) -> int:
        return value.pk


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class RiskPointIdField(serializers.Field):
    default_error_messages = {"unknown": _("No risk point with this id within your jurisdiction.")}

    def to_internal_value(self, data: Any) -> RiskPoint:
        return _visible(self, RiskPoint, data)

    def to_representation(self, value: Any) -> int:
        return value.pk


def _finite(value: float | None) -> None:
    if value is not None and not math.isfinite(value):
        raise serializers.ValidationError(_("Give a number from 0 to 1."))


def _fraction(**kwargs: Any) -> serializers.FloatField:
    return serializers.FloatField(
        min_value=0, max_value=1, required=False, allow_null=True, validators=[_finite], **kwargs
    )


class MeasureSerializer(serializers.ModelSerializer):
    kind = enum_field(MeasureKind.choices)()
    text = serializers.CharField(max_length=TEXT_MAX)

    class Meta:
        model = ControlMeasure
        fields = ["kind", "text"]


class AssessmentSummarySerializer(serializers.ModelSerializer):
    method = MethodField(read_only=True)
    computed_level = LevelField(read_only=True)
    level = LevelField(read_only=True)
    assessed_by = serializers.StringRelatedField(read_only=True, help_text=_("Who assessed (full name or username)."))

    class Meta:
        model = RiskAssessment
        fields = ["id", "method", "score", "computed_level", "level", "assessed_by", "assessed_at"]
        read_only_fields = fields


ACCIDENT_TYPES_SCHEMA = {
    "type": "array",
    "items": {"allOf": [{"type": "string", "enum": list(AccidentType.values)}]},
    "description": "GB 6441 accident categories: " + ", ".join(f"{v} {label}" for v, label in AccidentType.choices),
}


@extend_schema_field(ACCIDENT_TYPES_SCHEMA)
class AccidentTypesField(serializers.ListField):
    """Codes of GB 6441's 20 categories; unknown codes are refused by services.clean_accident_types."""

    child = serializers.CharField(max_length=40)


class RiskPointSerializer(serializers.ModelSerializer):
    enterprise = EnterpriseIdField(help_text=_("The enterprise's registry id; fixed once the point exists."))
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    kind = enum_field(PointKind.choices)()
    accident_types = AccidentTypesField(required=False, max_length=len(AccidentType.values))
    plan_x = _fraction(help_text=_("Position on the site plan, a fraction of its width (0–1)."))
    plan_y = _fraction(help_text=_("Position on the site plan, a fraction of its height (0–1)."))
    control_level = enum_field(ControlLevel.choices, blank=True)(required=False, allow_blank=True)
    level = LevelField(read_only=True, help_text=_("The level of the latest assessment (raised by rule)."))
    measures = MeasureSerializer(many=True, required=False, help_text=_("Replaced as a whole when given."))
    latest_assessment = serializers.SerializerMethodField()

    class Meta:
        model = RiskPoint
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "name",
            "kind",
            "location",
            "post_or_area",
            "hazard_factors",
            "accident_types",
            "plan_x",
            "plan_y",
            "control_level",
            "responsible_person",
            "responsible_phone",
            "emergency_response",
            "emergency_phone",
            "holds_major_hazard_source",
            "meets_major_criterion",
            "level",
            "measures",
            "latest_assessment",
        ]
        extra_kwargs = {
            "hazard_factors": {"max_length": TEXT_MAX},
            "emergency_response": {"max_length": TEXT_MAX},
        }

    def validate_enterprise(self, enterprise: Enterprise) -> Enterprise:
        if self.instance is not None and enterprise.pk != self.instance.enterprise_id:
            raise serializers.ValidationError(_("A risk point stays with its enterprise."))
        return enterprise

    @extend_schema_field(AssessmentSummarySerializer(allow_null=True))
    def get_latest_assessment(self, point: RiskPoint) -> dict | None:
        assessments = getattr(point, "all_assessments", None)  # prefetched by the view, newest first
        if assessments is None:
            assessments = list(point.assessments.select_related("assessed_by")[:1])
        return AssessmentSummarySerializer(assessments[0]).data if assessments else None


class AssessmentSerializer(serializers.ModelSerializer):
    risk_point = RiskPointIdField()
    risk_point_name = serializers.CharField(source="risk_point.name", read_only=True)
    enterprise = serializers.IntegerField(source="risk_point.enterprise_id", read_only=True)
    method = MethodField()
    computed_level = LevelField(read_only=True, help_text=_("The level the score gives, raised by rule."))
    level = LevelField(read_only=True)
    assessed_by = serializers.StringRelatedField(read_only=True, help_text=_("Who assessed (full name or username)."))

    class Meta:
        model = RiskAssessment
        fields = [
            "id",
            "risk_point",
            "risk_point_name",
            "enterprise",
            "method",
            "l",
            "e",
            "c",
            "s",
            "score",
            "computed_level",
            "level",
            "raised_reason",
            "lowered_reason",
            "authority",
            "rule",
            "assessed_by",
            "assessed_at",
        ]
        read_only_fields = fields


def _factor(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=7, decimal_places=2, required=False, allow_null=True, help_text=help_text
    )


class AssessmentCreateSerializer(serializers.Serializer):
    risk_point = RiskPointIdField(help_text=_("The risk point's id."))
    method = MethodField()
    l = _factor(_("LEC: 10, 6, 3, 1, 0.5, 0.2 or 0.1; LS: 1 to 5."))  # noqa: E741
    e = _factor(_("LEC only: 10, 6, 3, 2, 1 or 0.5."))
    c = _factor(_("LEC only: 100, 40, 15, 7, 3 or 1."))
    s = _factor(_("LS only: 1 to 5."))
    level = LevelField(required=False, allow_blank=True, help_text=_("Raise the computed level (never lower it)."))
    raised_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=COMMENT_MAX_LENGTH, help_text=_("Why the level is raised.")
    )
    lowered_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Why the point's level is lowered (required when the result is below its current level)."),
    )


@extend_schema_field({"oneOf": [{"type": "integer", "minimum": 1, "maximum": MAX_ID}, {"type": "string"}]})
class SubstanceField(serializers.Field):
    """A GB 18218 substance by its id or its name."""

    default_error_messages = {
        "unknown": _("Unknown substance “%(value)s”."),
        "invalid": _("Give the substance's id or name."),
    }

    def to_internal_value(self, data: Any) -> HazardousSubstance:
        if isinstance(data, bool) or not isinstance(data, int | str) or (isinstance(data, str) and "\x00" in data):
            self.fail("invalid")
        text = str(data).strip()
        found = None
        if text.isdigit() and int(text) <= MAX_ID:
            found = HazardousSubstance.objects.filter(pk=int(text)).first()
        found = found or HazardousSubstance.objects.filter(name=text).first()
        if found is None:
            self.fail("unknown", value=text[:80])
        return found

    def to_representation(self, value: Any) -> str:
        return value.name


class HoldingSerializer(serializers.ModelSerializer):
    substance = SubstanceField(help_text=_("The substance's id or name (GB 18218-2018 table 1 or 2)."))
    substance_id = serializers.IntegerField(read_only=True)
    critical_quantity = serializers.DecimalField(
        source="substance.critical_quantity", max_digits=10, decimal_places=3, read_only=True
    )
    quantity = serializers.DecimalField(max_digits=12, decimal_places=3, min_value=0)

    class Meta:
        model = SubstanceHolding
        fields = ["substance", "substance_id", "critical_quantity", "quantity"]


class MajorHazardSourceSerializer(serializers.ModelSerializer):
    enterprise = EnterpriseIdField(help_text=_("The enterprise's registry id; fixed once the unit exists."))
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    holdings = HoldingSerializer(many=True, required=False, help_text=_("Replaced as a whole when given."))
    grade = enum_field(SourceGrade.choices, blank=True)(read_only=True)

    class Meta:
        model = MajorHazardSource
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "name",
            "exposed_people",
            "holdings",
            "ratio_sum",
            "identified",
            "r_value",
            "grade",
            "updated_at",
        ]
        read_only_fields = ["ratio_sum", "identified", "r_value", "updated_at"]
        extra_kwargs = {"exposed_people": {"max_value": 10_000_000}}

    def validate_enterprise(self, enterprise: Enterprise) -> Enterprise:
        if self.instance is not None and enterprise.pk != self.instance.enterprise_id:
            raise serializers.ValidationError(_("A unit stays with its enterprise."))
        return enterprise

    def validate_holdings(self, holdings: list[dict]) -> list[dict]:
        names = [h["substance"].pk for h in holdings]
        if len(names) != len(set(names)):
            raise serializers.ValidationError(_("Give each substance once."))
        return holdings


class SubstanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = HazardousSubstance
        fields = ["id", "name", "cas", "category", "critical_quantity", "beta", "source"]


class SitePlanSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True)
    url = serializers.SerializerMethodField(help_text=_("The plan image (a PDF's first page, rasterised)."))
    width = serializers.IntegerField(source="image.width", read_only=True, allow_null=True)
    height = serializers.IntegerField(source="image.height", read_only=True, allow_null=True)
    content_type = serializers.CharField(source="image.content_type", read_only=True)
    original_name = serializers.CharField(source="image.original_name", read_only=True)
    zones = serializers.IntegerField(source="zones.count", read_only=True, help_text=_("How many zones are drawn."))

    class Meta:
        model = SitePlan
        fields = ["enterprise", "url", "width", "height", "content_type", "original_name", "uploaded_at", "zones"]

    def get_url(self, plan: SitePlan) -> str:
        return plan.image.file.url if plan.image.file else ""


class SitePlanUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The site plan: a JPEG, PNG or WebP image or a PDF (first page)."))


POLYGON_SCHEMA = {
    "type": "array",
    "minItems": 3,
    "maxItems": 200,
    "items": {
        "type": "array",
        "minItems": 2,
        "maxItems": 2,
        "items": {"type": "number", "minimum": 0, "maximum": 1},
    },
    "description": "[x, y] fractions of the plan's width and height.",
}


@extend_schema_field(POLYGON_SCHEMA)
class PolygonField(serializers.JSONField):
    def to_internal_value(self, data: Any) -> list:
        from django.core.exceptions import ValidationError as DjangoValidationError

        from anjian.risk.siteplans import validate_polygon

        try:
            return validate_polygon(super().to_internal_value(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class RiskZoneSerializer(serializers.ModelSerializer):
    polygon = PolygonField()
    risk_point = serializers.PrimaryKeyRelatedField(
        queryset=RiskPoint.objects.none(), required=False, allow_null=True, help_text=_("A point of this enterprise.")
    )
    level = LevelField(required=False, allow_blank=True, help_text=_("Used when no risk point is linked."))
    effective_level = LevelField(read_only=True, help_text=_("The linked point's level, else the zone's own."))

    class Meta:
        model = RiskZone
        fields = ["id", "polygon", "risk_point", "level", "label", "effective_level"]

    def __init__(self, *args: Any, points: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if points is not None:
            self.fields["risk_point"].queryset = points


class TallySerializer(serializers.Serializer):
    level = LevelField(help_text=_("The highest level among the points; blank when none is assessed."))
    counts = serializers.DictField(child=serializers.IntegerField(), help_text=_("Points per level."))


class TownLevelSerializer(TallySerializer):
    code = serializers.CharField(help_text=_("Town code."))
    name = serializers.CharField()


class CellSerializer(TallySerializer):
    sector = serializers.CharField(help_text=_("Sector code."))


class TownSectorRowSerializer(TownLevelSerializer):
    cells = CellSerializer(many=True, help_text=_("One per sector, in the order of `sectors`."))


class SectorNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class TownSectorSerializer(serializers.Serializer):
    sectors = SectorNameSerializer(many=True)
    rows = TownSectorRowSerializer(many=True)
