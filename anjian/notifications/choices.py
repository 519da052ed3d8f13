"""Choices of the inbox and its delivery: what happened (verb), how it travels (channel), how a send went."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    HAZARD_ASSIGNED = "hazard_assigned", _("Hazard waiting for you")
    HAZARD_ESCALATED = "hazard_escalated", _("Hazard escalated to your level")
    HAZARD_REJECTED = "hazard_rejected", _("Fix rejected")
    HAZARD_VERIFIED = "hazard_verified", _("Hazard verified and closed")
    HAZARD_DUE_SOON = "hazard_due_soon", _("Rectification deadline near")
    HAZARD_OVERDUE = "hazard_overdue", _("Rectification overdue")
    SUPERVISION_DUE_SOON = "supervision_due_soon", _("Supervision period ending")
    SUPERVISION_FLAGGED = "supervision_flagged", _("No substantive progress in the supervision period")
    REPORT_RETURNED = "report_returned", _("Report returned")
    REPORT_DUE_SOON = "report_due_soon", _("Monthly report due")
    REPORT_OVERDUE = "report_overdue", _("Monthly report overdue")
    CHAIN_BROKEN = "chain_broken", _("Sign-off chain broken")
    CERTIFICATE_EXPIRING = "certificate_expiring", _("Certificate expiring or review due")
    DUTY_REMINDER = "duty_reminder", _("Duty reminder")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In-app inbox")
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Group robot (WeCom / DingTalk)")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    RETRYING = "retrying", _("Waiting to retry")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class WebhookKind(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


class ScanCode(models.TextChoices):
    HAZARD_DEADLINES = "hazard_deadlines", _("Hazard deadlines (in 3 days and overdue)")
    SUPERVISION_PERIODS = "supervision_periods", _("Supervision periods (30/60 days)")
    REPORTS_DUE = "reports_due", _("Monthly reports due")
    AUDIT_UPKEEP = "audit_upkeep", _("Security log retention and sign-off chain check")
    CERTIFICATES_EXPIRING = "certificates_expiring", _("Certificates expiring (90, 30 and 7 days before)")
    DUTIES_GENERATE = "duties_generate", _("Duty calendar of the new period")
    DUTIES_DUE = "duties_due", _("Duties due and overdue")
    WIDE_FIGURES = "wide_figures", _("Dashboards of the city and province offices counted again")
