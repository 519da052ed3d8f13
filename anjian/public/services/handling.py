"""The receiving unit's side: acknowledge, route, ask, reply, verify on site, then open a hazard from the report
(through the hazards service, source `public_report`, linked both ways) or close it with a reason the reporter
reads; merge a duplicate into the earlier report of the same place and problem.

Every step is one signed ReportEvent, written in the transaction of the change it records, with the report locked;
refusals raise PermissionDenied (role, jurisdiction) or rules.Refused (400, saying why)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.hazards import services as hazards
from anjian.hazards.choices import Source
from anjian.hazards.models import Hazard
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import restrict, within
from anjian.org.models import Department, Region, Sector
from anjian.registry.models import Enterprise
from anjian.registry.services import record_spot_unit

from .. import rules
from ..choices import Outcome, ReportAction, ReportState
from ..models import PublicReport, ReportEvent
from ..routing import department_for, unit_name_of
from ..rules import Refused
from .common import check_photos, clean_texts, raise_if, sign, store_photos


def _locked(user, report: PublicReport, action: str) -> PublicReport:
    rules.check_role(user, action)
    report = PublicReport.objects.select_for_update().get(pk=report.pk)
    if not within(user, report):
        raise PermissionDenied(_("This report is outside your jurisdiction."))
    rules.check_state(report.state, action, ReportAction(action).label)
    return report


@transaction.atomic
def perform(user, report: PublicReport, action: str, **fields: Any) -> ReportEvent:
    """Take `action` (acknowledge, route, ask, reply, verify, close, duplicate) on `report` as `user`."""
    if action not in HANDLERS:
        raise Refused({"action": _("Unknown action.")})
    report = _locked(user, report, action)
    return HANDLERS[action](user, report, report.state, fields)


def _texts(fields: dict, *names: str) -> dict[str, str]:
    errors: dict = {}
    texts = clean_texts(fields, errors, *names)
    raise_if(errors, Refused)
    return texts


def _acknowledge(user, report, from_state, f):
    texts = _texts(f, "note", "public_text")
    report.state = ReportState.ACKNOWLEDGED
    report.acknowledged_at, report.acknowledged_by = timezone.now(), user
    report.save(update_fields=["state", "acknowledged_at", "acknowledged_by"])
    text = texts["public_text"] or _("%(unit)s has received your report and will check it.") % {
        "unit": unit_name_of(user) or _("The receiving unit")
    }
    return sign(user, report, ReportAction.ACKNOWLEDGE, from_state, note=texts["note"], public_text=text,
                late=report.acknowledged_at > report.ack_due_at)  # fmt: skip


def _route(user, report, from_state, f):
    texts = _texts(f, "note")
    errors: dict = {}
    town = _pick(Region, f.get("town"), "town", errors, level=RegionLevel.TOWN) if f.get("town") else report.town
    sector = _pick(Sector, f.get("sector"), "sector", errors) if f.get("sector") else report.sector
    department = _pick(Department, f.get("department"), "department", errors) if f.get("department") else None
    raise_if(errors, Refused)
    department = department or department_for(sector, report.unit)
    before = (report.town_id, report.sector_id, report.department_id)
    if before == (town.pk, getattr(sector, "pk", None), getattr(department, "pk", None)):
        raise Refused({"town": _("Choose another town, field or department to send the report to.")})
    report.town, report.sector, report.department = town, sector, department
    report.save(update_fields=["town", "sector", "department"])
    return sign(user, report, ReportAction.ROUTE, from_state, note=texts["note"], town=town.code,
                sector=getattr(sector, "code", None), department=getattr(department, "code", None),
                from_town=before[0], from_sector=before[1], from_department=before[2])  # fmt: skip


def _pick(model, value, field: str, errors: dict, **where):
    if isinstance(value, model):
        found = value if all(getattr(value, k) == v for k, v in where.items()) else None
    else:
        found = model.objects.filter(code=str(value), **where).first()
    if found is None:
        errors[field] = [_("Unknown code.")]
    return found


def _ask(user, report, from_state, f):
    texts = _texts(f, "note", "public_text")
    if not texts["public_text"]:
        raise Refused({"public_text": _("Write the question the reporter is to answer.")})
    report.awaiting_answer = True
    report.save(update_fields=["awaiting_answer"])
    return sign(user, report, ReportAction.ASK, from_state, note=texts["note"], public_text=texts["public_text"])


def _reply(user, report, from_state, f):
    texts = _texts(f, "note", "public_text")
    if not texts["public_text"]:
        raise Refused({"public_text": _("Write what the reporter is to read.")})
    return sign(user, report, ReportAction.REPLY, from_state, note=texts["note"], public_text=texts["public_text"])


def _verify(user, report, from_state, f):
    """Found true on site (a report found untrue is closed as such, with its reason)."""
    texts = _texts(f, "note", "public_text")
    errors: dict = {}
    uploads = check_photos(f.get("photos"), errors)
    unit = _unit(user, report, f.get("unit"), errors)
    raise_if(errors, Refused)
    report.unit = unit or report.unit
    report.state, report.substantiated = ReportState.VERIFIED, True
    report.verified_at, report.verified_by = timezone.now(), user
    report.awaiting_answer = False
    report.save(update_fields=["unit", "state", "substantiated", "verified_at", "verified_by", "awaiting_answer"])
    text = texts["public_text"] or _("The problem you reported was found on site.")
    event = sign(user, report, ReportAction.VERIFY, from_state, note=texts["note"], public_text=text)
    _photos(report, uploads, user, event)
    return event


def _unit(user, report, value, errors: dict) -> Enterprise | None:
    """The registered unit found on site (optional): one the user sees."""
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, Enterprise) else value
    unit = None
    if isinstance(pk, int) or (isinstance(pk, str) and pk.isdigit() and len(pk) <= 18):
        unit = restrict(user, Enterprise.objects.filter(pk=int(pk))).first()
    if unit is None:
        errors["unit"] = [_("Choose a unit within your jurisdiction.")]
    return unit


def _photos(report, uploads, user, event) -> None:
    try:
        store_photos(report, uploads, user, event)
    except ValidationError as exc:
        raise Refused({"photos": exc.messages}) from exc


def _close(user, report, from_state, f):
    texts = _texts(f, "note", "public_text")
    outcome = f.get("outcome") or ""
    allowed = rules.CLOSE_OUTCOMES[from_state]
    errors: dict = {}
    if outcome not in allowed:
        errors["outcome"] = [
            _("Choose one of: %(outcomes)s.") % {"outcomes": "、".join(str(Outcome(o).label) for o in allowed)}
        ]
    if not texts["public_text"]:
        errors["public_text"] = [_("Write the reason the reporter will read.")]
    raise_if(errors, Refused)
    now = timezone.now()
    report.state, report.outcome, report.public_reason, report.settled_at = (
        ReportState.CLOSED,
        outcome,
        texts["public_text"],
        now,
    )
    report.awaiting_answer = False
    if outcome in (Outcome.HANDLED, Outcome.UNFOUNDED):  # both are findings on site
        report.substantiated = outcome == Outcome.HANDLED
        report.verified_at, report.verified_by = report.verified_at or now, report.verified_by or user
    report.save()
    return sign(user, report, ReportAction.CLOSE, from_state, note=texts["note"], public_text=texts["public_text"],
                outcome=outcome)  # fmt: skip


def _duplicate(user, report, from_state, f):
    texts = _texts(f, "note", "public_text")
    of = _earlier(user, report, f.get("of"))
    report.state, report.duplicate_of, report.outcome = ReportState.DUPLICATE, of, Outcome.MERGED
    report.public_reason = texts["public_text"] or _(
        "Someone reported the same place and problem earlier: both are handled together, and you can follow it here."
    )
    report.settled_at, report.awaiting_answer = timezone.now(), False
    report.save()
    return sign(user, report, ReportAction.DUPLICATE, from_state, note=texts["note"],
                public_text=report.public_reason, of=of.pk)  # fmt: skip


def _earlier(user, report: PublicReport, value) -> PublicReport:
    """The report this one repeats: another one the user sees, not itself merged, received before this one."""
    pk = value.pk if isinstance(value, PublicReport) else value
    of = None
    if isinstance(pk, int) or (isinstance(pk, str) and pk.isdigit() and len(pk) <= 18):
        of = restrict(user, PublicReport.objects.filter(pk=int(pk))).first()
    if of is None:
        raise Refused({"of": _("Name the earlier report by its number.")})
    if of.pk == report.pk or of.state == ReportState.DUPLICATE:
        raise Refused({"of": _("Merge into the first report of the matter, not into itself or another merged one.")})
    if (of.received_at, of.pk) > (report.received_at, report.pk):
        raise Refused({"of": _("Merge the later report into the earlier one.")})
    return of


HANDLERS = {
    "acknowledge": _acknowledge,
    "route": _route,
    "ask": _ask,
    "reply": _reply,
    "verify": _verify,
    "close": _close,
    "duplicate": _duplicate,
}


@transaction.atomic
def open_hazard(
    user,
    report: PublicReport,
    *,
    unit: Enterprise | None = None,
    new_unit: dict | None = None,
    description: str = "",
    sector: Sector | None = None,
    note: str = "",
    public_text: str = "",
) -> Hazard:
    """立为隐患 in one step: the hazard registered by the hazards service from the report (its text, place, position
    and photos, found when the report came), source public_report; the report found true and linked to it."""
    report = _locked(user, report, "open_hazard")
    texts = _texts({"description": description, "note": note, "public_text": public_text},
                   "description", "note", "public_text")  # fmt: skip
    if unit is None and not new_unit:
        raise Refused({"unit": _("Choose the unit the hazard belongs to, or record the place.")})
    if unit is None:
        try:
            unit = record_spot_unit(user, sector=sector, **new_unit)
        except ValidationError as exc:
            raise Refused({"new_unit": exc.messages}) from exc
        except TypeError as exc:
            raise Refused({"new_unit": [_("Give the place's name, kind and address.")]}) from exc
    photos = [p.attachment.file for p in report.photos.select_related("attachment")]
    try:
        hazard = hazards.register_hazard(
            user,
            unit,
            description=texts["description"] or report.description,
            source=Source.PUBLIC_REPORT,
            sector=sector,
            location=report.address,
            latitude=report.latitude,
            longitude=report.longitude,
            photos=photos,
            found_at=report.received_at,
        )
    except ValidationError as exc:  # the hazards service's refusal, by field as it gave it
        raise Refused(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
    from_state, now = report.state, timezone.now()
    report.state, report.hazard, report.unit, report.substantiated = ReportState.HAZARD_OPENED, hazard, unit, True
    report.verified_at, report.verified_by = report.verified_at or now, report.verified_by or user
    report.settled_at, report.awaiting_answer = now, False
    report.save()
    text = texts["public_text"] or _(
        "A hazard was opened from your report; its rectification is followed until it is fixed."
    )
    sign(user, report, ReportAction.OPEN_HAZARD, from_state, note=texts["note"], public_text=text, hazard=hazard.pk)
    return hazard
