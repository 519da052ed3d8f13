"""/api/v1/campaign-task-entries/: 进展情况 of the tasks no record measures — each participant's latest account of a
task (`?task=ID`), and a participant's new account with evidence (campaigns.task_entries decides who may and
what is valid: 403, or 400 keyed by field)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anjian.core.api import JSONParser, MultiPartParser
from anjian.core.validators import COMMENT_MAX_LENGTH
from anjian.quality.api import QualityWarningSerializer

from .. import rules, task_entries
from ..models import Task, TaskEntry

TAG = ["campaigns"]
LARGEST_ID = 10**18 - 1


class EntrySerializer(serializers.ModelSerializer):
    value = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False, allow_null=True)
    created_by = serializers.CharField(source="created_by.username")
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = TaskEntry
        fields = ["id", "value", "text", "evidence", "created_at", "created_by"]

    def get_evidence(self, entry: TaskEntry) -> list[str]:
        return [a.file.url for a in entry.evidence.all()]


class RecordedEntrySerializer(EntrySerializer):
    quality_warnings = QualityWarningSerializer(
        many=True, read_only=True, help_text=gettext_lazy("录入质量提示 on the text: warnings, the entry is saved.")
    )

    class Meta(EntrySerializer.Meta):
        fields = [*EntrySerializer.Meta.fields, "quality_warnings"]


class ParticipantEntrySerializer(serializers.Serializer):
    participant = serializers.IntegerField(source="participant.pk")
    name = serializers.CharField(source="participant.name")
    entry = EntrySerializer(allow_null=True, help_text=gettext_lazy("The latest account; null: none yet."))


class EntryWriteSerializer(serializers.Serializer):
    task = serializers.IntegerField(min_value=1, max_value=LARGEST_ID)
    participant = serializers.IntegerField(min_value=1, max_value=LARGEST_ID)
    value = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=30,
        help_text=gettext_lazy("The figure so far, in the target's unit."),
    )
    text = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX_LENGTH)
    evidence = serializers.ListField(child=serializers.FileField(), required=False, max_length=20)


def _task(user, pk) -> Task:
    task = Task.objects.filter(pk=pk, campaign__in=rules.visible_campaigns(user)).select_related("campaign__region")
    if not task.exists():
        raise ValidationError({"task": _("There is no such task, or you may not see it.")})
    return task.get()


@extend_schema_view(
    list=extend_schema(
        tags=TAG,
        parameters=[OpenApiParameter("task", int, required=True, description="The task's id.")],
        responses=ParticipantEntrySerializer(many=True),
    ),
    create=extend_schema(tags=TAG, request=EntryWriteSerializer, responses={201: RecordedEntrySerializer}),
)
class TaskEntryViewSet(viewsets.ViewSet):
    """进展情况: for a task no record measures, each participant (those the user may see) with its latest account;
    POST records a new account of one's own town or department (multipart for evidence files)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser]

    def list(self, request) -> Response:
        text = request.query_params.get("task", "")
        if not text.isdigit() or not 1 <= int(text) <= LARGEST_ID:
            raise ValidationError({"task": _("Give the task's id.")})
        task = _task(request.user, int(text))
        rows = [{"participant": p, "entry": e} for p, e in task_entries.latest(request.user, task)]
        return Response(ParticipantEntrySerializer(rows, many=True).data)

    def create(self, request) -> Response:
        data = EntryWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        task = _task(request.user, values["task"])
        participant = task.campaign.participants.filter(pk=values["participant"]).first()
        if participant is None:
            raise ValidationError({"participant": _("This participant does not take part in the task's campaign.")})
        entry = task_entries.record(
            request.user, task, participant, value=values.get("value"), text=values.get("text", ""),
            uploads=values.get("evidence", []),
        )  # fmt: skip
        entry.quality_warnings = [w.as_dict() for w in task_entries.quality_warnings(entry)]
        return Response(RecordedEntrySerializer(entry).data, status=status.HTTP_201_CREATED)
