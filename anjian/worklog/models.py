"""The offices' own work, recorded once so that the dispatch table's figures compute: what was done, when, by
which unit (a town, a department, or the county office at county level), and the roster of technical
inspectors (配备专兼职技术检查员)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.core.models import Attachment
from anjian.org.choices import RegionLevel
from anjian.org.models import Department, Region
from anjian.registry.models import Enterprise

from .choices import InspectorKind, WorkKind

USER = settings.AUTH_USER_MODEL
MAX_PEOPLE = 100_000  # more than a county's population: a typing error


class UnitMixin(models.Model):
    """The unit a row belongs to: a town (region, no department), a department (its county's region and the
    department) or the county office (the county's region, no department)."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The town, or the county for a department and for the county office."),
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def unit_name(self) -> str:
        if self.department is not None:
            return self.department.name
        if self.region.level == RegionLevel.TOWN:
            return self.region.name
        return str(_("%(region)s safety committee office") % {"region": self.region.name})


class WorkRecord(UnitMixin):
    """One piece of the offices' own work: a meeting, a study, a supervision, a training, a publicity …"""

    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=WorkKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place or unit visited"), max_length=200, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise visited"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    town = models.ForeignKey(
        Region,
        verbose_name=_("town concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": RegionLevel.TOWN},
    )
    people = models.PositiveIntegerField(
        _("people"), null=True, blank=True, help_text=_("人次 trained, or persons held accountable.")
    )
    participants = models.TextField(_("participants and leaders"), blank=True)
    note = models.TextField(_("note"), blank=True)
    attachments = models.ManyToManyField(Attachment, verbose_name=_("attachments"), blank=True, related_name="+")
    created_by = models.ForeignKey(USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[attachments])

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["kind", "date"], name="worklog_kind_date")]
        constraints = [
            models.CheckConstraint(condition=models.Q(people__lte=MAX_PEOPLE), name="worklog_people_at_most"),
        ]
        verbose_name = _("work record")
        verbose_name_plural = _("work records")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} · {self.title}"


class TechnicalInspector(UnitMixin):
    """专兼职技术检查员 of a department or a town, from the day they began until their last day (empty while serving)."""

    name = models.CharField(_("full name"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=InspectorKind.choices)
    since = models.DateField(_("serving since"))
    until = models.DateField(_("last day of service"), null=True, blank=True)
    created_by = models.ForeignKey(USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["until", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="worklog_inspector_until_after_since",
            ),
        ]
        verbose_name = _("technical inspector")
        verbose_name_plural = _("technical inspectors")

    def __str__(self) -> str:
        return f"{self.name}（{self.unit_name}）"

    @property
    def serving(self) -> bool:
        return self.until is None
