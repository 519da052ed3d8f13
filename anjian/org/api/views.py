"""Read-only viewsets for the reference data every signed-in user may read.

Querysets still pass through `restrict`, so that jurisdiction stays decided in one place should
reference data ever get a scope.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from anjian.core.api import CodeChoiceFilter
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import restrict
from anjian.org.models import Department, Region, Sector


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text=_("The parent region's code.")
    )

    class Meta:
        model = Region
        fields = ["code", "name", "level", "kind", "parent", "government_name"]


class DepartmentSerializer(serializers.ModelSerializer):
    sectors = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text=_("Codes of the sectors it supervises.")
    )
    sections = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, help_text=_("Names of its sections.")
    )

    class Meta:
        model = Department
        fields = ["code", "name", "short_name", "kind", "sectors", "sections", "is_committee_office"]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["code", "name", "high_risk"]


class RegionFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label=_("Level"), choices=RegionLevel.choices)
    parent = CodeChoiceFilter(
        label=_("Parent region code"), queryset=Region.objects.all(), to_field_name="code", field_name="parent"
    )
    search = django_filters.CharFilter(label=_("Name or code contains"), method="filter_search")

    class Meta:
        model = Region
        fields = ["level", "parent", "search"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value)) if value else queryset


class _ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "code"

    def get_queryset(self) -> QuerySet:
        return restrict(self.request.user, self.base_queryset())

    def base_queryset(self) -> QuerySet:
        raise NotImplementedError


@extend_schema_view(list=extend_schema(tags=["regions"]), retrieve=extend_schema(tags=["regions"]))
class RegionViewSet(_ReferenceViewSet):
    """The region tree: county, towns, villages and grids, by division code."""

    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    lookup_value_regex = r"[0-9]{1,15}"

    def base_queryset(self) -> QuerySet:
        return Region.objects.select_related("parent").order_by("code")


@extend_schema_view(list=extend_schema(tags=["departments"]), retrieve=extend_schema(tags=["departments"]))
class DepartmentViewSet(_ReferenceViewSet):
    """Departments with safety supervision duties and industry authorities."""

    serializer_class = DepartmentSerializer
    filterset_class = None
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,40}"

    def base_queryset(self) -> QuerySet:
        return Department.objects.prefetch_related("sectors", "sections").order_by("name")


@extend_schema_view(list=extend_schema(tags=["sectors"]), retrieve=extend_schema(tags=["sectors"]))
class SectorViewSet(_ReferenceViewSet):
    """The 15 sectors of 兴国县高兴镇 高府发〔2023〕14号 三(二)1."""

    serializer_class = SectorSerializer
    filterset_class = None
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,40}"

    def base_queryset(self) -> QuerySet:
        return Sector.objects.order_by("order", "code")


def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
    router.register("regions", RegionViewSet, basename="region")
    router.register("departments", DepartmentViewSet, basename="department")
    router.register("sectors", SectorViewSet, basename="sector")
