"""Serializers of the campaigns API: what a campaign, a task, a report and a dispatch cell look like."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from anjian.core.validators import COMMENT_MAX_LENGTH

from ..models import Campaign, Deadline, Participant, ProgressReport, Stage, Submission, Task


class CampaignStageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["name", "start", "end", "content", "cite"]


class CampaignDeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deadline
        fields = ["what", "date", "cite"]


class CampaignParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    kind = serializers.SerializerMethodField(help_text=_("town or department"))
    code = serializers.SerializerMethodField(help_text=_("The town's division code or the department's code."))

    class Meta:
        model = Participant
        fields = ["id", "name", "kind", "code", "field"]

    def get_kind(self, participant: Participant) -> str:
        return "department" if participant.department_id else "town"

    def get_code(self, participant: Participant) -> str:
        return participant.department.code if participant.department_id else participant.region.code


class CampaignTaskSerializer(serializers.ModelSerializer):
    responsible = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "number",
            "group_number",
            "group_title",
            "title",
            "content",
            "lead",
            "responsible",
            "deadline",
            "ongoing",
            "target_text",
            "target_value",
            "target_unit",
            "target_per",
            "measure",
            "metric",
            "cite",
        ]

    def get_responsible(self, task: Task) -> list[str]:
        return [line for line in task.responsible.splitlines() if line.strip()]


class CampaignDocumentSerializer(serializers.Serializer):
    name = serializers.CharField(source="document_name")
    number = serializers.CharField(source="document_number")
    date = serializers.DateField(source="document_date", allow_null=True)
    issuer = serializers.CharField()


class CampaignListSerializer(serializers.ModelSerializer):
    document = CampaignDocumentSerializer(source="*", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "kind",
            "template",
            "document",
            "region",
            "period_start",
            "period_end",
            "rhythm",
            "monthly_report_day",
            "dispatch_form",
        ]


class CampaignSerializer(CampaignListSerializer):
    stages = CampaignStageSerializer(many=True, read_only=True)
    deadlines = CampaignDeadlineSerializer(many=True, read_only=True)
    participants = CampaignParticipantSerializer(many=True, read_only=True)
    tasks = CampaignTaskSerializer(many=True, read_only=True)

    class Meta(CampaignListSerializer.Meta):
        fields = [*CampaignListSerializer.Meta.fields, "stages", "deadlines", "participants", "tasks"]


class CampaignStartSerializer(serializers.Serializer):
    template = serializers.CharField(max_length=60, help_text=_("The code of a campaign template."))
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text=_("The year to run it in (this year if not given).")
    )
    region = serializers.CharField(
        required=False, max_length=12, help_text=_("The division code of the county running it (your county).")
    )


class CampaignTemplateSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    document = serializers.DictField()
    period = serializers.DictField()
    stages = serializers.IntegerField(help_text=_("How many stages."))
    tasks = serializers.IntegerField(help_text=_("How many tasks."))


class DispatchQuerySerializer(serializers.Serializer):
    period = serializers.CharField(max_length=7, help_text=_("The month reported on, YYYY-MM."))
    participant = serializers.IntegerField(required=False, min_value=1, max_value=10**17)


class DispatchRowsQuerySerializer(DispatchQuerySerializer):
    cell = serializers.CharField(max_length=40, help_text=_("The key of a computed cell."))
    records = serializers.BooleanField(
        required=False, default=False, help_text=_("true: the rows of the cell's cross-check from the units' records.")
    )


class DispatchCellSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(help_text=_("The notice's wording of this number."))
    form_label = serializers.CharField(help_text=_("The wording of the form's cell it is printed in."))
    block = serializers.CharField(help_text=_("One of the four block titles of attachment 4."))
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=False)
    source = serializers.ChoiceField(choices=["computed", "typed"])
    rows = serializers.CharField(allow_null=True, help_text=_("API URL of the records a computed cell counts."))
    records_figure = serializers.CharField(
        allow_null=True,
        help_text=_(
            "A cell of the spot checks counts what inspections found; this figure counts the same duty in the units' "
            "own records (duty calendar, welders' ledger, contracts, drills), as a cross-check. Null: none."
        ),
    )
    records_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=False, help_text=_("Its value.")
    )
    records_rows = serializers.CharField(allow_null=True, help_text=_("API URL of the records it counts."))


class DispatchSerializer(serializers.Serializer):
    title = serializers.CharField()
    period = serializers.CharField()
    participant = CampaignParticipantSerializer(allow_null=True)
    due = serializers.DateField(allow_null=True)
    cells = DispatchCellSerializer(many=True)


class DispatchRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    model = serializers.CharField(help_text=_("app_label.model of the record"))
    text = serializers.CharField()


class ReportSubmissionSerializer(serializers.ModelSerializer):
    submitted_by = serializers.CharField(source="submitted_by.username", read_only=True)
    returned_by = serializers.CharField(source="returned_by.username", read_only=True, allow_null=True)

    class Meta:
        model = Submission
        fields = [
            "number",
            "submitted_by",
            "submitted_at",
            "late",
            "returned_by",
            "returned_at",
            "return_reason",
            "cells",
        ]


class ReportEvidenceSerializer(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(), allow_empty=False, max_length=20,
        help_text=_("PDF, Word, Excel or images backing the typed figures."),
    )  # fmt: skip


class CampaignReportSerializer(serializers.ModelSerializer):
    period = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField(help_text=_("URLs of the evidence files."))
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    submissions = ReportSubmissionSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "campaign",
            "participant",
            "participant_name",
            "period",
            "state",
            "typed",
            "note",
            "updated_at",
            "submissions",
            "evidence",
        ]

    def get_evidence(self, report: ProgressReport) -> list[str]:
        return [a.file.url for a in report.evidence.all()]

    def get_period(self, report: ProgressReport) -> str:
        return f"{report.period:%Y-%m}"


class CampaignReportWriteSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(min_value=1, max_value=10**17)
    participant = serializers.IntegerField(min_value=1, max_value=10**17)
    period = serializers.CharField(max_length=7, help_text=_("YYYY-MM"))
    typed = serializers.DictField(
        child=serializers.CharField(max_length=20, allow_blank=True),
        required=False,
        help_text=_("Typed figures by cell key; computed cells are refused."),
    )
    note = serializers.CharField(max_length=COMMENT_MAX_LENGTH, required=False, allow_blank=True)


class CampaignReportUpdateSerializer(serializers.Serializer):
    typed = serializers.DictField(child=serializers.CharField(max_length=20, allow_blank=True), required=False)
    note = serializers.CharField(max_length=COMMENT_MAX_LENGTH, required=False, allow_blank=True)


class ReportReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=COMMENT_MAX_LENGTH)


class RankingQuerySerializer(serializers.Serializer):
    period = serializers.CharField(max_length=7, help_text=_("The month ranked (cumulative to its end), YYYY-MM."))


class RankingPublishSerializer(RankingQuerySerializer):
    note = serializers.CharField(max_length=COMMENT_MAX_LENGTH, required=False, allow_blank=True)


class RankingIndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    weight = serializers.CharField()
    higher_is_better = serializers.BooleanField()


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    participant = serializers.IntegerField()
    name = serializers.CharField()
    score = serializers.CharField(help_text=_("0–100, two decimals."))
    values = serializers.DictField(child=serializers.CharField(), help_text=_("Indicator values by key."))
    points = serializers.DictField(child=serializers.CharField(), help_text=_("Indicator points (0–100) by key."))


class RankingSerializer(serializers.Serializer):
    period = serializers.CharField()
    published = serializers.BooleanField(help_text=_("Frozen by the office; otherwise computed now."))
    published_at = serializers.DateTimeField(allow_null=True)
    rule = serializers.CharField(help_text=_("The rule, as printed beside the table."))
    indicators = RankingIndicatorSerializer(many=True)
    rows = RankingRowSerializer(many=True)


class TaskProgressParticipantSerializer(serializers.Serializer):
    participant = serializers.IntegerField(source="participant.pk")
    name = serializers.CharField(source="participant.name")
    value = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)
    met = serializers.BooleanField()


class TaskProgressSerializer(serializers.Serializer):
    """A task bound to a figure, measured from the records over its target's window."""

    task = serializers.IntegerField(source="task.pk")
    number = serializers.CharField(source="task.number")
    title = serializers.CharField(source="task.title")
    figure = serializers.CharField(source="figure.key")
    label = serializers.CharField(source="figure.label")
    unit = serializers.CharField(source="figure.unit")
    start = serializers.DateField()
    end = serializers.DateField()
    target = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)
    each = serializers.BooleanField(source="task.target_each", help_text=_("The target holds for each participant."))
    total = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text=_("The region's value (for those who see the whole region)."),
    )
    met = serializers.BooleanField(allow_null=True, help_text=_("The region's target met (a target for the region)."))
    participants = TaskProgressParticipantSerializer(source="each", many=True)


class OwedReportSerializer(serializers.Serializer):
    """A monthly report one's own town or department owes or last filed."""

    campaign = serializers.IntegerField(source="campaign.pk")
    campaign_title = serializers.CharField(source="campaign.title")
    participant = serializers.IntegerField(source="participant.pk")
    participant_name = serializers.CharField(source="participant.name")
    period = serializers.SerializerMethodField(help_text=_("The month reported on (YYYY-MM)."))
    due = serializers.DateField(allow_null=True)
    report = serializers.IntegerField(source="report.pk", allow_null=True, default=None)
    state = serializers.CharField(help_text=_("draft, submitted, returned; empty: not started."))
    overdue = serializers.BooleanField(help_text=_("Not submitted and the due day has passed."))

    def get_period(self, owed) -> str:
        return f"{owed.month:%Y-%m}"
