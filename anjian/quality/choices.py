"""What a quality flag says is wrong with an entry (录入质量提示), and which record it was found on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FlagCode(models.TextChoices):
    VAGUE_DESCRIPTION = "vague_description", _("Vague hazard description")  # 隐患描述笼统
    VAGUE_MEASURES = "vague_measures", _("Vague rectification measures")  # 整改措施笼统
    VAGUE_PROGRESS = "vague_progress", _("Vague progress or fix note")  # 整改进展笼统
    PLAN_NO_FUNDS = "plan_no_funds", _("Plan without funds")  # 未写整改资金
    PLAN_NO_DEADLINE = "plan_no_deadline", _("Plan without deadline")  # 未写整改期限
    DEADLINE_PAST = "deadline_past", _("Deadline already past")  # 期限已过
    DEADLINE_FAR = "deadline_far", _("Deadline more than a year away")  # 期限超过一年
    PHOTO_REUSED = "photo_reused", _("Photo reused from another record")  # 照片重复使用
    REPEATED_HAZARD = "repeated_hazard", _("Repeats an open hazard of the unit")  # 重复登记


class Record(models.TextChoices):
    """The record a flag was found on: re-saving it replaces its flags (a signed step is never re-saved)."""

    HAZARD = "hazard", _("Hazard registration")
    PLAN = "plan", _("Rectification plan")
    STEP = "step", _("Signed step")
