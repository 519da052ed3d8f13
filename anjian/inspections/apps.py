from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "anjian.inspections"
    label = "inspections"
    verbose_name = _("Inspections and enforcement")

    def ready(self) -> None:
        from anjian.core.records import register_page

        from . import (
            desk,  # noqa: F401  (declares the work desk's section)
            figures,  # noqa: F401  (declares the figures other apps read)
            rules,  # noqa: F401  (connects the guard that keeps signed visits immutable)
            scopes,  # noqa: F401  (registers the jurisdiction scopes)
        )
        from .models import EnforcementDocument, Inspection

        register_page(Inspection, "inspections:detail")  # where a counted visit opens
        register_page(EnforcementDocument, "inspections:document_pdf")
