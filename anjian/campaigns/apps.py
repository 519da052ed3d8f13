from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "anjian.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns and dispatch tables")

    def ready(self) -> None:
        from anjian.core.media import register_visibility

        from . import desk, panels, task_entries  # noqa: F401  (the work desk's section, the dashboard's panel)
        from .services import evidence_visible

        register_visibility(evidence_visible)  # a report's evidence is served to who may see the report
        register_visibility(task_entries.evidence_visible)  # a task account's, to who may see its participant

        from anjian.core.chain import sealed

        from .models import Submission

        # A report's signed versions form one chain; a later return adds its own fields, not sealed ones.
        sealed(
            Submission,
            chain=lambda s: f"report:{s.report_id}",
            fields=("report", "number", "cells", "submitted_by", "submitted_at", "late"),
        )
