"""/api/v1/desk/: the work desk for the caller — each section's count and first items (core.desk);
/api/v1/dashboard/: the dashboard's figures for a region and a period, each with the API URL of its rows."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.urls import path, reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from anjian.core import desk as work_desk
from anjian.core.api import Pagination

from . import counted, services

TAG = ["work desk"]
MOST_ITEMS = 50


class DeskItemSerializer(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.CharField(help_text="The page where it is done.")
    due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    note = serializers.CharField()


class DeskSectionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="hazards.todo, hazards.overdue, hazards.due_soon, campaigns.reports, …")
    label = serializers.CharField()
    count = serializers.IntegerField()
    url = serializers.CharField(help_text="The page listing them all.")
    tone = serializers.CharField()
    items = DeskItemSerializer(many=True)


class DeskSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Each section's count by its key.")
    sections = DeskSectionSerializer(many=True)


class DeskQuerySerializer(serializers.Serializer):
    items = serializers.IntegerField(min_value=0, max_value=MOST_ITEMS, default=5, help_text="Items per section.")


class DeskView(APIView):
    """What waits for the caller now, by role: hazards to act on, overdue and due within 7 days, reports due,
    this month's inspection plans."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG,
        parameters=[OpenApiParameter("items", int, description="Items per section (0–50, default 5).")],
        responses=DeskSerializer,
    )
    def get(self, request) -> Response:
        query = DeskQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        sections = work_desk.sections(request.user, limit=query.validated_data["items"])
        body = {"counts": {s.key: s.count for s in sections}, "sections": sections}
        return Response(DeskSerializer(body).data)


class DashboardQuerySerializer(serializers.Serializer):
    region = serializers.CharField(required=False, max_length=12, help_text="A region code (default: yours).")
    date_from = serializers.CharField(required=False, max_length=10, help_text="YYYY-MM-DD (default: 1 January).")
    date_to = serializers.CharField(required=False, max_length=10, help_text="YYYY-MM-DD (default: today).")


class DashboardRowsQuerySerializer(DashboardQuerySerializer):
    key = serializers.CharField(max_length=60, help_text="The figure's key, as /api/v1/dashboard/ gives it.")
    dimension = serializers.CharField(required=False, max_length=20, help_text="state, grade, sector or source.")
    value = serializers.CharField(required=False, allow_blank=True, max_length=40)


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.IntegerField()
    rows = serializers.CharField(help_text="API URL listing exactly the records counted: its count is the value.")
    counted_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When a city's or a province's figures were counted (their last count, kept up to "
        "ANJIAN_WIDE_FIGURES_MINUTES); null for a county's or a town's, counted when asked.",
    )


class RowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    model = serializers.CharField()
    text = serializers.CharField()


def _parse(request, serializer_class):
    """The query checked at the edge, then by the dashboard's rules; either refusal is a 400 keyed by field."""
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    try:
        return query.validated_data, services.parse(request.user, query.validated_data)
    except ValidationError as error:
        raise BadRequest(error.message_dict) from error


class DashboardViewSet(viewsets.ViewSet):
    """The county dashboard's figures (a town sees its own): 江西应急管理简报 2024年第20期's statement for a period and region.
    A city's or a province's are their last count, as the dashboard page shows them (`counted_at`)."""

    permission_classes = [IsAuthenticated]
    pagination_class = None  # the figures are one short list; only their rows page

    @extend_schema(tags=TAG, parameters=[DashboardQuerySerializer], responses=FigureSerializer(many=True))
    def list(self, request) -> Response:
        _data, query = _parse(request, DashboardQuerySerializer)
        base = reverse("dashboard-rows")
        cards, counted_at = counted.cards(request.user, query)
        body = [
            {
                "key": c["key"],
                "label": c["label"],
                "unit": c["unit"],
                "value": c["value"],
                "rows": f"{base}?{urlencode(query.params() | {'key': c['key']})}",
                "counted_at": counted_at,
            }
            for c in cards
        ]
        return Response(FigureSerializer(body, many=True).data)

    @extend_schema(tags=TAG, parameters=[DashboardRowsQuerySerializer], responses=RowSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=Pagination)
    def rows(self, request) -> Response:
        """The records one figure counts (or one slice of its breakdown), paginated: `count` is the value."""
        data, query = _parse(request, DashboardRowsQuerySerializer)
        try:
            rows = services.rows(request.user, query, data["key"], data.get("dimension", ""), data.get("value", ""))
        except ValidationError as error:
            raise BadRequest(error.message_dict) from error
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        label = rows.model._meta.label_lower
        body = [{"id": obj.pk, "model": label, "text": str(obj)} for obj in page or []]
        return paginator.get_paginated_response(RowSerializer(body, many=True).data)


def register(router) -> None:
    router.register("dashboard", DashboardViewSet, basename="dashboard")


urlpatterns = [path("desk/", DeskView.as_view(), name="desk")]  # one object, not a list: a view, not a viewset
