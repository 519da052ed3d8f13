"""Storing uploaded photos: checked (type, size, decodable), stored once by content hash, thumbnailed."""

from __future__ import annotations

import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import Attachment

MAX_IMAGE_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
THUMBNAIL_SIZE = (320, 320)
Image.MAX_IMAGE_PIXELS = 50_000_000  # refuse decompression bombs


def store_image(upload, user=None) -> Attachment:
    """Check an uploaded image and return its Attachment (an existing one when the same bytes came before)."""
    data = upload.read()
    if not data:
        raise ValidationError(_("The file is empty."))
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError(_("The photo is larger than 10 MB."))
    digest = hashlib.sha256(data).hexdigest()
    existing = Attachment.objects.filter(sha256=digest).first()
    if existing:
        return existing
    image = _decode(data)
    attachment = Attachment(
        sha256=digest,
        content_type=IMAGE_TYPES[image.format],
        size=len(data),
        width=image.width,
        height=image.height,
        original_name=(getattr(upload, "name", "") or "")[:200],
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    attachment.file.save(f"{digest}{attachment.extension}", ContentFile(data), save=False)
    attachment.thumbnail.save(f"{digest}.jpg", ContentFile(_thumbnail(image)), save=False)
    attachment.save()
    return attachment


def _decode(data: bytes) -> Image.Image:
    try:
        Image.open(io.BytesIO(data)).verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("This file is not a photo that can be read (JPEG, PNG or WebP).")) from exc
    if image.format not in IMAGE_TYPES:
        raise ValidationError(_("Only JPEG, PNG or WebP photos are accepted."))
    return image


def _thumbnail(image: Image.Image) -> bytes:
    thumb = ImageOps.exif_transpose(image).convert("RGB")
    thumb.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    thumb.save(out, "JPEG", quality=80)
    return out.getvalue()
