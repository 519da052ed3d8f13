from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergencyConfig(AppConfig):
    name = "anjian.emergency"
    label = "emergency"
    verbose_name = _("Drills, emergency plans and accidents")

    def ready(self) -> None:
        from anjian.core.records import register_page

        from . import (
            desk,  # noqa: F401  (declares the work desk's sections)
            figures,  # noqa: F401  (declares the figures other apps read)
            panels,  # noqa: F401  (declares the dashboard's panel)
            scopes,  # noqa: F401  (registers the jurisdiction scopes, file visibility and unit links)
            spot_checks,  # noqa: F401  (registers the records behind a failed spot-check item)
        )
        from .models import Accident, Drill, EmergencyPlan

        register_page(Drill, "emergency:drill")  # where a counted drill opens
        register_page(EmergencyPlan, "emergency:plan")
        register_page(Accident, "emergency:accident")
