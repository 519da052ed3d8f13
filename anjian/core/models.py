"""Shared records: stored files (photos, documents), kept once by content hash; the integrators' API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
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


class ApiToken(models.Model):
    """An integrator's API token (等保 2.0: credentials never at rest in clear). Only the SHA-256 of the key is
    kept; the key itself is shown once, when issued. It expires, can be revoked, and every token of a person is
    revoked when the password changes or the account is deactivated."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=60, blank=True, help_text=_("What the token is for."))
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    prefix = models.CharField(_("key starts with"), max_length=8)
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class SecurityEvent(models.Model):
    """One user or security event (等保 2.0 安全审计; 网络安全法 第二十一条: kept at least six months): who, when,
    from where, what and how it went. Written by core.security_log, never edited; pruned only after the
    retention period."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=20, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    username = models.CharField(_("username"), max_length=150, blank=True)  # kept if the account goes
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    success = models.BooleanField(_("succeeded"), default=True)
    path = models.CharField(_("address requested"), max_length=500, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [models.Index(fields=["username", "at"]), models.Index(fields=["kind", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"


class Seal(models.Model):
    """One link of a sign-off chain (core.chain): the hash of a signed row's content, chained to the previous
    link of the same record's chain (a hazard's steps, a visit's signatures, a department's documents of a kind
    and year, a report's submissions). Rewriting a signed row, or a link, breaks the chain from there on."""

    chain = models.CharField(_("chain"), max_length=80)
    model = models.CharField(_("record kind"), max_length=60)
    object_id = models.BigIntegerField(_("record"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    previous_hash = models.CharField(_("previous link"), max_length=64)
    hash = models.CharField(_("link hash"), max_length=64)
    sealed_at = models.DateTimeField(_("sealed"), default=timezone.now)

    class Meta:
        ordering = ["chain", "id"]
        verbose_name = _("seal")
        verbose_name_plural = _("seals")
        constraints = [
            models.UniqueConstraint(fields=["model", "object_id"], name="core_seal_once_per_record"),
            models.UniqueConstraint(fields=["chain", "previous_hash"], name="core_seal_no_fork"),
        ]

    def __str__(self) -> str:
        return f"{self.chain} {self.hash[:12]}"


class ChainCheck(models.Model):
    """One run of the sign-off chains' check (`anjian verify_audit`, or the daily job): what it found."""

    at = models.DateTimeField(_("checked at"), default=timezone.now)
    checked = models.PositiveIntegerField(_("links checked"))
    problems = models.PositiveIntegerField(_("problems"))
    report = models.TextField(_("first problems"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("chain check")
        verbose_name_plural = _("chain checks")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.problems}/{self.checked}"


class Freshness(models.Model):
    """How many times a table was written, counted after each commit (core.freshness): a figure computed from
    some tables and kept in a cache is still right while their counts have not moved."""

    name = models.CharField(_("table"), max_length=63, primary_key=True)
    writes = models.BigIntegerField(_("writes"), default=0)

    class Meta:
        verbose_name = _("table freshness")
        verbose_name_plural = _("table freshness")

    def __str__(self) -> str:
        return f"{self.name} {self.writes}"
