"""What the dashboard keeps: the last count of a region above the county (anjian.dashboards.counted)."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """The dashboard's figures of a city or a province as counted for one user and one query (language, region,
    period) at `counted_at`. A live count of a province reads its millions of hazards (seconds a page), so the
    dashboard shows the last count while it is at most ANJIAN_WIDE_FIGURES_MINUTES old, and the scan
    `wide_figures` counts every such office's default dashboard again on its schedule."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="+")  # fmt: skip
    key = models.CharField(_("query"), max_length=200)
    figures = models.JSONField(_("figures"), encoder=DjangoJSONEncoder)
    counted_at = models.DateTimeField(_("counted at"))

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="dashboards_snapshot_key")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key} {self.counted_at:%Y-%m-%d %H:%M}"
