"""People, training records, certificates, absences and permits for /api/v1/. Every queryset passes through
`restrict` (outside the jurisdiction is 404); every change goes through the services, which decide who may (403)
and what is valid (400, keyed by field, nothing stored)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from anjian.core import dates
from anjian.org.jurisdiction import restrict

from .. import certificates, permits, rates, services
from ..filtersets import CertificateFilterSet, PermitFilterSet, PersonFilterSet, TrainingFilterSet, WelderFilterSet
from ..models import Absence, Certificate, Permit, Person, TrainingRecord
from ..rules import with_compliance
from .serializers import (
    AbsenceSerializer,
    AbsenceWriteSerializer,
    CertificateSerializer,
    CertificateWriteSerializer,
    PermitSerializer,
    PermitWriteSerializer,
    PersonSerializer,
    PersonWriteSerializer,
    RateSerializer,
    TrainingRecordSerializer,
    TrainingRecordWriteSerializer,
    WelderSerializer,
)

ID_REGEX = r"[0-9]{1,18}"
TAGS = ["people"]


class _Base(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    write_serializer_class: type = PersonWriteSerializer

    def _body(self, instance, code: int) -> Response:
        instance = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(instance).data, status=code)

    def _valid(self, partial: bool = False) -> dict:
        serializer = self.write_serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _deleted(self) -> Response:
        services.delete_record(self.request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def _schema(read, write, *, delete: bool = True, patch: bool = True):
    views = {
        "list": extend_schema(tags=TAGS),
        "retrieve": extend_schema(tags=TAGS),
        "create": extend_schema(tags=TAGS, request=write, responses={201: read}),
    }
    if patch:
        views["partial_update"] = extend_schema(tags=TAGS, request=write, responses={200: read})
    if delete:
        views["destroy"] = extend_schema(tags=TAGS, responses={204: None})
    return extend_schema_view(**views)


BY = OpenApiParameter(
    "by", OpenApiTypes.STR, enum=list(rates.GROUPINGS), description="Group by unit (default), town or sector."
)


@_schema(PersonSerializer, PersonWriteSerializer, delete=False)
class PersonViewSet(_Base):
    """人员: the people of the units, their categories and the training standing computed as of today
    (training_required_hours, training_hours, training_short_hours, compliance). The ID number is accepted whole and
    read masked. Registered by the unit itself, its town, its departments or the county office; `left_on` records
    leaving."""

    serializer_class = PersonSerializer
    write_serializer_class = PersonWriteSerializer
    filterset_class = PersonFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        rows = Person.objects.select_related("enterprise").prefetch_related("absences").order_by("pk")
        return with_compliance(restrict(self.request.user, rows), dates.today())

    def create(self, request, *args, **kwargs) -> Response:
        return self._body(services.add_person(request.user, **self._valid()), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        person = self.get_object()
        services.check_change(request.user, person)
        return self._body(services.change_person(request.user, person, self._valid(partial=True)), status.HTTP_200_OK)

    @extend_schema(tags=TAGS, parameters=[BY], filters=True, responses=RateSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="certification-rate", pagination_class=None)
    def certification_rate(self, request) -> Response:
        """三项岗位执证上岗率 (信安办字〔2022〕30号: 100%) of the filtered people, by unit, town or sector, as of
        today; the first row is the total."""
        by = request.query_params.get("by") or "enterprise"
        if by not in rates.GROUPINGS:
            raise ValidationError({"by": [f"enterprise, town or sector, not {by[:20]!r}."]})
        # Filtered over the list's annotations (the training standing), then counted from plain rows.
        chosen = self.filter_queryset(self.get_queryset()).values("pk")
        people = Person.objects.filter(pk__in=chosen)
        rows = rates.rate_rows(people, by, dates.today())
        total = rates.total(rows)
        data = [{"key": "", "label": "合计", "required": total.required, "certified": total.certified,
                 "rate": total.rate}]  # fmt: skip
        data += [{"key": r.key, "label": r.label, "required": r.required, "certified": r.certified, "rate": r.rate}
                 for r in rows]  # fmt: skip
        return Response(RateSerializer(data, many=True).data)

    @extend_schema(tags=TAGS, responses=WelderSerializer(many=True), filters=False, parameters=[
        OpenApiParameter("town", OpenApiTypes.STR, description="A town's code."),
        OpenApiParameter("enterprise", OpenApiTypes.INT, description="The unit's registry id."),
        OpenApiParameter("standing", OpenApiTypes.STR, enum=["local", "elsewhere", "uncertified"]),
    ])  # fmt: skip
    @action(detail=False, methods=["get"], url_path="welders", filterset_class=WelderFilterSet)
    def welders(self, request) -> Response:
        """电焊作业人员台账 (高府发〔2023〕14号 三（一）5): the welders, certified here, elsewhere or not at all."""
        rows = rates.welders(restrict(request.user, Person.objects.order_by("pk")), dates.today())
        rows = self.filter_queryset(rows)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(WelderSerializer(page, many=True, context={"request": request}).data)


@_schema(TrainingRecordSerializer, TrainingRecordWriteSerializer)
class TrainingRecordViewSet(_Base):
    """培训记录: a person's training (course, 学时, date, provider, assessment result, kind)."""

    serializer_class = TrainingRecordSerializer
    write_serializer_class = TrainingRecordWriteSerializer
    filterset_class = TrainingFilterSet

    def get_queryset(self) -> QuerySet:
        rows = TrainingRecord.objects.select_related("person").order_by("pk")
        return restrict(self.request.user, rows)

    def create(self, request, *args, **kwargs) -> Response:
        return self._body(services.add_training(request.user, **self._valid()), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        record = self.get_object()
        services.check_change(request.user, record)
        return self._body(services.change_training(request.user, record, self._valid(partial=True)), 200)

    def destroy(self, request, *args, **kwargs) -> Response:
        return self._deleted()


@_schema(CertificateSerializer, CertificateWriteSerializer)
class CertificateViewSet(_Base):
    """证书: 安全生产知识和管理能力考核合格证 (3 years) and 特种作业操作证 (6 years, reviewed every 3), answered with the
    computed `expires_on`, `next_review_on` and today's `status`."""

    serializer_class = CertificateSerializer
    write_serializer_class = CertificateWriteSerializer
    filterset_class = CertificateFilterSet

    def get_queryset(self) -> QuerySet:
        rows = Certificate.objects.select_related("person").order_by("pk")
        return certificates.with_status(restrict(self.request.user, rows), dates.today())

    def create(self, request, *args, **kwargs) -> Response:
        return self._body(certificates.add_certificate(request.user, **self._valid()), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        certificate = self.get_object()
        services.check_change(request.user, certificate)
        changed = certificates.change_certificate(request.user, certificate, self._valid(partial=True))
        return self._body(changed, status.HTTP_200_OK)

    def destroy(self, request, *args, **kwargs) -> Response:
        return self._deleted()


@_schema(AbsenceSerializer, AbsenceWriteSerializer)
class AbsenceViewSet(_Base):
    """离岗: a person's times away; back after 3 months or more, the person retrains before resuming."""

    serializer_class = AbsenceSerializer
    write_serializer_class = AbsenceWriteSerializer

    def get_queryset(self) -> QuerySet:
        return restrict(self.request.user, Absence.objects.select_related("person").order_by("pk"))

    def create(self, request, *args, **kwargs) -> Response:
        return self._body(services.add_absence(request.user, **self._valid()), status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        absence = self.get_object()
        services.check_change(request.user, absence)
        return self._body(services.change_absence(request.user, absence, self._valid(partial=True)), 200)

    def destroy(self, request, *args, **kwargs) -> Response:
        return self._deleted()


@_schema(PermitSerializer, PermitWriteSerializer, delete=False, patch=False)
class PermitViewSet(_Base):
    """特殊作业审批 (存单): hot work and the other special works. A worker without the special operations certificate
    the work needs (welding and hot cutting for hot work), held on the permit's days, is refused: 400 with the
    reason on `worker`, nothing stored (高府发〔2023〕14号 三（一）5)."""

    serializer_class = PermitSerializer
    write_serializer_class = PermitWriteSerializer
    filterset_class = PermitFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        rows = Permit.objects.select_related("enterprise", "worker", "guardian", "approver", "certificate__person")
        return restrict(self.request.user, rows.order_by("pk"))

    def create(self, request, *args, **kwargs) -> Response:
        return self._body(permits.add_permit(request.user, **self._valid()), status.HTTP_201_CREATED)


def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
    router.register("people", PersonViewSet, basename="person")
    router.register("training-records", TrainingRecordViewSet, basename="training-record")
    router.register("certificates", CertificateViewSet, basename="certificate")
    router.register("absences", AbsenceViewSet, basename="absence")
    router.register("permits", PermitViewSet, basename="permit")
