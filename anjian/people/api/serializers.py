"""How people, their records, certificates and permits look on the wire. Units and people are given by id (outside
the caller's jurisdiction they do not exist: 400 on the field); the ID number is accepted whole and always read
masked. Writes are checked here for types only; what is valid is decided by the services."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from anjian.core.api import has_nul
from anjian.core.validators import DESCRIPTION_MAX_LENGTH
from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise

from ..choices import (
    AssessmentResult,
    Category,
    CertificateKind,
    CertificateStatus,
    Compliance,
    OperationType,
    PermitKind,
    TrainingKind,
    TrainingRule,
    WelderStanding,
)
from ..models import Absence, Certificate, Permit, Person, TrainingRecord
from ..validators import mask_id_number

MAX_ID = 2**63 - 1


def _enum(choices, blank: bool = False):
    """A ChoiceField whose enum stays inline (shared enum components would collide with other apps' `kind`)."""
    values = [value for value, _label in choices]

    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(choices=choices, allow_blank=blank, **kwargs)

    return extend_schema_field({"type": "string", "enum": values + ([""] if blank else [])})(Field)


CategoryField = _enum(Category.choices)
OperationField = _enum(OperationType.choices, blank=True)
TrainingKindField = _enum(TrainingKind.choices)
ResultField = _enum(AssessmentResult.choices)
CertificateKindField = _enum(CertificateKind.choices)
PermitKindField = _enum(PermitKind.choices)
HOURS = {"max_digits": 6, "decimal_places": 1, "coerce_to_string": False}


class _Restricted(serializers.Field):
    """A record by id, looked up within the caller's jurisdiction."""

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
class PeopleUnitField(_Restricted):
    model = Enterprise
    default_error_messages = {"unknown": _("No unit with this id within your jurisdiction.")}


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class PeoplePersonField(_Restricted):
    model = Person
    default_error_messages = {"unknown": _("No person with this id within your jurisdiction.")}


@extend_schema_field({"type": "string", "example": "3607**********123X"})
class IdNumberField(serializers.Field):
    """Accepted whole (18 characters, GB 11643); always read masked."""

    default_error_messages = {"invalid": _("Give the ID number as text.")}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str) or has_nul(data) or len(data) > 40:
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> str:
        return mask_id_number(value)


class AbsenceSerializer(serializers.ModelSerializer):
    person = PeoplePersonField(read_only=True)

    class Meta:
        model = Absence
        fields = ["id", "person", "away_from", "back_on", "reason", "long_absence"]
        read_only_fields = fields


class AbsenceWriteSerializer(serializers.Serializer):
    person = PeoplePersonField(help_text=_("The person's id."))
    away_from = serializers.DateField(help_text=_("The first day away from the post."))
    back_on = serializers.DateField(required=False, allow_null=True, help_text=_("The day back; empty while away."))
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PersonSerializer(serializers.ModelSerializer):
    """A person as read, with the training standing computed as of today (people/rules.py)."""

    enterprise = PeopleUnitField(read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    id_number = IdNumberField(read_only=True)
    categories = serializers.ListField(child=CategoryField(), read_only=True)
    operation_type = OperationField(read_only=True)
    training_rule = _enum(TrainingRule.choices, blank=True)(read_only=True)
    training_required_hours = serializers.DecimalField(read_only=True, **HOURS)
    training_hours = serializers.DecimalField(read_only=True, **HOURS)
    training_short_hours = serializers.DecimalField(read_only=True, **HOURS)
    compliance = _enum(Compliance.choices)(read_only=True)
    absence_overdue = serializers.BooleanField(read_only=True)
    assessment_overdue = serializers.BooleanField(read_only=True)
    absences = AbsenceSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id", "enterprise", "enterprise_name", "name", "id_number", "post", "categories", "operation_type",
            "appointed_on", "assessment_due_on", "started_on", "left_on", "training_rule", "training_required_hours",
            "training_hours", "training_short_hours", "compliance", "absence_overdue", "assessment_overdue",
            "absences", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class PersonWriteSerializer(serializers.Serializer):
    """What a client sends to register (POST) or correct (PATCH) a person."""

    enterprise = PeopleUnitField(help_text=_("The unit's registry id."))
    name = serializers.CharField(max_length=40)
    id_number = IdNumberField(help_text=_("The 18-character ID number (GB 11643), read back masked."))
    post = serializers.CharField(max_length=60, required=False, allow_blank=True)
    categories = serializers.ListField(child=CategoryField(), required=False, max_length=len(Category.values))
    operation_type = OperationField(required=False, help_text=_("A special-operation worker's operation."))
    appointed_on = serializers.DateField(required=False, allow_null=True)
    started_on = serializers.DateField(required=False, allow_null=True)
    left_on = serializers.DateField(required=False, allow_null=True)


class TrainingRecordSerializer(serializers.ModelSerializer):
    person = PeoplePersonField(read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    enterprise = serializers.IntegerField(source="person.enterprise_id", read_only=True)
    kind = TrainingKindField(read_only=True)
    hours = serializers.DecimalField(read_only=True, **HOURS)
    result = ResultField(read_only=True)

    class Meta:
        model = TrainingRecord
        fields = ["id", "person", "person_name", "enterprise", "kind", "course", "hours", "date", "provider", "result",
                  "created_at"]  # fmt: skip
        read_only_fields = fields


class TrainingRecordWriteSerializer(serializers.Serializer):
    """What a client sends to record (POST) or correct (PATCH) a training."""

    person = PeoplePersonField(help_text=_("The person's id."))
    enterprise = PeopleUnitField(required=False, help_text=_("Optional: the person's unit, checked when given."))
    kind = TrainingKindField(help_text=_("initial, yearly, retraining or review."))
    course = serializers.CharField(max_length=200)
    hours = serializers.DecimalField(
        max_digits=6, decimal_places=1, help_text=_("学时: more than 0, at most 200, to one decimal place.")
    )
    date = serializers.DateField(help_text=_("The day the training ended: not in the future, not before 2000."))
    provider = serializers.CharField(max_length=120, required=False, allow_blank=True)
    result = ResultField(required=False, help_text=_("The assessment result; passed when omitted."))


class CertificateSerializer(serializers.ModelSerializer):
    person = PeoplePersonField(read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    enterprise = serializers.IntegerField(source="person.enterprise_id", read_only=True)
    kind = CertificateKindField(read_only=True)
    operation_type = OperationField(read_only=True)
    number = serializers.CharField(
        source="masked_number", read_only=True, help_text=_("The holder's ID number is masked within it.")
    )
    status = _enum(CertificateStatus.choices)(read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id", "person", "person_name", "enterprise", "kind", "operation_type", "number", "issuer",
            "issued_elsewhere", "issued_on", "expires_on", "reviewed_on", "long_review", "next_review_on", "status",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class CertificateWriteSerializer(serializers.Serializer):
    """What a client sends to record (POST) or correct (PATCH) a certificate; the expiry and the next review are
    answered computed."""

    person = PeoplePersonField(help_text=_("The holder's id."))
    enterprise = PeopleUnitField(required=False, help_text=_("Optional: the holder's unit, checked when given."))
    kind = CertificateKindField(help_text=_("safety_qualification or special_operation."))
    operation_type = OperationField(required=False, help_text=_("A special operations certificate's operation."))
    number = serializers.CharField(max_length=40)
    issuer = serializers.CharField(max_length=80, help_text=_("The issuing authority."))
    issued_elsewhere = serializers.BooleanField(required=False, help_text=_("Issued outside the county (外地取证)."))
    issued_on = serializers.DateField()
    expires_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("Computed from the issue date unless printed earlier.")
    )
    reviewed_on = serializers.DateField(required=False, allow_null=True, help_text=_("The last review."))
    long_review = serializers.BooleanField(
        required=False, help_text=_("10 years or more in the same job without violations: reviewed every 6 years.")
    )


class PermitSerializer(serializers.ModelSerializer):
    enterprise = PeopleUnitField(read_only=True)
    kind = PermitKindField(read_only=True)
    worker = PeoplePersonField(read_only=True)
    guardian = PeoplePersonField(read_only=True)
    approver = PeoplePersonField(read_only=True)
    worker_name = serializers.CharField(source="worker.name", read_only=True)
    guardian_name = serializers.CharField(source="guardian.name", read_only=True)
    approver_name = serializers.CharField(source="approver.name", read_only=True)
    certificate_number = serializers.CharField(source="certificate.masked_number", read_only=True, default="")

    class Meta:
        model = Permit
        fields = [
            "id", "enterprise", "kind", "number", "worker", "worker_name", "guardian", "guardian_name", "approver",
            "approver_name", "certificate_number", "place", "starts_at", "ends_at", "measures", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class PermitWriteSerializer(serializers.Serializer):
    """What a client sends to record a permit; a worker without the certificate the work needs is refused (400)."""

    enterprise = PeopleUnitField(help_text=_("The unit's registry id."))
    kind = PermitKindField(required=False, help_text=_("hot_work when omitted."))
    number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    worker = PeoplePersonField(help_text=_("The worker's id: a person of the unit."))
    guardian = PeoplePersonField(help_text=_("The guardian's (监护人) id: a person of the unit."))
    approver = PeoplePersonField(help_text=_("The approver's id: a person of the unit."))
    place = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    measures = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH)


class RateSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("The unit's id, the town's path or the sector's id."))
    label = serializers.CharField()
    required = serializers.IntegerField(help_text=_("People on the three posts."))
    certified = serializers.IntegerField(help_text=_("Of them, holding every certificate their posts need."))
    rate = serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=False, allow_null=True)


class WelderSerializer(serializers.ModelSerializer):
    enterprise = PeopleUnitField(read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    id_number = IdNumberField(read_only=True)
    standing = _enum(WelderStanding.choices)(read_only=True)
    certificate_number = serializers.SerializerMethodField()
    certificate_issuer = serializers.SerializerMethodField()
    certificate_expires_on = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "name", "id_number", "enterprise", "enterprise_name", "post", "standing", "certificate_number",
                  "certificate_issuer", "certificate_expires_on"]  # fmt: skip
        read_only_fields = fields

    def _held(self, person: Person) -> Certificate | None:
        return person.held_certificates[0] if person.held_certificates else None

    def get_certificate_number(self, person: Person) -> str:
        held = self._held(person)
        return held.masked_number if held else ""

    def get_certificate_issuer(self, person: Person) -> str:
        held = self._held(person)
        return held.issuer if held else ""

    def get_certificate_expires_on(self, person: Person) -> str | None:
        held = self._held(person)
        return held.expires_on.isoformat() if held else None
