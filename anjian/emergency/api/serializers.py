"""How drills, plans, named places and accidents look on the wire. Writes are checked here for types only; who
may record for which owner, which dates and numbers are allowed and the rules are decided by the services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from anjian.core.validators import DESCRIPTION_MAX_LENGTH

from ..choices import (
    AccidentGrade,
    DrillKind,
    DrillState,
    InvestigationLevel,
    InvestigationStatus,
    Organiser,
    PlanKind,
    Reporting,
    RequirementStatus,
)
from ..models import (
    MAX_CASUALTIES,
    MAX_LOSS,
    MAX_PARTICIPANTS,
    MAX_PEOPLE,
    Accident,
    Drill,
    DrillRequirement,
    EmergencyPlan,
)
from .fields import (
    AttachmentSerializer,
    DepartmentCodeField,
    PlanField,
    RegionCodeField,
    SectorCodeField,
    UnitField,
    enum,
)

KindField = enum(DrillKind.choices)
StateField = enum(DrillState.choices)
OrganiserField = enum(Organiser.choices)
PlanKindField = enum(PlanKind.choices)
GradeField = enum(AccidentGrade.choices)
ReportingField = enum(Reporting.choices)
InvestigationStatusField = enum(InvestigationStatus.choices)
InvestigationLevelField = enum([("", "—"), *InvestigationLevel.choices])
RequirementStatusField = enum(RequirementStatus.choices)
OWNER_HELP = {
    "enterprise": _("The unit (its registry id) whose record this is."),
    "department": _("The department (its code) whose record this is."),
    "region": _("A town's or the county's code for their own record; with a department, the town a drill was held in."),
}


class _Owned(serializers.ModelSerializer):
    organiser = OrganiserField(read_only=True)
    organiser_name = serializers.CharField(source="owner_name", read_only=True)
    enterprise = UnitField(read_only=True, allow_null=True)
    department = DepartmentCodeField(read_only=True, allow_null=True)
    region = RegionCodeField(read_only=True)
    sector = SectorCodeField(read_only=True, allow_null=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)


class DrillSerializer(_Owned):
    """A drill as read: `date` is the day it was held (empty while planned)."""

    kind = KindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    date = serializers.DateField(source="held_on", read_only=True, allow_null=True)
    state = StateField(read_only=True)
    late_filing = serializers.BooleanField(
        read_only=True, help_text=_("An unscripted drill held without its plan filed on an earlier day.")
    )
    plan = PlanField(read_only=True, allow_null=True)
    photos = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Drill
        fields = ["id", "organiser", "organiser_name", "enterprise", "department", "region", "sector", "title", "kind",
                  "kind_label", "unscripted", "planned_on", "filed_on", "date", "place", "participants", "plan",
                  "evaluation", "improvements", "plan_needs_revision", "state", "late_filing", "photos", "created_by",
                  "created_at"]  # fmt: skip
        read_only_fields = fields


class DrillWriteSerializer(serializers.Serializer):
    """What a client sends to record (POST) or carry on (PATCH: file, hold, evaluate, correct) a drill."""

    enterprise = UnitField(required=False, allow_null=True, help_text=OWNER_HELP["enterprise"])
    department = DepartmentCodeField(required=False, allow_null=True, help_text=OWNER_HELP["department"])
    region = RegionCodeField(required=False, allow_null=True, help_text=OWNER_HELP["region"])
    kind = KindField(help_text=_("The kind of drill, e.g. fire."))
    unscripted = serializers.BooleanField(required=False, help_text=_("无脚本演练: its plan is filed before the day."))
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    planned_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("The day it is planned for, at most a year ahead.")
    )
    filed_on = serializers.DateField(required=False, allow_null=True, help_text=_("The day its plan was filed (报备)."))
    date = serializers.DateField(
        required=False, allow_null=True, help_text=_("The day it was held: not in the future.")
    )
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    participants = serializers.IntegerField(min_value=1, max_value=MAX_PARTICIPANTS, required=False, allow_null=True,
                                            help_text=_("The number taking part; required once held."))  # fmt: skip
    plan = PlanField(required=False, allow_null=True, help_text=_("The emergency plan exercised (its id)."))
    evaluation = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)
    improvements = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)
    plan_needs_revision = serializers.BooleanField(
        required=False, help_text=_("Marks the plan exercised “to be revised”.")
    )


class EmergencyPlanSerializer(_Owned):
    kind = PlanKindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    filed_with = DepartmentCodeField(read_only=True, allow_null=True)
    review_due = serializers.DateField(read_only=True, help_text=_("The day its periodic evaluation is due."))
    supersedes: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    document = AttachmentSerializer(read_only=True, allow_null=True)

    class Meta:
        model = EmergencyPlan
        fields = ["id", "organiser", "organiser_name", "enterprise", "department", "region", "sector", "title", "kind",
                  "kind_label", "version", "issued_on", "filed_on", "filed_with", "evaluated_on", "review_due",
                  "needs_revision", "revision_reason", "current", "supersedes", "document", "created_by",
                  "created_at"]  # fmt: skip
        read_only_fields = fields


class EmergencyPlanWriteSerializer(serializers.Serializer):
    enterprise = UnitField(required=False, allow_null=True, help_text=OWNER_HELP["enterprise"])
    department = DepartmentCodeField(required=False, allow_null=True, help_text=OWNER_HELP["department"])
    region = RegionCodeField(required=False, allow_null=True, help_text=OWNER_HELP["region"])
    title = serializers.CharField(max_length=200)
    kind = PlanKindField()
    version = serializers.CharField(max_length=20)
    issued_on = serializers.DateField()
    filed_on = serializers.DateField(required=False, allow_null=True)
    filed_with = DepartmentCodeField(required=False, allow_null=True, help_text=_("The department it was filed with."))
    evaluated_on = serializers.DateField(required=False, allow_null=True)
    needs_revision = serializers.BooleanField(required=False)
    revision_reason = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)


class ReviseSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    version = serializers.CharField(max_length=20)
    issued_on = serializers.DateField()
    filed_on = serializers.DateField(required=False, allow_null=True)
    filed_with = DepartmentCodeField(required=False, allow_null=True)


class AccidentSerializer(serializers.ModelSerializer):
    enterprise = UnitField(read_only=True, allow_null=True)
    region = RegionCodeField(read_only=True)
    sector = SectorCodeField(read_only=True)
    department = DepartmentCodeField(read_only=True, allow_null=True)
    grade = GradeField(read_only=True)
    reporting = ReportingField(read_only=True)
    investigation_status = InvestigationStatusField(read_only=True)
    investigation_level = InvestigationLevelField(read_only=True)
    report = AttachmentSerializer(read_only=True, allow_null=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = Accident
        fields = ["id", "occurred_at", "enterprise", "unit_name", "place", "region", "sector", "department", "grade",
                  "deaths", "serious_injuries", "direct_loss", "summary", "reporting", "investigation_status",
                  "investigation_level", "conclusion", "report", "created_by", "created_at"]  # fmt: skip
        read_only_fields = fields


class AccidentWriteSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField(help_text=_("When it happened: not in the future."))
    enterprise = UnitField(required=False, allow_null=True, help_text=_("The unit (its registry id), when registered."))
    unit_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    region = RegionCodeField(required=False, allow_null=True, help_text=_("The town or village (its code)."))
    sector = SectorCodeField(required=False, allow_null=True)
    grade = GradeField(
        required=False, help_text=_("Left out: the grade the numbers give; a contradicting grade is refused.")
    )
    deaths = serializers.IntegerField(min_value=0, max_value=MAX_CASUALTIES, required=False)
    serious_injuries = serializers.IntegerField(min_value=0, max_value=MAX_CASUALTIES, required=False)
    direct_loss = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, max_value=MAX_LOSS,
                                           required=False, help_text=_("In 万元."))  # fmt: skip
    summary = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH)
    reporting = ReportingField(required=False)
    investigation_status = InvestigationStatusField(required=False)
    investigation_level = InvestigationLevelField(required=False, allow_blank=True)
    conclusion = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)


class RequirementSerializer(serializers.ModelSerializer):
    enterprise = UnitField(read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    status = RequirementStatusField(read_only=True)
    named_by = serializers.CharField(source="named_by.username", read_only=True)

    class Meta:
        model = DrillRequirement
        fields = ["id", "enterprise", "enterprise_name", "people", "counted_from", "required_by", "source", "status",
                  "named_by", "named_at"]  # fmt: skip
        read_only_fields = fields


class RequirementWriteSerializer(serializers.Serializer):
    enterprise = UnitField(help_text=_("The place (its registry id)."))
    people = serializers.IntegerField(min_value=0, max_value=MAX_PEOPLE, required=False, allow_null=True,
                                      help_text=_("The people the place holds (50 or more); its staff when left out."))  # fmt: skip
    counted_from = serializers.DateField()
    required_by = serializers.DateField()
    source = serializers.CharField(max_length=120, required=False, allow_blank=True)  # type: ignore[assignment]
