"""The risk endpoints: points, assessments, major hazard sources and substances, the regional figures.

Every queryset passes through `restrict` (outside jurisdiction is 404); every change goes through
`risk.services` (save_point, assess, check_manage) or `risk.major_sources`, which decide what is allowed.
The enterprise's site plan, zones and package files are in `package.py`.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from anjian.core.api import PdfRenderer, file_response
from anjian.hazards.filtersets import MAX_ID, IdFilter
from anjian.org.jurisdiction import restrict
from anjian.registry.api.views import _binary

from .. import rules, services
from ..choices import Method, RiskLevel
from ..filtersets import RiskPointFilterSet
from ..models import ControlMeasure, HazardousSubstance, MajorHazardSource, RiskAssessment, RiskPoint
from ..rules import Record
from .serializers import (
    AssessmentCreateSerializer,
    AssessmentSerializer,
    MajorHazardSourceSerializer,
    RiskPointSerializer,
    SubstanceSerializer,
    TownLevelSerializer,
    TownSectorSerializer,
)

PDF = "application/pdf"
NOTICE_BOARD = "风险告知牌"
ID_REGEX = r"[0-9]{1,18}"


class RiskWritePermission(BasePermission):
    """Everyone signed in reads (within jurisdiction); a role that may never write the view's record (its
    `risk_record`, see rules.py) is refused at once; rules.check_write then decides per enterprise."""

    message = gettext_lazy("Your role may not change risk records.")

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or rules.may_write_some(request.user, view.risk_record)


@transaction.atomic
def save_point(user, point: RiskPoint, changes: dict, measures: list[dict] | None) -> RiskPoint:
    """services.save_point, then the measures replaced as a whole when given."""
    point = services.save_point(user, point, changes)
    if measures is not None:
        point.measures.all().delete()
        ControlMeasure.objects.bulk_create(ControlMeasure(risk_point=point, **m) for m in measures)
    return point


COUNTY_PARAMETER = OpenApiParameter(
    "county",
    str,
    description=gettext_lazy("The 12-digit code of one of the counties you work in; your first county if not given."),
)
TAG = ["risk"]


@extend_schema_view(
    list=extend_schema(tags=TAG),
    retrieve=extend_schema(tags=TAG),
    create=extend_schema(tags=TAG),
    update=extend_schema(tags=TAG),
    partial_update=extend_schema(tags=TAG),
    destroy=extend_schema(tags=TAG),
)
class RiskPointViewSet(viewsets.ModelViewSet):
    """风险点: an enterprise's places, equipment, processes, activities and posts, with their control."""

    serializer_class = RiskPointSerializer
    filterset_class = RiskPointFilterSet
    permission_classes = [IsAuthenticated, RiskWritePermission]
    risk_record = Record.POINT
    lookup_value_regex = ID_REGEX

    def get_queryset(self) -> QuerySet:
        latest = RiskAssessment.objects.select_related("assessed_by")
        qs = RiskPoint.objects.select_related("enterprise").prefetch_related(
            "measures", Prefetch("assessments", latest, to_attr="all_assessments")
        )
        return restrict(self.request.user, qs)

    def _points(self) -> QuerySet:
        """The filtered points without the list's joins, for the regional figures."""
        return self.filter_queryset(restrict(self.request.user, RiskPoint.objects.all()))

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        measures = data.pop("measures", None)
        point = save_point(self.request.user, RiskPoint(enterprise=data.pop("enterprise")), data, measures or [])
        serializer.instance = self.get_queryset().get(pk=point.pk)

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("enterprise", None)
        measures = data.pop("measures", None)
        point = save_point(self.request.user, serializer.instance, data, measures)
        serializer.instance = self.get_queryset().get(pk=point.pk)

    def perform_destroy(self, instance: RiskPoint) -> None:
        services.check_manage(self.request.user, instance.enterprise, Record.POINT)
        if instance.assessments.exists():  # the assessments are kept for ever: a point that has one stays
            raise ValidationError(
                {"detail": gettext_lazy("This risk point has assessments on record; it cannot be deleted.")}
            )
        instance.delete()

    @extend_schema(tags=TAG, responses=_binary(gettext_lazy("The point's risk notice board (风险告知牌)."), PDF))
    @action(detail=True, methods=["get"], url_path="notice-board.pdf", renderer_classes=[JSONRenderer, PdfRenderer])
    def notice_board(self, request, pk: str | None = None):
        from anjian.risk.noticeboard import notice_board_pdf

        point = self.get_object()
        return file_response(notice_board_pdf(point), PDF, f"{point.enterprise.name}-{point.name}-{NOTICE_BOARD}.pdf")

    # …/notice-board.pdf without the trailing slash, as for the enterprise files (see registry/api/views.py).
    @extend_schema(exclude=True)
    @action(detail=True, methods=["get"], url_path="notice-board", renderer_classes=[PdfRenderer])
    def notice_board_suffixed(self, request, pk: str | None = None, **kwargs):
        return self.notice_board(request, pk)

    def _county(self):
        """The county asked for (`?county=`, among the user's), or the user's own; None when they have none."""
        from anjian.org.areas import choose_county

        try:
            return choose_county(self.request.user, self.request.query_params.get("county"))
        except DjangoValidationError as exc:
            raise ValidationError({"county": exc.messages}) from exc

    @extend_schema(tags=TAG, filters=True, parameters=[COUNTY_PARAMETER], responses=TownLevelSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def regional(self, request) -> Response:
        """Each town of a county with the highest level of its points and the count per level (the four-colour
        map)."""
        from anjian.risk import regional

        county = self._county()
        rows = regional.town_levels(self._points(), county) if county is not None else []
        return Response(TownLevelSerializer([town_row(r) for r in rows], many=True).data)

    @extend_schema(tags=TAG, filters=True, parameters=[COUNTY_PARAMETER], responses=TownSectorSerializer)
    @action(detail=False, methods=["get"], url_path="regional/town-sector", pagination_class=None)
    def town_sector(self, request) -> Response:
        """The town × sector table of a county: per town and per cell, the highest level and the points per
        level."""
        from anjian.risk import regional

        county = self._county()
        table = regional.town_sector_table(self._points(), county) if county is not None else ([], [])
        return Response(TownSectorSerializer(town_sector_table(table)).data)


def tally(t) -> dict:
    """A regional.Tally: the highest level ('' when no point is assessed) and the points per level."""
    return {"level": t.level, "counts": {level: t.counts.get(level, 0) for level in RiskLevel.values}}


def town_row(town) -> dict:
    return {"code": town.code, "name": town.name, **tally(town)}


def town_sector_table(table) -> dict:
    sectors, rows = table
    return {
        "sectors": [{"code": s.code, "name": s.name} for s in sectors],
        "rows": [
            {
                "code": row.region.code,
                "name": row.region.name,
                **tally(row.overall),
                "cells": [{"sector": s.code, **tally(c)} for s, c in zip(sectors, row.cells, strict=True)],
            }
            for row in rows
        ],
    }


class AssessmentFilterSet(django_filters.FilterSet):
    risk_point = IdFilter(label=gettext_lazy("Risk point"), field_name="risk_point_id", min_value=1, max_value=MAX_ID)
    enterprise = IdFilter(
        label=gettext_lazy("Enterprise"), field_name="risk_point__enterprise_id", min_value=1, max_value=MAX_ID
    )
    method = django_filters.ChoiceFilter(label=gettext_lazy("Method"), choices=Method.choices)
    level = django_filters.ChoiceFilter(label=gettext_lazy("Level"), choices=RiskLevel.choices)

    class Meta:
        model = RiskAssessment
        fields = ["risk_point", "enterprise", "method", "level"]


@extend_schema_view(
    list=extend_schema(tags=TAG),
    retrieve=extend_schema(tags=TAG),
    create=extend_schema(tags=TAG, request=AssessmentCreateSerializer, responses={201: AssessmentSerializer}),
)
class AssessmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """风险评价: LEC or LS assessments, kept as made (no PUT, PATCH or DELETE); the latest sets the level."""

    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    permission_classes = [IsAuthenticated, RiskWritePermission]
    risk_record = Record.ASSESSMENT
    lookup_value_regex = ID_REGEX

    def get_queryset(self) -> QuerySet:
        qs = RiskAssessment.objects.select_related("risk_point", "assessed_by")
        return restrict(self.request.user, qs)

    def create(self, request, *args, **kwargs) -> Response:
        serializer = AssessmentCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        factors = {k: data.get(k) for k in ("l", "e", "c", "s")}
        assessment = services.assess(
            request.user,
            data["risk_point"],
            data["method"],
            factors,
            level=data.get("level") or None,
            raised_reason=data.get("raised_reason", ""),
            lowered_reason=data.get("lowered_reason", ""),
        )
        body = AssessmentSerializer(self.get_queryset().get(pk=assessment.pk), context=self.get_serializer_context())
        return Response(body.data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(tags=TAG),
    retrieve=extend_schema(tags=TAG),
    create=extend_schema(tags=TAG),
    update=extend_schema(tags=TAG),
    partial_update=extend_schema(tags=TAG),
)
class MajorHazardSourceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """重大危险源: units with the substances they hold, identified (Σ q/Q ≥ 1) and graded by GB 18218-2018."""

    serializer_class = MajorHazardSourceSerializer
    permission_classes = [IsAuthenticated, RiskWritePermission]
    risk_record = Record.SOURCE
    lookup_value_regex = ID_REGEX

    def get_queryset(self) -> QuerySet:
        qs = MajorHazardSource.objects.select_related("enterprise").prefetch_related("holdings__substance")
        return restrict(self.request.user, qs)

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        source = MajorHazardSource(enterprise=data.pop("enterprise"))
        serializer.instance = self._save(source, data, data.pop("holdings", []))

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("enterprise", None)
        serializer.instance = self._save(serializer.instance, data, data.pop("holdings", None))

    @transaction.atomic
    def _save(self, source: MajorHazardSource, changes: dict, holdings: list[dict] | None) -> MajorHazardSource:
        from anjian.risk import major_sources

        user = self.request.user
        source = major_sources.save_source(user, source, changes)
        if holdings is not None:
            source.holdings.exclude(substance__in=[h["substance"] for h in holdings]).delete()
            for holding in holdings:
                major_sources.save_holding(user, source, holding["substance"], holding["quantity"])
        major_sources.identify(source)
        return self.get_queryset().get(pk=source.pk)


class SubstanceFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label=gettext_lazy("Search"),
        method="filter_search",
        help_text=gettext_lazy("Name, CAS number or category contains this text."),
    )

    class Meta:
        model = HazardousSubstance
        fields = ["search"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(cas__icontains=value) | Q(category__icontains=value))


@extend_schema_view(list=extend_schema(tags=TAG), retrieve=extend_schema(tags=TAG))
class SubstanceViewSet(viewsets.ReadOnlyModelViewSet):
    """GB 18218-2018 substances with their critical quantities and correction factors β."""

    serializer_class = SubstanceSerializer
    filterset_class = SubstanceFilterSet
    queryset = HazardousSubstance.objects.all()
    lookup_value_regex = ID_REGEX
