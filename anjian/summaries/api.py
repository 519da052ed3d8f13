"""/api/v1/summaries/counties/: the province overview (overview.py) for the counties the caller sees whole."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from . import overview
from .rebuild import last_rebuild

TAG = ["summaries"]


class MonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM: the month the hazards were found in.")
    found = serializers.IntegerField()
    closed = serializers.IntegerField(help_text="Of those found that month, signed off and closed by now.")
    major = serializers.IntegerField()


class CountySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The county's division code.")
    name = serializers.CharField()
    found = serializers.IntegerField(help_text="Hazards found in the period.")
    open = serializers.IntegerField(help_text="Of those, still open now.")
    closed = serializers.IntegerField(help_text="Of those, closed by now.")
    major = serializers.IntegerField(help_text="Of those, graded major now.")
    visits = serializers.IntegerField(help_text="Visits made in the period (drafts and signed).")
    enforcement = serializers.IntegerField(help_text="Enforcement actions decided in the period.")
    fines_wan = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="Their fines, in 10,000 yuan.")
    months = MonthSerializer(many=True)


class OverviewSerializer(serializers.Serializer):
    as_of = serializers.DateTimeField(help_text="Now: the services keep the tables current with every change.")
    last_rebuild = serializers.DateTimeField(allow_null=True, help_text="When they were last counted afresh.")
    date_from = serializers.CharField(help_text="YYYY-MM")
    date_to = serializers.CharField(help_text="YYYY-MM")
    counties = CountySerializer(many=True)


def body(user, first, last) -> dict:
    rebuilt = last_rebuild()
    rows = []
    for c in overview.overview(user, first, last):
        months = [{"month": f"{m:%Y-%m}", **cell} for m, cell in sorted(c.months.items())]
        totals = ("code", "name", "found", "open", "closed", "major", "visits", "enforcement", "fines_wan")
        rows.append({**{name: getattr(c, name) for name in totals}, "months": months})
    return {
        "as_of": timezone.now(),
        "last_rebuild": rebuilt.finished_at if rebuilt else None,
        "date_from": f"{first:%Y-%m}",
        "date_to": f"{last:%Y-%m}",
        "counties": rows,
    }


class SummaryViewSet(viewsets.ViewSet):
    """County-by-month figures for offices above the county, read from the summary tables (a county's own pages
    count its records live)."""

    permission_classes = [IsAuthenticated]
    pagination_class = None

    @extend_schema(
        tags=TAG,
        parameters=[
            OpenApiParameter("from", str, description="First month, YYYY-MM (default: January of this year)."),
            OpenApiParameter("to", str, description="Last month, YYYY-MM (default: this month)."),
        ],
        responses=OverviewSerializer,
    )
    @action(detail=False, methods=["get"])
    def counties(self, request) -> Response:
        """Per county the caller sees whole (a county, city or provincial office, a leader): hazards found, open,
        closed and major by month, visits, enforcement and fines. Other roles get no county."""
        params = {k: request.query_params.get(k) for k in ("from", "to")}
        try:
            first, last = overview.period(params)
        except ValidationError as error:
            raise BadRequest(error.message_dict) from error
        return Response(OverviewSerializer(body(request.user, first, last)).data)


def register(router) -> None:
    router.register("summaries", SummaryViewSet, basename="summaries")
