"""The inbox: one row per notice to one person, its deliveries on other channels, the units' group robots, each
person's channels and the schedule of the scans (the schedule is data, not code)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.org.models import Department, Region

from .choices import Channel, DeliveryStatus, ScanCode, Verb, WebhookKind

USER = settings.AUTH_USER_MODEL


class Notification(models.Model):
    """A notice in one person's inbox. (recipient, key, day) is unique: the same reminder about the same item
    reaches a person once a day however many workers run the scan (the database refuses the second insert)."""

    recipient = models.ForeignKey(
        USER, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(_("kind"), max_length=32, choices=Verb.choices)
    text = models.TextField(_("text"))
    target_url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(_("item"), max_length=120)
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key", "day"], name="notifications_once_a_day"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notifications_unread"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notifications_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.text[:40]}"

    @property
    def unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """The channels a person chose besides the inbox, which is always on."""

    user = models.OneToOneField(
        USER, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(_("by e-mail"), default=False)
    webhook = models.BooleanField(_("to my unit's group robot"), default=True)
    sms = models.BooleanField(_("by SMS"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)

    def channels(self) -> list[str]:
        chosen: list[str] = [Channel.IN_APP]
        chosen += [c for c in (Channel.EMAIL, Channel.WEBHOOK, Channel.SMS) if getattr(self, c)]
        return chosen


class Webhook(models.Model):
    """A WeCom or DingTalk group robot of a unit (a town or a department): its members' notices go there too."""

    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=WebhookKind.choices)
    url = models.URLField(_("robot address"), max_length=500)
    secret = models.CharField(
        _("signing secret"), max_length=100, blank=True, help_text=_("DingTalk robots with signing only.")
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True, department__isnull=False)
                | Q(region__isnull=False, department__isnull=True),
                name="notifications_webhook_one_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One notice sent on one channel to one address, with its attempts and last error. (address, key, day) is
    unique: a group robot hears of an item once a day even when several of its unit's members are notified."""

    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    webhook = models.ForeignKey(
        Webhook, verbose_name=_("group robot"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    address = models.CharField(_("address"), max_length=60)  # "email:12", "sms:12", "webhook:3"
    key = models.CharField(_("item"), max_length=120)
    day = models.DateField(_("day"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["address", "key", "day"], name="notifications_delivery_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address} {self.get_status_display()}"


class ScheduledScan(models.Model):
    """Which scan runs how often; `tick` claims a due row with a conditional UPDATE before enqueuing it."""

    code = models.CharField(_("scan"), max_length=32, choices=ScanCode.choices, unique=True)
    every_minutes = models.PositiveIntegerField(_("every (minutes)"), default=60)
    enabled = models.BooleanField(_("enabled"), default=True)
    next_run = models.DateTimeField(_("next run"), default=timezone.now)
    last_run = models.DateTimeField(_("last run"), null=True, blank=True)
    last_success = models.DateTimeField(_("last success"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(_("failures in a row"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("scheduled scan")
        verbose_name_plural = _("scheduled scans")

    def __str__(self) -> str:
        return self.get_code_display()

    @property
    def interval(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.every_minutes)
