"""What the report services share: the signed step, texts checked by field, the lock of a report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from anjian.core.attachments import store_image
from anjian.core.validators import (
    COMMENT_MAX_LENGTH,
    CONTROL_CHARACTERS_MESSAGE,
    DESCRIPTION_MAX_LENGTH,
    has_control_characters,
)

from ..models import PublicReport, ReportEvent, ReportPhoto
from ..routing import unit_name_of

MAX_PHOTOS = 6
LIMITS = {
    "description": DESCRIPTION_MAX_LENGTH,
    "address": 200,
    "unit_name": 120,
    "name": 40,
    "phone": 20,
    "note": COMMENT_MAX_LENGTH,
    "public_text": COMMENT_MAX_LENGTH,
    "reason": COMMENT_MAX_LENGTH,
    "text": COMMENT_MAX_LENGTH,
    "payment_note": 80,
    # a typical case's publication (models.cases)
    "title": 120,
    "facts": DESCRIPTION_MAX_LENGTH,
    "basis": COMMENT_MAX_LENGTH,
    "outcome": COMMENT_MAX_LENGTH,
}


@sensitive_variables()
def clean_texts(values: dict[str, Any], errors: dict, *names: str) -> dict[str, str]:
    """The named texts stripped; what is not text, holds control characters or is too long is refused by field."""
    out = {}
    for name in names:
        value = values.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors[name] = [_("Enter text.")]
            continue
        value = value.strip()
        if has_control_characters(value):
            errors[name] = [str(CONTROL_CHARACTERS_MESSAGE)]
        elif len(value) > LIMITS[name]:
            errors[name] = [
                _("Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).")
                % {"limit_value": LIMITS[name], "show_value": len(value)}
            ]
        out[name] = value
    return out


def sign(
    user,
    report: PublicReport,
    action: str,
    from_state: str,
    *,
    note: str = "",
    public_text: str = "",
    **data: Any,
) -> ReportEvent:
    """One step of `report` (whose new state is already set), signed by `user` or, with no user, the reporter."""
    known = user is not None and getattr(user, "is_authenticated", False)
    return ReportEvent.objects.create(
        report=report,
        action=action,
        from_state=from_state,
        to_state=report.state,
        actor=user if known else None,
        actor_name=((getattr(user, "full_name", "") or user.get_username())[:40]) if known else "",
        actor_unit=unit_name_of(user) if known else "",
        note=note,
        public_text=public_text,
        data={k: _plain(v) for k, v in data.items() if v not in (None, "")},
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def store_photos(report: PublicReport, uploads, user=None, event: ReportEvent | None = None) -> list[ReportPhoto]:
    """Check and store each photo (re-encoded: its EXIF, GPS position included, is dropped) and attach it once."""
    photos = []
    for upload in uploads or ():
        attachment = store_image(upload, user)
        photo, _created = ReportPhoto.objects.get_or_create(
            report=report, attachment=attachment, defaults={"event": event}
        )
        photos.append(photo)
    return photos


def check_photos(uploads, errors: dict) -> list:
    uploads = list(uploads or ())
    if len(uploads) > MAX_PHOTOS:
        errors["photos"] = [_("Send at most %(count)d photos.") % {"count": MAX_PHOTOS}]
    return uploads


def raise_if(errors: dict, error=ValidationError) -> None:
    if errors:
        raise error(errors)
