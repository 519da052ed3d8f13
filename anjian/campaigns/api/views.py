"""The campaigns endpoints. Campaigns are read by those who run or take part in them (others: 404); every
change goes through campaigns.services, which decides what is allowed (403) and valid (400, by field)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from anjian.core.api import MultiPartParser, PdfRenderer, XlsxRenderer, file_response
from anjian.org.jurisdiction import counties
from anjian.org.models import Region

from .. import desk, progress, ranking, rules, services
from ..models import Campaign, Participant, ProgressReport
from .notices import RankingRuleSerializer, rule_response
from .serializers import (
    CampaignListSerializer,
    CampaignReportSerializer,
    CampaignReportUpdateSerializer,
    CampaignReportWriteSerializer,
    CampaignSerializer,
    CampaignStartSerializer,
    CampaignTemplateSerializer,
    DispatchQuerySerializer,
    DispatchRowSerializer,
    DispatchRowsQuerySerializer,
    DispatchSerializer,
    OwedReportSerializer,
    RankingPublishSerializer,
    RankingQuerySerializer,
    RankingSerializer,
    ReportEvidenceSerializer,
    ReportReturnSerializer,
    TaskProgressSerializer,
)

ID_REGEX = r"[0-9]{1,18}"
TAG = ["campaigns"]


def _query(serializer_class, request_or_data) -> dict:
    data = getattr(request_or_data, "query_params", request_or_data)
    query = serializer_class(data=data)
    query.is_valid(raise_exception=True)
    return query.validated_data


def _participant(user, campaign: Campaign, pk: int | None) -> Participant | None:
    if pk is None:
        return None
    participant = rules.visible_participants(user, campaign).filter(pk=pk).first()
    if participant is None:
        raise DjangoValidationError({"participant": _("No participant of this campaign that you may see has this id.")})
    return participant


@extend_schema_view(
    list=extend_schema(tags=TAG),
    retrieve=extend_schema(tags=TAG),
    create=extend_schema(tags=TAG, request=CampaignStartSerializer, responses={201: CampaignSerializer}),
)
class CampaignViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """专项行动: the issuing notice, period, stages, deadlines, participants and tasks. POST starts one from a
    template (`GET /api/v1/campaign-templates/`), its dates moved to `year`."""

    permission_classes = [IsAuthenticated]
    lookup_value_regex = ID_REGEX

    def get_queryset(self):
        queryset = rules.visible_campaigns(self.request.user).select_related("region")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                "stages", "deadlines", "tasks", "participants__region", "participants__department"
            )
        return queryset

    def get_serializer_class(self):
        return CampaignSerializer if self.action == "retrieve" else CampaignListSerializer

    def create(self, request, *args, **kwargs):
        data = CampaignStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        code = data.validated_data.get("region")
        mine = counties(request.user)
        region = mine.filter(code=code).first() if code else mine.first()
        if region is None and code:
            region = Region.objects.filter(code=code).first()
        if region is None:
            raise DjangoValidationError({"region": _("Give the division code of the county you work in.")})
        campaign = services.start_from_template(
            request.user, data.validated_data["template"], region=region, year=data.validated_data.get("year")
        )
        body = CampaignSerializer(self.get_queryset().get(pk=campaign.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAG,
        parameters=[DispatchQuerySerializer],
        responses={
            (200, "application/json"): DispatchSerializer,
            (200, XlsxRenderer.media_type): OpenApiResponse(OpenApiTypes.BINARY, description="附件4 调度表 (xlsx)"),
            (200, PdfRenderer.media_type): OpenApiResponse(OpenApiTypes.BINARY, description="附件4 调度表 (PDF)"),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="dispatch",
        url_name="dispatch",
        renderer_classes=[JSONRenderer, XlsxRenderer, PdfRenderer],
    )
    def dispatch_table(self, request, pk=None, format=None):  # noqa: A002 (DRF's name for the suffix)
        """附件4 调度表 as cells: computed ones with the URL of the rows they count; without `participant`, the
        county roll-up (computed cells over the whole region, typed cells summed over submitted reports).
        `dispatch.xlsx` and `dispatch.pdf` give the official form (one participant) or the roll-up."""
        if request.accepted_renderer.format in ("xlsx", "pdf"):
            return self._sheet_file(request, request.accepted_renderer.media_type)
        campaign = self.get_object()
        query = _query(DispatchQuerySerializer, request)
        month = services.parse_period(campaign, query["period"])
        participant = _participant(request.user, campaign, query.get("participant"))
        cells = services.dispatch(request.user, campaign, month, participant)
        rows_url = reverse("campaign-dispatch-rows", args=[campaign.pk])
        base = {"period": f"{month:%Y-%m}"} | ({"participant": participant.pk} if participant else {})
        body = {
            "title": services.sheet_title(campaign, participant),
            "period": f"{month:%Y-%m}",
            "participant": participant,
            "due": services.due_date(campaign, month),
            "cells": [
                {
                    "key": c.cell.key,
                    "label": c.cell.label,
                    "form_label": c.cell.form_label,
                    "block": c.block,
                    "unit": c.cell.unit,
                    "value": c.value,
                    "source": c.source,
                    "rows": f"{rows_url}?{urlencode(base | {'cell': c.cell.key})}" if c.cell.computed else None,
                    "records_figure": c.cell.records if c.records is not None else None,
                    "records_value": c.records,
                    "records_rows": (
                        f"{rows_url}?{urlencode(base | {'cell': c.cell.key, 'records': 'true'})}"
                        if c.records is not None
                        else None
                    ),
                }
                for c in cells
            ],
        }
        return Response(DispatchSerializer(body).data)

    @extend_schema(tags=TAG, parameters=[DispatchRowsQuerySerializer], responses=DispatchRowSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="dispatch/rows", url_name="dispatch-rows")
    def dispatch_rows(self, request, pk=None):
        """The records one computed cell counts: the same rows as its value, paginated."""
        campaign = self.get_object()
        query = _query(DispatchRowsQuerySerializer, request)
        month = services.parse_period(campaign, query["period"])
        participant = _participant(request.user, campaign, query.get("participant"))
        rows = services.cell_rows(
            request.user, campaign, month, participant, query["cell"], records=query.get("records", False)
        ).order_by("pk")
        page = self.paginate_queryset(rows)
        label = rows.model._meta.label_lower
        data = [{"id": obj.pk, "model": label, "text": str(obj)} for obj in page]
        return self.get_paginated_response(DispatchRowSerializer(data, many=True).data)

    @extend_schema(methods=["GET"], tags=TAG, parameters=[RankingQuerySerializer], responses=RankingSerializer)
    @extend_schema(methods=["POST"], tags=TAG, request=RankingPublishSerializer, responses={201: RankingSerializer})
    @action(detail=True, methods=["get", "post"])
    def ranking(self, request, pk=None):
        """通报排名 of a month (cumulative to its end): the published one, frozen, or computed now. POST
        (the county office) publishes it: frozen with its rule and the day, for the year-end assessment."""
        campaign = self.get_object()
        source = request.query_params if request.method == "GET" else request.data
        query = _query(RankingPublishSerializer if request.method == "POST" else RankingQuerySerializer, source)
        month = services.parse_period(campaign, query["period"])
        if request.method == "POST":
            ranking.publish(request.user, campaign, month, query.get("note") or "")
            body = _ranking_body(request.user, campaign, month)
            return Response(RankingSerializer(body).data, status=status.HTTP_201_CREATED)
        rules.check_see_ranking(request.user, campaign)
        return Response(RankingSerializer(_ranking_body(request.user, campaign, month)).data)

    @extend_schema(tags=TAG, responses=TaskProgressSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def progress(self, request, pk=None):
        """The tasks bound to a figure, each measured from the records over its target's window (this quarter,
        the campaign so far, …): each participant's value (one's own for a town or department) and the region's."""
        campaign = self.get_object()
        return Response(TaskProgressSerializer(progress.progress(request.user, campaign), many=True).data)

    @extend_schema(methods=["GET"], tags=TAG, responses=RankingRuleSerializer)
    @extend_schema(methods=["PUT"], tags=TAG, request=RankingRuleSerializer, responses=RankingRuleSerializer)
    @action(detail=True, methods=["get", "put"], url_path="ranking-rule", url_name="ranking-rule")
    def ranking_rule(self, request, pk=None):
        """The ranking's weighted indicators: each with its weight (0–100) and whether higher is better. GET for
        those who see the ranking; PUT (the county office) replaces them."""
        return rule_response(request, self.get_object())

    def _sheet_file(self, request, media_type: str):
        from ..exports import dispatch_file

        campaign = self.get_object()
        query = _query(DispatchQuerySerializer, request)
        month = services.parse_period(campaign, query["period"])
        participant = _participant(request.user, campaign, query.get("participant"))
        extension = "xlsx" if media_type == XlsxRenderer.media_type else "pdf"
        content, name = dispatch_file(request.user, campaign, month, participant, extension)
        return file_response(content, media_type, name)


def _ranking_body(user, campaign, month) -> dict:
    found = ranking.current(user, campaign, month)
    published = found.pop("published")
    return found | {
        "period": f"{month:%Y-%m}",
        "published": published is not None,
        "published_at": published.published_at if published else None,
    }


class TemplateViewSet(viewsets.ViewSet):
    """The campaign templates shipped with Anjian, each transcribed from its notice."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAG, responses=CampaignTemplateSerializer(many=True))
    def list(self, request):
        data = [
            {
                "code": t["code"],
                "title": t["title"],
                "kind": t.get("kind") or "",
                "document": t.get("document") or {},
                "period": t.get("period") or {},
                "stages": len(t.get("stages") or []),
                "tasks": len(t.get("tasks") or []),
            }
            for t in services.templates().values()
        ]
        return Response(CampaignTemplateSerializer(data, many=True).data)


@extend_schema_view(
    list=extend_schema(tags=TAG),
    retrieve=extend_schema(tags=TAG),
    create=extend_schema(tags=TAG, request=CampaignReportWriteSerializer, responses={201: CampaignReportSerializer}),
    partial_update=extend_schema(tags=TAG, request=CampaignReportUpdateSerializer, responses=CampaignReportSerializer),
)
class ReportViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """A participant's monthly report: typed figures (computed ones are never typed), submitted (signed) and,
    by the office, returned with a reason; each submission is kept as it was signed."""

    permission_classes = [IsAuthenticated]
    serializer_class = CampaignReportSerializer
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks without a user
            return ProgressReport.objects.none()
        user = self.request.user
        campaigns = rules.visible_campaigns(user)
        reports = ProgressReport.objects.filter(campaign__in=campaigns).select_related("participant__region")
        reports = reports.select_related("participant__department").prefetch_related(
            "submissions__submitted_by", "evidence"
        )
        if user.is_superuser:
            return reports
        managed = [c.pk for c in campaigns.select_related("region") if rules.may_manage(user, c)]
        return reports.filter(Q(campaign_id__in=managed) | Q(participant__in=_own(user)))

    def create(self, request, *args, **kwargs):
        data = CampaignReportWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        campaign = rules.visible_campaigns(request.user).filter(pk=values["campaign"]).first()
        if campaign is None:
            raise DjangoValidationError({"campaign": _("There is no such campaign, or you may not see it.")})
        participant = campaign.participants.filter(pk=values["participant"]).first()
        if participant is None:
            raise DjangoValidationError({"participant": _("This unit does not take part in the campaign.")})
        month = services.parse_period(campaign, values["period"])
        report = services.report_for(request.user, campaign, participant, month)
        services.save_typed(request.user, report, values.get("typed") or {}, values.get("note"))
        return Response(
            CampaignReportSerializer(self.get_queryset().get(pk=report.pk)).data, status=status.HTTP_201_CREATED
        )

    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        data = CampaignReportUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.save_typed(
            request.user, report, data.validated_data.get("typed") or {}, data.validated_data.get("note")
        )
        return Response(CampaignReportSerializer(self.get_queryset().get(pk=report.pk)).data)

    def update(self, request, *args, **kwargs):  # PUT is not offered (http_method_names); PATCH only
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(tags=TAG, responses=OwedReportSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def due(self, request):
        """我的填报: the monthly reports the user's own towns or departments owe (overdue first) or last filed,
        across every running campaign."""
        return Response(OwedReportSerializer(desk.owed(request.user), many=True).data)

    @extend_schema(tags=TAG, request=None, responses=CampaignReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Sign the report: every cell frozen as it stands (marked late after the due day)."""
        report = self.get_object()
        services.submit(request.user, report)
        return Response(CampaignReportSerializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(
        tags=TAG, request={"multipart/form-data": ReportEvidenceSerializer}, responses=CampaignReportSerializer
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def evidence(self, request, pk=None):
        """Attach evidence (documents, photos) backing the typed figures, while the report may change."""
        report = self.get_object()
        data = ReportEvidenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.add_evidence(request.user, report, data.validated_data["files"])
        return Response(CampaignReportSerializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(tags=TAG, request=ReportReturnSerializer, responses=CampaignReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request, pk=None):
        """The office sends a submitted report back, with the reason; the participant corrects and resubmits."""
        report = self.get_object()
        data = ReportReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.return_report(request.user, report, data.validated_data["reason"])
        return Response(CampaignReportSerializer(self.get_queryset().get(pk=report.pk)).data)


def _own(user):
    return Participant.objects.filter(rules.participations(user))


def register(router) -> None:
    router.register("campaigns", CampaignViewSet, basename="campaign")
    router.register("campaign-templates", TemplateViewSet, basename="campaign-template")
    router.register("campaign-reports", ReportViewSet, basename="campaign-report")
    from .demo_sites import DemoSiteViewSet  # 千家示范, kept in its own module
    from .notices import NoticeViewSet

    router.register("campaign-notices", NoticeViewSet, basename="campaign-notice")
    from .task_entries import TaskEntryViewSet

    router.register("campaign-task-entries", TaskEntryViewSet, basename="campaign-task-entry")

    router.register("demonstration-sites", DemoSiteViewSet, basename="demonstration-site")
