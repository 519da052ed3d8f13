"""/api/v1/campaign-notices/: 通报 drafted from a month's ranking and its late and missing reports, edited and
issued by the county office (campaigns.notices decides who may and what is valid); and a campaign's ranking
rule (/api/v1/campaigns/{id}/ranking-rule/), the weighted indicators the office chose."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anjian.core.api import FileRenderer, PdfRenderer, file_response

from .. import notices, ranking, rules, services
from ..models import Campaign, Notice

TAG = ["campaigns"]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocxRenderer(FileRenderer):
    media_type = DOCX
    format = "docx"


class NoticeSerializer(serializers.ModelSerializer):
    period = serializers.SerializerMethodField(help_text=gettext_lazy("The month (YYYY-MM)."))
    paragraphs = serializers.SerializerMethodField()
    docx = serializers.SerializerMethodField(help_text=gettext_lazy("The notice as a Word document."))
    pdf = serializers.SerializerMethodField(help_text=gettext_lazy("The notice as a PDF."))

    class Meta:
        model = Notice
        fields = [
            "id",
            "campaign",
            "period",
            "title",
            "salutation",
            "body",
            "paragraphs",
            "number_prefix",
            "number",
            "issuer",
            "state",
            "issued_on",
            "table",
            "docx",
            "pdf",
        ]
        read_only_fields = fields

    def get_period(self, notice: Notice) -> str:
        return f"{notice.month:%Y-%m}"

    def get_paragraphs(self, notice: Notice) -> list[str]:
        return notices.paragraphs(notice)

    def get_docx(self, notice: Notice) -> str:
        return reverse("campaign-notice-document", kwargs={"pk": notice.pk, "format": "docx"})

    def get_pdf(self, notice: Notice) -> str:
        return reverse("campaign-notice-document", kwargs={"pk": notice.pk, "format": "pdf"})


class NoticeDraftSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(min_value=1, max_value=10**18 - 1)
    period = serializers.RegexField(r"^[0-9]{4}-[0-9]{2}$", help_text=gettext_lazy("The month (YYYY-MM)."))


class NoticeEditSerializer(serializers.Serializer):
    """The text the office rewrites; fields left out keep their value."""

    title = serializers.CharField(max_length=200, required=False)
    salutation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    body = serializers.CharField(max_length=notices.BODY_MAX_LENGTH, required=False)
    number_prefix = serializers.CharField(max_length=20, required=False)
    issuer = serializers.CharField(max_length=80, required=False)


class RuleRowSerializer(serializers.Serializer):
    indicator = serializers.ChoiceField(choices=[(k, i.label) for k, i in ranking.INDICATORS.items()])
    weight = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, coerce_to_string=False
    )
    higher_is_better = serializers.BooleanField(default=True)


class RankingRuleSerializer(serializers.Serializer):
    indicators = RuleRowSerializer(many=True, allow_empty=False, max_length=len(ranking.INDICATORS))
    rule = serializers.CharField(read_only=True, help_text=gettext_lazy("The rule, as printed beside the table."))


def rule_body(campaign: Campaign) -> dict:
    rule = ranking.rule_of(campaign)
    rows = [{"indicator": r.indicator, "weight": r.weight, "higher_is_better": r.higher_is_better} for r in rule]
    return {"indicators": rows, "rule": ranking.rule_text(rule)}


def rule_response(request, campaign: Campaign) -> Response:
    """GET: the campaign's rule (the default until the office sets one); PUT: the office replaces it."""
    if request.method == "PUT":
        data = RankingRuleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = [(r["indicator"], r["weight"], r["higher_is_better"]) for r in data.validated_data["indicators"]]
        ranking.save_rule(request.user, campaign, rows)
    else:
        rules.check_see_ranking(request.user, campaign)
    return Response(RankingRuleSerializer(rule_body(campaign)).data)


@extend_schema_view(
    list=extend_schema(tags=TAG),
    retrieve=extend_schema(tags=TAG),
    create=extend_schema(tags=TAG, request=NoticeDraftSerializer, responses={201: NoticeSerializer}),
    partial_update=extend_schema(tags=TAG, request=NoticeEditSerializer, responses=NoticeSerializer),
)
class NoticeViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """通报: the office drafts one for a month (POST with `campaign` and `period`), rewrites its text (PATCH) and
    issues it (`issue/`: numbered 兴安办〔YYYY〕N号, dated, its table frozen). Everyone who sees the campaign
    reads issued notices; drafts are the office's own."""

    permission_classes = [IsAuthenticated]
    serializer_class = NoticeSerializer
    lookup_value_regex = r"[0-9]{1,18}"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks without a user
            return Notice.objects.none()
        user = self.request.user
        seen = Notice.objects.filter(campaign__in=rules.visible_campaigns(user))
        return seen.filter(Q(state="issued") | Q(campaign__in=rules.managed_campaigns(user))).order_by(
            "campaign_id", "-month", "-pk"
        )

    def create(self, request, *args, **kwargs) -> Response:
        data = NoticeDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = (
            rules.visible_campaigns(request.user).select_related("region").filter(pk=data.validated_data["campaign"])
        )
        if not campaign.exists():
            raise ValidationError({"campaign": _("There is no such campaign, or you may not see it.")})
        campaign = campaign.get()
        rules.check_manage(request.user, campaign)
        month = services.parse_period(campaign, data.validated_data["period"])
        notice = notices.draft(request.user, campaign, month)
        return Response(NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        notice = self.get_object()
        data = NoticeEditSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {name: getattr(notice, name) for name in NoticeEditSerializer().fields} | data.validated_data
        return Response(NoticeSerializer(notices.edit(request.user, notice, **values)).data)

    def update(self, request, *args, **kwargs) -> Response:  # PUT is not offered (http_method_names); PATCH only
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(tags=TAG, request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None) -> Response:
        return Response(NoticeSerializer(notices.issue(request.user, self.get_object())).data)

    @extend_schema(
        tags=TAG,
        responses={
            (200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="通报 (Word)"),
            (200, PdfRenderer.media_type): OpenApiResponse(OpenApiTypes.BINARY, description="通报 (PDF)"),
        },
    )
    @action(detail=True, methods=["get"], url_path="document", renderer_classes=[DocxRenderer, PdfRenderer])
    def document(self, request, pk=None, format=None):  # noqa: A002 (DRF's name for the suffix)
        """The notice as printed: `document.docx` or `document.pdf` (or the Accept header)."""
        notice = self.get_object()
        name = f"{notice.number or '通报（草稿）'}-{notice.title}"
        if request.accepted_renderer.format == "pdf":
            return file_response(notices.notice_pdf(notice), PdfRenderer.media_type, f"{name}.pdf")
        return file_response(notices.notice_docx(notice), DOCX, f"{name}.docx")
