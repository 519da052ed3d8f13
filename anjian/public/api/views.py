"""/api/v1/public/reports/ for the public (no account: a tracking code and a secret), /api/v1/reports/,
/api/v1/rewards/ and /api/v1/case-publications/ (typical enforcement cases) for the receiving units. Every staff queryset passes through `restrict` (outside jurisdiction is
404); every change goes through `services`. The reporter's name and phone leave only through …/reveal/."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from anjian.core.api import FormParser, JSONParser, MultiPartParser, django_error_dict
from anjian.core.dates import check_past
from anjian.org.jurisdiction import restrict
from anjian.org.models import Region, Sector
from anjian.registry.models import Enterprise

from .. import services, throttling
from ..filtersets import ReportFilterSet, RewardFilterSet
from ..models import PublicReport, ReportEvent, ReportPhoto, Reward
from ..stats import summary
from ..status import status_of
from .cases import CasePublicationViewSet
from .serializers import (
    AnswerSerializer,
    ApproveSerializer,
    CreatedSerializer,
    HazardOpenedSerializer,
    IdentitySerializer,
    OpenHazardSerializer,
    PaySerializer,
    ProposeSerializer,
    RejectSerializer,
    ReportDetailSerializer,
    ReportListSerializer,
    ReportTransitionSerializer,
    RevealSerializer,
    RewardSerializer,
    StatusSerializer,
    SubmitSerializer,
)

PUBLIC = ["public"]
REPORTS = ["reports"]
REWARDS = ["rewards"]
SECRET_HEADER = "X-Report-Secret"  # noqa: S105 (the header's name, not a secret)
SECRET = OpenApiParameter(
    SECRET_HEADER, str, OpenApiParameter.HEADER, required=True, description="The secret given with the tracking code."
)
THROTTLED = OpenApiResponse(
    inline_serializer("PublicThrottled", {"detail": serializers.CharField()}),
    description="Too many requests from this client: the message says when to try again (Retry-After).",
)
NOT_FOUND = OpenApiResponse(
    inline_serializer("PublicNotFound", {"detail": serializers.CharField()}),
    description="No report with this code and secret.",
)
NO_STORE = {"Cache-Control": "no-store"}


def _refusal(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(django_error_dict(exc))


@method_decorator(sensitive_post_parameters("name", "phone", "text"), name="dispatch")
class PublicReportViewSet(viewsets.GenericViewSet):
    """举报: sent without an account and followed with the tracking code and its secret; rate-limited per client."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    lookup_field = "tracking_code"
    lookup_value_regex = r"[A-Za-z0-9-]{1,24}"
    queryset = PublicReport.objects.none()
    pagination_class = None
    filter_backends: list = []

    def _kind(self) -> str:
        return "report" if self.action == "create" else "lookup"

    def get_throttles(self):
        return throttling.throttles(self._kind())

    def throttled(self, request, wait):
        raise throttling.TooMany(self._kind(), wait)

    @extend_schema(tags=PUBLIC, auth=[], request={"application/json": SubmitSerializer,
                   "multipart/form-data": SubmitSerializer},
                   responses={201: CreatedSerializer, 429: THROTTLED})  # fmt: skip
    @method_decorator(sensitive_variables("serializer", "data"))
    def create(self, request) -> Response:
        """Send a report. Anonymous by default; by name, with a phone number for the reward (both sealed)."""
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.pop("website", ""):
            raise serializers.ValidationError({"non_field_errors": [_("The report could not be accepted.")]})
        photos = data.pop("photos", [])
        data["unit_name"] = data.pop("unit", "")
        try:
            report, secret = services.submit(data, photos)
        except DjangoValidationError as exc:
            raise _refusal(exc) from exc
        body = {"tracking_code": report.tracking_code, "secret": secret, "state": report.state}
        return Response(body, status=status.HTTP_201_CREATED, headers=NO_STORE)

    def _report(self, request, tracking_code: str) -> PublicReport:
        report = services.find(tracking_code or "", request.headers.get(SECRET_HEADER, ""))
        if report is None:
            raise Http404
        return report

    @extend_schema(tags=PUBLIC, auth=[], parameters=[SECRET], responses={200: StatusSerializer, 404: NOT_FOUND,
                   429: THROTTLED})  # fmt: skip
    def retrieve(self, request, tracking_code: str | None = None) -> Response:
        """Where the report stands, what the receiving unit wrote, the hazard's progress and the reward."""
        report = self._report(request, tracking_code or "")
        return Response(StatusSerializer(status_of(report)).data, headers=NO_STORE)

    @extend_schema(tags=PUBLIC, auth=[], parameters=[SECRET], request=AnswerSerializer,
                   responses={201: StatusSerializer, 404: NOT_FOUND, 429: THROTTLED})  # fmt: skip
    @action(detail=True, methods=["post"])
    def answers(self, request, tracking_code: str | None = None) -> Response:
        """Answer the receiving unit's question."""
        serializer = AnswerSerializer(data=request.data)  # the body is read first: a bad one is a 400 for anyone
        serializer.is_valid(raise_exception=True)
        report = self._report(request, tracking_code or "")
        try:
            services.answer(report, serializer.validated_data["text"])
        except DjangoValidationError as exc:
            raise _refusal(exc) from exc
        report.refresh_from_db()
        return Response(StatusSerializer(status_of(report)).data, status=status.HTTP_201_CREATED, headers=NO_STORE)


@extend_schema_view(list=extend_schema(tags=REPORTS), retrieve=extend_schema(tags=REPORTS))
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """群众举报 in the receiving units' queue: never the reporter's name or phone."""

    filterset_class = ReportFilterSet
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet:
        qs = PublicReport.objects.select_related("town", "sector", "department")
        if self.action != "list":
            qs = qs.prefetch_related(
                Prefetch("events", ReportEvent.objects.order_by("at", "id")),
                Prefetch("photos", ReportPhoto.objects.select_related("attachment")),
                "duplicates",
            )
        return restrict(self.request.user, qs)

    def get_serializer_class(self):
        return ReportListSerializer if self.action == "list" else ReportDetailSerializer

    def _detail(self, report: PublicReport) -> dict:
        return ReportDetailSerializer(self.get_queryset().get(pk=report.pk), context=self.get_serializer_context()).data

    @extend_schema(tags=REPORTS, request=ReportTransitionSerializer, responses={201: ReportDetailSerializer})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def transitions(self, request, pk: str | None = None) -> Response:
        """Take one step: acknowledge, route, ask, reply, verify, close (with the reason the reporter reads) or
        duplicate (merge into an earlier report); 400 when not now (with the reason), 403 when never for this role."""
        report = self.get_object()
        serializer = ReportTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        name = fields.pop("action")
        try:
            services.perform(request.user, report, name, **fields)
        except DjangoValidationError as exc:
            raise _refusal(exc) from exc
        return Response(self._detail(report), status=status.HTTP_201_CREATED)

    @extend_schema(tags=REPORTS, request=OpenHazardSerializer, responses={201: HazardOpenedSerializer})
    @action(detail=True, methods=["post"])
    def hazard(self, request, pk: str | None = None) -> Response:
        """Open a hazard from the report in one step (source public_report), linked both ways."""
        report = self.get_object()
        serializer = OpenHazardSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit_id = data.pop("unit", None)
        unit = restrict(request.user, Enterprise.objects.filter(pk=unit_id)).first() if unit_id else None
        if unit_id and unit is None:
            raise serializers.ValidationError({"unit": [_("Unknown unit.")]})
        sector_code = data.pop("sector", "")
        sector = Sector.objects.filter(code=sector_code).first() if sector_code else None
        if sector_code and sector is None:
            raise serializers.ValidationError({"sector": [_("Unknown code.")]})
        try:
            hazard = services.open_hazard(request.user, report, unit=unit, sector=sector, **data)
        except DjangoValidationError as exc:
            raise _refusal(exc) from exc
        body = {"hazard": hazard.pk, "report": self._detail(report)}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(tags=REPORTS, request=RevealSerializer, responses={200: IdentitySerializer})
    @action(detail=True, methods=["post"])
    @method_decorator(sensitive_variables("identity"))
    def reveal(self, request, pk: str | None = None) -> Response:
        """The reporter's name and phone, for a user holding the permission to see them, with a reason: each view
        is logged (who, when, why) and listed for the county office."""
        report = self.get_object()
        serializer = RevealSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            identity = services.reveal(request.user, report, serializer.validated_data["reason"], request._request)
        except DjangoValidationError as exc:
            raise _refusal(exc) from exc
        return Response({"name": identity.name, "phone": identity.phone}, headers=NO_STORE)

    @extend_schema(
        tags=REPORTS,
        parameters=[
            OpenApiParameter("region", str, description="A town's or county's region code (all you see by default)."),
            OpenApiParameter("date_from", str, description="YYYY-MM-DD (received on or after)."),
            OpenApiParameter("date_to", str, description="YYYY-MM-DD (received on or before)."),
        ],
        responses={200: inline_serializer("PublicReportStats", {
            "values": serializers.DictField(child=serializers.CharField()),
            "labels": serializers.DictField(child=serializers.CharField()),
            "by_month": serializers.ListField(child=serializers.ListField()),
            "breakdowns": serializers.DictField(child=serializers.ListField()),
            "acknowledged": serializers.DictField(),
            "verified": serializers.DictField(),
        })},
    )  # fmt: skip
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def stats(self, request) -> Response:
        """The county figures: by month, town, sector, state and outcome; hours to acknowledge and to verify;
        rewards proposed and paid (万元)."""
        region, start, end = _period(request)
        found = summary(request.user, region, start, end)
        return Response({
            "values": {k: str(v) for k, v in found.values.items()},
            "labels": found.labels,
            "by_month": [[m.isoformat(), n] for m, n in found.by_month],
            "breakdowns": {k: [list(row) for row in rows] for k, rows in found.breakdowns.items()},
            "acknowledged": found.acknowledged.__dict__,
            "verified": found.verified.__dict__,
        })  # fmt: skip


def _period(request):
    errors, found = {}, {}
    for name in ("date_from", "date_to"):
        value = request.query_params.get(name)
        if value:
            try:
                found[name] = check_past(value, field=name)
            except DjangoValidationError as exc:
                errors.update(exc.message_dict)
    code = request.query_params.get("region", "")
    region = None
    if code:
        region = Region.objects.filter(code=code[:15]).first() if code.isdigit() else None
        if region is None:
            errors["region"] = [_("Unknown code.")]
    if errors:
        raise serializers.ValidationError(errors)
    return region, found.get("date_from"), found.get("date_to")


@extend_schema_view(
    list=extend_schema(tags=REWARDS),
    retrieve=extend_schema(tags=REWARDS),
    create=extend_schema(tags=REWARDS, request=ProposeSerializer, responses={201: RewardSerializer}),
)
class RewardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """举报奖励 (安监总财〔2018〕19号): proposed (create), approved by a second person, paid."""

    filterset_class = RewardFilterSet
    serializer_class = RewardSerializer
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet:
        qs = Reward.objects.select_related("report", "proposed_by", "approved_by", "paid_by")
        return restrict(self.request.user, qs)

    def create(self, request, *args, **kwargs) -> Response:
        serializer = ProposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        report = restrict(request.user, PublicReport.objects.filter(pk=data.pop("report"))).first()
        if report is None:
            raise serializers.ValidationError({"report": [_("Unknown report.")]})
        try:
            reward = services.propose(request.user, report, **data)
        except DjangoValidationError as exc:
            raise _refusal(exc) from exc
        return Response(RewardSerializer(self.get_queryset().get(pk=reward.pk)).data, status=status.HTTP_201_CREATED)

    def _step(self, request, serializer_class, step) -> Response:
        reward = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            step(request.user, reward, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise _refusal(exc) from exc
        return Response(RewardSerializer(self.get_queryset().get(pk=reward.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(tags=REWARDS, request=ApproveSerializer, responses={201: RewardSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk: str | None = None) -> Response:
        """Approve a proposed reward: by someone other than its proposer."""
        return self._step(request, ApproveSerializer, services.approve)

    @extend_schema(tags=REWARDS, request=RejectSerializer, responses={201: RewardSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk: str | None = None) -> Response:
        return self._step(request, RejectSerializer, services.reject)

    @extend_schema(tags=REWARDS, request=PaySerializer, responses={201: RewardSerializer})
    @action(detail=True, methods=["post"])
    def pay(self, request, pk: str | None = None) -> Response:
        """Record the payment of an approved reward: the day and the means."""
        return self._step(request, PaySerializer, services.pay)


def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
    router.register("public/reports", PublicReportViewSet, basename="public-report")
    router.register("reports", ReportViewSet, basename="report")
    router.register("rewards", RewardViewSet, basename="reward")
    router.register("case-publications", CasePublicationViewSet, basename="case-publication")
