"""A citizen's report: what, where, when, photos, the unit if known; who sent it only sealed (encrypted with a key
outside the database: public.sealing); its steps as signed rows; each view of the reporter's identity as a row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.core.models import Attachment
from anjian.hazards.models import Hazard
from anjian.org.choices import RegionLevel
from anjian.org.models import Department, Region, Sector
from anjian.registry.models import Enterprise

from ..choices import Outcome, ReportAction, ReportState

USER = settings.AUTH_USER_MODEL


class PublicReport(models.Model):
    # Given to the reporter with a secret; only the SHA-256 of the secret is kept (public.tracking).
    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True)
    secret_hash = models.CharField(_("secret hash"), max_length=64)
    description = models.TextField(_("what is wrong"))
    town = models.ForeignKey(
        Region,
        verbose_name=_("town"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": RegionLevel.TOWN},
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    observed_on = models.DateField(_("seen on"), null=True, blank=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField(_("unit named by the reporter"), max_length=120, blank=True)
    unit = models.ForeignKey(
        Enterprise, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The queue it is routed to: the town (属地) and the sector's supervising department (行业).
    department = models.ForeignKey(
        Department,
        verbose_name=_("supervising department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    anonymous = models.BooleanField(_("anonymous"), default=True)
    # Fernet tokens (public.sealing); never decrypted but by services.identity.reveal, which logs each view.
    name_sealed = models.TextField(_("name (encrypted)"), blank=True)
    phone_sealed = models.TextField(_("phone (encrypted)"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ReportState.choices, default=ReportState.RECEIVED, db_index=True
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    public_reason = models.TextField(_("reason given to the reporter"), blank=True)
    substantiated = models.BooleanField(_("found true on site"), null=True, blank=True)
    awaiting_answer = models.BooleanField(_("waiting for the reporter's answer"), default=False)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    ack_due_at = models.DateTimeField(_("to be acknowledged by"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        USER, verbose_name=_("acknowledged by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified on site"), null=True, blank=True)
    verified_by = models.ForeignKey(
        USER, verbose_name=_("verified by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    hazard = models.OneToOneField(
        Hazard,
        verbose_name=_("hazard"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="public_report",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("public report")
        verbose_name_plural = _("public reports")
        indexes = [models.Index(fields=["state", "ack_due_at"])]
        permissions = [("view_reporter_identity", _("Can view a reporter's name and phone (each view is logged)"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | (Q(name_sealed="") & Q(phone_sealed="")),
                name="public_report_anonymous_holds_no_identity",
            ),
            models.CheckConstraint(
                condition=~Q(state=ReportState.DUPLICATE) | Q(duplicate_of__isnull=False),
                name="public_report_duplicate_names_its_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code}：{self.description[:30]}"

    @property
    def ack_late(self) -> bool:
        """Acknowledged after its deadline, or not yet acknowledged and past it."""
        if self.acknowledged_at is not None:
            return self.acknowledged_at > self.ack_due_at
        return self.state == ReportState.RECEIVED and timezone.now() > self.ack_due_at


class ReportEvent(models.Model):
    """One step of a report, signed by a staff user (or, with no actor, the reporter through the tracking code).
    `public_text` is what the reporter reads of it; `note` stays inside. Never edited."""

    report = models.ForeignKey(PublicReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=ReportAction.choices)
    from_state = models.CharField(_("from state"), max_length=16, choices=ReportState.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=16, choices=ReportState.choices)
    actor = models.ForeignKey(
        USER, verbose_name=_("signed by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("signer's name"), max_length=40, blank=True)
    actor_unit = models.CharField(_("signer's unit"), max_length=80, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("internal note"), blank=True)
    public_text = models.TextField(_("what the reporter reads"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.actor_name or '—'}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("A signed report event cannot be changed.")
        super().save(*args, **kwargs)


class ReportPhoto(models.Model):
    """A photo of the report (checked and re-encoded without its EXIF, so without its GPS position: core.attachments)."""

    report = models.ForeignKey(PublicReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="photos")
    attachment = models.ForeignKey(Attachment, verbose_name=_("photo"), on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(
        ReportEvent, verbose_name=_("event"), null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "attachment"], name="public_photo_once_per_report")]
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.attachment_id}"


class IdentityView(models.Model):
    """One view of a reporter's name and phone: who, when, from where and why (PIPL art. 51; 安监总财〔2018〕19号:
    举报人信息保密). Listed for the county office; never changed or deleted."""

    report = models.ForeignKey(
        PublicReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="identity_views"
    )
    viewer = models.ForeignKey(USER, verbose_name=_("viewed by"), on_delete=models.PROTECT, related_name="+")
    viewer_name = models.CharField(_("viewer's name"), max_length=40)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    reason = models.TextField(_("reason"))
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("view of a reporter's identity")
        verbose_name_plural = _("views of reporters' identities")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.viewer_name} · {self.report_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("A logged view cannot be changed.")
        super().save(*args, **kwargs)
