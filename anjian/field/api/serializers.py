"""How the field app's answers look on the wire."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from anjian.core.attachments import MAX_IMAGE_BYTES

from ..models import Upload, UploadType


class BundleUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField(), help_text=_("The user's role codes."))


class BundleUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()
    sector_code = serializers.CharField()
    sector_name = serializers.CharField()
    town = serializers.CharField(help_text=_("The name of the town the unit lies in."))
    grid = serializers.CharField(help_text=_("The name of the unit's grid; empty when it has none."))


class BundleItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    group = serializers.CharField()


class BundleChecklistSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    sector_code = serializers.CharField(help_text=_("Empty for the general checklist every unit may be checked with."))
    items = BundleItemSerializer(many=True)


class BundleSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    user = BundleUserSerializer()
    units = BundleUnitSerializer(
        many=True, help_text=_("The units within your jurisdiction, by name, at most ANJIAN_FIELD_BUNDLE_MAX (2000).")
    )
    truncated = serializers.BooleanField(help_text=_("True when more units lie within your jurisdiction than sent."))
    checklists = BundleChecklistSerializer(many=True, help_text=_("The checklists of those units' sectors."))
    sources = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        help_text=_("The hazard sources as [code, label] pairs."),
    )


class UploadCreateSerializer(serializers.Serializer):
    client_uuid = serializers.UUIDField(
        help_text=_("The phone's id of this upload: a replay by the same user answers 200 with the same upload.")
    )
    filename = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    size = serializers.IntegerField(
        min_value=1, max_value=MAX_IMAGE_BYTES, help_text=_("The photo's size in bytes, at most 10 MB.")
    )
    content_type = serializers.ChoiceField(
        choices=UploadType.choices, error_messages={"invalid_choice": _("Only JPEG, PNG or WebP photos are accepted.")}
    )


class UploadSerializer(serializers.ModelSerializer):
    complete = serializers.BooleanField(read_only=True, help_text=_("All bytes received."))

    class Meta:
        model = Upload
        fields = ["id", "client_uuid", "received", "size", "complete"]
        read_only_fields = fields


class ReceivedSerializer(serializers.Serializer):
    received = serializers.IntegerField(help_text=_("The bytes received from the start: send the next part from here."))


class UploadErrorSerializer(serializers.Serializer):
    content_range = serializers.ListField(child=serializers.CharField(), required=False)
    body = serializers.ListField(child=serializers.CharField(), required=False)
