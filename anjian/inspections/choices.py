"""Choices of inspection and enforcement: seed 004 (二) and attachment 4, seed 003 (十五), seed 002."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitKind(models.TextChoices):
    ROUTINE = "routine", _("Routine inspection")  # 日常检查
    SPECIAL = "special", _("Special inspection")  # 专项检查
    JOINT = "joint", _("Joint enforcement")  # 联合执法
    UNANNOUNCED = "unannounced", _("Unannounced visit (四不两直)")  # 明查暗访 / 四不两直
    CROSS = "cross", _("Cross inspection")  # 交叉互检
    EXPERT = "expert", _("Expert consultation")  # 专家会诊
    SUPERVISION = "supervision", _("Supervisory inspection")  # 督导检查
    ASSISTANCE = "assistance", _("Assistance and guidance")  # 帮扶指导: not enforcement (attachment 4 note 3)


# Visits that are enforcement: two inspectors at least (行政执法 requires two officers).
ENFORCEMENT_KINDS = [k for k in VisitKind.values if k != VisitKind.ASSISTANCE]


class PlanPeriod(models.TextChoices):
    YEAR = "year", _("Annual plan")  # 年度执法计划
    MONTH = "month", _("Monthly plan")  # 月度执法计划


class ItemResult(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "na", _("Not applicable")


class VisitState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class SignerRole(models.TextChoices):
    INSPECTOR = "inspector", _("Inspector")
    UNIT_REPRESENTATIVE = "unit_representative", _("Unit representative")


class ActionKind(models.TextChoices):
    RECTIFICATION = "rectification", _("Rectification within a time limit")  # 责令限期整改
    WARNING = "warning", _("Warning (administrative penalty)")  # 警告
    PENALTY = "penalty", _("Administrative penalty")  # 行政处罚
    SUSPENSION = "suspension", _("Order to suspend and rectify")  # 责令停产整顿
    CLOSURE_PROPOSAL = "closure_proposal", _("Proposal to close")  # 提请关闭
    JUDICIAL_REFERRAL = "judicial_referral", _("Referral to the judicial organs")  # 移送司法机关
    ADMONITION = "admonition", _("Admonition talk")  # 约谈
    CRITICISM = "criticism", _("Notice of criticism")  # 通报批评
    JOINT_SANCTION = "joint_sanction", _("Joint disciplinary action")  # 联合惩戒
    EXPOSURE = "exposure", _("Public exposure")  # 曝光


# What seed 002 counts as 实施行政处罚: fines and warnings alike (中华人民共和国行政处罚法 第九条 lists 警告 first).
ADMINISTRATIVE_PENALTIES = (ActionKind.WARNING, ActionKind.PENALTY)


class PenaltyTarget(models.TextChoices):
    UNIT = "unit", _("The unit")
    PRINCIPAL = "principal", _("Its principal")
    BOTH = "both", _("Both (一案双罚)")


class DocumentKind(models.TextChoices):
    """执法文书: the instruments of a case, numbered per department and year."""

    INSPECTION_RECORD = "inspection_record", _("On-site inspection record")  # 现场检查记录
    RECTIFICATION_ORDER = "rectification_order", _("Order to rectify within a time limit")  # 责令限期整改指令书
    REVIEW_OPINION = "review_opinion", _("Rectification review opinion")  # 整改复查意见书
    ON_SITE_MEASURE = "on_site_measure", _("Decision on on-site measures")  # 现场处理措施决定书
    PENALTY_NOTICE = "penalty_notice", _("Notice of intended penalty")  # 行政处罚告知书
    PENALTY_DECISION = "penalty_decision", _("Penalty decision")  # 行政处罚决定书
    SUSPENSION_ORDER = "suspension_order", _("Suspension order")  # 责令停产停业整顿决定书
    REFERRAL_LETTER = "referral_letter", _("Case referral letter")  # 涉嫌犯罪案件移送书
