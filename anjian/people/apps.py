from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "anjian.people"
    label = "people"
    verbose_name = _("People, training and certificates")

    def ready(self) -> None:
        from anjian.core.records import register_page

        from . import (
            desk,  # noqa: F401  (declares the work desk's sections)
            figures,  # noqa: F401  (declares the figures other apps read)
            scopes,  # noqa: F401  (registers the jurisdiction scopes and the unit page's links)
            spot_checks,  # noqa: F401  (registers the records behind a failed spot-check item)
        )
        from .models import Permit, Person, TrainingRecord

        register_page(Person, "people:detail")
        register_page(Permit, "people:permit_detail")
        register_page(TrainingRecord, "people:detail", via="person_id")  # shown among its person's records
