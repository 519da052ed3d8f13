"""Token login for integrators: POST username and password, get {"token": ..., "expires_at": ...}; list and revoke
one's own tokens."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from anjian.core import security_log, tokens
from anjian.core.api import FormParser, JSONParser, MultiPartParser
from anjian.core.lockout import SignInThrottle, TooManyFailures, locked_message, locked_until, throttled_message
from anjian.core.models import ApiToken
from anjian.mfa.api import check_token_otp
from anjian.org import passwords


class TokenSerializer(serializers.ModelSerializer):
    prefix = serializers.CharField(read_only=True, help_text=_("The first 8 characters of the key."))
    active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at", "active"]


REFUSAL = inline_serializer("SignInRefusal", {"detail": serializers.CharField()})


class ObtainTokenView(APIView):
    """A new token for the user whose username and password are given. The key is shown only in this answer;
    it expires after the configured number of days (30 by default). Five failures lock the account for 30
    minutes, and an address failing too often over any accounts waits (429, saying until when); a person who
    must first change the password (set by an administrator, or expired) does that on the web page (403)."""

    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [SignInThrottle]
    parser_classes = (FormParser, MultiPartParser, JSONParser)  # DRF's own here would skip the project's checks
    serializer_class = AuthTokenSerializer

    def throttled(self, request, wait):
        until = timezone.now() + dt.timedelta(seconds=wait or 0)
        try:
            username = str(request.data.get("username", ""))[:150] if hasattr(request.data, "get") else ""
        except APIException:  # a body that does not parse: refused as throttled all the same
            username = ""
        security_log.record("login_throttled", request=request, username=username, success=False)
        raise TooManyFailures(throttled_message(until), until)

    @extend_schema(
        tags=["auth"],
        request=inline_serializer(
            "TokenRequest",
            {
                "username": serializers.CharField(),
                "password": serializers.CharField(),
                # two-factor (anjian/mfa): asked of the accounts that sign in with a code on the web too
                "otp": serializers.CharField(
                    required=False,
                    help_text=_(
                        "For an account with two-factor authentication: the code of the authenticator app, "
                        "or a recovery code."
                    ),
                ),
            },
        ),
        responses={
            200: inline_serializer(
                "TokenResponse", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()}
            ),
            403: OpenApiResponse(REFUSAL, description=str(_("The password must first be changed on the web page."))),
            429: OpenApiResponse(
                REFUSAL,
                description=str(_("Too many failed sign-ins (the account, or the address): `detail` says until when.")),
            ),
        },
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):  # set by django-axes (core.lockout)
                until = locked_until(str(request.data.get("username", "")))
                raise TooManyFailures(locked_message(until), until)
            raise ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        check_token_otp(user, request.data.get("otp"), request)  # two-factor (anjian/mfa)
        reason = passwords.change_due(user)
        if reason is not None:
            raise PermissionDenied(passwords.due_message(reason))
        token, key = tokens.issue(user, name="API")
        return Response({"token": key, "expires_at": token.expires_at})


@extend_schema(tags=["auth"])
class TokenViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own API tokens, newest first (the keys themselves are never shown again)."""

    permission_classes = [IsAuthenticated]
    serializer_class = TokenSerializer
    queryset = ApiToken.objects.none()

    def get_queryset(self):
        return ApiToken.objects.filter(user=self.request.user)

    @extend_schema(request=None, responses={200: TokenSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None) -> Response:
        """Revoke one of one's own tokens: it stops working at once."""
        token = tokens.revoke(request.user, int(pk)) if str(pk).isdigit() else None
        if token is None:
            raise NotFound()
        return Response(TokenSerializer(token).data)
