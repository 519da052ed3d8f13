"""How visits, checklists, enforcement actions and documents look on the wire: codes for regions, sectors
and departments, usernames and names for people, ids for records.

Writes are checked here for types only; whether a step is allowed (who, the two-inspector rule, 一案双罚,
signed records) is decided by `inspections.services`, never here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from anjian.core.api import has_nul
from anjian.core.validators import COMMENT_MAX_LENGTH
from anjian.field.api.attach import UploadField
from anjian.hazards.api.serializers import TEXT_MAX, UnitField, enum_field
from anjian.hazards.filtersets import MAX_ID
from anjian.hazards.models import Hazard
from anjian.org.jurisdiction import restrict
from anjian.org.models import Department, Region, User
from anjian.registry.api.serializers import SectorCodeField

from .. import duty_records
from ..choices import (
    ActionKind,
    DocumentKind,
    ItemResult,
    PenaltyTarget,
    PlanPeriod,
    SignerRole,
    VisitKind,
    VisitState,
)
from ..document_kinds import spec
from ..models import (
    Checklist,
    ChecklistItem,
    EnforcementAction,
    EnforcementDocument,
    Inspection,
    InspectionPlan,
    InspectionResult,
    Signature,
)

VisitKindField = enum_field(VisitKind.choices)
VisitStateField = enum_field(VisitState.choices)
ItemResultField = enum_field(ItemResult.choices)
SignerRoleField = enum_field(SignerRole.choices)
ActionKindField = enum_field(ActionKind.choices)
PenaltyTargetField = enum_field(PenaltyTarget.choices, blank=True)
DocumentKindField = enum_field(DocumentKind.choices)

ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def _url(file) -> str:
    return file.url if file else ""


def record_field(model: type[Model], message: str, *, scoped: bool = True) -> type[serializers.Field]:
    """A record written and read as its id; with `scoped`, records outside the caller's jurisdiction do not
    exist for them (the same 400 as an id nobody has)."""

    @extend_schema_field(ID_SCHEMA)
    class Field(serializers.Field):
        default_error_messages = {"unknown": message}

        def to_internal_value(self, data: Any) -> Model:
            pk = serializers.IntegerField(min_value=1, max_value=MAX_ID).run_validation(data)
            qs = model._default_manager.filter(pk=pk)
            if scoped:
                qs = restrict(self.context["request"].user, qs)
            found = qs.first()
            if found is None:
                self.fail("unknown")
            return found

        def to_representation(self, value: Any) -> int:
            return value.pk

    return Field


InspectionIdField = record_field(Inspection, _("No inspection with this id within your jurisdiction."))
HazardIdField = record_field(Hazard, _("No hazard with this id within your jurisdiction."))
ActionIdField = record_field(EnforcementAction, _("No enforcement action with this id within your jurisdiction."))
ChecklistIdField = record_field(Checklist, _("No checklist with this id."), scoped=False)
PlanIdField = record_field(InspectionPlan, _("No inspection plan with this id within your jurisdiction."))
ItemIdField = record_field(ChecklistItem, _("No check item with this id."), scoped=False)


class _CodeField(serializers.Field):
    """A record written and read as its code; an unknown code is a 400 on the field."""

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


@extend_schema_field({"type": "string", "example": "yingji"})
class DepartmentCodeField(_CodeField):
    model = Department


@extend_schema_field({"type": "string", "example": "360732104000"})
class TownCodeField(_CodeField):
    model = Region
    filters = {"level": "town"}


@extend_schema_field({"type": "string", "example": "360732104000"})
class RegionCodeField(_CodeField):
    """Any region by its code (the county, a town, a village or a grid)."""

    model = Region


class UsernameField(serializers.SlugRelatedField):
    """A user by username."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="username", queryset=User.objects.filter(is_active=True), **kwargs)

    def to_internal_value(self, data: Any):
        if not isinstance(data, str) or has_nul(data) or len(data) > 150:
            self.fail("invalid")
        return super().to_internal_value(data)


# --- Checklists ------------------------------------------------------------------------------------


class ChecklistItemSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    order = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, default=0)
    text = serializers.CharField(max_length=TEXT_MAX)
    group = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    source = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    class Meta:
        model = ChecklistItem
        fields = ["id", "order", "text", "group", "source"]


class ChecklistSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=120)
    sector = SectorCodeField(required=False, allow_null=True, help_text=_("Sector code; null for every sector."))
    source = serializers.CharField(max_length=200, required=False, allow_blank=True)
    items = ChecklistItemSerializer(
        many=True, required=False, help_text=_("The check items; when given, they replace the list as a whole.")
    )

    class Meta:
        model = Checklist
        fields = ["id", "name", "sector", "is_active", "source", "items"]


# --- Plans ----------------------------------------------------------------------------------------

PlanPeriodField = enum_field(PlanPeriod.choices)


class InspectionPlanSerializer(serializers.ModelSerializer):
    """年度/月度执法计划 with the visits made: under the plan, and by its department in its period."""

    id = serializers.IntegerField(read_only=True)
    department = DepartmentCodeField(
        required=False, help_text=_("The department's code; a department user's own department when omitted.")
    )
    period = PlanPeriodField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(
        min_value=1, max_value=12, required=False, allow_null=True, help_text=_("1 to 12; for a monthly plan only.")
    )
    title = serializers.CharField(max_length=120)
    target_visits = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, default=0)
    notes = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
    visits_linked = serializers.IntegerField(read_only=True, help_text=_("Visits recorded under this plan."))
    visits_in_period = serializers.IntegerField(
        read_only=True, help_text=_("Visits of the plan's department in its year or month.")
    )

    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "department",
            "period",
            "year",
            "month",
            "title",
            "target_visits",
            "notes",
            "visits_linked",
            "visits_in_period",
        ]


# --- Inspections -----------------------------------------------------------------------------------


class ResultSerializer(serializers.ModelSerializer):
    result = ItemResultField(read_only=True)
    item = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("The checklist item, if any.")
    )
    photo_url = serializers.SerializerMethodField()
    hazard = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("The hazard this finding became.")
    )

    class Meta:
        model = InspectionResult
        fields = ["id", "item", "text", "result", "note", "photo_url", "hazard", "client_uuid"]
        read_only_fields = fields

    def get_photo_url(self, result: InspectionResult) -> str:
        return _url(result.photo.file) if result.photo_id else ""


class SignatureSerializer(serializers.ModelSerializer):
    role = SignerRoleField(read_only=True)
    signer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    image_url = serializers.SerializerMethodField(help_text=_("The representative's handwritten signature (PNG)."))

    class Meta:
        model = Signature
        fields = ["id", "role", "signer", "signer_name", "image_url", "signed_at"]
        read_only_fields = fields

    def get_image_url(self, signature: Signature) -> str:
        return _url(signature.image.file) if signature.image_id else ""


class InspectionListSerializer(serializers.ModelSerializer):
    kind = VisitKindField(read_only=True)
    state = VisitStateField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    town = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    inspectors = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    inspector_names = serializers.SerializerMethodField()
    plan = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    checklist = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "kind",
            "unit",
            "unit_name",
            "visit_date",
            "department",
            "town",
            "region",
            "sector",
            "plan",
            "checklist",
            "inspectors",
            "inspector_names",
            "experts",
            "state",
            "signed_at",
        ]
        read_only_fields = fields

    def get_inspector_names(self, inspection: Inspection) -> list[str]:
        return [u.full_name or u.username for u in inspection.inspectors.all()]


class DutyRecordSerializer(serializers.Serializer):
    label = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, help_text=_("The record's page on the site."))


class DutyRecordSourceSerializer(serializers.Serializer):
    result = serializers.IntegerField(read_only=True, help_text=_("The failed result this is behind."))
    item = serializers.CharField(
        read_only=True,
        help_text=_(
            "The spot-check item of 高府发〔2023〕14号 附件4: no_led_check, unlicensed_welders, outsourcing, no_drill."
        ),
    )
    source = serializers.CharField(read_only=True, help_text=_("The kind of record, e.g. duties.led_check."))
    label = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, help_text=_("The unit's records of this kind on the site."))
    records = DutyRecordSerializer(many=True, read_only=True, help_text=_("The records missing; empty: none."))


class InspectionDetailSerializer(InspectionListSerializer):
    results = ResultSerializer(many=True, read_only=True)
    signatures = SignatureSerializer(many=True, read_only=True)
    duty_records = serializers.SerializerMethodField(
        help_text=_(
            "For each failed duty item of the spot check, what the unit's own records show on the day of the visit "
            "(the overdue duty, the uncertified welder, the disorderly contract, the drill missing), as you may see "
            "them."
        )
    )

    class Meta(InspectionListSerializer.Meta):
        fields = [
            *InspectionListSerializer.Meta.fields,
            "summary",
            "unit_representative",
            "results",
            "signatures",
            "duty_records",
            "client_uuid",
            "captured_at",
            "received_at",
        ]
        read_only_fields = fields

    @extend_schema_field(DutyRecordSourceSerializer(many=True))
    def get_duty_records(self, inspection: Inspection) -> list[dict[str, Any]]:
        request = self.context.get("request")
        if request is None:
            return []
        behind = duty_records.records_behind(request.user, inspection)
        item_of = {r.pk: duty_records.item_of(r) for r in inspection.results.all()}
        return [
            {
                "result": pk,
                "item": item_of[pk],
                "source": found.source.key,
                "label": str(found.source.label),
                "url": found.url,
                "records": [{"label": r.label, "url": r.url} for r in found.records],
            }
            for pk, sources in behind.items()
            for found in sources
        ]


class InspectionCreateSerializer(serializers.Serializer):
    unit = UnitField(help_text=_("The unit's registry id."))
    kind = VisitKindField()
    visit_date = serializers.DateField()
    inspectors = serializers.ListField(
        child=UsernameField(),
        max_length=20,
        help_text=_("Usernames of the inspectors (two at least for an enforcement visit)."),
    )
    checklist = ChecklistIdField(required=False, allow_null=True)
    plan = PlanIdField(required=False, allow_null=True)
    experts = serializers.CharField(required=False, allow_blank=True, max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX)
    department = DepartmentCodeField(required=False, allow_null=True, help_text=_("The visiting department's code."))
    town = TownCodeField(required=False, allow_null=True, help_text=_("The visiting town's code."))
    client_uuid = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=_(
            "The phone's id of this entry (offline field app): a second request with it from the same user answers "
            "200 with the visit the first one created; from another user 409."
        ),
    )
    captured_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text=_("The phone's clock when the visit was recorded, kept as sent.")
    )


class ResultCreateSerializer(serializers.Serializer):
    result = ItemResultField()
    item = ItemIdField(required=False, allow_null=True, help_text=_("The item of the visit's checklist."))
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_MAX, help_text=_("The check item, when not from the list.")
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX_LENGTH)
    photo = serializers.FileField(required=False, help_text=_("One JPEG, PNG or WebP photo (multipart)."))
    upload = UploadField(
        required=False,
        help_text=_("Instead of photo: a complete upload of yours sent in parts (/api/v1/field/uploads/)."),
    )
    client_uuid = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=_(
            "The phone's id of this entry: a second request with it from the same user answers 200 with the result "
            "the first one recorded; from another user 409."
        ),
    )


class SignedConflictSerializer(serializers.Serializer):
    """The 409 answer to a result for a visit already signed."""

    detail = serializers.CharField()
    signed_by = serializers.ListField(child=serializers.CharField(), help_text=_("Who signed the visit record."))


class HazardLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(help_text=_("The hazard in the API."))


class SignSerializer(serializers.Serializer):
    role = SignerRoleField(required=False, default=SignerRole.INSPECTOR)
    signer_name = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text=_("The unit representative's name.")
    )
    signature = serializers.FileField(
        required=False,
        help_text=_(
            "The unit representative's handwritten signature: the PNG of a signature pad (multipart). "
            "Required for the representative; a typed name alone is refused."
        ),
    )


# --- Enforcement -----------------------------------------------------------------------------------


class ActionSerializer(serializers.ModelSerializer):
    kind = ActionKindField(read_only=True)
    target = PenaltyTargetField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    town = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)
    inspection = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    hazard = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = EnforcementAction
        fields = [
            "id",
            "kind",
            "unit",
            "unit_name",
            "inspection",
            "hazard",
            "department",
            "town",
            "region",
            "sector",
            "decided_on",
            "description",
            "target",
            "unit_amount_wan",
            "principal_amount_wan",
            "dangerous_operation_crime",
            "referred_people",
            "typical",
            "typical_reported_on",
            "warnings",
            "created_at",
        ]
        read_only_fields = fields


def _wan(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True, **kwargs
    )


class ActionCreateSerializer(serializers.Serializer):
    unit = UnitField(help_text=_("The unit's registry id."))
    kind = ActionKindField()
    decided_on = serializers.DateField()
    description = serializers.CharField(max_length=TEXT_MAX, help_text=_("Facts and grounds."))
    inspection = InspectionIdField(required=False, allow_null=True)
    hazard = HazardIdField(required=False, allow_null=True)
    target = PenaltyTargetField(
        required=False, allow_blank=True, help_text=_("Penalty: the unit, its principal or both (一案双罚).")
    )
    unit_amount_wan = _wan(help_text=_("Fine on the unit, in 10,000 yuan."))
    principal_amount_wan = _wan(help_text=_("Fine on the principal, in 10,000 yuan."))
    dangerous_operation_crime = serializers.BooleanField(required=False, default=False)
    referred_people = serializers.IntegerField(required=False, min_value=0, max_value=10_000, default=0)


class TypicalSerializer(serializers.Serializer):
    reported_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("When it was reported to the county office; today if not given.")
    )


class WarningsQuerySerializer(serializers.Serializer):
    unit = UnitField(help_text=_("The unit's registry id."))
    kind = ActionKindField()
    hazard = HazardIdField(required=False, allow_null=True)
    inspection = InspectionIdField(required=False, allow_null=True)


class WarningsSerializer(serializers.Serializer):
    warnings = serializers.ListField(child=serializers.CharField())


class TypicalQuotaQuerySerializer(serializers.Serializer):
    date = serializers.DateField(required=False, help_text=_("A day of the quarter (ISO date); today if not given."))
    county = serializers.CharField(
        required=False,
        max_length=15,
        help_text=_("The 12-digit code of one of the counties you work in; your first county if not given."),
    )


class TypicalQuotaRowSerializer(serializers.Serializer):
    unit_kind = serializers.CharField(help_text=_("department or town"))
    code = serializers.CharField(help_text=_("The department's or town's code."))
    unit = serializers.CharField(help_text=_("The department's or town's name."))
    count = serializers.IntegerField(help_text=_("Typical cases reported this quarter."))
    owed = serializers.IntegerField(help_text=_("Typical cases owed each quarter."))
    short = serializers.BooleanField(help_text=_("Whether the quarter's case is still missing."))


# --- Documents -------------------------------------------------------------------------------------


class DocumentSerializer(serializers.ModelSerializer):
    kind = DocumentKindField(read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    issued_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    inspection = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    action = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    title = serializers.SerializerMethodField(help_text=_("The document's name as printed (文书名称)."))
    pdf_url = serializers.SerializerMethodField(help_text=_("The printable PDF of the document."))

    class Meta:
        model = EnforcementDocument
        fields = [
            "id",
            "number",
            "title",
            "department",
            "year",
            "sequence",
            "kind",
            "unit",
            "unit_name",
            "inspection",
            "action",
            "issued_on",
            "facts",
            "decision",
            "deadline",
            "region",
            "sector",
            "issued_by",
            "pdf_url",
        ]
        read_only_fields = fields

    def get_title(self, document: EnforcementDocument) -> str:
        return spec(document.kind).title

    def get_pdf_url(self, document: EnforcementDocument) -> str:
        url = reverse("document-pdf", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class DocumentCreateSerializer(serializers.Serializer):
    department = DepartmentCodeField(help_text=_("The issuing department's code; the number follows its sequence."))
    kind = DocumentKindField()
    unit = UnitField(help_text=_("The unit's registry id."))
    issued_on = serializers.DateField()
    inspection = InspectionIdField(required=False, allow_null=True)
    action = ActionIdField(required=False, allow_null=True)
    facts = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=TEXT_MAX,
        help_text=_("The facts found; by default the visit's failed items (or the action's grounds)."),
    )
    decision = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=TEXT_MAX,
        help_text=_("The legal basis and decision; by default the standard text of the kind."),
    )
    deadline = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("The deadline to rectify: required for an order to rectify, refused for kinds without one."),
    )


# --- Figures ---------------------------------------------------------------------------------------


class FiguresQuerySerializer(serializers.Serializer):
    region = RegionCodeField(
        required=False, help_text=_("A region code; the caller's whole jurisdiction if not given.")
    )
    date_from = serializers.DateField(required=False, help_text=_("ISO date, inclusive."))
    date_to = serializers.DateField(required=False, help_text=_("ISO date, inclusive."))

    def validate(self, attrs: dict) -> dict:
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError({"date_to": [_("The end comes before the start.")]})
        return attrs


class FiguresSerializer(serializers.Serializer):
    units_inspected = serializers.IntegerField(help_text=_("Places and units inspected (enforcement visits)."))
    visits = serializers.IntegerField(help_text=_("Enforcement visits."))
    hazards_found = serializers.IntegerField()
    hazards_fixed = serializers.IntegerField()
    fix_rate = serializers.FloatField(help_text=_("fixed / found, 0 to 1."))
    penalties = serializers.IntegerField()
    penalty_amount_wan = serializers.DecimalField(max_digits=14, decimal_places=2, help_text=_("In 10,000 yuan."))
    documents = serializers.IntegerField()
    suspensions = serializers.IntegerField(help_text=_("Units ordered to suspend and rectify."))
    double_penalties = serializers.IntegerField(help_text=_("Penalties on both the unit and its principal (一案双罚)."))
    referrals = serializers.IntegerField(help_text=_("People referred to the judicial organs."))
    referral_cases = serializers.IntegerField(help_text=_("Cases referred to the judicial organs."))
    typical_cases = serializers.IntegerField()
    typical_dangerous_operation_cases = serializers.IntegerField(help_text=_("Typical cases of 危险作业罪."))
    documents_by_kind = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("Enforcement documents issued, by kind (every kind, zero included)."),
    )
    assistance_visits = serializers.IntegerField(help_text=_("帮扶指导 visits, counted apart (not enforcement)."))
