"""Storing uploads: photos (checked, thumbnailed) and documents (PDF, DOCX, XLSX), each checked for what it
claims to be and stored once by content hash."""

from __future__ import annotations

import hashlib
import io
import zipfile
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import Attachment

MAX_IMAGE_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
THUMBNAIL_SIZE = (320, 320)
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The [Content_Types].xml entry of an Office Open XML file's main part says which kind it is.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
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
    return _store(
        data,
        digest,
        IMAGE_TYPES[image.format],
        upload,
        user,
        width=image.width,
        height=image.height,
        thumbnail=_thumbnail(image),
    )


def store_document(upload, user=None) -> Attachment:
    """Check an uploaded document (PDF, DOCX, XLSX, or a JPEG, PNG or WebP image) and return its Attachment.

    The bytes decide, not the name: a PDF must start with %PDF- and open in pypdf; a DOCX or XLSX must be
    a zip whose [Content_Types].xml names the Word or Excel main part; images go through store_image.
    """
    data = upload.read()
    if not data:
        raise ValidationError(_("The file is empty."))
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The document is larger than 20 MB."))
    name = (getattr(upload, "name", "") or "")[:200]
    if data.startswith(IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return store_image(ContentFile(data, name=name), user)
    digest = hashlib.sha256(data).hexdigest()
    existing = Attachment.objects.filter(sha256=digest).first()
    if existing:
        return existing
    if data.lstrip()[:5] == b"%PDF-":
        _check_pdf(data)
        content_type = PDF
    elif data[:4] == b"PK\x03\x04":
        content_type = _office_type(data)
    else:
        raise ValidationError(
            _("Only PDF, Word (.docx) or Excel (.xlsx) documents, or JPEG, PNG or WebP images are accepted.")
        )
    return _store(data, digest, content_type, upload, user)


def _store(data: bytes, digest: str, content_type: str, upload, user, *, width=None, height=None, thumbnail=None):
    """Write checked bytes once under their hash (with the thumbnail of a photo) and save the row."""
    attachment = Attachment(
        sha256=digest,
        content_type=content_type,
        size=len(data),
        width=width,
        height=height,
        original_name=(getattr(upload, "name", "") or "")[:200],
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    attachment.file.save(f"{digest}{attachment.extension}", ContentFile(data), save=False)
    if thumbnail is not None:
        attachment.thumbnail.save(f"{digest}.jpg", ContentFile(thumbnail), save=False)
    attachment.save()
    return attachment


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(_("This PDF is password-protected; upload it without a password."))
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds on malformed input; all mean "cannot be read"
        raise ValidationError(_("This PDF cannot be read (it is damaged or not really a PDF).")) from exc
    if pages == 0:
        raise ValidationError(_("This PDF has no pages."))


def _office_type(data: bytes) -> str:
    """DOCX or XLSX by the main part [Content_Types].xml declares (and the zip holds); else refused."""
    refused = ValidationError(_("This zip file is not a Word (.docx) or Excel (.xlsx) document."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES_BYTES:
                raise refused
            raw = archive.read(info)
            if b"<!DOCTYPE" in raw.upper():
                raise refused  # a DTD can declare entities; [Content_Types].xml never has one
            root = ElementTree.fromstring(raw)  # noqa: S314 (no DTD, so no entity expansion; size capped)
            names = set(archive.namelist())
    except (
        KeyError,
        zipfile.BadZipFile,
        ElementTree.ParseError,
        OSError,
        ValueError,
        EOFError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        raise refused from exc
    for override in root.iter("{http://schemas.openxmlformats.org/package/2006/content-types}Override"):
        kind = OOXML_MAIN_PARTS.get(override.get("ContentType", ""))
        if kind and override.get("PartName", "").lstrip("/") in names:
            return kind
    raise refused


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
