"""The hazard endpoints. Every queryset passes through `restrict` (outside jurisdiction is 404); every
change goes through `services` (register_hazard, perform, attach_photo), which decide what is allowed."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from anjian.core.api import (
    CodeChoiceFilter,
    FormParser,
    JSONParser,
    KeptListMixin,
    MultiPartParser,
    XlsxRenderer,
    django_error_dict,
    file_response,
)
from anjian.core.idempotency import ClientUuidConflictSerializer, create_once, parse_uuid, replayed
from anjian.field.api.attach import UploadIncompleteSerializer, attachment_for_api
from anjian.org.jurisdiction import restrict
from anjian.org.models import Sector
from anjian.quality.api import SuggestionSerializer, SuggestQuerySerializer
from anjian.registry.api.views import _binary
from anjian.registry.models import Enterprise
from anjian.registry.services import record_spot_unit

from .. import rules, services
from ..choices import Action
from ..filtersets import HazardFilterSet
from ..models import Criterion, Hazard, HazardEvent, HazardPhoto
from .serializers import (
    CriterionSerializer,
    EventSerializer,
    HazardCreatedSerializer,
    HazardCreateSerializer,
    HazardDetailSerializer,
    HazardListSerializer,
    PhotoFromUploadSerializer,
    PhotoSerializer,
    PhotoUploadSerializer,
    QuotaRowSerializer,
    StatsSerializer,
    TransitionResultSerializer,
    TransitionSerializer,
)

XLSX = XlsxRenderer.media_type
# Actions that read many hazards and need none of the detail's events, photos or plan.
LIGHT_ACTIONS = {"list", "ledger", "ledger_suffixed", "general_ledger", "general_ledger_suffixed", "stats"}

TAG = ["hazards"]
SUGGEST_FIELDS = ("text", "sector", "limit")


@extend_schema_view(
    list=extend_schema(tags=TAG),
    retrieve=extend_schema(tags=TAG),
    create=extend_schema(
        tags=TAG,
        request=HazardCreateSerializer,
        responses={
            201: HazardCreatedSerializer,
            200: OpenApiResponse(
                HazardCreatedSerializer, description=gettext_lazy("A replay: the hazard this client_uuid created.")
            ),
            409: OpenApiResponse(
                ClientUuidConflictSerializer, description=gettext_lazy("The client_uuid is another user's.")
            ),
        },
    ),
)
class HazardViewSet(
    KeptListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """事故隐患: registered here, then changed only by signed transitions (no PUT, PATCH or DELETE)."""

    filterset_class = HazardFilterSet
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet:
        return restrict(self.request.user, self._queryset())

    def _queryset(self) -> QuerySet:
        qs = Hazard.objects.select_related(
            "unit", "sector", "region", "responsible_department", "responsible_town"
        ).prefetch_related(Prefetch("photos", HazardPhoto.objects.select_related("attachment", "added_by")))
        if self.action not in LIGHT_ACTIONS:
            qs = qs.select_related("criterion__document", "plan").prefetch_related(
                Prefetch("events", HazardEvent.objects.prefetch_related("photos__attachment")), "supervisions"
            )
        return qs

    def get_serializer_class(self):
        if self.action == "list":
            return HazardListSerializer
        if self.action == "create":
            return HazardCreateSerializer
        return HazardDetailSerializer

    def create(self, request, *args, **kwargs) -> Response:
        """Register a hazard. With `client_uuid` (the offline field app) it is created once: a replay by the same
        user answers 200 with the record the first request made, whatever else it sends; another user's 409."""
        rules.check_role(request.user, Action.REGISTER)
        earlier = replayed(Hazard.objects.all(), "found_by", request.user, parse_uuid(request.data))
        if earlier is not None:
            return self._created(earlier, [], status.HTTP_200_OK)
        serializer = HazardCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        hazard, created = create_once(
            Hazard.objects.all(), "found_by", request.user, data.get("client_uuid"), lambda: self._register(data)
        )
        if not created:
            return self._created(hazard, [], status.HTTP_200_OK)
        return self._created(hazard, hazard.quality_warnings, status.HTTP_201_CREATED)

    def _register(self, data: dict) -> Hazard:
        user = self.request.user
        spot = data.pop("new_unit", None)
        try:
            with transaction.atomic():  # a place recorded on the spot is kept only with its hazard
                unit = data.pop("unit", None) or _spot_unit(user, spot, data.get("sector"))
                return services.register_hazard(user, unit, **data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(django_error_dict(exc)) from exc

    def _created(self, hazard: Hazard, warnings: list, code: int) -> Response:
        """The registered hazard (its own user's, even once its unit left their jurisdiction)."""
        hazard = self._queryset().get(pk=hazard.pk)
        hazard.quality_warnings = warnings
        return Response(HazardCreatedSerializer(hazard, context=self.get_serializer_context()).data, status=code)

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
        warnings = [w.as_dict() for w in event.quality_warnings]
        hazard = self.get_queryset().get(pk=hazard.pk)
        event = HazardEvent.objects.prefetch_related("photos__attachment").get(pk=event.pk)
        context = self.get_serializer_context()
        body = {
            "event": EventSerializer(event, context=context).data,
            "hazard": HazardDetailSerializer(hazard, context=context).data,
            "quality_warnings": warnings,
        }
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAG,
        request={"multipart/form-data": PhotoUploadSerializer, "application/json": PhotoFromUploadSerializer},
        responses={
            201: PhotoSerializer,
            200: OpenApiResponse(
                PhotoSerializer, description=gettext_lazy("This upload was attached before: the same photo.")
            ),
            409: OpenApiResponse(
                UploadIncompleteSerializer, description=gettext_lazy("The upload has not arrived whole yet.")
            ),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def photos(self, request, pk: str | None = None) -> Response:
        """Upload one photo, recorded with who and when and signed with the next step that names it in
        photo_ids; refused on a closed hazard or by someone who may take no step on it now. Instead of the file,
        JSON {"upload": id} attaches a photo sent in parts (/api/v1/field/uploads/), once: again, 200."""
        hazard = self.get_object()
        rules.check_add_photo(request.user, hazard)
        if request.content_type.startswith("application/json"):
            return self._photo_from_upload(request, hazard)
        serializer = PhotoUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            photo = services.attach_photo(
                hazard, serializer.validated_data["file"], request.user, kind=serializer.validated_data["kind"]
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"file": exc.messages}) from exc
        return Response(PhotoSerializer(photo).data, status=status.HTTP_201_CREATED)

    def _photo_from_upload(self, request, hazard: Hazard) -> Response:
        serializer = PhotoFromUploadSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        kind = serializer.validated_data["kind"]
        attachment = attachment_for_api(serializer.validated_data["upload"], request.user)
        before = HazardPhoto.objects.filter(hazard=hazard, attachment=attachment, kind=kind)
        existed = before.exists()
        photo = services.attach_stored(hazard, attachment, request.user, kind=kind)
        return Response(PhotoSerializer(photo).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAG,
        filters=True,
        responses=_binary(
            gettext_lazy(
                "The major-hazard ledger (重大事故隐患排查整治台账, attachment 3 of 兴国县高兴镇 高府发〔2023〕14号) "
                "of the filtered list: major hazards only, whatever the filters."
            ),
            XLSX,
        ),
    )
    @action(detail=False, methods=["get"], url_path="ledger.xlsx", renderer_classes=[JSONRenderer, XlsxRenderer])
    def ledger(self, request) -> Response:
        return self._ledger(request, "major")

    @extend_schema(
        tags=TAG,
        filters=True,
        responses=_binary(
            gettext_lazy(
                "The general-hazard ledger (一般事故隐患排查整治台账) of the filtered list: general hazards only."
            ),
            XLSX,
        ),
    )
    @action(
        detail=False, methods=["get"], url_path="general-ledger.xlsx", renderer_classes=[JSONRenderer, XlsxRenderer]
    )
    def general_ledger(self, request) -> Response:
        return self._ledger(request, "general")

    def _ledger(self, request, which: str) -> Response:
        from anjian.hazards.ledger import ledger_for

        content, filename = ledger_for(request.user, self.filter_queryset(self.get_queryset()), which)
        return file_response(content, XLSX, filename)

    # …/ledger.xlsx without the trailing slash, as for the enterprise files (see registry/api/views.py).
    @extend_schema(exclude=True)
    @action(detail=False, methods=["get"], url_path="ledger", renderer_classes=[XlsxRenderer])
    def ledger_suffixed(self, request, **kwargs) -> Response:
        return self.ledger(request)

    @extend_schema(exclude=True)
    @action(detail=False, methods=["get"], url_path="general-ledger", renderer_classes=[XlsxRenderer])
    def general_ledger_suffixed(self, request, **kwargs) -> Response:
        return self.general_ledger(request)

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

    @extend_schema(
        tags=TAG,
        filters=False,
        parameters=[
            OpenApiParameter(
                "quarter",
                str,
                description=gettext_lazy(
                    "The quarter as year, Q and its number (2026Q3); the current quarter if not given. "
                    "A malformed quarter, one before 2000 or one that has not begun answers 400."
                ),
            ),
            OpenApiParameter(
                "county",
                str,
                description=gettext_lazy(
                    "The 12-digit code of one of the counties you work in; your first county if not given."
                ),
            ),
        ],
        responses={
            200: QuotaRowSerializer(many=True),
            400: inline_serializer(
                "QuotaQueryError",
                {
                    "quarter": serializers.ListField(child=serializers.CharField(), required=False),
                    "county": serializers.ListField(child=serializers.CharField(), required=False),
                },
            ),
        },
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def quota(self, request) -> Response:
        """每季度要排查不少于10条重大事故隐患 (兴国县高兴镇 高府发〔2023〕14号 三(三)10): the major hazards each
        supervising county department and each town found in the quarter, credited to the finder."""
        from anjian.hazards import quota
        from anjian.org.areas import choose_county

        if not quota.may_see_quota(request.user):
            raise PermissionDenied(_("Your role may not see the quarterly quota."))
        try:
            quarter = quota.parse_quarter(request.query_params.get("quarter"))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"quarter": exc.messages}) from exc
        try:
            county = choose_county(request.user, request.query_params.get("county"))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"county": exc.messages}) from exc
        rows = quota.quarterly_quota(quarter, county) if county is not None else []
        return Response(QuotaRowSerializer([_row(r) for r in rows], many=True).data)


def _spot_unit(user, spot: dict, sector) -> Enterprise:
    """registry.services.record_spot_unit, its refusals under new_unit."""
    try:
        return record_spot_unit(user, sector=sector, **spot)
    except DjangoValidationError as exc:
        raise serializers.ValidationError({"new_unit": django_error_dict(exc)}) from exc


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

    @extend_schema(
        tags=["criteria"],
        filters=False,
        parameters=[SuggestQuerySerializer],
        responses={
            200: SuggestionSerializer(many=True),
            400: inline_serializer(
                "CriteriaSuggestQueryError",
                {name: serializers.ListField(child=serializers.CharField(), required=False) for name in SUGGEST_FIELDS},
            ),
        },
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def suggest(self, request) -> Response:
        """The in-force items that best match a hazard's description, best first (jieba words ranked by BM25,
        offline): to pick the item met while grading. Bad text, sector or limit answers 400 by field."""
        from anjian.quality.suggest import suggest

        query = SuggestQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        sector = query.validated_data.get("sector")
        found = suggest(query.validated_data["text"], sector.pk if sector else None, query.validated_data["limit"])
        return Response(SuggestionSerializer(found, many=True).data)


def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
    router.register("hazards", HazardViewSet, basename="hazard")
    router.register("criteria", CriterionViewSet, basename="criterion")
