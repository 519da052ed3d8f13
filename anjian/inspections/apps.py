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
        from anjian.core.chain import sealed

        from .models import Signature

        # A visit's signatures form one chain (the visit is locked while signed); a department's documents of a
        # kind and year another (their number counter is locked while one is issued).
        sealed(
            Signature,
            chain=lambda s: f"inspection:{s.inspection_id}",
            fields=("inspection", "role", "signer", "signer_name", "image", "signed_at"),
        )
        sealed(EnforcementDocument, chain=lambda d: f"documents:{d.department_id}:{d.year}:{d.kind}", fields=(
            "department", "year", "sequence", "number", "kind", "unit", "inspection", "action", "issued_on", "facts",
            "decision", "deadline", "issued_by",
        ))  # fmt: skip
