"""How the contest looks on the wire: read only. Regions and sectors by code; phone numbers only masked; a
question's answer only to those who see the bank (its keepers and the county's leaders)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import services
from ..choices import QuestionKind, RoundStatus, Topic
from ..models import Attempt, Question, Round


def _enum(choices, blank: bool = False):
    """A read-only ChoiceField whose enum stays inline (shared enum components would collide with other apps')."""
    values = [value for value, _label in choices]

    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs) -> None:
            super().__init__(choices=choices, read_only=True, **kwargs)

    return extend_schema_field({"type": "string", "enum": values + ([""] if blank else [])})(Field)


KindField = _enum(QuestionKind.choices)
TopicField = _enum(Topic.choices)
StatusField = _enum(RoundStatus.choices)
STATES = ["draft", "upcoming", "open", "ended", "closed"]


class RoundSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = StatusField()
    state = serializers.SerializerMethodField(
        help_text="What a participant sees now: draft, upcoming, open, ended (its last day passed), closed."
    )
    sectors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    topics = serializers.ListField(child=serializers.CharField(), read_only=True)
    public_path = serializers.SerializerMethodField(help_text="The public address of a public round (else empty).")
    entries = serializers.IntegerField(source="entry_count", read_only=True, help_text="Participants who entered.")
    finished = serializers.IntegerField(
        source="finished_count", read_only=True, help_text="Participants who finished an attempt."
    )

    class Meta:
        model = Round
        fields = [
            "id", "title", "description", "region", "status", "state", "is_public", "public_path", "opens_on",
            "closes_on", "question_count", "time_limit_minutes", "attempts_allowed", "partial_credit", "sectors",
            "topics", "target", "entries", "finished", "created_at", "opened_at", "closed_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field({"type": "string", "enum": STATES})
    def get_state(self, round_: Round) -> str:
        return services.state(round_, timezone.now())

    def get_public_path(self, round_: Round) -> str:
        return f"/contests/p/{round_.public_key}/" if round_.is_public else ""


class QuestionSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind = KindField()
    topic = TopicField()
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    options = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Question
        fields = ["id", "region", "kind", "text", "options", "answer", "sector", "topic", "basis", "explanation",
                  "is_demo", "active", "created_at"]  # fmt: skip
        read_only_fields = fields


class AttemptSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="entry.round_id", read_only=True)
    entry = serializers.IntegerField(source="entry_id", read_only=True)
    name = serializers.CharField(source="entry.name", read_only=True)
    unit_name = serializers.CharField(source="entry.unit_name", read_only=True)
    phone_masked = serializers.CharField(source="entry.phone_masked", read_only=True)
    enterprise = serializers.IntegerField(source="entry.enterprise_id", read_only=True, allow_null=True)
    region = serializers.CharField(source="entry.region.code", read_only=True, allow_null=True, default=None)
    score = serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=False, read_only=True,
                                     allow_null=True)  # fmt: skip

    class Meta:
        model = Attempt
        fields = ["id", "round", "entry", "name", "unit_name", "phone_masked", "enterprise", "region", "number",
                  "started_at", "deadline", "submitted_at", "score", "correct", "seconds"]  # fmt: skip
        read_only_fields = fields


class LeaderboardRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    entry = serializers.IntegerField()
    name = serializers.CharField()
    unit_name = serializers.CharField()
    best_score = serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=False)
    best_correct = serializers.IntegerField()
    best_seconds = serializers.IntegerField()
    finished_at = serializers.DateTimeField()
