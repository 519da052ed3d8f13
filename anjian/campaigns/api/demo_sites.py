"""/api/v1/demonstration-sites/: the sites of 千家示范 (兴安办〔2024〕80号 二（四）). Rows are those the user may read
(others: 404); every change goes through campaigns.demo_sites, which decides who may (403) and what is valid
(400, keyed by field)."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anjian.core.api import CodeChoiceFilter
from anjian.core.validators import COMMENT_MAX_LENGTH
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import restrict
from anjian.org.models import Region
from anjian.registry.models import Enterprise

from .. import demo_sites, rules
from ..choices import DemoSiteKind, DemoSiteStatus
from ..models import Campaign, DemoSite

TAG = ["campaigns"]
ID_REGEX = r"[0-9]{1,18}"
LARGEST_ID = 10**18 - 1


class DemoSiteSerializer(serializers.ModelSerializer):
    town = serializers.CharField(source="town.code", read_only=True, help_text=gettext_lazy("The town's code."))
    town_name = serializers.CharField(source="town.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    # a plain string: an enum named "status" here would rename another app's StatusEnum in the schema
    status = serializers.CharField(read_only=True, help_text=gettext_lazy("nominated, assessed or awarded"))
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, allow_null=True)
    subsidy = serializers.IntegerField(
        read_only=True, help_text=gettext_lazy("Its kind's rate in yuan; counted in the budget once awarded.")
    )

    class Meta:
        model = DemoSite
        fields = [
            "id",
            "campaign",
            "town",
            "town_name",
            "kind",
            "kind_label",
            "name",
            "address",
            "no_property_management",
            "enterprise",
            "enterprise_name",
            "status",
            "status_label",
            "assessed_on",
            "awarded_on",
            "subsidy",
            "note",
            "created_at",
        ]
        read_only_fields = fields


class DemoSiteChangeSerializer(serializers.Serializer):
    """What a town writes about its site (PATCH: any of them)."""

    town = serializers.CharField(max_length=15, help_text=gettext_lazy("The town's code (its own town)."))
    kind = serializers.ChoiceField(choices=DemoSiteKind.choices)
    name = serializers.CharField(
        max_length=120,
        allow_blank=True,
        required=False,
        help_text=gettext_lazy("Blank for business premises with an enterprise: the enterprise's name."),
    )
    address = serializers.CharField(max_length=200, allow_blank=True, required=False)
    no_property_management = serializers.BooleanField(
        required=False, help_text=gettext_lazy("Estates only: without property management (无物业).")
    )
    enterprise = serializers.IntegerField(
        min_value=1,
        max_value=LARGEST_ID,
        allow_null=True,
        required=False,
        help_text=gettext_lazy("Business premises only: the enterprise's id, in the site's town."),
    )
    note = serializers.CharField(max_length=COMMENT_MAX_LENGTH, allow_blank=True, required=False)


class DemoSiteNominateSerializer(DemoSiteChangeSerializer):
    campaign = serializers.IntegerField(min_value=1, max_value=LARGEST_ID)


class DemoSiteAdvanceSerializer(serializers.Serializer):
    date = serializers.DateField(help_text=gettext_lazy("The day of the assessment or of the award."))
    step = serializers.ChoiceField(
        choices=[DemoSiteStatus.ASSESSED, DemoSiteStatus.AWARDED],
        required=False,
        help_text=gettext_lazy("The step expected (assessed or awarded): refused if the site is not one step before."),
    )


def _visible_campaigns(request) -> QuerySet:
    return rules.visible_campaigns(request.user) if request is not None else Campaign.objects.none()


class DemoSiteFilterSet(django_filters.FilterSet):
    campaign = CodeChoiceFilter(label=gettext_lazy("Campaign"), queryset=_visible_campaigns)
    town = CodeChoiceFilter(
        label=gettext_lazy("Town"),
        queryset=Region.objects.filter(level=RegionLevel.TOWN),
        to_field_name="code",
        field_name="town",
        help_text=gettext_lazy("The town's code."),
    )
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Kind"), choices=DemoSiteKind.choices)
    status = django_filters.ChoiceFilter(label=gettext_lazy("Site status"), choices=DemoSiteStatus.choices)

    class Meta:
        model = DemoSite
        fields = ["campaign", "town", "kind", "status"]


def _values(user, data: dict) -> dict:
    """The serializer's data with the town (by code) and the enterprise (by id) as records; unknown: 400."""
    values = dict(data)
    if "town" in values:
        town = Region.objects.filter(code=values["town"]).first()
        if town is None:
            raise ValidationError({"town": _("No town has this code.")})
        values["town"] = town
    if values.get("enterprise") is not None:
        found = restrict(user, Enterprise.objects.select_related("region")).filter(pk=values["enterprise"]).first()
        if found is None:
            raise ValidationError({"enterprise": _("No enterprise that you may see has this id.")})
        values["enterprise"] = found
    return values


@extend_schema_view(
    list=extend_schema(tags=TAG),
    retrieve=extend_schema(tags=TAG),
    create=extend_schema(tags=TAG, request=DemoSiteNominateSerializer, responses={201: DemoSiteSerializer}),
    partial_update=extend_schema(tags=TAG, request=DemoSiteChangeSerializer, responses=DemoSiteSerializer),
)
class DemoSiteViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """示范点 of 千家示范: nominated by a town in its own town, assessed (评定) and awarded (授牌) by the county office.
    `subsidy` is the kind's rate (示范村（社区）5000, 住宅小区 2000, 生产经营场所 1000 yuan unless the office changed
    it); only awarded sites count in the budget. A town reads its own town's sites; whoever else sees the
    campaign reads them all."""

    permission_classes = [IsAuthenticated]
    serializer_class = DemoSiteSerializer
    filterset_class = DemoSiteFilterSet
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks without a user
            return DemoSite.objects.none()
        sites = demo_sites.visible_sites(self.request.user).select_related("campaign__region", "town", "enterprise")
        return demo_sites.with_subsidy(sites).order_by("campaign_id", "town__code", "kind", "name", "pk")

    def _body(self, site: DemoSite, code: int = status.HTTP_200_OK) -> Response:
        return Response(DemoSiteSerializer(self.get_queryset().get(pk=site.pk)).data, status=code)

    def create(self, request, *args, **kwargs) -> Response:
        data = DemoSiteNominateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        campaign = rules.visible_campaigns(request.user).select_related("region").filter(pk=values.pop("campaign"))
        if not campaign.exists():
            raise ValidationError({"campaign": _("There is no such campaign, or you may not see it.")})
        site = demo_sites.nominate(request.user, campaign.get(), **_values(request.user, values))
        return self._body(site, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        """The nominating town corrects its site until the office assesses it."""
        site = self.get_object()
        payload = request.data  # parsed first: text with control characters is refused at the edge, for anyone
        demo_sites.check_edit(request.user, site)
        data = DemoSiteChangeSerializer(data=payload, partial=True)
        data.is_valid(raise_exception=True)
        return self._body(demo_sites.change(request.user, site, **_values(request.user, data.validated_data)))

    def update(self, request, *args, **kwargs) -> Response:  # PUT is not offered (http_method_names); PATCH only
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(tags=TAG, request=DemoSiteAdvanceSerializer, responses=DemoSiteSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None) -> Response:
        """The county office moves the site one step, with its day: nominated → assessed → awarded."""
        site = self.get_object()
        rules.check_manage(request.user, site.campaign)
        data = DemoSiteAdvanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        demo_sites.advance(request.user, site, date=data.validated_data["date"], to=data.validated_data.get("step"))
        return self._body(site)
