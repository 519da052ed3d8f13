from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "anjian.risk"
    label = "risk"
    verbose_name = _("Risk graded control")

    def ready(self) -> None:
        from . import (
            panels,  # noqa: F401  (declares the dashboard's panel)
            scopes,  # noqa: F401  (registers the jurisdiction scopes)
        )
