"""API tokens: issued on a correct password, kept only as a SHA-256 hash, valid for ANJIAN_TOKEN_DAYS (30 by
default), revoked by their owner, and all revoked when the owner's password changes or the account is
deactivated. The header stays DRF's `Authorization: Token <key>`, so integrators change nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from . import security_log
from .models import ApiToken

DEFAULT_DAYS = 30
TOUCH_EVERY = dt.timedelta(minutes=5)  # last_used_at is written at most this often: one UPDATE, not one a call


def lifetime() -> dt.timedelta:
    days = getattr(settings, "ANJIAN_TOKEN_DAYS", None) or os.environ.get("ANJIAN_TOKEN_DAYS") or DEFAULT_DAYS
    return dt.timedelta(days=int(days))


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue(user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`: (the row, the key). The key is never stored and cannot be shown again."""
    key = secrets.token_hex(20)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=digest(key), prefix=key[:8], created_at=now, expires_at=now + lifetime()
    )
    security_log.record("token", user=user, detail=f"issued {token.prefix}… {name}".strip())
    return token, key


def active(user):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())


def revoke(user, token_id: int) -> ApiToken | None:
    """Revoke one of `user`'s own tokens (None: no such token of theirs)."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is not None and token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        security_log.record("token", user=user, detail=f"revoked {token.prefix}…")
    return token


def revoke_all(user) -> int:
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        security_log.record("token", detail=f"revoked all {revoked} of {user.get_username()}")
    return revoked


class HashedTokenAuthentication(TokenAuthentication):
    """DRF's header, our table: looked up by hash; an expired or revoked token is refused with its reason."""

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=digest(key)).first()
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("The token has expired: ask for a new one."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token


def _revoke_on_credential_change(sender, instance, **kwargs) -> None:
    """A new password or a deactivation ends every token the person holds."""
    fields = kwargs.get("update_fields")
    if instance.pk is None or (fields is not None and not {"password", "is_active"} & set(fields)):
        return  # a new account, or a save of other fields (the last login)
    if getattr(instance, "rehashing", False):
        return  # the same password, its hash upgraded on sign-in (org.User.check_password)
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before and (before["password"] != instance.password or (before["is_active"] and not instance.is_active)):
        revoke_all(instance)


def connect() -> None:
    pre_save.connect(_revoke_on_credential_change, sender=get_user_model(), dispatch_uid="anjian-token-revoke")
