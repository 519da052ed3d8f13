"""The reporter's side: a report sent without an account, followed and answered with its tracking code and secret.

The name and phone of a named reporter are sealed before anything is saved (public.sealing); the secret is kept only
as its hash (public.tracking)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from anjian.core import dates
from anjian.core.validators import is_phone
from anjian.org.choices import RegionLevel
from anjian.org.models import Region, Sector

from .. import routing, sealing, tracking
from ..choices import ReportAction, ReportState
from ..models import PublicReport
from .common import check_photos, clean_texts, raise_if, sign, store_photos
from .units import unit_by_token

MIN_DESCRIPTION = 5  # characters: "有人违规" says too little to find anything


@sensitive_variables()  # the name and phone: never in an error report's local variables
def submit(values: dict[str, Any], photos=()) -> tuple[PublicReport, str]:
    """A new report from `values` (description, town, address, latitude, longitude, observed_on, sector, unit_name,
    unit_token, anonymous, name, phone): (the report, its secret). Refused with every problem at once, keyed by field.
    `unit_token` is the token of a unit's public page (the report started from its signboard's QR code)."""
    errors: dict = {}
    texts = clean_texts(values, errors, "description", "address", "unit_name", "name", "phone")
    if "description" not in errors and len(texts["description"]) < MIN_DESCRIPTION:
        errors["description"] = [_("Say what is wrong, where and what you saw (at least %(n)d characters).")
                                 % {"n": MIN_DESCRIPTION}]  # fmt: skip
    town = _town(values.get("town"), errors)
    sector = _sector(values.get("sector"), errors)
    latitude, longitude = _pin(values, errors)
    if not texts.get("address") and latitude is None and "address" not in errors:
        errors["address"] = [_("Give the address, or mark the place with your phone's location.")]
    observed_on = _observed(values.get("observed_on"), errors)
    unit = _unit(values.get("unit_token"), town, errors)
    if unit is not None:
        sector = sector or unit.sector
        texts["unit_name"] = texts["unit_name"] or unit.name
    anonymous = _flag(values.get("anonymous", True))
    _identity(anonymous, texts, errors)
    uploads = check_photos(photos, errors)
    raise_if(errors)
    secret = tracking.new_secret()
    now = timezone.now()
    with transaction.atomic():
        report = _create(
            secret_hash=tracking.digest(secret),
            description=texts["description"],
            town=town,
            address=texts["address"],
            latitude=latitude,
            longitude=longitude,
            observed_on=observed_on,
            sector=sector,
            unit_name=texts["unit_name"],
            unit=unit,
            department=routing.department_for(sector, unit),
            anonymous=anonymous,
            name_sealed="" if anonymous else sealing.seal(texts["name"]),
            phone_sealed="" if anonymous else sealing.seal(texts["phone"]),
            received_at=now,
            ack_due_at=routing.ack_due(town, now),
        )
        event = sign(None, report, ReportAction.SUBMIT, "", public_text=_("Your report was received."))
        try:
            store_photos(report, uploads, None, event)
        except ValidationError as exc:
            raise ValidationError({"photos": exc.messages}) from exc
    return report, secret


def _create(**fields) -> PublicReport:
    """Insert with a fresh tracking code (another is drawn in the very unlikely case one is taken)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return PublicReport.objects.create(tracking_code=tracking.new_code(), **fields)
        except IntegrityError:
            continue
    raise IntegrityError("no free tracking code")


def _town(value, errors: dict) -> Region | None:
    if isinstance(value, Region):
        town = value
    else:
        code = str(value or "").strip()
        town = Region.objects.filter(code=code).select_related("parent").first() if code.isdigit() else None
    if town is None or town.level != RegionLevel.TOWN:
        errors["town"] = [_("Choose the town (township, park) where it is.")]
        return None
    return town


def _unit(value, town: Region | None, errors: dict):
    """The registered unit whose signboard the report started from; kept only when it lies in the chosen town (a
    reporter who chose another town reports something else)."""
    if value in (None, ""):
        return None
    unit = unit_by_token(value)
    if unit is None:
        errors["unit_token"] = [_("This unit's code is not known: report without it, naming the unit.")]
        return None
    return unit if town is not None and unit.region.path.startswith(town.path) else None


def _sector(value, errors: dict) -> Sector | None:
    if value in (None, ""):
        return None
    if isinstance(value, Sector):
        return value
    sector = Sector.objects.filter(code=str(value)).first()
    if sector is None:
        errors["sector"] = [_("Choose one of the listed fields, or leave it empty.")]
    return sector


def _pin(values: dict, errors: dict) -> tuple[Decimal | None, Decimal | None]:
    found = []
    for name, limit in (("latitude", 90), ("longitude", 180)):
        raw = values.get(name)
        if raw in (None, ""):
            found.append(None)
            continue
        try:
            number = Decimal(str(raw)).quantize(Decimal("0.000001"))
        except (InvalidOperation, ValueError):
            number = None
        if number is None or not number.is_finite() or abs(number) > limit:
            errors[name] = [_("This is not a position on the map.")]
            number = None
        found.append(number)
    if (found[0] is None) != (found[1] is None) and not {"latitude", "longitude"} & set(errors):
        errors["latitude"] = [_("A position needs both its latitude and its longitude.")]
        return None, None
    return found[0], found[1]


def _observed(value, errors: dict) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dates.check_past(value, field="observed_on")
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return None


def _flag(value) -> bool:
    """Anonymous unless the reporter says otherwise (an empty value keeps the safer default)."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "0", "no", "off")
    return bool(value)


@sensitive_variables()
def _identity(anonymous: bool, texts: dict, errors: dict) -> None:
    """Anonymous: no name or phone at all. Named: a name and a phone a reward can be paid through."""
    if anonymous:
        for name in ("name", "phone"):
            if texts.get(name) and name not in errors:
                errors[name] = [_("An anonymous report carries no name or phone: leave it empty, or report by name.")]
        return
    if not texts.get("name") and "name" not in errors:
        errors["name"] = [_("A report by name needs your name.")]
    phone = texts.get("phone", "")
    if "phone" not in errors and not phone:
        errors["phone"] = [_("A report by name needs a phone number, to reach you about the reward.")]
    elif "phone" not in errors and not is_phone(phone):
        errors["phone"] = [_("Enter a mobile number (11 digits) or a landline with its area code.")]


# --- following a report ------------------------------------------------------------------------------------


def find(code: str, secret: str) -> PublicReport | None:
    """The report with this code whose secret matches; None otherwise (whichever was wrong: nothing is told)."""
    normal = tracking.normal_code(code)
    report = PublicReport.objects.filter(tracking_code=normal).first() if normal else None
    if report is None:
        tracking.matches(secret, "0" * 64)  # the same work either way
        return None
    return report if tracking.matches(secret, report.secret_hash) else None


@transaction.atomic
def answer(report: PublicReport, text: str) -> None:
    """The reporter answers the receiving unit's question (only while one waits for an answer)."""
    errors: dict = {}
    texts = clean_texts({"text": text}, errors, "text")
    if not errors and not texts["text"]:
        errors["text"] = [_("Write your answer.")]
    raise_if(errors)
    report = PublicReport.objects.select_for_update().get(pk=report.pk)
    if not report.awaiting_answer or report.state in (ReportState.CLOSED, ReportState.DUPLICATE):
        raise ValidationError({"text": [_("No question waits for your answer.")]})
    report.awaiting_answer = False
    report.save(update_fields=["awaiting_answer"])
    sign(None, report, ReportAction.ANSWER, report.state, public_text=texts["text"])
