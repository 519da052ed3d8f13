"""The API shapes of this app: the warnings a save returns, and the criteria suggestion's query and rows.

The endpoints themselves sit with the hazards' (hazards/api/views.py): the warnings ride on the hazard's
create and transition responses, the suggestion is /api/v1/criteria/suggest/."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from anjian.org.models import Sector

from .suggest import DEFAULT_LIMIT, MAX_LIMIT

SUGGEST_TEXT_MAX = 2000


class QualityWarningSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("What is wrong: vague_description, plan_no_funds, photo_reused …"))
    message = serializers.CharField(help_text=_("The reason, for the person who entered the record."))


class SuggestQuerySerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=SUGGEST_TEXT_MAX, help_text=_("The hazard's description, at most 2000 characters.")
    )
    sector = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Sector.objects.all(),
        required=False,
        help_text=_("Only the criteria of this sector (its code, e.g. fireworks)."),
    )
    limit = serializers.IntegerField(
        min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT, help_text=_("How many items, 1 to 20.")
    )

    def validate_text(self, value: str) -> str:
        if any(unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n\r" for c in value):
            raise serializers.ValidationError(_("The text contains control characters."))
        return value


class SuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    document = serializers.CharField(help_text=_("The standard's title."))
    doc_number = serializers.CharField()
    article = serializers.CharField(help_text=_("The article number, as the standard writes it."))
    item = serializers.CharField(help_text=_("The item within the article, if any."))
    text = serializers.CharField(help_text=_("The item's text, verbatim."))
    score = serializers.FloatField(help_text=_("BM25 score against the text; higher is better."))
