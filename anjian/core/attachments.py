"""Storing uploads: photos (checked, re-encoded to their pixels alone, thumbnailed) and documents (PDF, DOCX,
XLSX), each checked for what it claims to be and stored once by content hash.

Sizes are checked before anything is read (core.uploads truncates an over-large upload while it streams in,
keeping its size over every limit here); an image's pixel count is checked from its header before it is
decoded (decompression bombs); a PDF that acts by itself (scripts, launching, embedded files) is refused."""

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
# MPO: a JPEG with more pictures after the first (some phones' depth or motion shots): stored as its first, a JPEG.
IMAGE_TYPES = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Width × height, read from the header before decoding: a 12 KB PNG of 9,990 × 9,990 pixels costs 568 MB
# decoded. 40 million is more than any phone camera takes.
MAX_IMAGE_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS  # Pillow's own guard, wherever else an image is opened
JPEG_QUALITY = 90  # also WebP's
EXIF_ORIENTATION = 0x0112
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
# What makes a PDF act by itself when it is opened; a report, minutes or a plan needs none of it.
# Keys: scripts (document-level and in actions), automatic actions on pages and fields, embedded files, XFA forms.
PDF_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/EmbeddedFiles", "/EF", "/RichMediaContent", "/XFA"})
# Names (action, annotation and object types): scripts, programs, other or embedded files, forms that send
# data, multimedia and 3D players.
PDF_ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/EmbeddedFile",
        "/FileAttachment",
        "/RichMedia",
        "/Movie",
        "/Sound",
        "/Rendition",
        "/Screen",
        "/3D",
        "/GoTo3DView",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
    }
)
PDF_URI_SCHEMES = ("http://", "https://", "mailto:")  # a link to a web page or an address: nothing else
PDF_NAMED_ACTIONS = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})  # not Print, SaveAs…
MAX_PDF_OBJECTS = 500_000


def store_image(upload, user=None) -> Attachment:
    """Check an uploaded image and return its Attachment (an existing one when the same photo came before).

    What is stored is the image re-encoded in its own format (JPEG and WebP at quality 90, PNG optimised): its
    pixels with the orientation applied and its colour profile, nothing else (no EXIF with its GPS position,
    comment or XMP, nothing after the image's end). It is named by the hash of those stored bytes. The same
    upload again re-encodes to the same bytes, so it is the same Attachment, as is a photo whose very bytes are
    stored already (one kept before re-encoding began): the quality checks recognise a reused photo by it."""
    data = _read(upload, MAX_IMAGE_BYTES, _("The photo is larger than 10 MB."))
    existing = Attachment.objects.filter(sha256=_sha256(data)).first()
    if existing:
        return existing
    image = _decode(data)
    content_type = IMAGE_TYPES[image.format]
    image, stored = _reencode(image)
    digest = _sha256(stored)
    existing = Attachment.objects.filter(sha256=digest).first()
    if existing:
        return existing
    width, height = image.size
    thumbnail = _thumbnail(image)
    return _store(stored, digest, content_type, upload, user, width=width, height=height, thumbnail=thumbnail)


def store_document(upload, user=None) -> Attachment:
    """Check an uploaded document (PDF, DOCX, XLSX, or a JPEG, PNG or WebP image) and return its Attachment.

    The bytes decide, not the name: a PDF must start with %PDF-, open in pypdf and do nothing by itself; a DOCX
    or XLSX must be a zip whose [Content_Types].xml names the Word or Excel main part; images go through
    store_image. Anything else (SVG, HTML, scripts, programs…) is refused.
    """
    data = _read(upload, MAX_DOCUMENT_BYTES, _("The document is larger than 20 MB."))
    name = (getattr(upload, "name", "") or "")[:200]
    if data.startswith(IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return store_image(ContentFile(data, name=name), user)
    digest = _sha256(data)
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


def _read(upload, limit: int, too_large: str) -> bytes:
    """The upload's bytes: refused by its size before any is read, and never more than limit + 1 read."""
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(too_large)
    data = upload.read(limit + 1)
    if not data:
        raise ValidationError(_("The file is empty."))
    if len(data) > limit:
        raise ValidationError(too_large)
    return data


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _store(data: bytes, digest: str, content_type: str, upload, user, *, width=None, height=None, thumbnail=None):
    """Write checked bytes once under their hash (with the thumbnail of a photo) and save the row."""
    name = "".join(c for c in (getattr(upload, "name", "") or "") if c.isprintable())
    attachment = Attachment(
        sha256=digest,
        content_type=content_type,
        size=len(data),
        width=width,
        height=height,
        original_name=name[:200],
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    attachment.file.save(f"{digest}{attachment.extension}", ContentFile(data), save=False)
    if thumbnail is not None:
        attachment.thumbnail.save(f"{digest}.jpg", ContentFile(thumbnail), save=False)
    attachment.save()
    return attachment


# --- PDF -------------------------------------------------------------------------------------------------


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(_("This PDF is password-protected; upload it without a password."))
        pages = len(reader.pages)
        active = _pdf_active_part(reader)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds on malformed input; all mean "cannot be read"
        raise ValidationError(_("This PDF cannot be read (it is damaged or not really a PDF).")) from exc
    if pages == 0:
        raise ValidationError(_("This PDF has no pages."))
    if active:
        raise ValidationError(
            _(
                "This PDF contains scripts, automatic actions or embedded files, which are not accepted; save it"
                " again as a plain PDF (for example with “Print to PDF”) and upload that."
            )
        )


def _pdf_active_part(reader) -> str:
    """The first part of the PDF that acts by itself (a key or a name), or ''.

    Every object pypdf finds is read: those the trailer leads to and every one its cross-reference tables
    list (objects inside object streams too), with names as pypdf decodes them (#-escapes resolved). The data
    of streams (page contents, images) is not decoded: no action lives there."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    stack: list = [reader.trailer]
    for generation, numbers in reader.xref.items():
        stack.extend(IndirectObject(number, generation, reader) for number in numbers if number)
    stack.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    seen: set[tuple[int, int]] = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            if len(seen) > MAX_PDF_OBJECTS:
                return "objects"  # more than any report holds: not checked, so not accepted
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            found = _pdf_active_entry(obj)
            if found:
                return found
            stack.extend(dict.values(obj))  # unresolved: references go through `seen`
        elif isinstance(obj, ArrayObject):
            stack.extend(list.__iter__(obj))
        elif isinstance(obj, NameObject) and obj in PDF_ACTIVE_NAMES:
            return str(obj)
    return ""


def _pdf_active_entry(obj) -> str:
    """An active key of one dictionary, a link to anything but a web page or an address, a named action other
    than turning pages, or an open action other than going to a page."""
    found = next((str(key) for key in obj if key in PDF_ACTIVE_KEYS), "")
    if found:
        return found
    kind = obj.get("/S")
    if kind == "/URI":
        uri = obj.get("/URI")
        text = uri.decode("latin-1") if isinstance(uri, bytes) else str(uri or "")
        if not text.strip().lower().startswith(PDF_URI_SCHEMES):
            return "/URI"
    if kind == "/Named" and obj.get("/N") not in PDF_NAMED_ACTIONS:
        return "/Named"
    action = obj.get("/OpenAction")  # a destination (an array) shows a page; an action must only go to one
    if action is not None and hasattr(action, "keys") and action.get("/S") != "/GoTo":
        return "/OpenAction"
    return ""


# --- Office Open XML -------------------------------------------------------------------------------------


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


# --- images ----------------------------------------------------------------------------------------------


def _decode(data: bytes) -> Image.Image:
    """The image decoded, once its type and its width × height (from the header alone) are acceptable."""
    try:
        with Image.open(io.BytesIO(data)) as probe:  # reads the header only: no pixel is decoded here
            if probe.format not in IMAGE_TYPES:
                raise ValidationError(_("Only JPEG, PNG or WebP photos are accepted."))
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError(f"{probe.width} × {probe.height} pixels")
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:  # Pillow's too, in Image.open
        raise ValidationError(
            _("The photo has more than %(million)d million pixels; make it smaller and upload it again.")
            % {"million": MAX_IMAGE_PIXELS // 1_000_000}
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("This file is not a photo that can be read (JPEG, PNG or WebP).")) from exc
    return image


def _reencode(image: Image.Image) -> tuple[Image.Image, bytes]:
    """The image turned upright and saved anew in its format with its colour profile and nothing else of the
    original's: (the upright image, the bytes to store)."""
    fmt = image.format
    kept = {"icc_profile": image.info.get("icc_profile")}
    if fmt == "PNG":
        kept["transparency"] = image.info.get("transparency")  # a palette's transparent colour is pixels
    if _orientation(image) in range(2, 9):
        image = ImageOps.exif_transpose(image)
    image.info = {}  # Pillow's writers take a comment, EXIF or XMP from here: nothing of the upload's
    params = {key: value for key, value in kept.items() if value is not None}
    out = io.BytesIO()
    if fmt in ("JPEG", "MPO"):
        if image.mode not in ("L", "RGB", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, **params)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True, **params)
    else:
        image.save(out, "WEBP", quality=JPEG_QUALITY, **params)
    return image, out.getvalue()


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(EXIF_ORIENTATION, 1))
    except (SyntaxError, ValueError, TypeError, KeyError, OSError):  # unreadable EXIF: kept as it is drawn
        return 1


def _thumbnail(image: Image.Image) -> bytes:
    """A JPEG at most THUMBNAIL_SIZE (the image is reduced in place: its full-size pixels are not needed after)."""
    thumb = image if image.mode == "RGB" else image.convert("RGB")
    thumb.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    thumb.save(out, "JPEG", quality=80)
    return out.getvalue()
