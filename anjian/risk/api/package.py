"""An enterprise's risk package (一图一牌三清单) for /api/v1/: its site plan, the risk zones drawn on it,
and the files: the four-colour map (PNG, PDF), the notice boards and the three lists (xlsx, PDF).

Both viewsets hang under /enterprises/{id}/ without touching the registry app. The enterprise comes from
`restrict` (outside jurisdiction is 404); changes are allowed by `services.check_manage`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from anjian.core.api import FileRenderer, FormParser, MultiPartParser, PdfRenderer, XlsxRenderer, file_response
from anjian.core.openapi import ERROR
from anjian.org.jurisdiction import restrict
from anjian.registry.api.views import _binary
from anjian.registry.models import Enterprise

from .. import services
from ..models import RiskPoint, RiskZone, SitePlan
from ..rules import Record
from .serializers import RiskZoneSerializer, SitePlanSerializer, SitePlanUploadSerializer
from .views import ID_REGEX, TAG, RiskWritePermission


class PngRenderer(FileRenderer):
    media_type = "image/png"
    format = "png"


PDF, PNG, XLSX = PdfRenderer.media_type, PngRenderer.media_type, XlsxRenderer.media_type
MAP_TITLE = "安全风险四色分布图"
FONT_MISSING = "The server has no Chinese font to draw the map with (Debian package fonts-noto-cjk)."
# file name → (what makes it, media type, title of the download)
PACKAGE_FILES = {
    "four-colour-map.png": ("map_png", PNG, MAP_TITLE),
    "four-colour-map.pdf": ("map_pdf", PDF, MAP_TITLE),
    "notice-boards.pdf": ("boards", PDF, "风险告知牌"),
    "lists.xlsx": ("lists", XLSX, "风险管控清单"),
    "responsibility-list.pdf": ("responsibility", PDF, "风险管控责任清单"),
    "measures-list.pdf": ("measures", PDF, "风险管控措施清单"),
    "emergency-list.pdf": ("emergency", PDF, "应急处置清单"),
}


def site_plan_of(enterprise: Enterprise) -> SitePlan:
    plan = SitePlan.objects.filter(enterprise=enterprise).select_related("image").first()
    if plan is None:
        raise Http404(_("This enterprise has no site plan yet."))
    return plan


def make_file(user, enterprise: Enterprise, maker: str) -> bytes:
    """The bytes of one package file (404 for the map when there is no site plan)."""
    from anjian.risk import fourcolour, lists, noticeboard

    if maker == "map_png":
        return fourcolour.four_colour_png(site_plan_of(enterprise))
    if maker == "map_pdf":
        return fourcolour.four_colour_pdf(site_plan_of(enterprise))
    if maker == "boards":
        points = restrict(user, RiskPoint.objects.filter(enterprise=enterprise))
        return noticeboard.notice_boards_pdf(points)
    if maker == "lists":
        return lists.risk_lists_xlsx(enterprise)
    return lists.risk_list_pdf(enterprise, maker)


def _action_name(name: str) -> str:
    return "package_" + name.replace("-", "_").replace(".", "_")


def _package_action(name: str):
    """The download action of one package file (…/risk-package/<name>/)."""
    maker, media_type, title = PACKAGE_FILES[name]
    renderer = {PDF: PdfRenderer, PNG: PngRenderer, XLSX: XlsxRenderer}[media_type]

    def download(self, request, pk: str | None = None):
        enterprise = self.get_object()
        extension = name.rsplit(".", 1)[1]
        return file_response(
            make_file(request.user, enterprise, maker), media_type, f"{enterprise.name}-{title}.{extension}"
        )

    download.__name__ = download.__qualname__ = _action_name(name)  # before @action, which maps methods by name
    download.__doc__ = f"{title}."
    decorate = action(
        detail=True,
        methods=["get"],
        url_path=f"risk-package/{name}",
        url_name=f"risk-package-{name.replace('.', '-')}",
        renderer_classes=[JSONRenderer, renderer],
    )
    responses = _binary(f"{title}", media_type)
    if maker.startswith("map_"):  # drawn with the server's CJK font, which may not be installed
        responses[(503, "application/json")] = OpenApiResponse(ERROR, description=FONT_MISSING)
    return extend_schema(tags=TAG, responses=responses)(decorate(download))


class EnterpriseRiskViewSet(viewsets.GenericViewSet):
    """An enterprise's site plan and risk package; only extra actions, so the registry's routes stay its own."""

    permission_classes = [IsAuthenticated, RiskWritePermission]
    risk_record = Record.SITE_PLAN
    lookup_value_regex = ID_REGEX
    serializer_class = SitePlanSerializer

    def get_queryset(self) -> QuerySet:
        return restrict(self.request.user, Enterprise.objects.select_related("region", "sector"))

    @extend_schema(methods=["GET"], tags=TAG, responses=SitePlanSerializer)
    @extend_schema(
        methods=["PUT"],
        tags=TAG,
        request={"multipart/form-data": SitePlanUploadSerializer},
        responses={200: SitePlanSerializer, 201: SitePlanSerializer},
    )
    @action(detail=True, methods=["get", "put"], url_path="site-plan", parser_classes=[MultiPartParser, FormParser])
    def site_plan(self, request, pk: str | None = None) -> Response:
        """The site plan (总平面图) the four-colour map is drawn on: GET its details, PUT a new one (multipart)."""
        enterprise = self.get_object()
        if request.method == "GET":
            return Response(SitePlanSerializer(site_plan_of(enterprise), context={"request": request}).data)
        services.check_manage(request.user, enterprise, Record.SITE_PLAN)
        upload = SitePlanUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        from anjian.risk.siteplans import store_site_plan

        try:
            image = store_site_plan(upload.validated_data["file"], request.user)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"file": exc.messages}) from exc
        plan, created = SitePlan.objects.update_or_create(enterprise=enterprise, defaults={"image": image})
        plan = site_plan_of(enterprise)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(SitePlanSerializer(plan, context={"request": request}).data, status=code)

    # The same files without the trailing slash (…/risk-package/lists.xlsx): DRF's format-suffix route of
    # this hidden action matches them, so clients need not follow APPEND_SLASH redirects.
    @extend_schema(exclude=True)
    @action(
        detail=True,
        methods=["get"],
        url_path=r"risk-package/(?P<stem>[a-z-]{1,40})",
        renderer_classes=[PngRenderer, PdfRenderer, XlsxRenderer],
    )
    def package_suffixed(self, request, pk: str | None = None, stem: str = "", **kwargs):
        name = f"{stem}.{kwargs.get('format') or ''}"
        if name not in PACKAGE_FILES:
            raise Http404
        return getattr(self, _action_name(name))(request, pk)


for _download in map(_package_action, PACKAGE_FILES):
    setattr(EnterpriseRiskViewSet, _download.__name__, _download)


ENTERPRISE_PK = OpenApiParameter(
    "enterprise_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("The enterprise's id.")
)
ZONE_ID = OpenApiParameter("zone_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("Zone id."))


@extend_schema_view(
    list=extend_schema(tags=TAG, parameters=[ENTERPRISE_PK]),
    create=extend_schema(tags=TAG, parameters=[ENTERPRISE_PK]),
    retrieve=extend_schema(tags=TAG, parameters=[ENTERPRISE_PK, ZONE_ID]),
    update=extend_schema(tags=TAG, parameters=[ENTERPRISE_PK, ZONE_ID]),
    partial_update=extend_schema(tags=TAG, parameters=[ENTERPRISE_PK, ZONE_ID]),
    destroy=extend_schema(tags=TAG, parameters=[ENTERPRISE_PK, ZONE_ID]),
)
class RiskZoneViewSet(viewsets.ModelViewSet):
    """Risk zones drawn on the enterprise's site plan: polygons of [x, y] fractions, coloured by level."""

    serializer_class = RiskZoneSerializer
    permission_classes = [IsAuthenticated, RiskWritePermission]
    risk_record = Record.SITE_PLAN
    lookup_url_kwarg = "zone_id"
    lookup_value_regex = ID_REGEX
    pagination_class = None
    filter_backends: list = []

    def enterprise(self) -> Enterprise:
        if not hasattr(self, "_enterprise"):
            visible = restrict(self.request.user, Enterprise.objects.all())
            self._enterprise = get_object_or_404(visible, pk=self.kwargs["enterprise_pk"])
        return self._enterprise

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return RiskZone.objects.none()
        return RiskZone.objects.filter(site_plan__enterprise=self.enterprise()).select_related("risk_point")

    def get_serializer(self, *args, **kwargs):
        if not getattr(self, "swagger_fake_view", False):
            kwargs["points"] = RiskPoint.objects.filter(enterprise=self.enterprise())
        return super().get_serializer(*args, **kwargs)

    @transaction.atomic
    def perform_create(self, serializer) -> None:
        enterprise = self.enterprise()
        services.check_manage(self.request.user, enterprise, Record.SITE_PLAN)
        plan = SitePlan.objects.filter(enterprise=enterprise).first()
        if plan is None:
            raise serializers.ValidationError({"non_field_errors": [_("Upload the site plan first.")]})
        serializer.save(site_plan=plan)

    def perform_update(self, serializer) -> None:
        services.check_manage(self.request.user, self.enterprise(), Record.SITE_PLAN)
        serializer.save()

    def perform_destroy(self, instance: RiskZone) -> None:
        services.check_manage(self.request.user, self.enterprise(), Record.SITE_PLAN)
        instance.delete()


def register(router) -> None:
    router.register("enterprises", EnterpriseRiskViewSet, basename="enterprise-risk")
    router.register(r"enterprises/(?P<enterprise_pk>[0-9]{1,18})/risk-zones", RiskZoneViewSet, basename="risk-zone")
