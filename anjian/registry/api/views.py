"""The enterprises endpoint. Every queryset passes through `restrict`: outside jurisdiction is 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer

from anjian.core.api import KeptListMixin, PdfRenderer, XlsxRenderer, file_response
from anjian.org.choices import Role
from anjian.org.jurisdiction import can_edit, restrict, roles

from ..exports import SIGNBOARD_TITLE, enterprises_xlsx, signboards_title, signboards_xlsx
from ..filtersets import EnterpriseFilterSet
from ..models import Enterprise
from ..signboard import signboard_pdf
from .serializers import EnterpriseSerializer

XLSX = XlsxRenderer.media_type


class EnterprisePermission(BasePermission):
    """Everyone signed in reads (within jurisdiction); editor roles write; only the county office deletes."""

    message = _("Your role may not change enterprises.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if getattr(view, "action", None) == "destroy":
            user = request.user
            return bool(user.is_superuser or Role.COUNTY_OFFICE in roles(user))
        return can_edit(request.user)


def _binary(description: str, media_type: str) -> dict:
    return {(200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description=description)}


@extend_schema_view(
    list=extend_schema(tags=["enterprises"]),
    retrieve=extend_schema(tags=["enterprises"]),
    create=extend_schema(tags=["enterprises"]),
    update=extend_schema(tags=["enterprises"]),
    partial_update=extend_schema(tags=["enterprises"]),
    destroy=extend_schema(tags=["enterprises"]),
)
class EnterpriseViewSet(KeptListMixin, viewsets.ModelViewSet):
    """生产经营单位: supervised units, filtered by region, sector, status and text."""

    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    permission_classes = [IsAuthenticated, EnterprisePermission]
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet:
        qs = Enterprise.objects.select_related("region", "grid", "sector", "responsible_department", "responsible_town")
        return restrict(self.request.user, qs)

    @extend_schema(
        tags=["enterprises"], responses=_binary(_("The signboard (attachment 1), 60 × 40 cm."), "application/pdf")
    )
    @action(detail=True, methods=["get"], url_path="signboard.pdf", renderer_classes=[JSONRenderer, PdfRenderer])
    def signboard(self, request, pk: str | None = None) -> HttpResponse:
        enterprise = self.get_object()
        pdf = signboard_pdf(enterprise, request.build_absolute_uri("/"))
        return file_response(pdf, "application/pdf", f"{enterprise.name}-{SIGNBOARD_TITLE}.pdf")

    @extend_schema(
        tags=["enterprises"],
        filters=True,
        responses=_binary(_("The batch signboard table (attachment 2) of the filtered list."), XLSX),
    )
    @action(detail=False, methods=["get"], url_path="signboards.xlsx", renderer_classes=[JSONRenderer, XlsxRenderer])
    def signboards(self, request) -> HttpResponse:
        queryset = self.filter_queryset(self.get_queryset())
        title = self._signboards_title()
        return file_response(signboards_xlsx(queryset, title), XLSX, f"{title}.xlsx")

    @extend_schema(tags=["enterprises"], filters=True, responses=_binary(_("The filtered list as a workbook."), XLSX))
    @action(detail=False, methods=["get"], url_path="export.xlsx", renderer_classes=[JSONRenderer, XlsxRenderer])
    def export(self, request) -> HttpResponse:
        queryset = self.filter_queryset(self.get_queryset())
        return file_response(enterprises_xlsx(queryset), XLSX, "enterprises.xlsx")

    # The same files without the trailing slash (…/signboard.pdf): DRF's format-suffix routes of
    # these hidden actions match them, so clients need not follow APPEND_SLASH redirects.
    @extend_schema(exclude=True)
    @action(detail=True, methods=["get"], url_path="signboard", renderer_classes=[PdfRenderer])
    def signboard_suffixed(self, request, pk: str | None = None, **kwargs) -> HttpResponse:
        return self.signboard(request, pk)

    @extend_schema(exclude=True)
    @action(detail=False, methods=["get"], url_path="signboards", renderer_classes=[XlsxRenderer])
    def signboards_suffixed(self, request, **kwargs) -> HttpResponse:
        return self.signboards(request)

    @extend_schema(exclude=True)
    @action(detail=False, methods=["get"], url_path="export", renderer_classes=[XlsxRenderer])
    def export_suffixed(self, request, **kwargs) -> HttpResponse:
        return self.export(request)

    def _signboards_title(self) -> str:
        """烟花爆竹安全生产责任公示牌 when exactly one sector is asked for, else the plain title."""
        filterset = EnterpriseFilterSet(self.request.query_params, queryset=Enterprise.objects.none())
        return signboards_title(filterset.selected_sectors())


def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
    router.register("enterprises", EnterpriseViewSet, basename="enterprise")
