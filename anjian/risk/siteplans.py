"""Site plans (总平面图) and the zones drawn on them, checked before they are stored.

Enterprises often have their plan only as a PDF from the design institute; its first page is rasterised
to an image here, so the four-colour map always draws on a plain image (and zones keep fractions of it).
"""

from __future__ import annotations

import io
import math
from numbers import Real

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image

from anjian.core.attachments import MAX_IMAGE_BYTES, store_image
from anjian.core.models import Attachment

MAX_PDF_BYTES = 30 * 1024 * 1024
RASTER_LONG_SIDE = 2000  # px: sharp enough for an A3 print, small enough to draw on quickly
MIN_POINTS, MAX_POINTS = 3, 200
MIN_AREA = 1e-6  # of the plan's area: anything smaller is a line or a slip of the mouse


def store_site_plan(upload, user=None) -> Attachment:
    """Store an uploaded plan (JPEG, PNG, WebP or PDF) as an image Attachment."""
    data = upload.read()
    if not data:
        raise ValidationError(_("The file is empty."))
    name = (getattr(upload, "name", "") or "site-plan")[:180]
    if data.lstrip()[:5] == b"%PDF-":
        if len(data) > MAX_PDF_BYTES:
            raise ValidationError(_("The PDF is larger than 30 MB."))
        data = pdf_first_page_image(data)
        name = name.rsplit(".", 1)[0] + (".png" if data[:4] == b"\x89PNG" else ".jpg")
    elif len(data) > MAX_IMAGE_BYTES:
        raise ValidationError(_("The image is larger than 10 MB."))
    try:
        return store_image(ContentFile(data, name=name), user)
    except ValidationError as exc:
        raise ValidationError(
            _("This file is not a site plan that can be read: upload a JPEG, PNG or WebP image or a PDF.")
        ) from exc


def pdf_first_page_image(data: bytes) -> bytes:
    """The PDF's first page as PNG bytes, long side RASTER_LONG_SIDE px (JPEG if the PNG is too large)."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # a deployment problem, not the user's: say exactly what is missing
        raise RuntimeError("Reading PDF site plans needs the pypdfium2 package; install it.") from exc
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ValidationError(_("This PDF cannot be read (it is damaged or password-protected).")) from exc
    try:
        if len(pdf) == 0:
            raise ValidationError(_("This PDF has no pages."))
        page = pdf[0]
        width, height = page.get_size()
        if min(width, height) <= 0:
            raise ValidationError(_("The first page of this PDF is empty."))
        scale = RASTER_LONG_SIDE / max(width, height)
        image = page.render(scale=scale, fill_color=(255, 255, 255, 255)).to_pil().convert("RGB")
    except pdfium.PdfiumError as exc:
        raise ValidationError(_("This PDF cannot be read (it is damaged or password-protected).")) from exc
    finally:
        pdf.close()
    return _encode(image)


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    if out.tell() <= MAX_IMAGE_BYTES:
        return out.getvalue()
    out = io.BytesIO()  # a scanned, photo-like plan: JPEG keeps it under the attachment limit
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def validate_polygon(points) -> list[list[float]]:
    """A zone's outline: 3–200 [x, y] fractions of the plan (0–1) enclosing a real area."""
    if not isinstance(points, list | tuple):
        raise ValidationError(_("A zone is a list of [x, y] points."))
    if not MIN_POINTS <= len(points) <= MAX_POINTS:
        raise ValidationError(
            _("A zone needs between %(min)d and %(max)d points; it has %(n)d.")
            % {"min": MIN_POINTS, "max": MAX_POINTS, "n": len(points)}
        )
    clean: list[list[float]] = []
    for number, point in enumerate(points, start=1):
        if not (isinstance(point, list | tuple) and len(point) == 2 and all(_is_number(v) for v in point)):
            raise ValidationError(_("Point %(n)d is not a pair of numbers [x, y].") % {"n": number})
        x, y = float(point[0]), float(point[1])
        if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
            raise ValidationError(_("Point %(n)d lies outside the plan (x and y must be 0–1).") % {"n": number})
        clean.append([x, y])
    if abs(polygon_area(clean)) < MIN_AREA:
        raise ValidationError(_("The zone's points lie on one line; draw an area."))
    return clean


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def polygon_area(points: list[list[float]]) -> float:
    """Signed area by the shoelace formula."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)) / 2


def polygon_centroid(points: list[list[float]]) -> tuple[float, float]:
    """The area centroid (where a zone's label goes); the vertex mean if the area is degenerate."""
    area = polygon_area(points)
    if abs(area) < MIN_AREA:
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (6 * area), cy / (6 * area)
