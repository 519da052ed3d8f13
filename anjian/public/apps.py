from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "anjian.public"
    label = "public"
    verbose_name = _("Public reports and rewards")

    def ready(self) -> None:
        from anjian.core.chain import sealed
        from anjian.core.records import register_page

        from . import (
            desk,  # noqa: F401  (declares the work desk's section)
            figures,  # noqa: F401  (declares the figures other apps read)
            panels,  # noqa: F401  (declares the dashboard's panel)
            scopes,  # noqa: F401  (registers the jurisdiction scopes and photo visibility)
        )
        from .models import CasePublication, PublicReport, ReportEvent, Reward

        register_page(PublicReport, "public:report_detail")
        register_page(CasePublication, "public:case_detail")
        register_page(Reward, "public:reward_detail")
        # Each report's steps form one chain (the report is locked while a step is signed).
        sealed(ReportEvent, chain=lambda e: f"public-report:{e.report_id}", fields=(
            "report", "action", "from_state", "to_state", "actor", "actor_name", "actor_unit", "at", "note",
            "public_text", "data",
        ))  # fmt: skip
