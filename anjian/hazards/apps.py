from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazardsConfig(AppConfig):
    name = "anjian.hazards"
    label = "hazards"
    verbose_name = _("Hazards")

    def ready(self) -> None:
        from . import (
            figures,  # noqa: F401  (declares the figures other apps read)
            scopes,  # noqa: F401  (registers the jurisdiction scopes)
        )
