"""Text a person sends, checked alike everywhere in the duties: stripped, no control characters, not too long;
each problem added to `errors` under its field (services raise them all at once)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from anjian.core.validators import CONTROL_CHARACTERS_MESSAGE, has_control_characters

NAME_LIMIT = 40  # a person's name


def text(value, field: str, limit: int, errors: dict) -> str:
    """`value` stripped ("" for None); a refusal in `errors[field]` when it is not text, holds a control
    character or is longer than `limit`."""
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[field] = [_("Enter text.")]
        return ""
    if has_control_characters(value):
        errors[field] = [str(CONTROL_CHARACTERS_MESSAGE)]
        return ""
    value = value.strip()
    if len(value) > limit:
        errors[field] = [_("At most %(limit)s characters (it has %(n)s).") % {"limit": limit, "n": len(value)}]
    return value


def strings(value, field: str, limit: int, errors: dict) -> list[str]:
    """A list of texts, each checked as `text` does."""
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors[field] = [_("Give a list of texts.")]
        return []
    found: dict = {}
    texts = [text(v, field, limit, found) for v in value]
    errors.update(found)
    return texts
