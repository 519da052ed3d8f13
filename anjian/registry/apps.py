from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "anjian.registry"
    label = "registry"
    verbose_name = _("Enterprise registry")

    def ready(self) -> None:
        from anjian.core.records import register_page

        from . import (
            figures,  # noqa: F401  (declares the figures other apps read)
            scopes,  # noqa: F401  (registers the jurisdiction scopes)
        )
        from .models import Enterprise

        register_page(Enterprise, "registry:enterprise_detail")  # where a counted unit opens
