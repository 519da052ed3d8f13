"""The inspection and enforcement endpoints. Every queryset passes through `restrict` (outside jurisdiction
is 404); every change goes through the inspection services, which decide what is allowed (403) and what
is valid (400, keyed by field). A visit is built by its actions (results, signatures), so it has no PUT,
PATCH or DELETE; nor have enforcement actions and numbered documents."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from anjian.core.api import CodeChoiceFilter, FormParser, JSONParser, MultiPartParser, PdfRenderer
from anjian.core.attachments import store_image
from anjian.core.idempotency import Conflict, create_once, parse_uuid, replayed
from anjian.field.api.attach import attachment_for_api
from anjian.org.areas import choose_county
from anjian.org.choices import Role
from anjian.org.jurisdiction import restrict, roles
from anjian.org.models import Department, Sector

from .. import rules, services
from ..choices import VisitState
from ..document_pdf import document_filename, document_pdf
from ..filtersets import DocumentFilterSet, EnforcementActionFilterSet, InspectionFilterSet
from ..models import (
    Checklist,
    ChecklistItem,
    EnforcementAction,
    EnforcementDocument,
    Inspection,
    InspectionPlan,
    InspectionResult,
    Signature,
)
from .serializers import (
    ActionCreateSerializer,
    ActionSerializer,
    ChecklistSerializer,
    DocumentCreateSerializer,
    DocumentSerializer,
    FiguresQuerySerializer,
    FiguresSerializer,
    HazardLinkSerializer,
    InspectionCreateSerializer,
    InspectionDetailSerializer,
    InspectionListSerializer,
    InspectionPlanSerializer,
    ResultCreateSerializer,
    ResultSerializer,
    SignedConflictSerializer,
    SignSerializer,
    TypicalQuotaQuerySerializer,
    TypicalQuotaRowSerializer,
    TypicalSerializer,
    WarningsQuerySerializer,
    WarningsSerializer,
)

ID_REGEX = r"[0-9]{1,18}"
# Who sees the county-wide quarterly quota of typical cases (departments and towns owe them).
QUOTA_ROLES = {Role.COUNTY_OFFICE, Role.LEADER, Role.DEPARTMENT, Role.TOWN}


class SignedAlready(Conflict):
    """409: a visit record signed already takes no more results; says who signed it."""

    def __init__(self, message: str, names: list[str]) -> None:
        super().__init__()
        self.detail = {"detail": message, "signed_by": names}


def check_not_signed(inspection: Inspection) -> None:
    """A result for a signed visit (by anyone, perhaps on another phone while this one was offline): 409."""
    if not Inspection.objects.filter(pk=inspection.pk, state=VisitState.SIGNED).exists():
        return
    names = list(inspection.signatures.order_by("signed_at", "id").values_list("signer_name", flat=True))
    message = _("%(signed)s Signed by %(names)s.") % {"signed": rules.signed_message(), "names": "、".join(names)}
    raise SignedAlready(message, names)


def check_write(user) -> None:
    """Visits, enforcement and documents are made by the county office, departments and towns; a leader,
    grid worker, enterprise or expert never makes them (403, before any field errors)."""
    rules.check_inspecting_role(user)


# --- Checklists ------------------------------------------------------------------------------------


class CountyOfficeWrites(BasePermission):
    """Everyone signed in reads the checklists; only the county office (or a superuser) changes them."""

    message = gettext_lazy("Only the county office changes checklists.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return request.method in SAFE_METHODS or user.is_superuser or Role.COUNTY_OFFICE in roles(user)


class ChecklistFilterSet(django_filters.FilterSet):
    sector = CodeChoiceFilter(
        label=gettext_lazy("Sector"), queryset=Sector.objects.all(), to_field_name="code", field_name="sector"
    )
    is_active = django_filters.BooleanFilter(label=gettext_lazy("In use"))

    class Meta:
        model = Checklist
        fields = ["sector", "is_active"]


@transaction.atomic
def save_checklist(checklist: Checklist, data: dict) -> Checklist:
    """The checklist's fields, then its items when given: items are matched by order of appearance to the
    existing ones, extra ones created and missing ones removed (refused, 400, when a visit used them)."""
    items = data.pop("items", None)
    for key, value in data.items():
        setattr(checklist, key, value)
    checklist.save()
    if items is not None:
        existing = list(checklist.items.order_by("order", "id"))
        for position, values in enumerate(items):
            item = existing[position] if position < len(existing) else ChecklistItem(checklist=checklist)
            for key, value in values.items():
                setattr(item, key, value)
            item.save()
        for item in existing[len(items) :]:
            item.delete()  # ProtectedError (an IntegrityError): answered 400 by the exception handler
    return checklist


TAG_CHECKLISTS = ["checklists"]


@extend_schema_view(
    list=extend_schema(tags=TAG_CHECKLISTS),
    retrieve=extend_schema(tags=TAG_CHECKLISTS),
    create=extend_schema(tags=TAG_CHECKLISTS),
    update=extend_schema(tags=TAG_CHECKLISTS),
    partial_update=extend_schema(tags=TAG_CHECKLISTS),
    destroy=extend_schema(tags=TAG_CHECKLISTS),
)
class ChecklistViewSet(viewsets.ModelViewSet):
    """检查表: each sector's check items (兴国县高兴镇 高府发〔2023〕14号 三(二)1 and attachment 4), kept by the county office."""

    serializer_class = ChecklistSerializer
    filterset_class = ChecklistFilterSet
    permission_classes = [IsAuthenticated, CountyOfficeWrites]
    lookup_value_regex = ID_REGEX

    def get_queryset(self) -> QuerySet:
        return Checklist.objects.select_related("sector").prefetch_related(
            Prefetch("items", ChecklistItem.objects.order_by("order", "id"))
        )

    def perform_create(self, serializer) -> None:
        checklist = save_checklist(Checklist(), dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=checklist.pk)

    def perform_update(self, serializer) -> None:
        checklist = save_checklist(serializer.instance, dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=checklist.pk)


# --- Plans ----------------------------------------------------------------------------------------

TAG_PLANS = ["inspection-plans"]


class PlanFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=gettext_lazy("Year"), min_value=0, max_value=9999)
    department = CodeChoiceFilter(
        label=gettext_lazy("Department"),
        queryset=Department.objects.all(),
        to_field_name="code",
        field_name="department",
    )

    class Meta:
        model = InspectionPlan
        fields = ["year", "department"]


@extend_schema_view(
    list=extend_schema(tags=TAG_PLANS),
    retrieve=extend_schema(tags=TAG_PLANS),
    create=extend_schema(tags=TAG_PLANS),
    update=extend_schema(tags=TAG_PLANS),
    partial_update=extend_schema(tags=TAG_PLANS),
)
class InspectionPlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """年度/月度执法计划: a department sees and makes its own; the county office all; leaders read all."""

    serializer_class = InspectionPlanSerializer
    filterset_class = PlanFilterSet
    lookup_value_regex = ID_REGEX

    def get_queryset(self) -> QuerySet:
        plans = InspectionPlan.objects.select_related("department").order_by("-year", "-month", "department_id", "pk")
        return services.with_progress(restrict(self.request.user, plans))

    def create(self, request, *args, **kwargs) -> Response:
        rules.check_plan(request.user)
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs) -> Response:
        plan = self.get_object()
        rules.check_plan(request.user, plan.department)
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer) -> None:
        plan = services.save_plan(self.request.user, None, dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def perform_update(self, serializer) -> None:
        plan = services.save_plan(self.request.user, serializer.instance, dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=plan.pk)


# --- Inspections -----------------------------------------------------------------------------------

TAG_INSPECTIONS = ["inspections"]
RESULT_ID = OpenApiParameter(
    "result_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("Result id.")
)


@extend_schema_view(
    list=extend_schema(tags=TAG_INSPECTIONS),
    retrieve=extend_schema(tags=TAG_INSPECTIONS),
    create=extend_schema(
        tags=TAG_INSPECTIONS, request=InspectionCreateSerializer, responses={201: InspectionDetailSerializer}
    ),
)
class InspectionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """检查: a visit to a unit, built by its actions (results, signatures); immutable once signed."""

    filterset_class = InspectionFilterSet
    lookup_value_regex = ID_REGEX

    def get_queryset(self) -> QuerySet:
        return restrict(self.request.user, self._queryset())

    def _queryset(self) -> QuerySet:
        qs = Inspection.objects.select_related("unit", "department", "town", "region", "sector").prefetch_related(
            "inspectors"
        )
        if self.action != "list":
            qs = qs.prefetch_related(
                Prefetch("results", InspectionResult.objects.select_related("photo")),
                Prefetch("signatures", Signature.objects.select_related("signer")),
            )
        return qs

    def get_serializer_class(self):
        if self.action == "list":
            return InspectionListSerializer
        if self.action == "create":
            return InspectionCreateSerializer
        return InspectionDetailSerializer

    def _detail(self, inspection: Inspection, code: int = status.HTTP_200_OK, *, mine: bool = False) -> Response:
        """The visit's detail; `mine`: the caller's own record, shown even once its unit left their jurisdiction."""
        queryset = self.get_queryset() if not mine else self._queryset()
        inspection = queryset.get(pk=inspection.pk)
        return Response(InspectionDetailSerializer(inspection, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs) -> Response:
        """Record a visit. With `client_uuid` (the offline field app) it is created once: a replay by the same
        user answers 200 with the visit the first request made, whatever else it sends; another user's 409."""
        check_write(request.user)
        earlier = replayed(Inspection.objects.all(), "created_by", request.user, parse_uuid(request.data))
        if earlier is not None:
            return self._detail(earlier, status.HTTP_200_OK, mine=True)
        serializer = InspectionCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        inspection, created = create_once(
            Inspection.objects.all(),
            "created_by",
            request.user,
            data.get("client_uuid"),
            lambda: services.create_inspection(request.user, **data),
        )
        return self._detail(inspection, status.HTTP_201_CREATED if created else status.HTTP_200_OK, mine=True)

    @extend_schema(
        tags=TAG_INSPECTIONS,
        request={"application/json": ResultCreateSerializer, "multipart/form-data": ResultCreateSerializer},
        responses={
            201: ResultSerializer,
            200: OpenApiResponse(
                ResultSerializer, description=gettext_lazy("A replay: the result this client_uuid recorded.")
            ),
            409: OpenApiResponse(
                SignedConflictSerializer,
                description=gettext_lazy(
                    "The visit record is signed already (who signed it is named), or the client_uuid is another "
                    "user's ({client_uuid: [message]})."
                ),
            ),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def results(self, request, pk: str | None = None) -> Response:
        """Record one check item: pass, fail or not applicable, with a note and a photo (a file, or an upload sent
        in parts). With `client_uuid` recorded once: a replay by the same user answers 200 with that result."""
        inspection = self.get_object()
        check_write(request.user)
        earlier = replayed(InspectionResult.objects.all(), "recorded_by", request.user, parse_uuid(request.data))
        if earlier is not None:
            return self._result(earlier, status.HTTP_200_OK)
        check_not_signed(inspection)
        serializer = ResultCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        upload = data.pop("upload", None)
        if data.get("photo") is not None or upload is not None:
            rules.check_on_visit(request.user, inspection)
            data["photo"] = self._photo(data.get("photo"), upload)
        result, created = create_once(
            InspectionResult.objects.all(),
            "recorded_by",
            request.user,
            data.get("client_uuid"),
            lambda: services.record_result(request.user, inspection, **data),
        )
        return self._result(result, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _photo(self, photo, upload):
        """A result's photo checked and stored: a file sent whole, or a complete upload sent in parts."""
        if upload is not None:
            return attachment_for_api(upload, self.request.user)
        try:
            return store_image(photo, self.request.user)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"photo": exc.messages}) from exc

    def _result(self, result: InspectionResult, code: int) -> Response:
        result = InspectionResult.objects.select_related("photo").get(pk=result.pk)
        return Response(ResultSerializer(result, context=self.get_serializer_context()).data, status=code)

    @extend_schema(tags=TAG_INSPECTIONS, request=None, parameters=[RESULT_ID], responses={201: HazardLinkSerializer})
    @action(detail=True, methods=["post"], url_path=rf"results/(?P<result_id>{ID_REGEX})/hazard")
    def hazard(self, request, pk: str | None = None, result_id: str | None = None) -> Response:
        """A failed item becomes a hazard in the closed loop (source 部门检查), in one step."""
        inspection = self.get_object()
        result = get_object_or_404(InspectionResult, inspection=inspection, pk=result_id)
        check_write(request.user)
        hazard = services.finding_to_hazard(request.user, result)
        url = request.build_absolute_uri(reverse("hazard-detail", args=[hazard.pk]))
        return Response(HazardLinkSerializer({"id": hazard.pk, "url": url}).data, status=201)

    @extend_schema(
        tags=TAG_INSPECTIONS,
        request={"multipart/form-data": SignSerializer, "application/json": SignSerializer},
        responses={201: InspectionDetailSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def sign(self, request, pk: str | None = None) -> Response:
        """谁检查、谁签名、谁负责: an inspector signs, or the unit's representative signs by hand (the PNG of a
        signature pad, multipart). Refused (400, `results`) while a check item has no result."""
        inspection = self.get_object()
        check_write(request.user)
        serializer = SignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.sign(request.user, inspection, **serializer.validated_data)
        return self._detail(inspection, status.HTTP_201_CREATED)


# --- Enforcement -----------------------------------------------------------------------------------

TAG_ENFORCEMENT = ["enforcement"]


@extend_schema_view(
    list=extend_schema(tags=TAG_ENFORCEMENT),
    retrieve=extend_schema(tags=TAG_ENFORCEMENT),
    create=extend_schema(tags=TAG_ENFORCEMENT, request=ActionCreateSerializer, responses={201: ActionSerializer}),
)
class EnforcementActionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """执法措施: penalties (一案双罚), suspensions, referrals and the public sanctions, with the warnings of
    兴国县高兴镇 高府发〔2023〕14号 recorded when drafted."""

    serializer_class = ActionSerializer
    filterset_class = EnforcementActionFilterSet
    lookup_value_regex = ID_REGEX

    def get_queryset(self) -> QuerySet:
        qs = EnforcementAction.objects.select_related("unit", "department", "town", "region", "sector")
        return restrict(self.request.user, qs)

    def _body(self, action_: EnforcementAction, code: int) -> Response:
        action_ = self.get_queryset().get(pk=action_.pk)
        return Response(ActionSerializer(action_, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs) -> Response:
        check_write(request.user)
        serializer = ActionCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        made = services.record_action(request.user, **data)
        return self._body(made, status.HTTP_201_CREATED)

    @extend_schema(tags=TAG_ENFORCEMENT, request=TypicalSerializer, responses={200: ActionSerializer})
    @action(detail=True, methods=["post"])
    def typical(self, request, pk: str | None = None) -> Response:
        """Mark the case typical (典型执法案例), reported to the county office on the given day."""
        made = self.get_object()
        check_write(request.user)
        serializer = TypicalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.mark_typical(request.user, made, reported_on=serializer.validated_data.get("reported_on"))
        return self._body(made, status.HTTP_200_OK)

    @extend_schema(
        tags=TAG_ENFORCEMENT, filters=False, parameters=[WarningsQuerySerializer], responses=WarningsSerializer
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def warnings(self, request) -> Response:
        """The warnings a draft would get (self-reported major hazard, 屡查屡犯, 顶格处罚, listed supervision)."""
        query = WarningsQuerySerializer(data=request.query_params, context=self.get_serializer_context())
        query.is_valid(raise_exception=True)
        found = services.action_warnings(**query.validated_data)
        return Response(WarningsSerializer({"warnings": [str(w) for w in found]}).data)


# --- Documents -------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(tags=TAG_ENFORCEMENT),
    retrieve=extend_schema(tags=TAG_ENFORCEMENT),
    create=extend_schema(tags=TAG_ENFORCEMENT, request=DocumentCreateSerializer, responses={201: DocumentSerializer}),
)
class DocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """执法文书: numbered per department and year, without gaps or duplicates; the number is given, not chosen."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    lookup_value_regex = ID_REGEX

    def get_queryset(self) -> QuerySet:
        qs = EnforcementDocument.objects.select_related("department", "unit", "region", "sector", "issued_by")
        return restrict(self.request.user, qs)

    def create(self, request, *args, **kwargs) -> Response:
        check_write(request.user)
        serializer = DocumentCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        document = services.issue_document(request.user, **serializer.validated_data)
        document = self.get_queryset().get(pk=document.pk)
        return Response(DocumentSerializer(document, context=self.get_serializer_context()).data, status=201)

    @extend_schema(
        tags=TAG_ENFORCEMENT,
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description=gettext_lazy("The document in its official layout, A4.")
            )
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PdfRenderer])
    def pdf(self, request, pk: str | None = None) -> HttpResponse:
        """The printable PDF: department, document name and number, unit, facts, decision, signatures, seal."""
        document = self.get_object()
        response = HttpResponse(document_pdf(document), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, document_filename(document))
        return response


# --- Figures ---------------------------------------------------------------------------------------

TAG_STATISTICS = ["statistics"]


class StatisticsViewSet(viewsets.ViewSet):
    """The supervision figures of 江西应急管理简报 2024年第20期, computed from the records within the caller's
    jurisdiction."""

    @extend_schema(tags=TAG_STATISTICS, parameters=[FiguresQuerySerializer], responses=FiguresSerializer)
    @action(detail=False, methods=["get"])
    def supervision(self, request) -> Response:
        """Places inspected, hazards found and fixed, penalties, documents, suspensions, referrals, typical cases."""
        query = FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = services.figures(request.user, **query.validated_data)
        return Response(FiguresSerializer(result).data)

    @extend_schema(
        tags=TAG_STATISTICS, parameters=[TypicalQuotaQuerySerializer], responses=TypicalQuotaRowSerializer(many=True)
    )
    @action(detail=False, methods=["get"], url_path="supervision/typical-cases")
    def typical_cases(self, request) -> Response:
        """Every department and town owes the county office one typical case a quarter (兴国县高兴镇 高府发〔2023〕14号 三(二)3)."""
        user = request.user
        if not user.is_superuser and not roles(user) & QUOTA_ROLES:
            raise PermissionDenied(_("Your role may not see the quarterly quota."))
        query = TypicalQuotaQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            county = choose_county(user, query.validated_data.get("county"))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"county": exc.messages}) from exc
        rows = services.typical_case_quota(query.validated_data.get("date"), county) if county is not None else []
        return Response(TypicalQuotaRowSerializer([_quota_row(r) for r in rows], many=True).data)


def _quota_row(row) -> dict:
    """A figures.TypicalRow with its department or town by code and name."""
    name = row.unit.name if row.unit_kind == "department" else (row.unit.unit_name or row.unit.name)
    return {
        "unit_kind": row.unit_kind,
        "code": row.unit.code,
        "unit": name,
        "count": row.count,
        "owed": row.owed,
        "short": row.short,
    }


def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
    router.register("inspections", InspectionViewSet, basename="inspection")
    router.register("inspection-plans", InspectionPlanViewSet, basename="inspection-plan")
    router.register("checklists", ChecklistViewSet, basename="checklist")
    router.register("enforcement-actions", EnforcementActionViewSet, basename="enforcement-action")
    router.register("documents", DocumentViewSet, basename="document")
    router.register("statistics", StatisticsViewSet, basename="statistics")
