"""How the duties look on the wire: units by registry id, duties by code, people by username. Writes are checked
here for types only; who may and what is valid (dates within the period, two different signatories, a signed
report left unchanged …) is decided by the duties' services, whose refusals answer 400 keyed by field."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from anjian.core import dates, records
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from anjian.hazards.api.serializers import UnitField, enum_field

from ..choices import ContractKind, DeliveryMethod, Disorder, Frequency, OccurrenceStatus, ReportState
from ..models import (
    DutyItem,
    DutyOccurrence,
    DutyReport,
    ListDelivery,
    ListItem,
    OutsourcingContract,
    ReportTemplate,
    ResponsibilityList,
)
from ..reports import MAX_SECTIONS, MAX_SIGNATORIES
from ..texts import NAME_LIMIT

FrequencyField = enum_field(Frequency.choices)
StatusField = enum_field(OccurrenceStatus.choices)
StateField = enum_field(ReportState.choices)
ContractKindField = enum_field(ContractKind.choices)
MethodField = enum_field(DeliveryMethod.choices)
DisorderField = enum_field(Disorder.choices)


class DutyItemSerializer(serializers.ModelSerializer):
    frequency = FrequencyField(read_only=True)
    high_risk_frequency = FrequencyField(read_only=True)

    class Meta:
        model = DutyItem
        fields = ["id", "code", "name", "cite", "frequency", "high_risk_frequency", "active_from", "active_until",
                  "active", "order", "note"]  # fmt: skip
        read_only_fields = fields


class DutyAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    content_type = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        request = self.context.get("request")
        url = attachment.file.url
        return request.build_absolute_uri(url) if request is not None else url


class DutyEvidenceSerializer(serializers.Serializer):
    kind = serializers.CharField(
        read_only=True, help_text=_("emergency.drill: a drill the unit held; people.trainingrecord: a training.")
    )
    id = serializers.IntegerField(read_only=True)
    label = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, help_text=_("Its page on the site."))


class DutyOccurrenceSerializer(serializers.ModelSerializer):
    """One duty of one unit for one period; `status` is as of today; `evidence` is the record that made it done
    (a drill, a training), null when the unit recorded it itself or it is not done."""

    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    item = serializers.CharField(source="item.code", read_only=True, help_text=_("The duty's code."))
    item_name = serializers.CharField(source="item.name", read_only=True)
    frequency = FrequencyField(read_only=True)
    period_end = serializers.DateField(source="due_on", read_only=True)
    period_label = serializers.CharField(read_only=True)
    status = serializers.SerializerMethodField()
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, allow_null=True, default=None)
    attachments = DutyAttachmentSerializer(many=True, read_only=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = DutyOccurrence
        fields = ["id", "enterprise", "enterprise_name", "item", "item_name", "frequency", "period_start", "period_end",
                  "period_label", "due_on", "status", "done_on", "minutes", "principal_name", "recorded_by",
                  "recorded_at", "attachments", "evidence"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(StatusField())
    def get_status(self, occurrence: DutyOccurrence) -> str:
        return occurrence.status_on(dates.today())

    @extend_schema_field(DutyEvidenceSerializer(allow_null=True))
    def get_evidence(self, occurrence: DutyOccurrence) -> dict | None:
        record = occurrence.evidence if occurrence.evidence_id else None
        if record is None:
            return None
        url = records.url_of(record)
        request = self.context.get("request")
        return {
            "kind": record._meta.label_lower,
            "id": record.pk,
            "label": str(record),
            "url": request.build_absolute_uri(url) if request is not None and url else url,
        }


class DutyDoneSerializer(serializers.Serializer):
    done_on = serializers.DateField(help_text=_("The day it was done: within its period, not in the future."))
    minutes = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)
    principal_name = serializers.CharField(
        max_length=NAME_LIMIT,
        required=False,
        allow_blank=True,
        help_text=_("The principal who signs; the unit's by default."),
    )


class DutyReportSectionSerializer(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)


class DutyReportSignatureSerializer(serializers.Serializer):
    position = serializers.IntegerField(read_only=True)
    role = serializers.CharField(read_only=True)
    signer_name = serializers.CharField(read_only=True)
    signed_by = serializers.CharField(source="signed_by.username", read_only=True)
    signed_at = serializers.DateTimeField(read_only=True)


class DutyReportAcknowledgementSerializer(serializers.Serializer):
    unit_name = serializers.CharField(read_only=True)
    comment = serializers.CharField(read_only=True)
    acknowledged_by = serializers.CharField(source="acknowledged_by.username", read_only=True)
    acknowledged_at = serializers.DateTimeField(read_only=True)


class DutyReportTemplateSerializer(serializers.ModelSerializer):
    period = FrequencyField(read_only=True)
    sections = serializers.ListField(child=serializers.CharField(), read_only=True)
    signatories = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ReportTemplate
        fields = ["id", "name", "period", "sections", "signatories", "is_default", "active", "note"]
        read_only_fields = fields


class DutyReportSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    template = serializers.IntegerField(source="template_id", read_only=True)
    period = FrequencyField(read_only=True)
    period_label = serializers.CharField(read_only=True)
    sections = DutyReportSectionSerializer(many=True, read_only=True)
    signatories = serializers.ListField(child=serializers.CharField(), read_only=True)
    state = StateField(read_only=True)
    signatures = DutyReportSignatureSerializer(many=True, read_only=True)
    acknowledgement = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = DutyReport
        fields = ["id", "enterprise", "enterprise_name", "template", "period", "period_start", "period_end",
                  "period_label", "sections", "signatories", "state", "signatures", "acknowledgement", "created_by",
                  "created_at"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(DutyReportAcknowledgementSerializer(allow_null=True))
    def get_acknowledgement(self, report: DutyReport) -> dict | None:
        made = getattr(report, "acknowledgement", None)
        return DutyReportAcknowledgementSerializer(made).data if made is not None else None


class DutyReportCreateSerializer(serializers.Serializer):
    enterprise = UnitField(help_text=_("Your unit's registry id."))
    template = serializers.PrimaryKeyRelatedField(
        queryset=ReportTemplate.objects.all(), help_text=_("The template's id.")
    )
    day = serializers.DateField(required=False, help_text=_("A day of the period reported; today when omitted."))
    sections = serializers.ListField(
        child=serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, allow_blank=True),
        max_length=MAX_SECTIONS,
        help_text=_("One text for each heading of the template, in order."),
    )


class DutyReportEditSerializer(serializers.Serializer):
    sections = serializers.ListField(
        child=serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, allow_blank=True),
        max_length=MAX_SECTIONS,
        help_text=_("One text for each heading, in order; refused once anyone has signed."),
    )


class DutyReportSignSerializer(serializers.Serializer):
    position = serializers.IntegerField(
        min_value=0, max_value=MAX_SIGNATORIES - 1, help_text=_("Which signatory signs (0: the first).")
    )
    signer_name = serializers.CharField(max_length=NAME_LIMIT, help_text=_("The name of the person who signs."))


class DutyReportAcknowledgeSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=COMMENT_MAX_LENGTH, required=False, allow_blank=True)


class DutyListItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListItem
        fields = ["number", "area", "text"]
        read_only_fields = fields


class DutyListSerializer(serializers.ModelSerializer):
    items = DutyListItemSerializer(many=True, read_only=True)

    class Meta:
        model = ResponsibilityList
        fields = ["id", "title", "doc_number", "cite", "deadline", "expected_items", "items_sample", "note", "items"]
        read_only_fields = fields


class ListDeliverySerializer(serializers.ModelSerializer):
    list = serializers.IntegerField(source="list_id", read_only=True)
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    method = MethodField(read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = ListDelivery
        fields = ["id", "list", "enterprise", "enterprise_name", "delivered_on", "method", "deliverer_name",
                  "acknowledged_on", "acknowledged_by_name", "note", "recorded_by", "created_at"]  # fmt: skip
        read_only_fields = fields


class ListDeliveryCreateSerializer(serializers.Serializer):
    list = serializers.PrimaryKeyRelatedField(queryset=ResponsibilityList.objects.all(), help_text=_("The list's id."))
    enterprise = UnitField(help_text=_("The unit's registry id (within your jurisdiction)."))
    delivered_on = serializers.DateField(help_text=_("Not in the future."))
    method = MethodField(required=False)
    deliverer_name = serializers.CharField(max_length=NAME_LIMIT, required=False, allow_blank=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ListDeliveryAcknowledgeSerializer(serializers.Serializer):
    acknowledged_on = serializers.DateField(required=False, help_text=_("Today when omitted; not before the delivery."))
    acknowledged_by_name = serializers.CharField(
        max_length=NAME_LIMIT, required=False, allow_blank=True, help_text=_("The unit's person who signed for it.")
    )


class OutsourcingContractSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    kind = ContractKindField(read_only=True)
    disorderly = serializers.BooleanField(
        read_only=True,
        help_text=_("外包外租安全管理混乱: one of the four conditions of 高府发〔2023〕14号 附件4 注2 holds."),
    )
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = OutsourcingContract
        fields = ["id", "enterprise", "enterprise_name", "kind", "subject", "counterparty", "counterparty_credit_code",
                  "qualification_required", "qualification_held", "safety_conditions", "agreement_signed",
                  "duties_defined", "unified_management", "starts_on", "ends_on", "disorderly", "reasons",
                  "created_at"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=DisorderField()))
    def get_reasons(self, contract: OutsourcingContract) -> list[str]:
        return [str(r) for r in contract.reasons()]


class OutsourcingContractWriteSerializer(serializers.Serializer):
    enterprise = UnitField(help_text=_("The unit's registry id; given when recording, not when correcting."))
    kind = ContractKindField()
    subject = serializers.CharField(max_length=200)
    counterparty = serializers.CharField(max_length=120)
    counterparty_credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True)
    qualification_required = serializers.CharField(max_length=200, required=False, allow_blank=True)
    qualification_held = serializers.CharField(max_length=200, required=False, allow_blank=True)
    safety_conditions = serializers.BooleanField(default=True)
    agreement_signed = serializers.BooleanField(default=False)
    duties_defined = serializers.BooleanField(default=False)
    unified_management = serializers.BooleanField(default=False)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
