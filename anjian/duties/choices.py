"""Choices of the enterprise duties: how often a duty falls due, where an occurrence stands, the states of the
principal's duty report, the kinds of outsourcing, and the four conditions of 外包外租安全管理混乱."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """每月 / 每季度 / 每半年 / 每年 (高府发〔2023〕14号 三（一）1): calendar months, quarters, halves and years."""

    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    HALF_YEAR = "half_year", _("Half-yearly")
    YEAR = "year", _("Yearly")


class OccurrenceStatus(models.TextChoices):
    """Where one occurrence stands: done (a date, minutes or a photo, the principal's name), due (its period is
    running) or overdue (its last day has passed and it is not done)."""

    DUE = "due", _("Due")
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")


class ReportState(models.TextChoices):
    """一报告、双签字: written (draft), signed by every signatory, acknowledged by the supervising unit."""

    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class ContractKind(models.TextChoices):
    """外包外租（包括委托、合作等类似方式） (高府发〔2023〕14号 三（一）6)."""

    OUTSOURCING = "outsourcing", _("Outsourcing (incl. commission, cooperation)")
    LEASING = "leasing", _("Leasing")


class Disorder(models.TextChoices):
    """外包外租安全管理混乱: any one of these four (高府发〔2023〕14号 附件4 注2)."""

    NOT_QUALIFIED = "not_qualified", _("The contractor or lessee lacks safe production conditions or the qualification")
    NO_AGREEMENT = "no_agreement", _("No safety agreement signed by the two parties")
    DUTIES_UNCLEAR = "duties_unclear", _("Safety management duties unclear")
    NOT_UNIFIED = "not_unified", _("Not under the unit's unified management")


class DeliveryMethod(models.TextChoices):
    """How the list reached the unit (宣贯)."""

    VISIT = "visit", _("Delivered on a visit")
    MEETING = "meeting", _("At a meeting")
    ONLINE = "online", _("Online")
