"""Admin of the registry. History is read-only (SIMPLE_HISTORY_REVERT_DISABLED)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ("name", "credit_code", "sector", "region", "status", "high_risk", "principal")
    list_filter = ("status", "high_risk", "above_scale", "sector")
    search_fields = ("name", "credit_code", "principal")
    list_select_related = ("sector", "region")
    raw_id_fields = ("region", "grid", "responsible_department", "responsible_town")
    filter_horizontal = ("experts",)
    readonly_fields = ("high_risk", "created_at", "updated_at")
