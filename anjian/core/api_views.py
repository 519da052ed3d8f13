"""Token login for integrators: POST username and password, get {"token": ...}."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken

from anjian.core.api import FormParser, JSONParser, MultiPartParser


class ObtainTokenView(ObtainAuthToken):
    parser_classes = (FormParser, MultiPartParser, JSONParser)  # DRF's own here would skip the project's checks

    @extend_schema(
        tags=["auth"],
        request=inline_serializer(
            "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)
