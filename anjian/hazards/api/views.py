"""The hazard endpoints. Every queryset passes through `restrict` (outside jurisdiction is 404); every
change goes through `services` (register_hazard, perform, attach_photo), which decide what is allowed."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from anjian.core.api import CodeChoiceFilter, XlsxRenderer, django_error_dict
from anjian.org.choices import Role
from anjian.org.jurisdiction import assignments, restrict, roles
from anjian.org.models import Sector
from anjian.registry.api.views import _binary, _file

from .. import rules, services
from ..choices import Action
from ..filtersets import HazardFilterSet
from ..models import Criterion, Hazard, HazardEvent, HazardPhoto
from .serializers import (
    CriterionSerializer,
    EventSerializer,
    HazardCreateSerializer,
    HazardDetailSerializer,
    HazardListSerializer,
    PhotoSerializer,
    PhotoUploadSerializer,
    QuotaRowSerializer,
    StatsSerializer,
    TransitionResultSerializer,
    TransitionSerializer,
)

XLSX = XlsxRenderer.media_type
LEDGER_NAME = "隐患台账"
# Who sees the county-wide quarterly quota (seed 004: departments and towns are measured by it).
QUOTA_ROLES = {Role.COUNTY_OFFICE, Role.LEADER, Role.DEPARTMENT, Role.TOWN}

TAG = ["hazards"]


def filler_unit(user) -> str:
    """填报单位 of the ledger: the caller's department, town government or enterprise; '' county-wide."""
    for a in assignments(user):
        if a.role == Role.DEPARTMENT and a.department_id:
            return a.department.name
        if a.role in (Role.TOWN, Role.GRID_WORKER) and a.region_id:
            town = a.region.town()
            return town.unit_name if town else a.region.unit_name
        if a.role == Role.ENTERPRISE and a.enterprise_id:
            return a.enterprise.name
    return ""


@extend_schema_view(
    list=extend_schema(tags=TAG),
    retrieve=extend_schema(tags=TAG),
    create=extend_schema(tags=TAG, request=HazardCreateSerializer, responses={201: HazardDetailSerializer}),
)
class HazardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """事故隐患: registered here, then changed only by signed transitions (no PUT, PATCH or DELETE)."""

    filterset_class = HazardFilterSet
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet:
        qs = Hazard.objects.select_related(
            "unit", "sector", "region", "responsible_department", "responsible_town"
        ).prefetch_related(Prefetch("photos", HazardPhoto.objects.select_related("attachment")))
        if self.action not in ("list", "ledger", "ledger_suffixed", "stats"):
            qs = qs.select_related("criterion__document", "plan").prefetch_related(
                Prefetch("events", HazardEvent.objects.prefetch_related("photos__attachment")), "supervisions"
            )
        return restrict(self.request.user, qs)

    def get_serializer_class(self):
        if self.action == "list":
            return HazardListSerializer
        if self.action == "create":
            return HazardCreateSerializer
        return HazardDetailSerializer

    def create(self, request, *args, **kwargs) -> Response:
        rules.check_role(request.user, Action.REGISTER)
        serializer = HazardCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            hazard = services.register_hazard(request.user, data.pop("unit"), **data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(django_error_dict(exc)) from exc
        hazard = self.get_queryset().get(pk=hazard.pk)
        return Response(HazardDetailSerializer(hazard, context=self.get_serializer_context()).data, status=201)

    @extend_schema(tags=TAG, request=TransitionSerializer, responses={201: TransitionResultSerializer})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def transitions(self, request, pk: str | None = None) -> Response:
        """Take one step of the lifecycle; refused with 400 (not now, with the reason) or 403 (never this role)."""
        hazard = self.get_object()
        requested = request.data.get("action") if isinstance(request.data, dict) else None
        if isinstance(requested, str) and requested in Action.values:
            rules.check_role(request.user, requested)  # a role that may never do it: 403 before any field errors
        serializer = TransitionSerializer(data=request.data, context={"request": request, "hazard": hazard})
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        name = fields.pop("action")
        existing = [p.attachment.file for p in fields.pop("photo_ids", [])]
        if existing or "photos" in fields:
            fields["photos"] = existing + list(fields.get("photos", []))
        try:
            event = services.perform(request.user, hazard, name, **fields)
        except rules.Refused:
            raise
        except DjangoValidationError as exc:  # a photo that cannot be stored
            raise serializers.ValidationError({"photos": exc.messages}) from exc
        hazard = self.get_queryset().get(pk=hazard.pk)
        event = HazardEvent.objects.prefetch_related("photos__attachment").get(pk=event.pk)
        context = self.get_serializer_context()
        body = {
            "event": EventSerializer(event, context=context).data,
            "hazard": HazardDetailSerializer(hazard, context=context).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(tags=TAG, request={"multipart/form-data": PhotoUploadSerializer}, responses={201: PhotoSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request, pk: str | None = None) -> Response:
        """Upload one photo; the same bytes again give the same stored file (kept once by content hash)."""
        hazard = self.get_object()
        rules.check_role(request.user, Action.REGISTER)  # every role that takes part in the loop; not leaders
        serializer = PhotoUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            photo = services.attach_photo(
                hazard, serializer.validated_data["file"], request.user, kind=serializer.validated_data["kind"]
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"file": exc.messages}) from exc
        return Response(PhotoSerializer(photo).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAG,
        filters=True,
        responses=_binary(gettext_lazy("The hazard ledger (seed 004 attachment 3) of the filtered list."), XLSX),
    )
    @action(detail=False, methods=["get"], url_path="ledger.xlsx", renderer_classes=[JSONRenderer, XlsxRenderer])
    def ledger(self, request) -> Response:
        from anjian.hazards.ledger import ledger_xlsx

        queryset = self.filter_queryset(self.get_queryset())
        return _file(ledger_xlsx(queryset, filler_unit(request.user)), XLSX, f"{LEDGER_NAME}.xlsx")

    # …/ledger.xlsx without the trailing slash, as for the enterprise files (see registry/api/views.py).
    @extend_schema(exclude=True)
    @action(detail=False, methods=["get"], url_path="ledger", renderer_classes=[XlsxRenderer])
    def ledger_suffixed(self, request, **kwargs) -> Response:
        return self.ledger(request)

    @extend_schema(tags=TAG, filters=True, responses=StatsSerializer)
    @action(detail=False, methods=["get"], pagination_class=None)
    def stats(self, request) -> Response:
        """Counts by state, grade, sector, region and source; rectification and on-time rates."""
        from anjian.hazards import stats

        queryset = self.filter_queryset(self.get_queryset())
        counts = {
            key: [{"code": code, "label": label, "count": n} for code, label, n in rows]
            for key, rows in stats.counts(queryset).items()
        }
        return Response({"counts": counts, "rates": stats.rates(queryset)})

    @extend_schema(tags=TAG, filters=False, responses=QuotaRowSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def quota(self, request) -> Response:
        """The quarterly quota of seed 004 (≥ 10 major hazards a quarter) for each department and town."""
        from anjian.hazards import stats

        user = request.user
        if not user.is_superuser and not roles(user) & QUOTA_ROLES:
            raise PermissionDenied(_("Your role may not see the quarterly quota."))
        return Response(QuotaRowSerializer([_row(r) for r in stats.quarterly_quota()], many=True).data)


def _row(row) -> dict:
    """A stats.QuotaRow with its department or town by name."""
    return {
        "unit_kind": row.unit_kind,
        "unit": row.unit.name,
        "found": row.found,
        "quota": row.quota,
        "short": row.short,
    }


class CriterionFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label=gettext_lazy("Search"), method="filter_search", help_text=gettext_lazy("Words the item contains.")
    )
    sector = CodeChoiceFilter(
        label=gettext_lazy("Sector"),
        queryset=Sector.objects.all(),
        to_field_name="code",
        field_name="document__sector",
    )
    in_force = django_filters.BooleanFilter(
        label=gettext_lazy("In force"), field_name="document__superseded_by", lookup_expr="isnull"
    )

    class Meta:
        model = Criterion
        fields = ["search", "sector", "in_force"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from anjian.hazards.criteria import search_criteria

        if not value.strip():
            return queryset
        return queryset.filter(pk__in=search_criteria(text=value, in_force_only=False).values("pk"))


@extend_schema_view(list=extend_schema(tags=["criteria"]), retrieve=extend_schema(tags=["criteria"]))
class CriterionViewSet(viewsets.ReadOnlyModelViewSet):
    """重大事故隐患判定标准: the items of the national standards, verbatim, to name when grading a hazard major."""

    serializer_class = CriterionSerializer
    filterset_class = CriterionFilterSet
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet:
        qs = Criterion.objects.select_related("document__sector").order_by(
            "document__sector__order", "document", "order"
        )
        return restrict(self.request.user, qs)


def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
    router.register("hazards", HazardViewSet, basename="hazard")
    router.register("criteria", CriterionViewSet, basename="criterion")
