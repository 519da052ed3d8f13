"""The work records and the roster of technical inspectors. Every queryset passes through `restrict` (outside
the jurisdiction is 404); every change goes through `worklog.services`, which decide who may (403) and what is
valid (400, keyed by field)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from anjian.org.jurisdiction import restrict

from .. import rules, services
from ..filtersets import TechnicalInspectorFilterSet, WorkRecordFilterSet
from ..models import TechnicalInspector, WorkRecord
from .serializers import (
    TechnicalInspectorSerializer,
    TechnicalInspectorWriteSerializer,
    WorkRecordSerializer,
    WorkRecordWriteSerializer,
)

ID_REGEX = r"[0-9]{1,18}"
TAGS = ["worklog"]


class _Base(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "head", "options"]
    write_serializer_class: type = WorkRecordWriteSerializer

    def _body(self, instance, code: int) -> Response:
        instance = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(instance).data, status=code)

    def _valid(self, partial: bool = False) -> dict:
        serializer = self.write_serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


@extend_schema_view(
    list=extend_schema(tags=TAGS),
    retrieve=extend_schema(tags=TAGS),
    create=extend_schema(tags=TAGS, request=WorkRecordWriteSerializer, responses={201: WorkRecordSerializer}),
    partial_update=extend_schema(tags=TAGS, request=WorkRecordWriteSerializer, responses={200: WorkRecordSerializer}),
)
class WorkRecordViewSet(_Base):
    """工作记录: the offices' own work (meetings, studies, supervision, briefings, training, guidance and admonition
    of towns, accountability, publicity), counted in the dispatch table of 兴国县高兴镇 高府发〔2023〕14号 附件4.
    Recorded by the county office for any unit of its county, by a department or a town for itself."""

    serializer_class = WorkRecordSerializer
    write_serializer_class = WorkRecordWriteSerializer
    filterset_class = WorkRecordFilterSet

    def get_queryset(self) -> QuerySet:
        records = WorkRecord.objects.select_related("region", "department", "town", "enterprise", "created_by")
        return restrict(self.request.user, records.prefetch_related("attachments"))

    def create(self, request, *args, **kwargs) -> Response:
        rules.check_write(request.user)
        record = services.record_work(request.user, **self._valid())
        return self._body(record, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        """Correct a record; its history keeps what it said before."""
        record = self.get_object()
        services.check_correct(request.user, record)
        record = services.correct_work(request.user, record, self._valid(partial=True))
        return self._body(record, status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(tags=TAGS),
    retrieve=extend_schema(tags=TAGS),
    create=extend_schema(
        tags=TAGS, request=TechnicalInspectorWriteSerializer, responses={201: TechnicalInspectorSerializer}
    ),
    partial_update=extend_schema(
        tags=TAGS, request=TechnicalInspectorWriteSerializer, responses={200: TechnicalInspectorSerializer}
    ),
)
class TechnicalInspectorViewSet(_Base):
    """专兼职技术检查员 of the departments and towns (高府发〔2023〕14号 三（三）4); PATCH `until` ends a service."""

    serializer_class = TechnicalInspectorSerializer
    write_serializer_class = TechnicalInspectorWriteSerializer
    filterset_class = TechnicalInspectorFilterSet

    def get_queryset(self) -> QuerySet:
        roster = TechnicalInspector.objects.select_related("region", "department").order_by("pk")
        return restrict(self.request.user, roster)

    def create(self, request, *args, **kwargs) -> Response:
        rules.check_write(request.user)
        inspector = services.add_inspector(request.user, **self._valid())
        return self._body(inspector, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        inspector = self.get_object()
        services.check_roster(request.user, inspector)
        inspector = services.change_inspector(request.user, inspector, self._valid(partial=True))
        return self._body(inspector, status.HTTP_200_OK)


def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
    router.register("work-records", WorkRecordViewSet, basename="work-record")
    router.register("technical-inspectors", TechnicalInspectorViewSet, basename="technical-inspector")
