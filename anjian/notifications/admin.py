"""Where the county office configures the group robots of its units and the schedule of the scans."""

from django.contrib import admin

from .models import Delivery, Notification, Preference, ScheduledScan, Webhook


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "department", "enabled"]
    list_filter = ["kind", "enabled"]
    raw_id_fields = ["region", "department"]


@admin.register(ScheduledScan)
class ScheduledScanAdmin(admin.ModelAdmin):
    list_display = ["code", "every_minutes", "enabled", "last_run", "next_run", "failures", "last_error"]
    readonly_fields = ["last_run", "last_success", "failures", "last_error"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "address", "status", "attempts", "last_error"]
    list_filter = ["status", "channel"]
    readonly_fields = [f.name for f in Delivery._meta.fields]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "verb", "text", "read_at"]
    list_filter = ["verb"]
    raw_id_fields = ["recipient"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "webhook", "sms"]
    raw_id_fields = ["user"]
