"""The hazard lifecycle as plain functions: register, then `perform(user, hazard, action, **fields)`.

Every step writes one signed HazardEvent (who, when, comment, details, photos) in the same
transaction as the change it records; refusals raise PermissionDenied (role) or rules.Refused (400).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core import dates
from anjian.core.attachments import store_image
from anjian.core.capture import capture_time
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, check_lengths
from anjian.org.choices import Role
from anjian.org.jurisdiction import assignments, authority, roles, within
from anjian.org.models import Department, IndustryCommittee, Region
from anjian.quality import services as quality
from anjian.registry.models import Enterprise
from anjian.summaries import deltas as summaries

from . import rules
from .choices import LEVEL_ORDER, Action, Grade, Level, PhotoKind, Source, State, SupervisionKind, SupervisionLevel
from .models import Criterion, Hazard, HazardEvent, HazardPhoto, RectificationPlan, Supervision
from .rules import Refused

INITIAL_LEVEL = {
    Role.GRID_WORKER: Level.GRID,
    Role.TOWN: Level.TOWN,
    Role.DEPARTMENT: Level.COMMITTEE,
    Role.COUNTY_OFFICE: Level.COUNTY,
}


# The free text a person types, and its longest length (anjian.core.validators).
TEXT_LIMITS = {
    **dict.fromkeys(("description", "major_reason", "measures", "contingency_plan"), DESCRIPTION_MAX_LENGTH),
    **dict.fromkeys(("comment", "text", "reason", "deadline_reason"), COMMENT_MAX_LENGTH),
}


# What each action cannot go without; the action forms mark exactly these with * (conditional needs, such
# as the document of a listing, are told in the field's help text).
REQUIRED = {
    "assess": ("grade",),
    "fix_on_spot": ("photos",),
    "plan": ("responsible_person", "measures", "deadline"),
    "progress": ("text",),
    "reject": ("reason",),
    "escalate": ("reason",),
    "supervise": ("level", "kind", "listed_on"),
}


def required_fields(hazard: Hazard, action: str) -> tuple[str, ...]:
    """The fields `action` is refused without on `hazard` (五到位: a major hazard's plan needs all five)."""
    names = REQUIRED.get(action, ())
    if action == "plan" and hazard.grade == Grade.MAJOR:
        names += ("funds", "contingency_plan")
    return names


def _require(fields: dict[str, Any], *names: str) -> None:
    missing = {n: _("This field is required.") for n in names if fields.get(n) in (None, "", [])}
    if missing:
        raise Refused(missing)


def _sign(
    user,
    hazard: Hazard,
    action: str,
    from_state: str,
    comment: str = "",
    photos=(),
    photo_kind: str = PhotoKind.FINDING,
    substantive: bool = False,
    **data: Any,
) -> HazardEvent:
    user_roles = sorted(roles(user))
    event = HazardEvent.objects.create(
        hazard=hazard,
        action=action,
        from_state=from_state,
        to_state=hazard.state,
        actor=user,
        actor_name=(getattr(user, "full_name", "") or user.get_username())[:40],
        actor_role=user_roles[0] if user_roles else "",
        comment=comment or "",
        substantive=substantive,
        data={k: _plain(v) for k, v in data.items() if v not in (None, "")},
    )
    for upload in photos or ():
        attach_photo(hazard, upload, user, kind=photo_kind, event=event)
    return event


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return str(value)
    return value


def attach_photo(hazard: Hazard, upload, user, kind: str = PhotoKind.FINDING, event: HazardEvent | None = None):
    """Store the photo (once by content) and attach it. Signed with a step, it belongs to that step even when
    the same bytes came before: an earlier upload not yet signed is claimed, otherwise a new row is added."""
    return attach_stored(hazard, store_image(upload, user), user, kind=kind, event=event)


def attach_stored(
    hazard: Hazard, attachment, user, kind: str = PhotoKind.FINDING, event: HazardEvent | None = None
) -> HazardPhoto:
    """attach_photo for a photo checked and stored already (an upload in parts, anjian.field)."""
    same = HazardPhoto.objects.filter(hazard=hazard, attachment=attachment, kind=kind).order_by("pk")
    if event is None:
        return same.first() or HazardPhoto.objects.create(
            hazard=hazard, attachment=attachment, kind=kind, added_by=user
        )
    unsigned = same.filter(event__isnull=True).first()
    if unsigned is not None:
        unsigned.event = event
        unsigned.save(update_fields=["event"])
        return unsigned
    photo, _created = HazardPhoto.objects.get_or_create(
        event=event, attachment=attachment, defaults={"hazard": hazard, "kind": kind, "added_by": user}
    )
    return photo


def default_department(unit: Enterprise) -> Department | None:
    """The unit's responsible department, or the nearest one above it supervising its sector (its county's)."""
    if unit.responsible_department_id:
        return unit.responsible_department
    codes = unit.region.path.strip("/").split("/")
    above = ["".join(f"{c}/" for c in codes[: n + 1]) for n in range(len(codes))]
    nearest = Department.objects.filter(sectors=unit.sector_id, region__path__in=above)
    return nearest.order_by(Length("region__path").desc(), "id").first()


@transaction.atomic
def register_hazard(
    user,
    unit: Enterprise,
    *,
    description: str,
    source: str,
    sector=None,
    location: str = "",
    latitude=None,
    longitude=None,
    photos=(),
    found_at=None,
    client_uuid=None,
    captured_at=None,
) -> Hazard:
    """登记: anyone who may register, for a unit they can see. Entered offline, it carries the phone's
    `client_uuid` and `captured_at`, which becomes found_at only within the tolerance (core.capture)."""
    rules.check_role(user, "register")
    _require({"description": (description or "").strip(), "source": source}, "description", "source")
    if source not in Source.values:
        raise Refused({"source": _("Unknown source.")})
    if not within(user, unit):
        raise Refused({"unit": _("This unit is outside your jurisdiction.")})
    check_lengths({"description": description}, TEXT_LIMITS, Refused)
    if found_at is not None:
        _date(found_at, "found_at", dates.check_past)
        if found_at > timezone.now() + dt.timedelta(minutes=5):
            raise Refused({"found_at": _("The finding date must lie between the year 2000 and now.")})
    received_at = timezone.now()
    capture = capture_time(captured_at, received_at)
    if captured_at is not None:
        found_at = capture.at
    user_roles = roles(user)
    level = next(
        (
            INITIAL_LEVEL[r]
            for r in (Role.GRID_WORKER, Role.TOWN, Role.DEPARTMENT, Role.COUNTY_OFFICE)
            if r in user_roles
        ),
        Level.TOWN,
    )
    finding_department = next((a.department for a in assignments(user) if a.role == Role.DEPARTMENT), None)
    hazard = Hazard.objects.create(
        unit=unit,
        description=description.strip(),
        source=source,
        sector=sector or unit.sector,
        location=location or "",
        latitude=latitude,
        longitude=longitude,
        region=unit.region,
        grid=unit.grid,
        responsible_department=default_department(unit),
        responsible_town=unit.region.town(),
        found_by=user,
        finding_department=finding_department,
        found_at=found_at or received_at,
        client_uuid=client_uuid,
        captured_at=captured_at,
        received_at=received_at,
        clock_off=capture.clock_off,
        level=level,
        committee=_committee_for(unit.sector_id) if level == Level.COMMITTEE else None,
    )
    off = {"phone_captured_at": captured_at, "clock_off": True} if capture.clock_off else {}
    _sign(user, hazard, Action.REGISTER, "", photos=photos, photo_kind=PhotoKind.FINDING, **off)
    summaries.hazard_changed(hazard, None)  # counted in its county's month, in this transaction
    hazard.quality_warnings = quality.on_registered(hazard)  # warnings for whoever entered it, kept as flags
    return hazard


def _committee_for(sector_id: int) -> IndustryCommittee | None:
    return IndustryCommittee.objects.filter(sectors=sector_id).order_by("id").first()


@transaction.atomic
def perform(user, hazard: Hazard, action: str, **fields: Any) -> HazardEvent:
    """Take `action` on `hazard` as `user`; returns the signed event. Refuses with a reason otherwise."""
    if action not in Action.values or action == "register":
        raise Refused({"action": _("Unknown action.")})
    check_lengths(fields, TEXT_LIMITS, Refused)
    hazard = Hazard.objects.select_for_update().get(pk=hazard.pk)
    rules.check_role(user, action)
    if not within(user, hazard):
        raise PermissionDenied(_("This hazard is outside your jurisdiction."))
    rules.check_state(hazard, action)
    rules.check_conditions(user, hazard, action)
    from_state, counted_as = hazard.state, summaries.hazard_entry(hazard)
    event = HANDLERS[action](user, hazard, from_state, fields)
    summaries.hazard_changed(hazard, counted_as)  # a new state or grade moves it between rows of the summaries
    event.quality_warnings = quality.on_step(hazard, event, bool(fields.get("photos")))  # kept as flags too
    return event


def _assess(user, hazard, from_state, f):
    _require(f, *required_fields(hazard, "assess"))
    if f["grade"] not in Grade.values:
        raise Refused({"grade": _("Choose general or major.")})
    criterion = f.get("criterion")
    if criterion is not None and not isinstance(criterion, Criterion):
        criterion = Criterion.objects.filter(pk=criterion).select_related("document").first()
        if criterion is None:
            raise Refused({"criterion": _("Unknown criterion.")})
    reason = (f.get("major_reason") or "").strip()
    if f["grade"] == Grade.MAJOR and criterion is None and not reason:
        raise Refused(
            {
                "criterion": _(
                    "A major hazard names the criterion item it meets, or the reason where "
                    "no standard exists for the sector."
                )
            }
        )
    regrade_reason = (f.get("reason") or "").strip()
    rules.check_regrade(user, hazard, f["grade"], regrade_reason)
    previous = hazard.grade
    hazard.grade = f["grade"]
    hazard.criterion = criterion if f["grade"] == Grade.MAJOR else None
    hazard.major_reason = reason if f["grade"] == Grade.MAJOR else ""
    hazard.graded_by, hazard.grade_authority = user, authority(user) or ""
    if hazard.grade == Grade.MAJOR:
        hazard.ever_major = True
        if previous != Grade.MAJOR and from_state in (State.REPORTED, State.RECTIFYING):
            hazard.state = State.ASSESSED  # now major: reported to its department, then a five-element plan
    else:
        hazard.in_major_database = False  # leaves the database only by this signed, reasoned downgrade
    if from_state == State.REGISTERED:
        hazard.state = State.ASSESSED
    hazard.save()
    return _sign(
        user,
        hazard,
        Action.ASSESS,
        from_state,
        f.get("comment"),
        f.get("photos"),
        grade=hazard.grade,
        from_grade=previous or None,
        criterion=str(criterion) if criterion else None,
        major_reason=reason,
        reason=regrade_reason,
        authority=hazard.grade_authority,
    )


def _report(user, hazard, from_state, f):
    hazard.state = State.REPORTED
    if hazard.grade == Grade.MAJOR:
        hazard.in_major_database = True  # 重大事故隐患数据库 (seed 004 三(三)5)
        hazard.responsible_department = hazard.responsible_department or default_department(hazard.unit)
    hazard.save()
    return _sign(
        user,
        hazard,
        Action.REPORT,
        from_state,
        f.get("comment"),
        f.get("photos"),
        reported_to=str(hazard.responsible_department or ""),
    )


def _fix_on_spot(user, hazard, from_state, f):
    if not f.get("photos"):
        raise Refused({"photos": _("A fix on the spot needs a photo of the result.")})
    if not hazard.grade:
        hazard.grade, hazard.graded_by, hazard.grade_authority = Grade.GENERAL, user, authority(user) or ""
    hazard.state = State.CLOSED
    hazard.closed_at = timezone.now()
    hazard.save()
    return _sign(user, hazard, Action.FIX_ON_SPOT, from_state, f.get("comment"), f.get("photos"), PhotoKind.FIX)


def _plan(user, hazard, from_state, f):
    _require(f, *required_fields(hazard, "plan"))
    deadline = _deadline(hazard, f, replan=from_state == State.RECTIFYING)
    funds = _money(f.get("funds"))
    plan = RectificationPlan.objects.filter(hazard=hazard).first() or RectificationPlan(hazard=hazard)
    plan.responsible_person, plan.measures = f["responsible_person"].strip(), f["measures"].strip()
    plan.funds, plan.deadline, plan.contingency_plan = funds, deadline, (f.get("contingency_plan") or "").strip()
    plan.save()
    hazard.deadline, hazard.state = deadline, State.RECTIFYING
    hazard.save()
    return _sign(
        user,
        hazard,
        Action.PLAN,
        from_state,
        f.get("comment"),
        f.get("photos"),
        responsible_person=plan.responsible_person,
        measures=plan.measures,
        funds=funds,
        deadline=deadline,
        deadline_reason=f.get("deadline_reason"),
        contingency_plan=plan.contingency_plan,
    )


def _progress(user, hazard, from_state, f):
    _require(f, *required_fields(hazard, "progress"))
    return _sign(
        user,
        hazard,
        Action.PROGRESS,
        from_state,
        f["text"],
        f.get("photos"),
        PhotoKind.PROGRESS,
        substantive=bool(f.get("substantive")),
    )


def _submit_fix(user, hazard, from_state, f):
    hazard.state = State.AWAITING_VERIFICATION
    hazard.save()
    return _sign(user, hazard, Action.SUBMIT_FIX, from_state, f.get("comment"), f.get("photos"), PhotoKind.FIX)


def _verify(user, hazard, from_state, f):
    if rules.last_fixer_id(hazard) == user.pk:
        raise Refused(_("The fix must be verified by someone other than the person who recorded it."))
    hazard.state, hazard.closed_at = State.CLOSED, timezone.now()
    hazard.save()
    return _sign(user, hazard, Action.VERIFY, from_state, f.get("comment"), f.get("photos"), PhotoKind.FIX)


def _reject(user, hazard, from_state, f):
    _require(f, *required_fields(hazard, "reject"))
    if rules.last_fixer_id(hazard) == user.pk:
        raise Refused(_("The fix must be verified by someone other than the person who recorded it."))
    hazard.state = State.RECTIFYING
    hazard.save()
    return _sign(user, hazard, Action.REJECT, from_state, f.get("comment"), f.get("photos"), reason=f["reason"])


def _escalate(user, hazard, from_state, f):
    _require(f, *required_fields(hazard, "escalate"))
    previous = Level(hazard.level)
    hazard.level = LEVEL_ORDER[LEVEL_ORDER.index(previous) + 1]
    if hazard.level == Level.COMMITTEE:
        hazard.committee = hazard.committee or _committee_for(hazard.sector_id)
    hazard.save()
    return _sign(
        user,
        hazard,
        Action.ESCALATE,
        from_state,
        f.get("comment"),
        f.get("photos"),
        reason=f["reason"],
        from_level=previous.value,
        to_level=hazard.level,
        committee=str(hazard.committee or "") if hazard.level == Level.COMMITTEE else None,
    )


def _coordinate(user, hazard, from_state, f):
    if not f.get("responsible_unit") and not f.get("deadline"):
        raise Refused({"responsible_unit": _("Set a responsible unit, a new deadline or both.")})
    if f.get("responsible_unit"):
        from anjian.registry.services import resolve_responsible_unit

        try:
            department, town = resolve_responsible_unit(f["responsible_unit"], hazard.region)
        except Exception as exc:
            raise Refused({"responsible_unit": getattr(exc, "messages", [str(exc)])}) from exc
        hazard.responsible_department, hazard.responsible_town = department, town or hazard.responsible_town
    if f.get("deadline"):
        hazard.deadline = _deadline(hazard, f)
    hazard.save()
    return _sign(
        user,
        hazard,
        Action.COORDINATE,
        from_state,
        f.get("comment"),
        f.get("photos"),
        responsible_unit=f.get("responsible_unit"),
        deadline=hazard.deadline,
        deadline_reason=f.get("deadline_reason") if f.get("deadline") else None,
    )


def _supervise(user, hazard, from_state, f):
    _require(f, *required_fields(hazard, "supervise"))
    if f["level"] not in SupervisionLevel.values:
        raise Refused({"level": _("Choose city, county or town.")})
    if f["kind"] not in SupervisionKind.values:
        raise Refused({"kind": _("Choose reminder, supervision or listing.")})
    if f["kind"] == SupervisionKind.LISTING and not (f.get("document") or "").strip():
        raise Refused({"document": _("A listing names its document and number.")})
    if not roles(user) & rules.SUPERVISION_ROLES[SupervisionLevel(f["level"])] and not user.is_superuser:
        raise Refused({"level": _("Your role cannot supervise at this level.")})
    found = dates.day_of(hazard.found_at)
    listed_on = _date(f["listed_on"], "listed_on", dates.check_past, floor=found, floor_reason=dates.FOUND_DAY)
    event = _sign(
        user,
        hazard,
        Action.SUPERVISE,
        from_state,
        f.get("comment"),
        f.get("photos"),
        level=f["level"],
        kind=f["kind"],
        document=f.get("document"),
        listed_on=listed_on,
    )
    Supervision.objects.create(
        hazard=hazard,
        level=f["level"],
        kind=f["kind"],
        document=(f.get("document") or "").strip(),
        listed_on=listed_on,
        event=event,
    )
    return event


HANDLERS = {
    "assess": _assess,
    "report": _report,
    "fix_on_spot": _fix_on_spot,
    "plan": _plan,
    "progress": _progress,
    "submit_fix": _submit_fix,
    "verify": _verify,
    "reject": _reject,
    "escalate": _escalate,
    "coordinate": _coordinate,
    "supervise": _supervise,
}


def _date(value: Any, field: str, check=dates.check_date, **bounds: Any) -> dt.date:
    """A typed date through the one date rule (anjian.core.dates), refused keyed by its field."""
    try:
        return check(value, field=field, **bounds)
    except ValidationError as exc:
        raise Refused(exc.error_dict) from exc


def _deadline(hazard: Hazard, f: dict[str, Any], *, replan: bool = True) -> dt.date:
    """Not before the finding (a first plan: not before today); over a year ahead only with `deadline_reason`."""
    floor, why = (dates.day_of(hazard.found_at), dates.FOUND_DAY) if replan else (dates.today(), dates.DEADLINE_PAST)
    reason = f.get("deadline_reason") or ""
    return _date(f["deadline"], "deadline", dates.check_deadline, floor=floor, floor_reason=why, reason=reason)


def _money(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise Refused({"funds": _("Enter the funds in yuan as a number.")}) from exc
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise Refused({"funds": _("Enter the funds in yuan as a number.")})
    return amount.quantize(Decimal("0.01"))


def region_of(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()
