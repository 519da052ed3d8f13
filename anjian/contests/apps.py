from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "anjian.contests"
    label = "contests"
    verbose_name = _("Knowledge contest")

    def ready(self) -> None:
        from . import (
            figures,  # noqa: F401  (declares the figures the dashboard reads)
            scopes,  # noqa: F401  (registers the jurisdiction scopes)
        )
