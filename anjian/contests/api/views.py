"""The contest for /api/v1/, read only: rounds (their state and participation; a round's leaderboard by person),
questions (the bank: its keepers and the county's leaders only — enterprises see none, it holds the answers) and
attempts (their scores, as the server computed them). Every queryset passes through `restrict`."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from anjian.org.jurisdiction import restrict

from .. import attempts, standings
from ..filtersets import AttemptFilterSet, QuestionFilterSet, RoundFilterSet
from ..models import Attempt, Question, Round
from .serializers import AttemptSerializer, LeaderboardRowSerializer, QuestionSerializer, RoundSerializer

ID_REGEX = r"[0-9]{1,18}"
TAGS = ["contests"]
SCHEMA = extend_schema_view(list=extend_schema(tags=TAGS), retrieve=extend_schema(tags=TAGS))


@SCHEMA
class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    """安康杯知识竞赛 rounds (兴安办〔2024〕80号 二（三）2、二（五）2): the county's and the towns', with their rules, their
    state now and how many entered and finished."""

    serializer_class = RoundSerializer
    filterset_class = RoundFilterSet
    lookup_value_regex = ID_REGEX

    def get_queryset(self) -> QuerySet:
        rows = (
            Round.objects.select_related("region")
            .prefetch_related("sectors")
            .annotate(
                entry_count=Count("entries", distinct=True),
                finished_count=Count("entries", filter=Q(entries__best_score__isnull=False), distinct=True),
            )
        )
        return restrict(self.request.user, rows.order_by("pk"))

    @extend_schema(tags=TAGS, filters=False, responses=LeaderboardRowSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def leaderboard(self, request, pk=None) -> Response:
        """The round's participants who finished, best first: by score, then the time taken (less is better)."""
        board = standings.person_board(self.get_object(), timezone.now(), limit=500)
        data = [{"rank": r.rank, "entry": r.entry.pk, "name": r.entry.name, "unit_name": r.entry.unit_name,
                 "best_score": r.entry.best_score, "best_correct": r.entry.best_correct,
                 "best_seconds": r.entry.best_seconds, "finished_at": r.entry.finished_at} for r in board]  # fmt: skip
        return Response(LeaderboardRowSerializer(data, many=True).data)


@SCHEMA
class QuestionViewSet(viewsets.ReadOnlyModelViewSet):
    """The question bank: single choice, multiple choice, true or false, tagged by sector and topic; `is_demo`
    marks the questions written for the demo from the notices' rules."""

    serializer_class = QuestionSerializer
    filterset_class = QuestionFilterSet
    lookup_value_regex = ID_REGEX

    def get_queryset(self) -> QuerySet:
        return restrict(self.request.user, Question.objects.select_related("region", "sector").order_by("pk"))


@SCHEMA
class AttemptViewSet(viewsets.ReadOnlyModelViewSet):
    """Attempts and their scores (phone numbers masked); an attempt past its deadline is scored when read."""

    serializer_class = AttemptSerializer
    filterset_class = AttemptFilterSet
    lookup_value_regex = ID_REGEX

    def get_queryset(self) -> QuerySet:
        rows = Attempt.objects.select_related("entry__region").order_by("pk")
        return restrict(self.request.user, rows)

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        attempts.settle_due(timezone.now())


def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
    router.register("contest-rounds", RoundViewSet, basename="contest-round")
    router.register("contest-questions", QuestionViewSet, basename="contest-question")
    router.register("contest-attempts", AttemptViewSet, basename="contest-attempt")
