"""A reward for a verified report (安监总财〔2018〕19号): computed from the enforcement action or the concealed accident
it led to, proposed by one person, approved by another, paid (when and how); the reporter sees each step through the
tracking code. The amount is kept in yuan (what the reporter reads) and in 万元 (what attachment 4 counts)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.emergency.choices import AccidentGrade
from anjian.emergency.models import Accident
from anjian.inspections.models import EnforcementAction

from ..choices import LIVE_REWARD_STATES, PaymentMeans, RewardBasis, RewardState
from .reports import PublicReport

USER = settings.AUTH_USER_MODEL


class Reward(models.Model):
    report = models.ForeignKey(PublicReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="rewards")
    basis = models.CharField(_("what the report revealed"), max_length=20, choices=RewardBasis.choices)
    enforcement_action = models.ForeignKey(
        EnforcementAction,
        verbose_name=_("enforcement action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accident = models.ForeignKey(
        Accident, verbose_name=_("accident"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fine_yuan = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    concealed_deaths = models.PositiveSmallIntegerField(_("concealed deaths"), null=True, blank=True)
    accident_grade = models.CharField(_("accident grade"), max_length=8, choices=AccidentGrade.choices, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    amount_wan = models.DecimalField(_("amount (10,000 yuan)"), max_digits=12, decimal_places=6)
    anonymous = models.BooleanField(_("for an anonymous report"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=RewardState.choices, default=RewardState.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(USER, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now, db_index=True)
    approved_by = models.ForeignKey(
        USER, verbose_name=_("approved by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        USER, verbose_name=_("rejected by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True, db_index=True)
    paid_means = models.CharField(_("paid by means of"), max_length=16, choices=PaymentMeans.choices, blank=True)
    paid_by = models.ForeignKey(
        USER, verbose_name=_("payment recorded by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payment_note = models.CharField(_("voucher or receipt number"), max_length=80, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        constraints = [
            models.UniqueConstraint(
                fields=["report"], condition=Q(state__in=LIVE_REWARD_STATES), name="public_reward_one_live_per_report"
            ),
            # 安监总财〔2018〕19号 and the house rule of sign-offs: the proposer never approves their own proposal.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("proposed_by")),
                name="public_reward_approved_by_another",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="public_reward_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.report.tracking_code}: {self.amount}"
