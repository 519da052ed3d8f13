"""How a hazard looks on the wire: codes for sectors, names for people and units, ids for records.

Writes are checked here for types only (dates, numbers, choices); whether an action is allowed is
decided by `services` and `rules`, never here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from anjian.field.api.attach import UploadField
from anjian.org.choices import Authority
from anjian.org.jurisdiction import restrict
from anjian.quality.api import QualityWarningSerializer
from anjian.registry.api.serializers import SectorCodeField
from anjian.registry.choices import UnitKind
from anjian.registry.models import Enterprise
from anjian.registry.services import SPOT_KINDS

from .. import rules
from ..choices import Action, Grade, Level, PhotoKind, Source, State, SupervisionKind, SupervisionLevel
from ..filtersets import MAX_ID
from ..models import Criterion, Hazard, HazardEvent, HazardPhoto, RectificationPlan, Supervision

TEXT_MAX = DESCRIPTION_MAX_LENGTH  # the longest description a person may type (anjian.core.validators)


def enum_field(choices, *, blank: bool = False) -> type[serializers.ChoiceField]:
    """A ChoiceField whose enum stays inline (wrapped in allOf, which drf-spectacular's enum hook leaves
    alone): shared enum components would collide with other apps' `kind`, `level` and `action` choices
    and fail `spectacular --fail-on-warn` (ENUM_NAME_OVERRIDES in settings would be the alternative)."""
    values = [value for value, _label in choices] + ([""] if blank else [])

    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(choices=choices, **kwargs)

    return extend_schema_field({"allOf": [{"type": "string", "enum": values}]})(Field)


StateField = enum_field(State.choices)
GradeField = enum_field(Grade.choices, blank=True)
SourceField = enum_field(Source.choices)
LevelField = enum_field(Level.choices)
ActionField = enum_field(Action.choices)
PhotoKindField = enum_field(PhotoKind.choices)
SupervisionLevelField = enum_field(SupervisionLevel.choices)
SupervisionKindField = enum_field(SupervisionKind.choices)


def _url(file) -> str:
    return file.url if file else ""


class PhotoSerializer(serializers.ModelSerializer):
    kind = PhotoKindField(read_only=True)
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    event = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=_("The signed step the photo belongs to; null until a step names it in photo_ids."),
    )
    added_by = serializers.SerializerMethodField(help_text=_("Who uploaded it."))

    class Meta:
        model = HazardPhoto
        fields = ["id", "kind", "url", "thumbnail_url", "event", "added_by", "added_at"]

    def get_added_by(self, photo: HazardPhoto) -> str:
        user = photo.added_by
        return (user.full_name or user.get_username()) if user else ""

    def get_url(self, photo: HazardPhoto) -> str:
        return _url(photo.attachment.file)

    def get_thumbnail_url(self, photo: HazardPhoto) -> str:
        return _url(photo.attachment.thumbnail)


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectificationPlan
        fields = ["responsible_person", "measures", "funds", "deadline", "contingency_plan"]


class EventSerializer(serializers.ModelSerializer):
    action = ActionField(read_only=True)
    from_state = enum_field(State.choices, blank=True)(read_only=True)
    to_state = StateField(read_only=True)
    actor = serializers.CharField(source="actor_name", read_only=True, help_text=_("Who signed."))
    data = serializers.JSONField(read_only=True, help_text=_("The details of the step (grade, plan, reason…)."))
    photos = serializers.SerializerMethodField(help_text=_("URLs of the photos signed with this step."))

    class Meta:
        model = HazardEvent
        fields = [
            "id",
            "action",
            "from_state",
            "to_state",
            "actor",
            "actor_role",
            "signed_at",
            "comment",
            "substantive",
            "data",
            "photos",
        ]

    def get_photos(self, event: HazardEvent) -> list[str]:
        return [_url(p.attachment.file) for p in event.photos.all()]


class SupervisionSerializer(serializers.ModelSerializer):
    level = SupervisionLevelField(read_only=True)
    kind = SupervisionKindField(read_only=True)
    lacks_substantive_progress = serializers.SerializerMethodField(
        help_text=_(
            "A city listing without substantive progress in 60 days, a county listing in 30 (兴国县高兴镇 高府发〔2023〕14号 三(三)10)."
        )
    )

    ended_on = serializers.SerializerMethodField(
        help_text=_("The day the hazard was closed, which ends the supervision; null while it is open.")
    )

    class Meta:
        model = Supervision
        fields = ["id", "level", "kind", "document", "listed_on", "ended_on", "lacks_substantive_progress"]

    def get_ended_on(self, supervision: Supervision) -> dt.date | None:
        hazard = supervision.hazard
        if hazard.state != State.CLOSED:
            return None
        return timezone.localdate(hazard.closed_at) if hazard.closed_at else supervision.listed_on

    def get_lacks_substantive_progress(self, supervision: Supervision) -> bool:
        from anjian.hazards.supervision import lacks_substantive_progress

        return bool(lacks_substantive_progress(supervision))


class HazardListSerializer(serializers.ModelSerializer):
    """One row of the list: everything that needs no per-row query."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    source = SourceField(read_only=True)
    state = StateField(read_only=True)
    grade = GradeField(read_only=True)
    level = LevelField(read_only=True, help_text=_("Who coordinates: grid, town, sector committee or county."))
    responsible_unit = serializers.SerializerMethodField(help_text=_("责任单位: the department or town government."))
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Hazard
        fields = [
            "id",
            "unit",
            "unit_name",
            "description",
            "location",
            "latitude",
            "longitude",
            "region",
            "sector",
            "source",
            "state",
            "grade",
            "criterion",
            "deadline",
            "overdue",
            "level",
            "responsible_unit",
            "in_major_database",
            "found_at",
            "closed_at",
            "photos",
        ]
        read_only_fields = fields

    def get_responsible_unit(self, hazard: Hazard) -> str:
        if hazard.responsible_department_id:
            return hazard.responsible_department.name
        return hazard.responsible_town.unit_name if hazard.responsible_town_id else ""


class HazardDetailSerializer(HazardListSerializer):
    """The whole hazard: plan, signed events, supervision and what the caller may do now."""

    criterion_text = serializers.SerializerMethodField(help_text=_("The criterion item met, verbatim."))
    criterion_ref = serializers.SerializerMethodField(help_text=_("Document number, article and item."))
    plan = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField(help_text=_("What the caller may do now."))
    grade_authority = enum_field(Authority.choices, blank=True)(read_only=True)  # "" while ungraded
    events = EventSerializer(many=True, read_only=True)
    supervision = SupervisionSerializer(source="supervisions", many=True, read_only=True)
    public_report = serializers.SerializerMethodField(
        help_text=_("The public report the hazard was opened from (/api/v1/reports/{id}/), if any.")
    )

    class Meta(HazardListSerializer.Meta):
        fields = [
            *HazardListSerializer.Meta.fields,
            "criterion_text",
            "criterion_ref",
            "major_reason",
            "grade_authority",
            "ever_major",
            "plan",
            "allowed_actions",
            "events",
            "supervision",
            "public_report",
        ]
        read_only_fields = fields

    def get_criterion_text(self, hazard: Hazard) -> str:
        return hazard.criterion.text if hazard.criterion_id else ""

    def get_criterion_ref(self, hazard: Hazard) -> str:
        return str(hazard.criterion) if hazard.criterion_id else ""

    @extend_schema_field(PlanSerializer(allow_null=True))
    def get_plan(self, hazard: Hazard) -> dict | None:
        try:
            return PlanSerializer(hazard.plan).data
        except ObjectDoesNotExist:
            return None

    @extend_schema_field(serializers.ListField(child=ActionField()))
    def get_allowed_actions(self, hazard: Hazard) -> list[str]:
        return rules.allowed_actions(self.context["request"].user, hazard)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_public_report(self, hazard: Hazard) -> int | None:
        """Linked both ways: the report names its hazard, the hazard its report (anjian.public)."""
        if hazard.source != "public_report":
            return None
        try:
            return hazard.public_report.pk
        except ObjectDoesNotExist:
            return None


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class UnitField(serializers.Field):
    """A registry unit by id; units outside the caller's jurisdiction do not exist for them."""

    default_error_messages = {"unknown": _("No unit with this id within your jurisdiction.")}

    def to_internal_value(self, data: Any) -> Enterprise:
        pk = serializers.IntegerField(min_value=1, max_value=MAX_ID).run_validation(data)
        unit = restrict(self.context["request"].user, Enterprise.objects.filter(pk=pk)).select_related("sector").first()
        if unit is None:
            self.fail("unknown")
        return unit

    def to_representation(self, value: Any) -> int:
        return value.pk


class SpotUnitSerializer(serializers.Serializer):
    """A place not yet in the registry, recorded with the hazard (grid workers and towns; the town completes it)."""

    name = serializers.CharField(max_length=120)
    kind = enum_field([c for c in UnitKind.choices if c[0] in SPOT_KINDS])()
    address = serializers.CharField(max_length=200)


class HazardCreateSerializer(serializers.Serializer):
    unit = UnitField(required=False, help_text=_("The unit's registry id; or give new_unit instead."))
    new_unit = SpotUnitSerializer(
        required=False,
        help_text=_("A place not yet in the registry (stall, self-built house, road section …), instead of unit."),
    )
    description = serializers.CharField(max_length=TEXT_MAX)
    sector = SectorCodeField(required=False, help_text=_("Sector code; defaults to the unit's."))
    source = SourceField()
    location = serializers.CharField(required=False, allow_blank=True, max_length=200)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False, allow_null=True
    )
    found_at = serializers.DateTimeField(required=False, help_text=_("When it was found; now if not given."))
    client_uuid = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=_(
            "The phone's id of this entry (offline field app): a second request with it from the same user answers "
            "200 with the hazard the first one created; from another user 409."
        ),
    )
    captured_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text=_(
            "The phone's clock when the hazard was captured. It becomes found_at if it lies at most "
            "ANJIAN_CAPTURE_TOLERANCE_HOURS (72) before receipt and not in the future; otherwise the receipt "
            "time does and clock_off is set. Takes the place of found_at."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("unit" in attrs) == ("new_unit" in attrs):
            raise serializers.ValidationError({"unit": _("Give either unit or new_unit.")})
        return attrs


def _optional_text(max_length: int = TEXT_MAX, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length, **kwargs)


class TransitionSerializer(serializers.Serializer):
    """One request shape for every action; each action reads the fields it needs (see the issue's API)."""

    action = enum_field([c for c in Action.choices if c[0] != Action.REGISTER])()
    comment = _optional_text(COMMENT_MAX_LENGTH)
    photo_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=20,
        help_text=_("Photos already uploaded to this hazard, signed with this step (fix_on_spot needs one)."),
    )
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=20,
        help_text=_("Photo files (multipart), signed with this step."),
    )
    grade = enum_field(Grade.choices)(required=False, help_text=_("assess"))
    criterion = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, help_text=_("assess: criterion id (major)")
    )
    major_reason = _optional_text(help_text=_("assess: why major where no standard exists"))
    responsible_person = _optional_text(40, help_text=_("plan"))
    measures = _optional_text(help_text=_("plan"))
    funds = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, help_text=_("plan: yuan")
    )
    deadline = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("plan, coordinate: not before the finding, at most a year ahead unless deadline_reason is given"),
    )
    deadline_reason = _optional_text(
        COMMENT_MAX_LENGTH, help_text=_("plan, coordinate: why the deadline lies more than a year ahead")
    )
    contingency_plan = _optional_text(help_text=_("plan"))
    text = _optional_text(COMMENT_MAX_LENGTH, help_text=_("progress"))
    substantive = serializers.BooleanField(required=False, help_text=_("progress"))
    reason = _optional_text(
        COMMENT_MAX_LENGTH, help_text=_("reject, escalate; assess when it changes an existing grade")
    )
    responsible_unit = _optional_text(80, help_text=_("coordinate: a department or town government"))
    level = SupervisionLevelField(required=False, help_text=_("supervise"))
    kind = SupervisionKindField(required=False, help_text=_("supervise"))
    document = _optional_text(200, help_text=_("supervise: document name and number"))
    listed_on = serializers.DateField(required=False, allow_null=True, help_text=_("supervise"))

    def validate_photo_ids(self, ids: list[int]) -> list[HazardPhoto]:
        hazard = self.context["hazard"]
        photos = list(HazardPhoto.objects.filter(hazard=hazard, pk__in=ids).select_related("attachment"))
        if len(photos) != len(set(ids)):
            raise serializers.ValidationError(_("Give the ids of photos uploaded to this hazard."))
        return photos


class HazardCreatedSerializer(HazardDetailSerializer):
    """The registered hazard, with the quality warnings its entry raised (anjian.quality)."""

    quality_warnings = QualityWarningSerializer(
        many=True,
        read_only=True,
        help_text=_("Quality warnings (录入质量提示) with their reason; the hazard is saved all the same."),
    )

    client_uuid = serializers.UUIDField(read_only=True, allow_null=True)
    captured_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("The phone's clock at capture, as it was sent.")
    )
    received_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("When the server received the entry.")
    )

    class Meta(HazardDetailSerializer.Meta):
        fields = [
            *HazardDetailSerializer.Meta.fields,
            "client_uuid",
            "captured_at",
            "received_at",
            "clock_off",
            "quality_warnings",
        ]
        read_only_fields = fields


class TransitionResultSerializer(serializers.Serializer):
    event = EventSerializer()
    hazard = HazardDetailSerializer()
    quality_warnings = QualityWarningSerializer(
        many=True, help_text=_("Quality warnings (录入质量提示) with their reason; the step is signed all the same.")
    )


class PhotoUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("One JPEG, PNG or WebP photo, at most 10 MB."))
    kind = PhotoKindField(required=False, default=PhotoKind.FINDING)


class PhotoFromUploadSerializer(serializers.Serializer):
    upload = UploadField(help_text=_("A complete upload of yours (/api/v1/field/uploads/), attached once."))
    kind = PhotoKindField(required=False, default=PhotoKind.FINDING)


class CriterionSerializer(serializers.ModelSerializer):
    document = serializers.CharField(source="document.title", read_only=True)
    doc_number = serializers.CharField(source="document.doc_number", read_only=True)
    sector = serializers.CharField(source="document.sector.code", read_only=True)
    in_force = serializers.BooleanField(source="document.in_force", read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", "document", "doc_number", "sector", "article", "item", "text", "in_force"]


class CountRowSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("The state, grade, sector, town or source code."))
    label = serializers.CharField()
    count = serializers.IntegerField()


class RatesSerializer(serializers.Serializer):
    found = serializers.IntegerField()
    rectified = serializers.IntegerField(help_text=_("已整改: closed."))
    closed_with_deadline = serializers.IntegerField()
    closed_on_time = serializers.IntegerField()
    overdue = serializers.IntegerField()
    rectification_rate = serializers.FloatField(help_text=_("rectified / found, 0 to 1."))
    on_time_rate = serializers.FloatField(help_text=_("closed on time / closed with a deadline, 0 to 1."))


class StatsSerializer(serializers.Serializer):
    counts = serializers.DictField(
        child=CountRowSerializer(many=True), help_text=_("Rows by state, grade, sector, town and source.")
    )
    rates = RatesSerializer()


class QuotaRowSerializer(serializers.Serializer):
    unit_kind = serializers.CharField(help_text=_("department or town"))
    unit = serializers.CharField(help_text=_("The department's or town's name."))
    found = serializers.IntegerField(help_text=_("Major hazards found this quarter."))
    quota = serializers.IntegerField()
    short = serializers.IntegerField(help_text=_("How many are still missing (0 when the quota is met)."))
