"""Pieces every page of the duties uses: a record within the user's jurisdiction (or 404), refusals put on a
form's fields, the files stored for an upload (and forgotten again when the save is refused)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from anjian.core.attachments import store_document
from anjian.core.models import Attachment
from anjian.org.jurisdiction import restrict


def visible(user, queryset, pk: int):
    """The row if `user` may see it; outside the jurisdiction it does not exist (404)."""
    return get_object_or_404(restrict(user, queryset), pk=pk)


def add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def store(files, user) -> list[Attachment]:
    stored = []
    for upload in files or ():
        try:
            stored.append(store_document(upload, user))
        except ValidationError as exc:
            raise ValidationError({"files": [f"{upload.name}: {m}" for m in exc.messages]}) from exc
    return stored


def forget(stored: list[Attachment]) -> None:
    """Files written inside a rolled-back transaction: leave no orphan on disk."""
    for attachment in stored:
        if not Attachment.objects.filter(pk=attachment.pk).exists():
            attachment.file.delete(save=False)
            if attachment.thumbnail:
                attachment.thumbnail.delete(save=False)


def int_list(values) -> list[int]:
    """The whole numbers among posted values (ids); anything else is left out."""
    out = []
    for value in values:
        text = str(value).strip()
        if text.isascii() and text.isdigit() and len(text) <= 18:
            out.append(int(text))
    return out
