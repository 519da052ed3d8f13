"""How public reports, rewards and typical cases' publications look on the wire. The reporter's name and phone appear in exactly one answer — the
reveal — and in no list, detail, export or error: no serializer but IdentitySerializer names them.

Writes are checked here for types only; what is allowed is decided by `services` and `rules`."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from anjian.emergency.choices import AccidentGrade
from anjian.hazards.api.serializers import SpotUnitSerializer, enum_field
from anjian.hazards.filtersets import MAX_ID

from .. import rules
from ..choices import CaseState, Outcome, PaymentMeans, ReportAction, ReportState, RewardBasis, RewardState
from ..models import CasePublication, PublicReport, ReportEvent, Reward
from ..models.cases import TITLE_MAX_LENGTH
from ..services.common import MAX_PHOTOS

ReportStateField = enum_field(ReportState.choices)
OutcomeField = enum_field(Outcome.choices, blank=True)
BasisField = enum_field(RewardBasis.choices)
RewardStateField = enum_field(RewardState.choices)
MeansField = enum_field(PaymentMeans.choices, blank=True)
CaseStateField = enum_field(CaseState.choices)
STAFF_ACTIONS = [(a, ReportAction(a).label) for a in rules.REPORT_ACTIONS if a != "open_hazard"]


def _text(max_length: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length, **kwargs)


def _id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# --- the reporter's side -------------------------------------------------------------------------------------


class SubmitSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, help_text=_("What is wrong, in your words."))
    town = serializers.CharField(max_length=15, help_text=_("The town's region code (12 digits)."))
    address = _text(200, help_text=_("Where it is; or give latitude and longitude."))
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                        min_value=-90, max_value=90)  # fmt: skip
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                         min_value=-180, max_value=180)  # fmt: skip
    observed_on = serializers.DateField(required=False, allow_null=True, help_text=_("When you saw it."))
    sector = _text(40, help_text=_("The field's code, if known."))
    unit = _text(120, help_text=_("The unit's name, if known."))
    unit_token = _text(20, help_text=_("The code of a registered unit's public page (/p/u/<code>/, the QR code on its "
                                       "signboard), when the report starts there."))  # fmt: skip
    anonymous = serializers.BooleanField(default=True, help_text=_("Anonymous, or by name with a phone number."))
    name = _text(40, help_text=_("Your name (only by name); sealed, shown to nobody without a logged reason."))
    phone = _text(20, help_text=_("Your phone (only by name), to reach you about the reward; sealed likewise."))
    photos = serializers.ListField(child=serializers.FileField(), required=False, max_length=MAX_PHOTOS,
                                   help_text=_("Photos (multipart); their location data is removed before storing."))  # fmt: skip
    website = _text(200, help_text=_("Leave empty."))


class CreatedSerializer(serializers.Serializer):
    tracking_code = serializers.CharField(help_text=_("Follow the report with this code …"))
    secret = serializers.CharField(help_text=_("… and this secret (header X-Report-Secret). It is shown only once."))
    state = ReportStateField(read_only=True)


class StepSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = enum_field(ReportAction.choices)(read_only=True)
    label = serializers.CharField()
    text = serializers.CharField()
    unit = serializers.CharField(help_text=_("The receiving unit that wrote it; empty for your own answers."))
    from_reporter = serializers.BooleanField()


class RewardStatusSerializer(serializers.Serializer):
    state = RewardStateField(read_only=True)
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    paid_on = serializers.DateField(allow_null=True)
    paid_means = serializers.CharField()


class StatusSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    state = ReportStateField(read_only=True)
    state_label = serializers.CharField()
    received_at = serializers.DateTimeField()
    town = serializers.CharField()
    anonymous = serializers.BooleanField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    verified_at = serializers.DateTimeField(allow_null=True)
    settled_at = serializers.DateTimeField(allow_null=True)
    outcome = OutcomeField(read_only=True)
    outcome_label = serializers.CharField()
    reason = serializers.CharField(help_text=_("Why it was closed or merged, in the receiving unit's words."))
    awaiting_answer = serializers.BooleanField(help_text=_("A question waits for your answer."))
    hazard_state = enum_field([("rectifying", "rectifying"), ("fixed", "fixed")], blank=True)(read_only=True)
    hazard_state_label = serializers.CharField()
    merged_state_label = serializers.CharField()
    photos = serializers.IntegerField()
    reward = RewardStatusSerializer(allow_null=True)
    steps = StepSerializer(many=True)


class AnswerSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=COMMENT_MAX_LENGTH)


# --- the receiving unit's side -------------------------------------------------------------------------------


class ReportEventSerializer(serializers.ModelSerializer):
    action = enum_field(ReportAction.choices)(read_only=True)
    from_state = enum_field(ReportState.choices, blank=True)(read_only=True)
    to_state = ReportStateField(read_only=True)
    by_reporter = serializers.SerializerMethodField()

    class Meta:
        model = ReportEvent
        fields = ["id", "action", "from_state", "to_state", "actor_name", "actor_unit", "by_reporter", "at",
                  "note", "public_text", "data"]  # fmt: skip
        read_only_fields = fields

    def get_by_reporter(self, event: ReportEvent) -> bool:
        return event.actor_id is None


class ReportListSerializer(serializers.ModelSerializer):
    """A report in the queue: never the reporter's name or phone."""

    state = ReportStateField(read_only=True)
    outcome = OutcomeField(read_only=True)
    town = serializers.CharField(source="town.code")
    town_name = serializers.CharField(source="town.name")
    sector = serializers.CharField(source="sector.code", allow_null=True, default=None)
    department = serializers.CharField(source="department.code", allow_null=True, default=None)
    ack_late = serializers.BooleanField()

    class Meta:
        model = PublicReport
        fields = ["id", "tracking_code", "description", "town", "town_name", "address", "sector", "unit_name",
                  "unit", "department", "anonymous", "state", "outcome", "received_at", "ack_due_at",
                  "acknowledged_at", "ack_late", "verified_at", "settled_at", "substantiated", "awaiting_answer",
                  "hazard", "duplicate_of"]  # fmt: skip
        read_only_fields = fields


class ReportDetailSerializer(ReportListSerializer):
    events = ReportEventSerializer(many=True, read_only=True)
    photos = serializers.SerializerMethodField()
    duplicates = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(ReportListSerializer.Meta):
        fields = [*ReportListSerializer.Meta.fields, "latitude", "longitude", "observed_on", "public_reason",
                  "events", "photos", "duplicates", "allowed_actions"]  # fmt: skip
        read_only_fields = fields

    def get_photos(self, report: PublicReport) -> list[str]:
        return [p.attachment.file.url for p in report.photos.all()]

    def get_duplicates(self, report: PublicReport) -> list[int]:
        return [d.pk for d in report.duplicates.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, report: PublicReport) -> list[str]:
        return rules.allowed_actions(self.context["request"].user, report)


class ReportTransitionSerializer(serializers.Serializer):
    """One request shape for every step; each step reads what it needs."""

    action = enum_field(STAFF_ACTIONS)()
    note = _text(COMMENT_MAX_LENGTH, help_text=_("Internal: never shown to the reporter."))
    public_text = _text(COMMENT_MAX_LENGTH, help_text=_("What the reporter reads (ask, reply, close: required)."))
    outcome = enum_field([c for c in Outcome.choices if c[0] != Outcome.MERGED])(required=False, help_text=_("close"))
    of = _id(required=False, help_text=_("duplicate: the earlier report's id"))
    town = _text(15, help_text=_("route: the town's region code"))
    sector = _text(40, help_text=_("route: the field's code"))
    department = _text(40, help_text=_("route: the department's code"))
    unit = _id(required=False, allow_null=True, help_text=_("verify: the registered unit found on site"))
    photos = serializers.ListField(child=serializers.FileField(), required=False, max_length=MAX_PHOTOS,
                                   help_text=_("verify: photos from the site (multipart)"))  # fmt: skip


class OpenHazardSerializer(serializers.Serializer):
    unit = _id(required=False, allow_null=True, help_text=_("The registered unit the hazard belongs to."))
    new_unit = SpotUnitSerializer(required=False, help_text=_("Or a place not yet registered (a town records it)."))
    description = _text(DESCRIPTION_MAX_LENGTH, help_text=_("The hazard's description; the report's by default."))
    sector = _text(40, help_text=_("The field's code; the unit's by default."))
    note = _text(COMMENT_MAX_LENGTH)
    public_text = _text(COMMENT_MAX_LENGTH)


class HazardOpenedSerializer(serializers.Serializer):
    hazard = serializers.IntegerField()
    report = ReportDetailSerializer()


class RevealSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=COMMENT_MAX_LENGTH, help_text=_("Why the identity is needed: logged."))


class IdentitySerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()


# --- rewards -------------------------------------------------------------------------------------------------


class RewardSerializer(serializers.ModelSerializer):
    basis = BasisField(read_only=True)
    state = RewardStateField(read_only=True)
    paid_means = MeansField(read_only=True)
    accident_grade = enum_field(AccidentGrade.choices, blank=True)(read_only=True)
    proposed = serializers.DateTimeField(source="proposed_at", read_only=True)
    proposed_by = serializers.StringRelatedField()
    approved_by = serializers.StringRelatedField(allow_null=True)
    paid_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Reward
        fields = ["id", "report", "basis", "enforcement_action", "accident", "fine_yuan", "concealed_deaths",
                  "accident_grade", "amount", "anonymous", "state", "proposed", "proposed_by", "approved_by",
                  "approved_at", "rejection_reason", "paid_on", "paid_means", "paid_by", "payment_note"]  # fmt: skip
        read_only_fields = fields


class ProposeSerializer(serializers.Serializer):
    report = _id()
    basis = BasisField()
    enforcement_action = _id(required=False, allow_null=True, help_text=_("major_hazard (optional), illegal_operation"))
    accident = _id(required=False, allow_null=True, help_text=_("concealed_accident"))
    concealed_deaths = serializers.IntegerField(min_value=0, max_value=1000, required=False, allow_null=True,
                                                help_text=_("concealed_accident: the accident's deaths by default"))  # fmt: skip
    note = _text(COMMENT_MAX_LENGTH)


class ApproveSerializer(serializers.Serializer):
    note = _text(COMMENT_MAX_LENGTH)


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=COMMENT_MAX_LENGTH)


class PaySerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    means = enum_field(PaymentMeans.choices)()
    payment_note = _text(80)


# --- typical enforcement cases -------------------------------------------------------------------------------


class CasePublicationSerializer(serializers.ModelSerializer):
    """A typical case's publication as the staff see it (the public read it on the public register)."""

    state = CaseStateField(read_only=True)
    county = serializers.CharField(source="county.code", read_only=True)
    county_name = serializers.CharField(source="county.name", read_only=True)
    unit_name = serializers.CharField(source="action.unit.name", read_only=True)
    decided_on = serializers.DateField(source="action.decided_on", read_only=True)
    dangerous_operation_crime = serializers.BooleanField(source="action.dangerous_operation_crime", read_only=True)
    drafted_by = serializers.StringRelatedField()
    edited_by = serializers.StringRelatedField(allow_null=True)
    published_by = serializers.StringRelatedField(allow_null=True)
    withdrawn_by = serializers.StringRelatedField(allow_null=True)
    public_url = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = CasePublication
        fields = ["id", "slug", "action", "county", "county_name", "unit_name", "decided_on",
                  "dangerous_operation_crime", "title", "facts", "basis", "outcome", "state", "drafted_by",
                  "drafted_at", "edited_by", "edited_at", "published_by", "published_at", "withdrawn_by",
                  "withdrawn_at", "withdrawal_reason", "public_url", "allowed_actions"]  # fmt: skip
        read_only_fields = fields

    def get_public_url(self, publication: CasePublication) -> str:
        """The address on the public register while published; empty otherwise."""
        if publication.state != CaseState.PUBLISHED:
            return ""
        return reverse("public:case", args=[publication.slug])

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, publication: CasePublication) -> list[str]:
        return rules.case_steps(self.context["request"].user, publication)


class CaseTextsSerializer(serializers.Serializer):
    """The public texts; the names and numbers the platform knows of are masked when they are saved."""

    title = _text(TITLE_MAX_LENGTH)
    facts = _text(DESCRIPTION_MAX_LENGTH)
    basis = _text(COMMENT_MAX_LENGTH)
    outcome = _text(COMMENT_MAX_LENGTH)


class CaseDraftSerializer(CaseTextsSerializer):
    action = _id(help_text=_("The enforcement action marked typical."))
    title = _text(TITLE_MAX_LENGTH, help_text=_("Drafted from the case when left out."))


class CaseWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=COMMENT_MAX_LENGTH)
