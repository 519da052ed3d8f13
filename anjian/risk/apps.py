from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "anjian.risk"
    label = "risk"
    verbose_name = _("Risk graded control")

    def ready(self) -> None:
        from . import scopes  # noqa: F401  (registers the jurisdiction scopes)
