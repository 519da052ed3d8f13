"""The drills, emergency plans, named crowded places and accidents of /api/v1/. Every queryset passes through
`restrict` (outside the jurisdiction is 404); every change goes through the services, which decide who may (403)
and what is valid (400, keyed by field, nothing stored)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from anjian.core.api import FormParser, MultiPartParser, django_error_dict
from anjian.core.attachments import store_document, store_image
from anjian.org.jurisdiction import restrict

from .. import access, rules, services
from ..filtersets import AccidentFilterSet, DrillFilterSet, PlanFilterSet, RequirementFilterSet
from ..models import Accident, Drill, DrillRequirement, EmergencyPlan
from .fields import AttachmentSerializer, UploadSerializer
from .serializers import (
    AccidentSerializer,
    AccidentWriteSerializer,
    DrillSerializer,
    DrillWriteSerializer,
    EmergencyPlanSerializer,
    EmergencyPlanWriteSerializer,
    RequirementSerializer,
    RequirementWriteSerializer,
    ReviseSerializer,
)

ID_REGEX = r"[0-9]{1,18}"
TAGS = ["emergency"]
UPLOAD = {"multipart/form-data": UploadSerializer}


def _refused(exc: DjangoValidationError, renames: dict | None = None) -> serializers.ValidationError:
    return serializers.ValidationError(django_error_dict(exc, renames))


class _Base(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "head", "options"]
    write_serializer_class: type = serializers.Serializer
    renames: dict[str, str] = {}  # the services' field names → the API's
    to_service: dict[str, str] = {}  # the API's field names → the services'

    def _body(self, instance, code: int) -> Response:
        instance = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(instance).data, status=code)

    def _valid(self, partial: bool = False) -> dict:
        serializer = self.write_serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return {self.to_service.get(k, k): v for k, v in serializer.validated_data.items()}

    def _call(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except DjangoValidationError as exc:
            raise _refused(exc, self.renames) from exc

    def _upload(self, document: bool) -> object:
        serializer = UploadSerializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        try:
            store = store_document if document else store_image
            return store(serializer.validated_data["file"], self.request.user)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"file": exc.messages}) from exc


def _views(write, read, **extra):
    return extend_schema_view(
        list=extend_schema(tags=TAGS),
        retrieve=extend_schema(tags=TAGS),
        create=extend_schema(tags=TAGS, request=write, responses={201: read}),
        partial_update=extend_schema(tags=TAGS, request=write, responses={200: read}),
        **extra,
    )


@_views(DrillWriteSerializer, DrillSerializer)
class DrillViewSet(_Base):
    """应急演练: a unit's, a department's, a town's or the county's drill — planned, its plan filed (报备, before the
    day for an unscripted drill: 兴安办〔2024〕80号), held (`date`, `participants`), evaluated. Units drill yearly,
    high-risk units half-yearly (赣发〔2024〕10号 (二十))."""

    serializer_class = DrillSerializer
    write_serializer_class = DrillWriteSerializer
    filterset_class = DrillFilterSet
    renames = {"held_on": "date"}
    to_service = {"date": "held_on"}

    def get_queryset(self) -> QuerySet:
        drills = Drill.objects.select_related("enterprise", "department", "region", "sector", "plan", "created_by")
        return restrict(self.request.user, drills.prefetch_related("photos").order_by("-held_on", "-pk"))

    def create(self, request, *args, **kwargs) -> Response:
        access.check_record(request.user)
        drill = self._call(services.record_drill, request.user, **self._valid())
        return self._body(drill, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        """File its plan (`filed_on`), record it held (`date`, `participants`), evaluate it, or correct it."""
        drill = self.get_object()
        services.drills.check_change(request.user, drill)
        drill = self._call(services.change_drill, request.user, drill, self._valid(partial=True))
        return self._body(drill, status.HTTP_200_OK)

    @extend_schema(tags=TAGS, request=UPLOAD, responses={201: AttachmentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request, pk: str | None = None) -> Response:
        """Add one photo of the drill."""
        drill = self.get_object()
        services.drills.check_change(request.user, drill)
        with transaction.atomic():
            photo = self._upload(document=False)
            drill.photos.add(photo)
        return Response(AttachmentSerializer(photo, context={"request": request}).data, status=status.HTTP_201_CREATED)


@_views(EmergencyPlanWriteSerializer, EmergencyPlanSerializer)
class PlanViewSet(_Base):
    """生产安全事故应急预案: a plan's current version and its history of versions; filed (备案), evaluated every three
    years (应急管理部令第2号 第三十五条), marked for revision by a drill, revised into a new version."""

    serializer_class = EmergencyPlanSerializer
    write_serializer_class = EmergencyPlanWriteSerializer
    filterset_class = PlanFilterSet

    def get_queryset(self) -> QuerySet:
        plans = EmergencyPlan.objects.select_related(
            "enterprise", "department", "region", "sector", "filed_with", "document", "created_by"
        )
        return restrict(self.request.user, plans.order_by("-issued_on", "-pk"))

    def create(self, request, *args, **kwargs) -> Response:
        access.check_record(request.user)
        plan = self._call(services.record_plan, request.user, **self._valid())
        return self._body(plan, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        plan = self.get_object()
        services.plans.check_change(request.user, plan)
        plan = self._call(services.change_plan, request.user, plan, self._valid(partial=True))
        return self._body(plan, status.HTTP_200_OK)

    @extend_schema(tags=TAGS, request=ReviseSerializer, responses={201: EmergencyPlanSerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk: str | None = None) -> Response:
        """Issue a new version superseding this one (which is then kept as it was)."""
        plan = self.get_object()
        services.plans.check_change(request.user, plan)
        serializer = ReviseSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        revised = self._call(services.revise_plan, request.user, plan, **serializer.validated_data)
        return self._body(revised, status.HTTP_201_CREATED)

    @extend_schema(tags=TAGS, request=UPLOAD, responses={201: AttachmentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def document(self, request, pk: str | None = None) -> Response:
        """Attach the plan's document (PDF, Word or a photo of it)."""
        plan = self.get_object()
        services.plans.check_change(request.user, plan)
        with transaction.atomic():
            document = self._upload(document=True)
            self._call(services.change_plan, request.user, plan, {}, document=document)
        body = AttachmentSerializer(document, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


@_views(AccidentWriteSerializer, AccidentSerializer)
class AccidentViewSet(_Base):
    """生产安全事故: grade checked against the deaths, serious injuries and direct loss (《生产安全事故报告和调查处理
    条例》 第三条), reporting (迟报、漏报、谎报、瞒报) and the investigation (提级调查 of concealed accidents:
    赣发〔2024〕10号 (六)). Recorded by the county office, departments and towns."""

    serializer_class = AccidentSerializer
    write_serializer_class = AccidentWriteSerializer
    filterset_class = AccidentFilterSet

    def get_queryset(self) -> QuerySet:
        accidents = Accident.objects.select_related(
            "enterprise", "region", "sector", "department", "report", "created_by"
        )
        return restrict(self.request.user, accidents.order_by("-occurred_at", "-pk"))

    def create(self, request, *args, **kwargs) -> Response:
        access.check_office(request.user)
        accident = self._call(services.record_accident, request.user, **self._valid())
        return self._body(accident, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        accident = self.get_object()
        services.accidents.check_change(request.user, accident)
        accident = self._call(services.change_accident, request.user, accident, self._valid(partial=True))
        return self._body(accident, status.HTTP_200_OK)

    @extend_schema(tags=TAGS, request=UPLOAD, responses={201: AttachmentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def report(self, request, pk: str | None = None) -> Response:
        """Attach the investigation report."""
        accident = self.get_object()
        services.accidents.check_change(request.user, accident)
        with transaction.atomic():
            document = self._upload(document=True)
            self._call(services.change_accident, request.user, accident, {}, report=document)
        body = AttachmentSerializer(document, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


@_views(RequirementWriteSerializer, RequirementSerializer)
class RequirementViewSet(_Base):
    """The crowded places the county office names for a drill by a deadline, with their progress (held by the
    deadline, pending, late, overdue) — 兴安办〔2024〕80号 二（三）3."""

    serializer_class = RequirementSerializer
    write_serializer_class = RequirementWriteSerializer
    filterset_class = RequirementFilterSet

    def get_queryset(self) -> QuerySet:
        places = DrillRequirement.objects.select_related("enterprise", "named_by").order_by("required_by", "pk")
        return rules.with_requirement_status(restrict(self.request.user, places), timezone.localdate())

    def create(self, request, *args, **kwargs) -> Response:
        access.check_name_places(request.user)
        requirement = self._call(services.name_place, request.user, **self._valid())
        return self._body(requirement, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        requirement = self.get_object()
        access.check_name_places(request.user)
        requirement = self._call(services.change_requirement, request.user, requirement, self._valid(partial=True))
        return self._body(requirement, status.HTTP_200_OK)


def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
    router.register("drills", DrillViewSet, basename="drill")
    router.register("emergency-plans", PlanViewSet, basename="emergency-plan")
    router.register("accidents", AccidentViewSet, basename="accident")
    router.register("drill-requirements", RequirementViewSet, basename="drill-requirement")
