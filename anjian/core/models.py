"""Shared records: stored files (photos, documents), kept once by content hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}


def thumbnail_path(instance: Attachment, filename: str) -> str:
    return f"thumbnails/{instance.sha256[:2]}/{instance.sha256}.jpg"


class Attachment(models.Model):
    """A file stored once: the same photo uploaded twice is one row and one file."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=thumbnail_path, max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=80)
    size = models.PositiveIntegerField(_("size in bytes"))
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    original_name = models.CharField(_("original name"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name or self.sha256[:12]

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.content_type, "")
