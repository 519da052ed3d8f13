from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .lockout import refuse_throttled
from .models import ApiToken

admin.site.site_header = _("Anjian administration")
admin.site.site_title = _("Anjian")
admin.site.index_title = _("Work Safety Supervision Platform")
admin.site.login = refuse_throttled(admin.site.login)  # the address throttle of the sign-in page (core.lockout)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are seen and revoked here, never read: only the hash is kept."""

    list_display = ["prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "prefix"]
    readonly_fields = ["user", "name", "key_hash", "prefix", "created_at", "expires_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # issued by the token endpoint or the account page, where the key is shown once

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset) -> None:
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
