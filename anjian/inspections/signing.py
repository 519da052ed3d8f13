"""Signing a visit record (谁检查、谁签名、谁负责), the representative's handwritten signature included.

Each inspector signs with their own login. The unit's representative confirms the record on site
(现场签字确认) by signing by hand on the inspector's screen: the signature pad gives a PNG, which is
checked (a PNG, of a sensible size, with ink on it) and kept as an attachment; a typed name alone is
refused. No one signs while a check item of the visit's checklist has no result. When every inspector
and the representative have signed, the visit is signed and immutable (rules.py keeps it so).
"""

from __future__ import annotations

import base64
import binascii
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from anjian.core.attachments import store_image
from anjian.summaries import deltas as summaries

from . import rules
from .choices import SignerRole, VisitState
from .models import Inspection, Signature

DATA_URL_PREFIX = "data:image/png;base64,"
MAX_SIGNATURE_BYTES = 1024 * 1024
MIN_SIZE, MAX_SIZE = (120, 60), (3000, 1500)  # pixels of a signature pad (a phone's to a desktop's)
MIN_INK_PIXELS = 80  # a stroke or two, not a dot or a blank pad


def signature_from_data_url(text: str) -> ContentFile | None:
    """The PNG a signature pad posts as a data URL (data:image/png;base64,…); None when nothing was drawn."""
    text = (text or "").strip()
    if not text:
        return None
    if not text.startswith(DATA_URL_PREFIX) or len(text) > MAX_SIGNATURE_BYTES * 4 // 3 + len(DATA_URL_PREFIX):
        raise ValidationError({"signature": _("The handwritten signature could not be read; sign again.")})
    try:
        data = base64.b64decode(text[len(DATA_URL_PREFIX) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError({"signature": _("The handwritten signature could not be read; sign again.")}) from exc
    return ContentFile(data, name="signature.png")


def _ink(image: Image.Image) -> int:
    """How many pixels are drawn (dark on a white or transparent ground)."""
    rgba = image.convert("RGBA")
    ground = Image.new("RGBA", rgba.size, "white")
    grey = Image.alpha_composite(ground, rgba).convert("L")
    return sum(grey.point(lambda v: 255 if v < 128 else 0).histogram()[255:])


def handwriting(upload) -> ContentFile:
    """The checked bytes of a handwritten signature: a PNG of a pad's size with strokes on it."""
    refused = _("The handwritten signature could not be read; sign again.")
    data = upload.read() if upload is not None else b""
    if not data:
        raise ValidationError({"signature": _("The unit's representative signs by hand on the signature pad.")})
    if len(data) > MAX_SIGNATURE_BYTES:
        raise ValidationError({"signature": refused})
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError({"signature": refused}) from exc
    width, height = image.size
    if image.format != "PNG" or not (MIN_SIZE[0] <= width <= MAX_SIZE[0] and MIN_SIZE[1] <= height <= MAX_SIZE[1]):
        raise ValidationError({"signature": refused})
    if _ink(image) < MIN_INK_PIXELS:
        raise ValidationError({"signature": _("The signature pad is empty: the representative signs on it by hand.")})
    return ContentFile(data, name="signature.png")


def _signer_name(user) -> str:
    return ((getattr(user, "full_name", "") or user.get_username()) or "")[:40]


def _check_signature(user, inspection: Inspection, role: str, signer_name: str) -> None:
    if role not in SignerRole.values:
        raise ValidationError({"role": _("Sign as an inspector or record the unit's representative.")})
    if not inspection.inspectors.filter(pk=user.pk).exists():
        raise PermissionDenied(_("Only the inspectors of this visit sign it."))
    signatures = inspection.signatures.filter(role=role)
    if role == SignerRole.INSPECTOR and signatures.filter(signer=user).exists():
        raise ValidationError(_("You have already signed this visit record."))
    if role == SignerRole.UNIT_REPRESENTATIVE:
        if signatures.exists():
            raise ValidationError(_("The unit's representative has already signed."))
        if not signer_name:
            raise ValidationError({"signer_name": _("Give the name of the unit's representative.")})


@transaction.atomic
def sign(user, inspection, *, role=SignerRole.INSPECTOR, signer_name="", signature=None) -> Signature:
    """谁检查、谁签名、谁负责: each inspector signs once; the representative signs by hand on an inspector's
    device (`signature`: the pad's PNG, an upload or a ContentFile). Refused while items are unchecked."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    rules.check_draft(inspection)
    signer_name = (signer_name or "").strip()[:40]
    _check_signature(user, inspection, role, signer_name)
    rules.check_all_checked(inspection)
    if role == SignerRole.INSPECTOR:
        signature_row = Signature.objects.create(
            inspection=inspection, role=role, signer=user, signer_name=_signer_name(user)
        )
    else:
        image = store_image(handwriting(signature), user)
        signature_row = Signature.objects.create(
            inspection=inspection, role=role, signer=None, signer_name=signer_name, image=image
        )
        inspection.unit_representative = signer_name
    inspectors = set(inspection.inspectors.values_list("pk", flat=True))
    signed = set(inspection.signatures.filter(role=SignerRole.INSPECTOR).values_list("signer_id", flat=True))
    complete = inspectors <= signed and inspection.signatures.filter(role=SignerRole.UNIT_REPRESENTATIVE).exists()
    counted_as = summaries.visit_entry(inspection)
    if complete:
        inspection.state, inspection.signed_at = VisitState.SIGNED, timezone.now()
    if complete or role == SignerRole.UNIT_REPRESENTATIVE:
        inspection.save()
    summaries.visit_changed(inspection, counted_as)  # signed: moves to the signed visits of its month
    return signature_row
