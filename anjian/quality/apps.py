from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "anjian.quality"
    label = "quality"
    verbose_name = _("Quality of entries")

    def ready(self) -> None:
        from . import (
            figures,  # noqa: F401  (declares the figures other apps read)
            scopes,  # noqa: F401  (registers the jurisdiction scopes)
        )
