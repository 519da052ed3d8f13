from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklogConfig(AppConfig):
    name = "anjian.worklog"
    label = "worklog"
    verbose_name = _("Work of the offices")

    def ready(self) -> None:
        from . import (
            figures,  # noqa: F401  (declares the figures other apps read)
            scopes,  # noqa: F401  (registers the jurisdiction scopes)
        )
