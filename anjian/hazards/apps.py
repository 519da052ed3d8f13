from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazardsConfig(AppConfig):
    name = "anjian.hazards"
    label = "hazards"
    verbose_name = _("Hazards")

    def ready(self) -> None:
        from anjian.core.records import register_page

        from . import (
            desk,  # noqa: F401  (declares the work desk's sections)
            figures,  # noqa: F401  (declares the figures other apps read)
            panels,  # noqa: F401  (declares the dashboard's panel)
            scopes,  # noqa: F401  (registers the jurisdiction scopes)
        )
        from .models import Hazard

        register_page(Hazard, "hazards:detail")  # where a counted hazard opens
        from anjian.core.chain import sealed

        from .models import HazardEvent

        # Each hazard's signed steps form one chain (the hazard is locked while a step is signed).
        sealed(HazardEvent, chain=lambda e: f"hazard:{e.hazard_id}", fields=(
            "hazard", "action", "from_state", "to_state", "actor", "actor_name", "actor_role", "signed_at",
            "comment", "substantive", "data",
        ))  # fmt: skip
