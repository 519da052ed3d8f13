"""GET /api/v1/inbox/ (the caller's notices, newest first), POST /api/v1/inbox/{id}/read/ and
POST /api/v1/inbox/read-all/. Only the caller's own notices exist here: another person's is a 404."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from .. import services
from ..models import Notification
from .serializers import NotificationSerializer, ReadAllSerializer

TAGS = ["inbox"]


class InboxFilterSet(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label="Only unread (true)")

    class Meta:
        model = Notification
        fields = ["unread", "verb"]


@extend_schema_view(list=extend_schema(tags=TAGS, summary="The caller's notifications, newest first"))
class InboxViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    filterset_class = InboxFilterSet
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet:
        return services.for_user(self.request.user).order_by("-created_at", "-id")

    @extend_schema(tags=TAGS, request=None, responses={200: NotificationSerializer}, summary="Mark one read")
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        try:
            notification = services.mark_read(request.user, int(pk or 0))
        except Notification.DoesNotExist as exc:
            raise Http404 from exc
        return Response(NotificationSerializer(notification).data)

    @extend_schema(tags=TAGS, request=None, responses={200: ReadAllSerializer}, summary="Mark all read")
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked": services.mark_all_read(request.user)})


def register(router) -> None:
    router.register("inbox", InboxViewSet, basename="inbox")
