"""Campaigns (专项行动): the issuing notice, stages, deadlines, participants and tasks; the participants'
monthly reports, each submission kept as it was signed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.core.models import Attachment
from anjian.org.models import Department, Region

from .choices import CampaignKind, DispatchForm, ReportState, TargetPer

USER = settings.AUTH_USER_MODEL


class Campaign(models.Model):
    title = models.CharField(_("title"), max_length=160)
    kind = models.CharField(_("kind"), max_length=24, choices=CampaignKind.choices, default=CampaignKind.OTHER)
    template = models.CharField(_("template"), max_length=60, blank=True)
    document_name = models.CharField(_("issuing document"), max_length=200, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=80, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("run by (region)"), on_delete=models.PROTECT, related_name="campaigns"
    )
    period_start = models.DateField(_("start"))
    period_end = models.DateField(_("end"))
    rhythm = models.CharField(_("reporting rhythm"), max_length=80, blank=True)
    monthly_report_day = models.PositiveSmallIntegerField(_("monthly report due on day"), null=True, blank=True)
    first_report_month = models.DateField(_("first report month"), null=True, blank=True)
    dispatch_form = models.CharField(
        _("monthly form"), max_length=16, choices=DispatchForm.choices, blank=True, default=DispatchForm.NONE
    )
    created_by = models.ForeignKey(USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="campaign_period")
        ]

    def __str__(self) -> str:
        return self.title


class Stage(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=40)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    content = models.TextField(_("content"), blank=True)
    cite = models.CharField(_("source"), max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "order", "pk"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self) -> str:
        return self.name


class Deadline(models.Model):
    """A one-off deadline of the campaign (plans by 4-30, signboards by 6-25, the summary by 12-10 …)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="deadlines"
    )
    what = models.CharField(_("what"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    cite = models.CharField(_("source"), max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "date", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")

    def __str__(self) -> str:
        return self.what


class Participant(models.Model):
    """A town or a department that takes part and reports (exactly one of the two)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="participants"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("town"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(_("field (领域)"), max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "department__name", "region__code", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True, department__isnull=False)
                | Q(region__isnull=False, department__isnull=True),
                name="participant_one_unit",
            ),
            models.UniqueConstraint(fields=["campaign", "region"], name="participant_unique_region"),
            models.UniqueConstraint(fields=["campaign", "department"], name="participant_unique_department"),
        ]

    def __str__(self) -> str:
        return str(self.department or self.region)

    @property
    def name(self) -> str:
        unit = self.department or self.region
        return unit.name if unit is not None else ""


class Task(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveIntegerField(_("order"), default=0)
    number = models.CharField(_("number"), max_length=30)
    group_number = models.CharField(_("group"), max_length=20, blank=True)
    group_title = models.CharField(_("group title"), max_length=120, blank=True)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    lead = models.CharField(_("lead unit"), max_length=200, blank=True)  # 牵头单位
    responsible = models.TextField(_("responsible units"), blank=True)  # 责任单位, one a line
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    ongoing = models.BooleanField(_("ongoing (长期推进)"), default=False)
    target_text = models.CharField(_("target"), max_length=300, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_unit = models.CharField(_("target unit"), max_length=10, blank=True)
    target_per = models.CharField(_("target per"), max_length=10, choices=TargetPer.choices, blank=True)
    measure = models.TextField(_("measures (整治措施)"), blank=True)
    metric = models.CharField(_("figure computed from records"), max_length=80, blank=True)
    # The target holds for each participant (every town and department) rather than for the region as a whole.
    target_each = models.BooleanField(_("target for each participant"), default=False)
    cite = models.CharField(_("source"), max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "order", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="task_unique_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class TaskEntry(models.Model):
    """进展情况: a participant's own account of a task no record measures — its figure so far (in the target's
    unit) and what it has done, with evidence. The latest one is its progress; earlier ones are kept."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="entries")
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="task_entries"
    )
    value = models.DecimalField(_("figure so far"), max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("progress"), blank=True)
    evidence = models.ManyToManyField(Attachment, verbose_name=_("evidence"), blank=True, related_name="+")
    created_by = models.ForeignKey(USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[evidence])

    class Meta:
        ordering = ["task", "participant", "-created_at", "-pk"]
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")
        indexes = [models.Index(fields=["task", "participant", "-created_at"], name="task_entry_latest")]

    def __str__(self) -> str:
        return f"{self.task.number} {self.participant}"


class ProgressReport(models.Model):
    """One participant's report for one month: typed values in `values`, computed ones never stored here."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="reports")
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="reports"
    )
    period = models.DateField(_("month"))  # the first day of the month reported on
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    typed = models.JSONField(_("typed figures"), default=dict, blank=True)  # cell key → number (as text)
    evidence = models.ManyToManyField(Attachment, verbose_name=_("evidence"), blank=True, related_name="+")
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[evidence])

    class Meta:
        ordering = ["campaign", "-period", "participant"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "participant", "period"], name="report_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.period:%Y-%m}"


class Submission(models.Model):
    """A report as it was signed: every cell's value, frozen; a return keeps it and says why."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    cells = models.JSONField(_("cells"))
    # The same values by cell key ({"units": 268, "rewards": "0.50", …}): a roll-up of forty participants reads
    # forty small maps instead of forty signed forms with every cell's wording.
    values = models.JSONField(_("values"), default=dict, editable=False)
    submitted_by = models.ForeignKey(USER, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    late = models.BooleanField(_("late"), default=False)
    returned_by = models.ForeignKey(
        USER, verbose_name=_("returned by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="submission_unique_number")]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class RankingRule(models.Model):
    """One weighted indicator of a campaign's ranking, as the county office set it."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="ranking_rules"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    indicator = models.CharField(_("indicator"), max_length=30)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "order", "pk"]
        verbose_name = _("ranking indicator")
        verbose_name_plural = _("ranking indicators")

    def __str__(self) -> str:
        return f"{self.indicator} × {self.weight}"


class Ranking(models.Model):
    """A published ranking: frozen with its rule, its rows and the day, for the year-end assessment."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="rankings"
    )
    month = models.DateField(_("month"))
    rule = models.JSONField(_("rule"))
    rows = models.JSONField(_("rows"))
    note = models.TextField(_("note"), blank=True)
    published_by = models.ForeignKey(USER, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        ordering = ["campaign", "-month"]
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        constraints = [models.UniqueConstraint(fields=["campaign", "month"], name="ranking_unique_month")]

    def __str__(self) -> str:
        return f"{self.campaign} {self.month:%Y-%m}"


class Notice(models.Model):
    """通报: drafted from a month's ranking and its late and missing reports, edited by the office, then
    issued with the office's next number; an issued notice is kept as it was issued."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="notices")
    month = models.DateField(_("month"))
    title = models.CharField(_("title"), max_length=200)
    salutation = models.CharField(_("addressed to"), max_length=200, blank=True)
    body = models.TextField(_("text"))  # paragraphs separated by blank lines
    number_prefix = models.CharField(_("number prefix"), max_length=20)  # 兴安办 → 兴安办〔2026〕3号
    number = models.CharField(_("document number"), max_length=40, blank=True)
    issuer = models.CharField(_("issued by"), max_length=80)
    table = models.JSONField(_("table"), default=dict, blank=True)  # the ranking and the late/missing list, frozen
    state = models.CharField(_("state"), max_length=8, default="draft")  # draft → issued
    created_by = models.ForeignKey(USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+")
    issued_by = models.ForeignKey(
        USER, verbose_name=_("issued by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "-month", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="notice_unique_number")]

    def __str__(self) -> str:
        return self.title


class Adjustment(models.Model):
    """A year-end entry beside the rankings (高府发〔2023〕14号 五（二）; 赣发〔2024〕10号 （六））: extra points for
    a practice worth copying, a deduction for a notice of criticism, a veto (一票否决) or a serious accident
    (no 优秀 that year). Exactly one of town and department."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("Extra points: a practice worth copying")  # 可复制推广经验做法 加分
        DEDUCTION = "deduction", _("Deduction: notice of criticism")  # 被通报批评 扣分
        VETO = "veto", _("One-vote veto (一票否决)")  # 当年不得评为综合性先进单位
        SERIOUS_ACCIDENT = "serious_accident", _("Serious accident or worse (no 优秀)")  # 较大以上或影响恶劣事故

    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey(
        Region, verbose_name=_("town"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, default=0)
    reason = models.TextField(_("reason"))
    document = models.CharField(_("document name and number"), max_length=200, blank=True)
    decided_on = models.DateField(_("date"))
    created_by = models.ForeignKey(USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "decided_on", "pk"]
        verbose_name = _("year-end adjustment")
        verbose_name_plural = _("year-end adjustments")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True, department__isnull=False)
                | Q(region__isnull=False, department__isnull=True),
                name="adjustment_one_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}"


# --- demonstration sites (千家示范, 兴安办〔2024〕80号 二（四）) -------------------------------------------

from .choices import DemoSiteKind, DemoSiteStatus  # noqa: E402  (appended with the models below)


class DemoSite(models.Model):
    """A demonstration site a town nominates; the county office assesses it, then awards it its plaque (授牌).
    Its subsidy is its kind's rate (DemoSiteRate), counted in the budget once it is awarded."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="demo_sites"
    )
    town = models.ForeignKey(Region, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=DemoSiteKind.choices)
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    no_property_management = models.BooleanField(_("without property management (无物业)"), default=False)
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("site status"), max_length=12, choices=DemoSiteStatus.choices, default=DemoSiteStatus.NOMINATED
    )
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    nominated_by = models.ForeignKey(USER, verbose_name=_("nominated by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "town__code", "kind", "name", "pk"]
        verbose_name = _("demonstration site")
        verbose_name_plural = _("demonstration sites")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="nominated", assessed_on__isnull=True, awarded_on__isnull=True)
                | Q(status="assessed", assessed_on__isnull=False, awarded_on__isnull=True)
                | Q(
                    status="awarded",
                    assessed_on__isnull=False,
                    awarded_on__isnull=False,
                    awarded_on__gte=models.F("assessed_on"),
                ),
                name="demo_site_status_dates",
            ),
            models.CheckConstraint(
                condition=Q(enterprise__isnull=True) | Q(kind="premises"), name="demo_site_enterprise"
            ),
            models.CheckConstraint(
                condition=Q(no_property_management=False) | Q(kind="estate"), name="demo_site_no_property"
            ),
            models.UniqueConstraint(fields=["campaign", "town", "kind", "name"], name="demo_site_unique_name"),
            models.UniqueConstraint(
                fields=["campaign", "enterprise"], condition=Q(enterprise__isnull=False), name="demo_site_unique_unit"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DemoSiteRate(models.Model):
    """A kind's subsidy per site (yuan) and the county's target, as the county office set them for a campaign;
    without a row, the notice's figures apply (demo_sites.DEFAULTS)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="demo_site_rates"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DemoSiteKind.choices)
    subsidy = models.PositiveIntegerField(_("subsidy per site (yuan)"))
    target = models.PositiveIntegerField(_("county target"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "kind"]
        verbose_name = _("demonstration site rate")
        verbose_name_plural = _("demonstration site rates")
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="demo_site_rate_unique_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subsidy}"


class DemoSiteTarget(models.Model):
    """A town's target for a kind, set by the county office (the notice gives only the county's totals)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="demo_site_targets"
    )
    town = models.ForeignKey(Region, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=DemoSiteKind.choices)
    target = models.PositiveIntegerField(_("target"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "town__code", "kind"]
        verbose_name = _("demonstration site target")
        verbose_name_plural = _("demonstration site targets")
        constraints = [models.UniqueConstraint(fields=["campaign", "town", "kind"], name="demo_site_target_unique")]

    def __str__(self) -> str:
        return f"{self.town} {self.get_kind_display()} {self.target}"
