"""The hazard closed loop: hazards, their signed transitions, rectification plans, supervision, criteria."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.core.models import Attachment
from anjian.org.choices import Authority, RegionLevel
from anjian.org.models import Department, IndustryCommittee, Region, Sector
from anjian.registry.models import Enterprise

from .choices import Action, Grade, Level, PhotoKind, Source, State, SupervisionKind, SupervisionLevel


class CriterionDocument(models.Model):
    """One version of a national major-hazard determination standard (重大事故隐患判定标准)."""

    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    doc_number = models.CharField(_("document number"), max_length=120)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("superseded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["sector__order", "-effective_date"]
        constraints = [models.UniqueConstraint(fields=["title", "doc_number"], name="hazards_criteriondoc_unique")]
        verbose_name = _("criteria document")
        verbose_name_plural = _("criteria documents")

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）"

    @property
    def in_force(self) -> bool:
        return self.superseded_by_id is None


class Criterion(models.Model):
    """One item of a standard, its text verbatim; items of a superseded version stay for old gradings."""

    document = models.ForeignKey(
        CriterionDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="items"
    )
    article = models.CharField(_("article"), max_length=40)
    item = models.CharField(_("item"), max_length=20, blank=True)
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["document", "order"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.document.doc_number} {self.article}{self.item}"


class Hazard(models.Model):
    unit = models.ForeignKey(Enterprise, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="hazards")
    description = models.TextField(_("description"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="hazards")
    source = models.CharField(_("source"), max_length=24, choices=Source.choices)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True, db_index=True)
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion met"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
    )
    major_reason = models.TextField(_("reason for grading as major"), blank=True)
    # Who set the grade and at which authority: a lower authority may not change it (the unit never un-grades).
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    grade_authority = models.CharField(_("graded at"), max_length=12, choices=Authority.choices, blank=True)
    # Once major, always verified by the supervising department (审核把关销号), even after a downgrade.
    ever_major = models.BooleanField(_("ever graded major"), default=False)
    state = models.CharField(_("state"), max_length=24, choices=State.choices, default=State.REGISTERED, db_index=True)
    level = models.CharField(_("coordinating level"), max_length=10, choices=Level.choices, default=Level.TOWN)
    committee = models.ForeignKey(
        IndustryCommittee, verbose_name=_("sector committee"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # Where the unit lies, copied at registration so jurisdiction needs no join through the unit.
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="hazards")
    grid = models.ForeignKey(
        Region, verbose_name=_("grid"), null=True, blank=True, on_delete=models.SET_NULL, related_name="grid_hazards"
    )
    # The county and town the region lies in (null town: a hazard at county level), kept by `save` from the
    # region: jurisdiction filters by them through composite indexes, and a province's tables partition by county.
    county = models.ForeignKey(
        Region, verbose_name=_("county"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    town = models.ForeignKey(
        Region, verbose_name=_("town"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsible_department = models.ForeignKey(
        Department,
        verbose_name=_("supervising department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
    )
    responsible_town = models.ForeignKey(
        Region, verbose_name=_("responsible town"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who found it, for the quarterly quota of seed 004 (departments and towns find ≥ 10 major hazards a quarter).
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("found by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    finding_department = models.ForeignKey(
        Department,
        verbose_name=_("finding department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    found_at = models.DateTimeField(_("found at"), default=timezone.now, db_index=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    in_major_database = models.BooleanField(_("in the major-hazard database"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Entered offline (anjian.field): the phone's id of the entry (one record per id), the phone's clock at
    # capture as it said, and the server's clock at receipt; clock_off when the phone's time was not used.
    client_uuid = models.UUIDField(_("client UUID"), null=True, blank=True, unique=True, editable=False)
    captured_at = models.DateTimeField(_("captured at (phone clock)"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    clock_off = models.BooleanField(
        _("phone clock off"),
        default=False,
        help_text=_("The phone's capture time lay outside the tolerance; the receipt time was used instead."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-found_at", "-id"]
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        indexes = [
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["county", "found_at"], name="hazards_county_found"),
            models.Index(fields=["town", "found_at"], name="hazards_town_found"),
            models.Index(fields=["grid", "found_at"], name="hazards_grid_found"),
            # The open hazards of a county by deadline: to-do lists, overdue counts, supervision deadlines.
            models.Index(fields=["county", "deadline"], condition=~Q(state=State.CLOSED), name="hazards_open_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}：{self.description[:30]}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._placed_for = instance.__dict__.get("region_id")  # county and town already follow this region
        return instance

    def save(self, *args, **kwargs) -> None:
        if self.region_id and self.region_id != getattr(self, "_placed_for", None):
            cached = type(self).region.is_cached(self)  # type: ignore[attr-defined]
            path = self.region.path if cached else Region.objects.filter(pk=self.region_id).values_list("path")[0][0]
            self.county_id, self.town_id = county_and_town(path)
            self._placed_for = self.region_id
            fields = kwargs.get("update_fields")
            if fields is not None and {"region", "region_id"} & set(fields):
                kwargs["update_fields"] = {*fields, "county", "town"}
        super().save(*args, **kwargs)

    @property
    def overdue(self) -> bool:
        return bool(self.deadline and self.state != State.CLOSED and self.deadline < timezone.localdate())


def county_and_town(path: str) -> tuple[int | None, int | None]:
    """The ids of the county and of the town a region lies in (itself when it is one), from its `path`."""
    codes = [c for c in path.split("/") if c]
    prefixes = ["".join(f"{c}/" for c in codes[: n + 1]) for n in range(len(codes))]
    found = dict(
        Region.objects.filter(path__in=prefixes, level__in=(RegionLevel.COUNTY, RegionLevel.TOWN)).values_list(
            "level", "pk"
        )
    )
    return found.get(RegionLevel.COUNTY), found.get(RegionLevel.TOWN)


class RectificationPlan(models.Model):
    """五到位: responsibility, measures, funds, deadline and contingency plan (seed 001 (四))."""

    hazard = models.OneToOneField(Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="plan")
    responsible_person = models.CharField(_("responsible person"), max_length=40)
    measures = models.TextField(_("measures"))
    funds = models.DecimalField(_("funds (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    contingency_plan = models.TextField(_("contingency plan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification plan")
        verbose_name_plural = _("rectification plans")

    def __str__(self) -> str:
        return f"{self.hazard_id}: {self.responsible_person}"


class HazardEvent(models.Model):
    """A signed step (谁检查、谁签名、谁负责): who, when, what, with comment and photos. Never edited."""

    hazard = models.ForeignKey(Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    from_state = models.CharField(_("from state"), max_length=24, choices=State.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=24, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("signer's name"), max_length=40)
    actor_role = models.CharField(_("signer's role"), max_length=16, blank=True)
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    substantive = models.BooleanField(_("substantive progress"), default=False)
    data = models.JSONField(_("details"), default=dict, blank=True)
    # The hazard's county, copied at insert (events are append-only): the distribution and partition key.
    county = models.ForeignKey(
        Region, verbose_name=_("county"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["signed_at", "id"]
        verbose_name = _("hazard event")
        verbose_name_plural = _("hazard events")

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.actor_name}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("A signed hazard event cannot be changed.")
        if self.county_id is None and self.hazard_id:
            self.county_id = self.hazard.county_id
        super().save(*args, **kwargs)


class HazardPhoto(models.Model):
    hazard = models.ForeignKey(Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="photos")
    event = models.ForeignKey(
        HazardEvent, verbose_name=_("event"), null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    attachment = models.ForeignKey(Attachment, verbose_name=_("photo"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=PhotoKind.choices, default=PhotoKind.FINDING)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "id"]
        # A photo is kept once per signed step, and once among the photos uploaded before any step signs them:
        # the same bytes signed with a later step are attached to that step again (never silently dropped).
        constraints = [
            models.UniqueConstraint(
                fields=["event", "attachment"],
                condition=models.Q(event__isnull=False),
                name="hazards_photo_once_per_event",
            ),
            models.UniqueConstraint(
                fields=["hazard", "attachment", "kind"],
                condition=models.Q(event__isnull=True),
                name="hazards_photo_once_unsigned",
            ),
        ]
        verbose_name = _("hazard photo")
        verbose_name_plural = _("hazard photos")

    def __str__(self) -> str:
        return f"{self.hazard_id}: {self.get_kind_display()}"


class Supervision(models.Model):
    """提醒、督办、挂牌督办 by the city, county or town, with the document that ordered it."""

    hazard = models.ForeignKey(Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="supervisions")
    level = models.CharField(_("level"), max_length=8, choices=SupervisionLevel.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=SupervisionKind.choices)
    document = models.CharField(_("document name and number"), max_length=200, blank=True)
    listed_on = models.DateField(_("date"))
    event = models.OneToOneField(
        HazardEvent, verbose_name=_("event"), on_delete=models.PROTECT, related_name="supervision"
    )

    class Meta:
        ordering = ["-listed_on", "-id"]
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.get_kind_display()} {self.document}"
