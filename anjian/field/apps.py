from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldConfig(AppConfig):
    name = "anjian.field"
    label = "field"
    verbose_name = _("Offline field app")
