"""The duties on /api/v1/. Every queryset passes through `restrict` (outside the jurisdiction is 404); every
change goes through the duties' services, which decide who may (403) and what is valid (400, keyed by field)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from anjian.org.jurisdiction import restrict

from .. import rules, services
from ..filtersets import ContractFilterSet, DeliveryFilterSet, OccurrenceFilterSet, ReportFilterSet
from ..models import (
    DutyItem,
    DutyOccurrence,
    DutyReport,
    DutyReportSignature,
    ListDelivery,
    OutsourcingContract,
    ReportTemplate,
    ResponsibilityList,
)
from . import serializers as s

ID_REGEX = r"[0-9]{1,18}"
TAGS = ["duties"]


class _Read(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _valid(self, serializer_class, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _body(self, instance, code: int = status.HTTP_200_OK) -> Response:
        instance = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(instance).data, status=code)


@extend_schema_view(list=extend_schema(tags=TAGS), retrieve=extend_schema(tags=TAGS))
class DutyItemViewSet(_Read):
    """The principal's periodic duties (十个一次, 高府发〔2023〕14号 三（一）1, 三（一）3): the rule table the calendars
    are generated from, with each duty's frequency for ordinary and for high-risk units and its window."""

    serializer_class = s.DutyItemSerializer
    http_method_names = ["get", "head", "options"]
    queryset = DutyItem.objects.order_by("order", "code")


@extend_schema_view(
    list=extend_schema(tags=TAGS),
    retrieve=extend_schema(tags=TAGS),
    done=extend_schema(tags=TAGS, request=s.DutyDoneSerializer, responses={200: s.DutyOccurrenceSerializer}),
)
class DutyOccurrenceViewSet(_Read):
    """One duty of one unit for one period, due on the period's last day; `status` due, done or overdue."""

    serializer_class = s.DutyOccurrenceSerializer
    filterset_class = OccurrenceFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        rows = DutyOccurrence.objects.select_related("enterprise", "item", "recorded_by").prefetch_related(
            "attachments", "evidence"
        )
        return restrict(self.request.user, rows)

    @action(detail=True, methods=["post"])
    def done(self, request, pk: str | None = None) -> Response:
        """The unit records that its principal did it: the day (within the period, not in the future), the minutes,
        the principal who signs. Once only: an occurrence already done answers 400."""
        occurrence = self.get_object()
        data = self._valid(s.DutyDoneSerializer)  # the body first: text is refused at the edge, whoever sends it
        rules.check_speaks_for(request.user, occurrence.enterprise)
        services.mark_done(
            request.user, occurrence, data["done_on"], data.get("minutes", ""), data.get("principal_name", "")
        )
        return self._body(occurrence)


@extend_schema_view(list=extend_schema(tags=TAGS), retrieve=extend_schema(tags=TAGS))
class ReportTemplateViewSet(_Read):
    """Templates of the principal's duty report (一报告、双签字): headings, the roles that sign, how often. The one
    shipped with the platform says it is a default (`is_default`)."""

    serializer_class = s.DutyReportTemplateSerializer
    http_method_names = ["get", "head", "options"]
    queryset = ReportTemplate.objects.order_by("pk")


@extend_schema_view(
    list=extend_schema(tags=TAGS),
    retrieve=extend_schema(tags=TAGS),
    create=extend_schema(tags=TAGS, request=s.DutyReportCreateSerializer, responses={201: s.DutyReportSerializer}),
    partial_update=extend_schema(
        tags=TAGS, request=s.DutyReportEditSerializer, responses={200: s.DutyReportSerializer}
    ),
    sign=extend_schema(tags=TAGS, request=s.DutyReportSignSerializer, responses={201: s.DutyReportSerializer}),
    acknowledge=extend_schema(
        tags=TAGS, request=s.DutyReportAcknowledgeSerializer, responses={201: s.DutyReportSerializer}
    ),
)
class DutyReportViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, _Read):
    """一报告、双签字 (信安办字〔2022〕30号 三（三）; 高府发〔2023〕14号 三（二）10): the unit writes its report for a
    period and its signatories sign it (two different people); a signed report is never changed; the unit's
    supervising department, town or the county office acknowledges it."""

    serializer_class = s.DutyReportSerializer
    filterset_class = ReportFilterSet

    def get_queryset(self) -> QuerySet:
        signatures = Prefetch("signatures", queryset=DutyReportSignature.objects.select_related("signed_by"))
        rows = DutyReport.objects.select_related("enterprise", "created_by", "acknowledgement__acknowledged_by")
        return restrict(self.request.user, rows.prefetch_related(signatures))

    def create(self, request, *args, **kwargs) -> Response:
        data = self._valid(s.DutyReportCreateSerializer)
        report = services.create_report(
            request.user, data["enterprise"], data["template"], data["sections"], data.get("day")
        )
        return self._body(report, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        report = self.get_object()
        sections = self._valid(s.DutyReportEditSerializer)["sections"]
        rules.check_speaks_for(request.user, report.enterprise)
        report = services.edit_report(request.user, report, sections)
        return self._body(report)

    @action(detail=True, methods=["post"])
    def sign(self, request, pk: str | None = None) -> Response:
        report = self.get_object()
        data = self._valid(s.DutyReportSignSerializer)
        rules.check_speaks_for(request.user, report.enterprise)
        services.sign(request.user, report, data["position"], data["signer_name"])
        return self._body(report, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk: str | None = None) -> Response:
        report = self.get_object()
        comment = self._valid(s.DutyReportAcknowledgeSerializer).get("comment", "")
        rules.check_supervises(request.user, report.enterprise)
        services.acknowledge(request.user, report, comment)
        return self._body(report, status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(tags=TAGS), retrieve=extend_schema(tags=TAGS))
class ResponsibilityListViewSet(_Read):
    """The lists of responsibilities delivered to every unit (兴安办〔2024〕80号 二（二）1: 35 items in six areas),
    with their items as loaded from the city's file (`items_sample`: a sample, not the city's)."""

    serializer_class = s.DutyListSerializer
    http_method_names = ["get", "head", "options"]
    queryset = ResponsibilityList.objects.prefetch_related("items")


@extend_schema_view(
    list=extend_schema(tags=TAGS),
    retrieve=extend_schema(tags=TAGS),
    create=extend_schema(tags=TAGS, request=s.ListDeliveryCreateSerializer, responses={201: s.ListDeliverySerializer}),
    acknowledge=extend_schema(
        tags=TAGS, request=s.ListDeliveryAcknowledgeSerializer, responses={200: s.ListDeliverySerializer}
    ),
)
class ListDeliveryViewSet(mixins.CreateModelMixin, _Read):
    """The delivery of a list to a unit: who delivered it and when (a town, department or the county office), and
    the unit's acknowledgement (its own user, or its supervisor recording the signature on paper)."""

    serializer_class = s.ListDeliverySerializer
    filterset_class = DeliveryFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return restrict(self.request.user, ListDelivery.objects.select_related("enterprise", "recorded_by"))

    def create(self, request, *args, **kwargs) -> Response:
        data = self._valid(s.ListDeliveryCreateSerializer)
        delivery = services.record_delivery(
            request.user, data["list"], data["enterprise"], data["delivered_on"], data.get("method", ""),
            data.get("deliverer_name", ""), data.get("note", ""),
        )  # fmt: skip
        return self._body(delivery, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk: str | None = None) -> Response:
        delivery = self.get_object()
        data = self._valid(s.ListDeliveryAcknowledgeSerializer)
        if not rules.speaks_for(request.user, delivery.enterprise):
            rules.check_supervises(request.user, delivery.enterprise)
        services.acknowledge_delivery(
            request.user, delivery, data.get("acknowledged_on"), data.get("acknowledged_by_name", "")
        )
        return self._body(delivery)


@extend_schema_view(
    list=extend_schema(tags=TAGS),
    retrieve=extend_schema(tags=TAGS),
    create=extend_schema(
        tags=TAGS, request=s.OutsourcingContractWriteSerializer, responses={201: s.OutsourcingContractSerializer}
    ),
    partial_update=extend_schema(
        tags=TAGS, request=s.OutsourcingContractWriteSerializer, responses={200: s.OutsourcingContractSerializer}
    ),
)
class OutsourcingContractViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, _Read):
    """Outsourcing and leasing of a unit's projects, sites and equipment (高府发〔2023〕14号 三（一）6), with
    `disorderly` computed from the record (高府发〔2023〕14号 附件4 注2) and its `reasons`; `?disorderly=true`."""

    serializer_class = s.OutsourcingContractSerializer
    filterset_class = ContractFilterSet

    def get_queryset(self) -> QuerySet:
        return restrict(self.request.user, OutsourcingContract.objects.select_related("enterprise"))

    def create(self, request, *args, **kwargs) -> Response:
        data = self._valid(s.OutsourcingContractWriteSerializer)
        contract = services.record_contract(request.user, data.pop("enterprise"), **data)
        return self._body(contract, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        contract = self.get_object()
        data = self._valid(s.OutsourcingContractWriteSerializer, partial=True)
        rules.check_keeps_contracts(request.user, contract.enterprise)
        data.pop("enterprise", None)
        contract = services.change_contract(request.user, contract, data)
        return self._body(contract)


def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
    router.register("duty-items", DutyItemViewSet, basename="duty-item")
    router.register("duty-occurrences", DutyOccurrenceViewSet, basename="duty-occurrence")
    router.register("duty-report-templates", ReportTemplateViewSet, basename="duty-report-template")
    router.register("duty-reports", DutyReportViewSet, basename="duty-report")
    router.register("duty-lists", ResponsibilityListViewSet, basename="duty-list")
    router.register("list-deliveries", ListDeliveryViewSet, basename="list-delivery")
    router.register("outsourcing-contracts", OutsourcingContractViewSet, basename="outsourcing-contract")
