from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "anjian.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import lockout, pg_guard, security_log, tokens
        from .audit import protect_history

        protect_history()
        tokens.connect()
        security_log.connect()
        lockout.connect()
        post_migrate.connect(pg_guard.installed_after_migrate, dispatch_uid="anjian-pg-guard")
