"""The principal's periodic duties (十个一次, 高府发〔2023〕14号 三（一）1 and 三（一）3) as a rule table, and the
calendar of each unit generated from it.

A rule is data: the county office edits an item's frequency, its window or withdraws it, and a revised list is
new rows, not code. An occurrence is one duty of one unit for one period, due on the period's last day; it is
done once, with the day, the minutes or a photo and the principal's name, and never changed afterwards — the
row itself is the sign-off (who recorded it, when), so it keeps no generic field history.

An occurrence can also be done by another app's record (`evidence`): the unit's emergency drill marks its `drill`
duty, a training it organised its `training` duty (duties/evidence.py). Such a completion follows its record: when
the record is corrected or removed, the occurrence is done by another record of the period or is due again — the
record's own history says who changed it and when.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.core.models import Attachment
from anjian.registry.models import Enterprise

from .. import periods
from ..choices import Frequency, OccurrenceStatus

USER = settings.AUTH_USER_MODEL


class DutyItem(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, help_text=_("As the notice words it."))
    cite = models.CharField(_("source"), max_length=200, help_text=_("The notice and its paragraph."))
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, help_text=_("For units that are not high-risk.")
    )
    high_risk_frequency = models.CharField(
        _("frequency for high-risk units"),
        max_length=10,
        choices=Frequency.choices,
        help_text=_("For units of a high-risk sector or with a high-risk activity."),
    )
    active_from = models.DateField(
        _("in force from"), null=True, blank=True, help_text=_("Empty: always. A campaign's duty: its first day.")
    )
    active_until = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Empty: always. A campaign's duty: its last day.")
    )
    active = models.BooleanField(_("in use"), default=True, help_text=_("A withdrawn duty falls due no more."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_from__isnull=True)
                | Q(active_until__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="duties_item_window_in_order",
            ),
        ]
        verbose_name = _("periodic duty")
        verbose_name_plural = _("periodic duties")

    def __str__(self) -> str:
        return self.name

    def frequency_for(self, high_risk: bool) -> str:
        return self.high_risk_frequency if high_risk else self.frequency


class DutyOccurrence(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="duty_occurrences"
    )
    item = models.ForeignKey(DutyItem, verbose_name=_("duty"), on_delete=models.PROTECT, related_name="occurrences")
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    period_start = models.DateField(_("period from"))
    due_on = models.DateField(_("due on"), db_index=True, help_text=_("The last day of the period."))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    principal_name = models.CharField(_("principal who signed"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    attachments = models.ManyToManyField(
        Attachment, verbose_name=_("photos or documents"), blank=True, related_name="+"
    )
    evidence_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of record that shows it done"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence_id = models.PositiveBigIntegerField(_("record that shows it done"), null=True, blank=True)
    evidence = GenericForeignKey("evidence_type", "evidence_id")

    class Meta:
        ordering = ["due_on", "item__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "item", "period_start"], name="duties_occurrence_once"),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("period_start")), name="duties_occurrence_due_after_start"
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(done_on__gte=models.F("period_start")),
                name="duties_occurrence_done_in_period",
            ),
            models.CheckConstraint(
                condition=Q(evidence_type__isnull=True, evidence_id__isnull=True)
                | Q(evidence_type__isnull=False, evidence_id__isnull=False, done_on__isnull=False),
                name="duties_occurrence_evidence_done",
            ),
        ]
        indexes = [
            models.Index(fields=["enterprise", "due_on"], name="duties_occ_unit_due"),
            models.Index(fields=["item", "due_on"], name="duties_occ_item_due"),
            models.Index(fields=["evidence_type", "evidence_id"], name="duties_occ_evidence"),
        ]
        verbose_name = _("duty occurrence")
        verbose_name_plural = _("duty occurrences")

    def __str__(self) -> str:
        return f"{self.item.name} · {self.period_label}"

    @property
    def period_end(self):
        return self.due_on

    @property
    def period_label(self) -> str:
        return periods.label(self.frequency, self.period_start)

    def status_on(self, today) -> str:
        if self.done_on is not None:
            return OccurrenceStatus.DONE
        return OccurrenceStatus.OVERDUE if self.due_on < today else OccurrenceStatus.DUE

    @property
    def late(self) -> bool:
        """Done after its period ended (still done, and counted done)."""
        return self.done_on is not None and self.done_on > self.due_on
