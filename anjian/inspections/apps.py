from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "anjian.inspections"
    label = "inspections"
    verbose_name = _("Inspections and enforcement")

    def ready(self) -> None:
        from . import (
            figures,  # noqa: F401  (declares the figures other apps read)
            rules,  # noqa: F401  (connects the guard that keeps signed visits immutable)
            scopes,  # noqa: F401  (registers the jurisdiction scopes)
        )
