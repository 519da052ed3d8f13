"""Photos sent in parts (the offline field app on a weak signal): each part is written where it belongs in a file
of its own under MEDIA_ROOT/field-uploads/<id>/, the count of bytes received moves on only over contiguous bytes,
and a part that begins beyond it is refused with that count so the phone resumes from there. A part that overlaps
bytes already received is accepted again (a retry whose answer was lost). Complete, the bytes are checked and
stored like any photo (core.attachments.store_image) by whatever attaches them; uploads left for 7 days are pruned.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core.attachments import MAX_IMAGE_BYTES, store_image
from anjian.core.models import Attachment

from .models import Upload, UploadType

MAX_PART_BYTES = 1024 * 1024  # one part: small enough to get through a weak signal, retried whole if not
MAX_OPEN_UPLOADS = 100  # incomplete uploads one user may hold at once (the disk is shared)
STALE_AFTER = dt.timedelta(days=7)
RANGE = re.compile(r"^bytes (\d{1,10})-(\d{1,10})/(\d{1,10})$")


class Gap(Exception):
    """A part beginning beyond the bytes received: the phone resumes from `received`."""

    def __init__(self, received: int) -> None:
        super().__init__(received)
        self.received = received


class Incomplete(Gap):
    """An upload attached before all its bytes arrived."""


@dataclass(frozen=True)
class Part:
    start: int
    end: int  # inclusive, as in Content-Range
    total: int


def directory(upload: Upload) -> Path:
    return Path(settings.MEDIA_ROOT) / "field-uploads" / str(upload.pk)


def data_path(upload: Upload) -> Path:
    return directory(upload) / "data"


def check_new(owner, *, size: int, content_type: str) -> None:
    """A new upload: a photo type, at most the photo limit, and not too many open at once."""
    errors = {}
    if content_type not in UploadType.values:
        errors["content_type"] = [_("Only JPEG, PNG or WebP photos are accepted.")]
    if size > MAX_IMAGE_BYTES:
        errors["size"] = [_("The photo is larger than 10 MB.")]
    if size < 1:
        errors["size"] = [_("The file is empty.")]
    if errors:
        raise ValidationError(errors)
    open_ones = Upload.objects.filter(
        owner=owner, attachment__isnull=True, created_at__gte=timezone.now() - STALE_AFTER
    )
    if open_ones.count() >= MAX_OPEN_UPLOADS:
        raise ValidationError(
            {"client_uuid": [_("Too many photos are still being sent; finish or wait for them first.")]}
        )


def start(owner, *, client_uuid, filename: str, size: int, content_type: str) -> Upload:
    check_new(owner, size=size, content_type=content_type)
    name = "".join(c for c in filename if c.isprintable())[:200]
    upload = Upload.objects.create(
        client_uuid=client_uuid, owner=owner, filename=name, size=size, content_type=content_type
    )
    directory(upload).mkdir(parents=True, exist_ok=True)
    return upload


def parse_range(header: str | None, upload: Upload) -> Part:
    """Content-Range: bytes START-END/TOTAL, TOTAL the upload's size; ValidationError keyed content_range."""
    match = RANGE.match((header or "").strip())
    if match is None:
        raise ValidationError({"content_range": [_("Send the header Content-Range: bytes START-END/TOTAL.")]})
    part = Part(*(int(g) for g in match.groups()))
    if part.total != upload.size:
        raise ValidationError(
            {
                "content_range": [
                    _("The total must be the size given when the upload began (%(size)s).") % {"size": upload.size}
                ]
            }
        )
    if part.end < part.start or part.end >= part.total:
        raise ValidationError({"content_range": [_("The range must lie within the file, its end after its start.")]})
    if part.end - part.start + 1 > MAX_PART_BYTES:
        raise ValidationError({"content_range": [_("A part holds at most 1 MB.")]})
    return part


def receive(upload_id: int, owner, part: Part, data: bytes) -> int:
    """Write one part; returns the bytes received since the start. Gap when it begins beyond them."""
    if len(data) != part.end - part.start + 1:
        raise ValidationError({"body": [_("The body's length differs from the range in Content-Range.")]})
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload_id, owner=owner)  # one part at a time
        if part.start > upload.received:
            raise Gap(upload.received)
        new = data[upload.received - part.start :]
        if new:
            path = data_path(upload)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("r+b" if path.exists() else "wb") as out:
                out.seek(upload.received)
                out.write(new)
            upload.received += len(new)
        upload.save(update_fields=["received", "updated_at"])
    return upload.received


def attachment_of(upload: Upload, user) -> Attachment:
    """The complete upload checked and stored as a photo (once: a replay finds the same Attachment).
    Refused like a photo sent whole (ValidationError), Incomplete before its last byte."""
    if upload.attachment_id:
        return upload.attachment
    if not upload.complete:
        raise Incomplete(upload.received)
    with data_path(upload).open("rb") as handle:
        attachment = store_image(File(handle, name=upload.filename or "photo"), user)
    upload.attachment = attachment
    upload.save(update_fields=["attachment", "updated_at"])
    transaction.on_commit(lambda: shutil.rmtree(directory(upload), ignore_errors=True))
    return attachment


def prune(now: dt.datetime | None = None) -> int:
    """Remove uploads without a part for 7 days, with their bytes; returns how many."""
    stale = Upload.objects.filter(updated_at__lt=(now or timezone.now()) - STALE_AFTER)
    removed = 0
    for upload in stale.only("pk").iterator():
        shutil.rmtree(directory(upload), ignore_errors=True)
        removed += 1
    stale.delete()
    return removed
