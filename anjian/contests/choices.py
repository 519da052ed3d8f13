"""Choices of the knowledge contest (安康杯知识竞赛): the kinds of questions, their topics, a round's states."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")  # 单选题
    MULTIPLE = "multiple", _("Multiple choice")  # 多选题
    TRUE_FALSE = "true_false", _("True or false")  # 判断题


class Topic(models.TextChoices):
    """What a question is about: a round may draw from some topics only."""

    LAW = "law", _("Laws and regulations")  # 法律法规
    DUTIES = "duties", _("Enterprise duties")  # 主体责任（十个一次）
    TRAINING = "training", _("Training and certificates")  # 教育培训与持证上岗
    HAZARDS = "hazards", _("Hazard management")  # 隐患排查治理
    EMERGENCY = "emergency", _("Emergency response and drills")  # 应急处置与演练
    FIRE = "fire", _("Fire safety")  # 消防安全
    GENERAL = "general", _("General safety knowledge")  # 安全常识


class RoundStatus(models.TextChoices):
    """draft → open → closed; a round also stops taking answers once its last day has passed."""

    DRAFT = "draft", pgettext_lazy("contest round", "Draft")
    OPEN = "open", pgettext_lazy("contest round", "Open")
    CLOSED = "closed", pgettext_lazy("contest round", "Closed")


# The words of a true-or-false question's two options (stored as its options A and B).
TRUE_FALSE_OPTIONS = ["正确", "错误"]
LETTERS = "ABCDEF"  # at most six options
