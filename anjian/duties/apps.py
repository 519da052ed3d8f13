from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    name = "anjian.duties"
    label = "duties"
    verbose_name = _("Enterprise duties")

    def ready(self) -> None:
        from anjian.core.records import register_page

        from . import (
            desk,  # noqa: F401  (declares the work desk's sections)
            figures,  # noqa: F401  (declares the figures other apps read)
            scopes,  # noqa: F401  (registers the jurisdiction scopes)
            spot_checks,  # noqa: F401  (registers the records behind a failed spot-check item)
        )
        from .models import DutyOccurrence, DutyReport, OutsourcingContract

        register_page(DutyOccurrence, "duties:occurrence")
        register_page(OutsourcingContract, "duties:contract")
        register_page(DutyReport, "duties:report")
