from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    name = "anjian.summaries"
    label = "summaries"
    verbose_name = _("County-by-month summaries")

    def ready(self) -> None:
        from . import panels  # noqa: F401  (declares the dashboard's province overview)
