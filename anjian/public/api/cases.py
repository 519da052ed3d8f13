"""/api/v1/case-publications/: the typical enforcement cases' publications for the staff (高府发〔2023〕14号 三（二）3),
scoped by `restrict` (outside jurisdiction is 404); every change goes through services.cases, whose refusals answer
400 by field (403 for a role or a county that may never take the step)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from anjian.core.api import django_error_dict
from anjian.inspections.models import EnforcementAction
from anjian.org.jurisdiction import restrict

from ..filtersets import CasePublicationFilterSet
from ..models import CasePublication
from ..services import cases
from .serializers import CaseDraftSerializer, CasePublicationSerializer, CaseTextsSerializer, CaseWithdrawSerializer

CASES = ["case-publications"]


def _refusal(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(django_error_dict(exc))


@extend_schema_view(
    list=extend_schema(tags=CASES),
    retrieve=extend_schema(tags=CASES),
    create=extend_schema(tags=CASES, request=CaseDraftSerializer, responses={201: CasePublicationSerializer}),
    partial_update=extend_schema(tags=CASES, request=CaseTextsSerializer, responses={200: CasePublicationSerializer}),
)
class CasePublicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             viewsets.GenericViewSet):  # fmt: skip
    """典型执法案例 (高府发〔2023〕14号 三（二）3): drafted from a case marked typical (create) with personal names masked,
    edited (patch), published by the county office of its county (someone other than its authors), withdrawn."""

    filterset_class = CasePublicationFilterSet
    serializer_class = CasePublicationSerializer
    lookup_value_regex = r"[0-9]{1,18}"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        qs = CasePublication.objects.select_related(
            "county", "action__unit", "drafted_by", "edited_by", "published_by", "withdrawn_by"
        )
        return restrict(self.request.user, qs)

    def _answer(self, publication: CasePublication, code: int = status.HTTP_201_CREATED) -> Response:
        found = self.get_queryset().get(pk=publication.pk)
        return Response(CasePublicationSerializer(found, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs) -> Response:
        serializer = CaseDraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        action = restrict(request.user, EnforcementAction.objects.filter(pk=data.pop("action"))).first()
        if action is None:
            raise serializers.ValidationError({"action": [_("Unknown enforcement action.")]})
        try:
            publication = cases.draft(request.user, action, **data)
        except DjangoValidationError as exc:
            raise _refusal(exc) from exc
        return self._answer(publication)

    def partial_update(self, request, *args, **kwargs) -> Response:
        """Change the texts of a draft or of a withdrawn publication (which becomes a draft again)."""
        publication = self.get_object()
        serializer = CaseTextsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            cases.edit(request.user, publication, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise _refusal(exc) from exc
        return self._answer(publication, status.HTTP_200_OK)

    @extend_schema(tags=CASES, request=None, responses={201: CasePublicationSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk: str | None = None) -> Response:
        """Publish on the public register: the county office of the case's county, not an author of the text;
        refused (400, by field) while a text shows a personal name or number the platform knows of."""
        publication = self.get_object()
        try:
            cases.publish(request.user, publication)
        except DjangoValidationError as exc:
            raise _refusal(exc) from exc
        return self._answer(publication)

    @extend_schema(tags=CASES, request=CaseWithdrawSerializer, responses={201: CasePublicationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk: str | None = None) -> Response:
        """Take a published case off the public register, with the reason."""
        publication = self.get_object()
        serializer = CaseWithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            cases.withdraw(request.user, publication, serializer.validated_data["reason"])
        except DjangoValidationError as exc:
            raise _refusal(exc) from exc
        return self._answer(publication)
