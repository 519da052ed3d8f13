"""The public register of typical enforcement cases (典型执法案例（含危险作业罪）, 高府发〔2023〕14号 三（二）3: 在政务网站
或主流媒体分期分批公布): one publication per case marked typical, its public text drafted from the case with personal
names masked, published by the county office of the case's county after review by someone other than its author.

Its public address is a short random slug, never the database id: the ids of drafts are not to be guessed."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from anjian.inspections.models import EnforcementAction
from anjian.org.choices import RegionLevel
from anjian.org.models import Region

from ..choices import CaseState

USER = settings.AUTH_USER_MODEL
SLUG_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: read aloud or typed from print
SLUG_LENGTH = 10
TITLE_MAX_LENGTH = 120


def new_slug() -> str:
    return "".join(secrets.choice(SLUG_ALPHABET) for _ in range(SLUG_LENGTH))


class CasePublication(models.Model):
    action = models.OneToOneField(
        EnforcementAction, verbose_name=_("enforcement action"), on_delete=models.PROTECT, related_name="publication"
    )
    slug = models.CharField(_("public address"), max_length=16, unique=True, default=new_slug, editable=False)
    county = models.ForeignKey(
        Region,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": RegionLevel.COUNTY},
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    facts = models.TextField(_("facts of the case"), max_length=DESCRIPTION_MAX_LENGTH)
    basis = models.TextField(_("legal basis"), max_length=COMMENT_MAX_LENGTH, blank=True)
    outcome = models.TextField(_("penalty or outcome"), max_length=COMMENT_MAX_LENGTH, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=CaseState.choices, default=CaseState.DRAFT, db_index=True
    )
    drafted_by = models.ForeignKey(USER, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(_("drafted"), default=timezone.now)
    edited_by = models.ForeignKey(
        USER, verbose_name=_("last edited by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(_("last edited"), null=True, blank=True)
    published_by = models.ForeignKey(
        USER, verbose_name=_("reviewed and published by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    withdrawn_by = models.ForeignKey(
        USER, verbose_name=_("withdrawn by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawing"), max_length=COMMENT_MAX_LENGTH, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-drafted_at", "-id"]
        verbose_name = _("typical case publication")
        verbose_name_plural = _("typical case publications")
        constraints = [
            # The county office reviews: whoever publishes did not write the text.
            models.CheckConstraint(
                condition=Q(published_by__isnull=True) | ~Q(published_by=F("drafted_by")),
                name="public_case_published_by_another",
            ),
            models.CheckConstraint(
                condition=~Q(state=CaseState.PUBLISHED) | Q(published_at__isnull=False, published_by__isnull=False),
                name="public_case_published_when_and_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return self.title
