from __future__ import annotations

from rest_framework import serializers

from ..models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    unread = serializers.BooleanField(read_only=True, help_text="Not yet marked read.")

    class Meta:
        model = Notification
        fields = ["id", "verb", "text", "target_url", "unread", "created_at", "read_at"]
        read_only_fields = fields


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notices were marked read.")
