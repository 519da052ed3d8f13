"""The offline field app's own records: photos sent in parts over a weak signal until they are whole."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.models import Attachment


class UploadType(models.TextChoices):
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"
    WEBP = "image/webp", "WebP"


class Upload(models.Model):
    """A photo arriving in parts: its bytes wait on disk (field.uploads) until complete, then are checked and
    stored like any photo once something attaches it (`attachment`, kept so that a replay finds it again)."""

    client_uuid = models.UUIDField(_("client UUID"), unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=20, choices=UploadType.choices)
    size = models.PositiveIntegerField(_("size"))
    received = models.PositiveIntegerField(_("bytes received"), default=0)
    attachment = models.ForeignKey(
        Attachment, verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last part received"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("upload in parts")
        verbose_name_plural = _("uploads in parts")

    def __str__(self) -> str:
        return f"{self.filename} ({self.received}/{self.size})"

    @property
    def complete(self) -> bool:
        return self.received >= self.size
