"""/api/v1/field/: the bundle a phone keeps for working offline, and photos sent in parts (field.uploads).

An upload is its owner's alone: anyone else's id answers 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.parsers import BaseParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from anjian.core.api import JSONParser, django_error_dict
from anjian.core.idempotency import ClientUuidConflictSerializer, create_once, parse_uuid, replayed

from .. import services, uploads
from ..models import Upload
from .serializers import (
    BundleSerializer,
    ReceivedSerializer,
    UploadCreateSerializer,
    UploadErrorSerializer,
    UploadSerializer,
)

TAG = ["field"]
ID_REGEX = r"[0-9]{1,18}"


class OctetStreamParser(BaseParser):
    """A raw part of an upload: at most MAX_PART_BYTES are read; a longer body is refused (400, `body`)."""

    media_type = "application/octet-stream"

    def parse(self, stream, media_type=None, parser_context=None) -> bytes:
        data = stream.read(uploads.MAX_PART_BYTES + 1) if stream is not None else b""
        if len(data) > uploads.MAX_PART_BYTES:
            raise serializers.ValidationError({"body": [_("A part holds at most 1 MB.")]})
        return data


class BundleView(APIView):
    """The units, checklists and sources a phone keeps for working offline (one object, not a list: a view)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAG,
        parameters=[
            OpenApiParameter(
                "If-None-Match",
                str,
                OpenApiParameter.HEADER,
                description=gettext_lazy("The ETag of the bundle the phone holds: 304 while it is unchanged."),
            )
        ],
        responses={
            200: BundleSerializer,
            304: OpenApiResponse(description=gettext_lazy("The bundle the phone holds is still current.")),
        },
    )
    def get(self, request) -> Response:
        """Your own units (within your jurisdiction: your grid, town or enterprise; the first
        ANJIAN_FIELD_BUNDLE_MAX by name for an office, with `truncated`), the checklists of their sectors and the
        hazard sources. Answered with an ETag; never stored by a browser's or proxy's cache."""
        body = services.bundle(request.user)
        tag = services.etag(body)
        if tag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(BundleSerializer(body).data)
        response["ETag"] = tag
        response["Cache-Control"] = "private, no-store"
        return response


CONTENT_RANGE = OpenApiParameter(
    "Content-Range",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description=gettext_lazy("bytes START-END/TOTAL: the part's first and last byte (from 0) and the photo's size."),
)


class UploadViewSet(viewsets.GenericViewSet):
    """A photo sent in parts of at most 1 MB, resumable: begin it, PUT its parts, then attach it by id to a hazard
    (POST /api/v1/hazards/{id}/photos/ with {"upload": id}) or an inspection result."""

    serializer_class = UploadSerializer
    parser_classes = [JSONParser, OctetStreamParser]
    lookup_value_regex = ID_REGEX
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        return Upload.objects.filter(owner=self.request.user)

    @extend_schema(
        tags=TAG,
        request=UploadCreateSerializer,
        responses={
            201: UploadSerializer,
            200: OpenApiResponse(
                UploadSerializer, description=gettext_lazy("A replay: the upload this client_uuid began.")
            ),
            409: OpenApiResponse(
                ClientUuidConflictSerializer, description=gettext_lazy("The client_uuid is another user's.")
            ),
        },
    )
    def create(self, request) -> Response:
        """Begin an upload: a JPEG, PNG or WebP photo of at most 10 MB."""
        earlier = replayed(Upload.objects.all(), "owner", request.user, parse_uuid(request.data))
        if earlier is not None:
            return Response(UploadSerializer(earlier).data)
        serializer = UploadCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        def start() -> Upload:
            try:
                return uploads.start(request.user, **data)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(django_error_dict(exc)) from exc

        upload, created = create_once(Upload.objects.all(), "owner", request.user, data["client_uuid"], start)
        return Response(
            UploadSerializer(upload).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(tags=TAG, responses=UploadSerializer)
    def retrieve(self, request, pk: str | None = None) -> Response:
        """How much of the upload has arrived, so the phone knows where to resume."""
        return Response(UploadSerializer(self.get_object()).data)

    @extend_schema(
        tags=TAG,
        request={"application/octet-stream": OpenApiTypes.BINARY},
        parameters=[CONTENT_RANGE],
        responses={
            200: UploadSerializer,
            400: UploadErrorSerializer,
            409: OpenApiResponse(
                ReceivedSerializer,
                description=gettext_lazy("The part begins beyond the bytes received: resume from `received`."),
            ),
        },
    )
    def update(self, request, pk: str | None = None) -> Response:
        """One part, its bytes as the body (application/octet-stream, at most 1 MB). A part overlapping bytes
        already received is accepted again; one beginning beyond them answers 409 with `received`."""
        upload = self.get_object()
        try:
            part = uploads.parse_range(request.headers.get("Content-Range"), upload)
            data = request.data if isinstance(request.data, bytes) else b""
            received = uploads.receive(upload.pk, request.user, part, data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(django_error_dict(exc)) from exc
        except uploads.Gap as gap:
            return Response({"received": gap.received}, status=status.HTTP_409_CONFLICT)
        upload.received = received
        return Response(UploadSerializer(upload).data)


def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
    router.register("field/uploads", UploadViewSet, basename="field-upload")


urlpatterns = [path("field/bundle/", BundleView.as_view(), name="field-bundle")]
