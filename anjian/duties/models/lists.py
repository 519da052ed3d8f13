"""The city's list of responsibilities, 35 items in six areas (赣市安办〔2024〕51号), to be delivered to every
enterprise of the county by the end of November (兴安办〔2024〕80号 二（二）1 and 三2): the list and its items
(loaded by the county office from the city's file, never typed here), and each unit's delivery — who delivered
it and when, and the unit's acknowledgement."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.registry.models import Enterprise

from ..choices import DeliveryMethod

USER = settings.AUTH_USER_MODEL


class ResponsibilityList(models.Model):
    title = models.CharField(_("title"), max_length=200)
    doc_number = models.CharField(_("document number"), max_length=60, blank=True)
    cite = models.CharField(_("required by"), max_length=200, blank=True)
    deadline = models.DateField(_("to be delivered by"))
    expected_items = models.PositiveSmallIntegerField(_("items in the list"), default=35)
    items_sample = models.BooleanField(
        _("sample items"), default=False, help_text=_("The items loaded are a sample, not the city's list.")
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-deadline", "-id"]
        verbose_name = _("list of responsibilities")
        verbose_name_plural = _("lists of responsibilities")

    def __str__(self) -> str:
        return self.title


class ListItem(models.Model):
    list = models.ForeignKey(ResponsibilityList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    area = models.CharField(_("area"), max_length=60, blank=True)
    text = models.TextField(_("text"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["list", "number"], name="duties_list_item_once")]
        verbose_name = _("list item")
        verbose_name_plural = _("list items")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"


class ListDelivery(models.Model):
    list = models.ForeignKey(
        ResponsibilityList, verbose_name=_("list"), on_delete=models.PROTECT, related_name="deliveries"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="list_deliveries"
    )
    delivered_on = models.DateField(_("delivered on"), db_index=True)
    method = models.CharField(_("how"), max_length=10, choices=DeliveryMethod.choices, default=DeliveryMethod.VISIT)
    deliverer_name = models.CharField(_("delivered by"), max_length=40)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    acknowledged_by_name = models.CharField(_("acknowledged by"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    acknowledgement_recorded_by = models.ForeignKey(
        USER,
        verbose_name=_("acknowledgement recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-delivered_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["list", "enterprise"], name="duties_delivery_once"),
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True) | Q(acknowledged_on__gte=models.F("delivered_on")),
                name="duties_delivery_acknowledged_after",
            ),
        ]
        verbose_name = _("delivery of the list")
        verbose_name_plural = _("deliveries of the list")

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.delivered_on}"

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_on is not None
