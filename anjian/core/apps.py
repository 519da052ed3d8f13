from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "anjian.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core.checks import register
        from django.core.signals import request_finished, request_started
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import freshness, jobs, lockout, pg_guard, security_log, tokens
        from .audit import protect_history

        protect_history()
        tokens.connect()
        security_log.connect()
        lockout.connect()
        post_migrate.connect(pg_guard.installed_after_migrate, dispatch_uid="anjian-pg-guard")
        connection_created.connect(freshness.install, dispatch_uid="anjian-freshness")
        request_started.connect(freshness.request_started, dispatch_uid="anjian-freshness-request-started")
        request_finished.connect(freshness.request_finished, dispatch_uid="anjian-freshness-request-finished")
        register(jobs.redis_answers)  # `anjian check` warns when ANJIAN_REDIS_URL is set and Redis does not answer
