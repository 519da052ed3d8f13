from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    SPECIAL_RECTIFICATION = "special_rectification", _("Special investigation and rectification")  # 专项排查整治
    CONSOLIDATION = "consolidation", _("Consolidation campaign")  # 巩固提升攻坚战
    GE_SHI_BAI_QIAN_WAN = "ge_shi_bai_qian_wan", _("个十百千万 campaign")
    OTHER = "other", _("Other campaign")


class TargetPer(models.TextChoices):
    MONTH = "month", _("a month")
    QUARTER = "quarter", _("a quarter")
    HALF_YEAR = "half_year", _("half a year")
    YEAR = "year", _("a year")
    CAMPAIGN = "campaign", _("the campaign")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")


class DispatchForm(models.TextChoices):
    """The monthly report form a campaign asks for."""

    ATTACHMENT_4 = "attachment4", _("Progress dispatch table (高府发〔2023〕14号 附件4)")
    NONE = "", _("No monthly form")


class DemoSiteKind(models.TextChoices):
    """The three kinds of demonstration site of 千家示范 (兴安办〔2024〕80号 二（四）)."""

    VILLAGE = "village", _("Demonstration village (community)")  # 示范村（社区）
    ESTATE = "estate", _("Urban residential estate")  # 城区住宅小区示范点
    PREMISES = "premises", _("Business premises")  # 生产经营场所示范点


class DemoSiteStatus(models.TextChoices):
    """A site moves forward one step at a time: nominated by its town, assessed and awarded by the office."""

    NOMINATED = "nominated", _("Nominated by the town")  # 遴选推荐
    ASSESSED = "assessed", _("Assessed by the office")  # 评定
    AWARDED = "awarded", _("Awarded the plaque")  # 授牌
