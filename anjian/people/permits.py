"""Permits for hot work and the other special works (作业审批, the 存单 an inspector checks).

高府发〔2023〕14号 三（一）5: 严格履行电气焊等动火作业审批手续 … 明确现场监护人员 … 严禁聘用和招请未经安全培训合格、
未取得相关证书的人员在特种作业岗位上岗作业. So a permit names its worker, guardian (监护人) and approver, all people of
the unit, and the worker's certificate is checked against the register: a hot-work permit needs a special operations
certificate for welding and hot cutting held on every day of the permit (and work at height, temporary electricity
theirs, choices.PERMIT_CERTIFICATE). A worker without one is refused, with the reason, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from anjian.core import dates
from anjian.core.validators import DESCRIPTION_MAX_LENGTH

from . import cleaning
from .certificates import held_through_q
from .choices import PERMIT_CERTIFICATE, CertificateKind, OperationType, PermitKind
from .models import Certificate, Permit, Person
from .services import _save, person_of

PERMIT_FIELDS = (
    "enterprise", "kind", "number", "worker", "guardian", "approver", "place", "starts_at", "ends_at", "measures",
)  # fmt: skip
PERMIT_TEXTS = {"number": 40, "place": 200, "measures": DESCRIPTION_MAX_LENGTH}
# Sane bounds, not a standard's exact limits: a permit covers hours or a few days (temporary electricity longer),
# and is approved for work soon to come, or recorded afterwards from the paper stub.
LONGEST = {PermitKind.TEMPORARY_ELECTRICITY: dt.timedelta(days=15)}
DEFAULT_LONGEST = dt.timedelta(hours=72)
AHEAD = dt.timedelta(days=30)


def _moment(value: Any, field: str, errors: dict) -> dt.datetime | None:
    if value in (None, ""):
        errors[field] = [_("This field is required.")]
        return None
    moment = value if isinstance(value, dt.datetime) else None
    if moment is None and isinstance(value, str):
        try:
            moment = parse_datetime(value.strip())
        except ValueError:
            moment = None
    if moment is None:
        errors[field] = [_("Enter a date and time as YYYY-MM-DDTHH:MM.")]
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _times(values: dict, kind: str, errors: dict) -> None:
    starts = _moment(values.get("starts_at"), "starts_at", errors)
    ends = _moment(values.get("ends_at"), "ends_at", errors)
    floor = timezone.make_aware(dt.datetime.combine(dates.EARLIEST, dt.time()))
    if starts is not None and starts < floor:
        errors["starts_at"] = [_("A permit cannot start before 2000 (the platform's records start in 2000).")]
    elif starts is not None and starts > timezone.now() + AHEAD:
        errors["starts_at"] = [_("A permit is approved for work within the next 30 days, not later.")]
    elif starts is not None and ends is not None:
        longest = LONGEST.get(kind, DEFAULT_LONGEST)
        if ends <= starts:
            errors["ends_at"] = [_("The work ends after it starts.")]
        elif ends - starts > longest:
            hours = int(longest.total_seconds() // 3600)
            errors["ends_at"] = [
                _("A permit of this kind covers at most %(hours)d hours: issue another.") % {"hours": hours}
            ]
    values["starts_at"], values["ends_at"] = starts, ends


def _people(user, values: dict, enterprise, errors: dict) -> None:
    for role in ("worker", "guardian", "approver"):
        label = Permit._meta.get_field(role).verbose_name
        person, refused = values.get(role), {}
        if person is None:
            errors[role] = [_("Name the %(role)s.") % {"role": label}]
        elif (found := person_of(user, person, refused, enterprise)) is None:
            errors[role] = refused["person"]
        values[role] = None if person is None or refused else found
    worker = values.get("worker")
    for role in ("guardian", "approver"):
        if worker is not None and values.get(role) is not None and values[role].pk == worker.pk:
            label = Permit._meta.get_field(role).verbose_name
            errors[role] = [_("The worker cannot also be the %(role)s.") % {"role": label}]


def _refusal(worker: Person, operation: str, first: dt.date, last: dt.date) -> str:
    """Why `worker` holds no certificate for `operation` on the days first–last, in words."""
    label = OperationType(operation).label
    latest = (
        Certificate.objects.filter(person=worker, kind=CertificateKind.SPECIAL_OPERATION, operation_type=operation)
        .order_by("-issued_on", "-pk")
        .first()
    )
    base = {"name": worker.name, "operation": label}
    if latest is None:
        return (
            _(
                "%(name)s holds no special operations certificate for %(operation)s: the permit is refused "
                "(高府发〔2023〕14号: no uncertified person on a special-operation post)."
            )
            % base
        )
    if latest.issued_on > first:
        reason = _("certificate %(number)s was issued only on %(date)s") % {
            "number": latest.number, "date": latest.issued_on.isoformat(),
        }  # fmt: skip
    elif latest.expires_on < last:
        reason = _("certificate %(number)s expired on %(date)s") % {
            "number": latest.number, "date": latest.expires_on.isoformat(),
        }  # fmt: skip
    else:
        reason = _("certificate %(number)s was due for review on %(date)s and no review is recorded") % {
            "number": latest.number, "date": latest.next_review_on.isoformat() if latest.next_review_on else "",
        }  # fmt: skip
    return _("%(name)s holds no valid special operations certificate for %(operation)s on the permit's days: "
             "%(reason)s. The permit is refused.") % {**base, "reason": reason}  # fmt: skip


def certificate_for(worker: Person, kind: str, first: dt.date, last: dt.date) -> Certificate | None:
    """The worker's certificate held on every day first–last that the permit's kind needs (None: none needed).
    ValidationError on `worker` with the reason when one is needed and none is held."""
    operation = PERMIT_CERTIFICATE.get(kind)
    if operation is None:
        return None
    held = Certificate.objects.filter(
        held_through_q(first, last), person=worker, kind=CertificateKind.SPECIAL_OPERATION, operation_type=operation
    )
    found = held.order_by("-expires_on", "-pk").first()
    if found is None:
        raise ValidationError({"worker": [_refusal(worker, operation, first, last)]})
    return found


def clean_permit(user, values: dict[str, Any]) -> dict[str, Any]:
    cleaning.unknown_fields(values, PERMIT_FIELDS)
    values, errors = dict(values), {}
    enterprise = cleaning.unit(user, values.get("enterprise"), errors)
    kind = values.get("kind") or PermitKind.HOT_WORK
    if kind not in PermitKind.values:
        errors["kind"] = [_("Choose the kind of special work.")]
    values["kind"] = kind
    cleaning.texts(values, PERMIT_TEXTS, errors, required=("place", "measures"))
    _times(values, kind, errors)
    _people(user, values, enterprise, errors)
    if errors:
        raise ValidationError(errors)
    first, last = timezone.localdate(values["starts_at"]), timezone.localdate(values["ends_at"])
    for role in ("worker", "guardian", "approver"):
        person = values[role]
        if person.left_on is not None and person.left_on < last:
            errors[role] = [_("%(name)s left the unit on %(date)s.") % {"name": person.name, "date": person.left_on}]
    if errors:
        raise ValidationError(errors)
    values["certificate"] = certificate_for(values["worker"], kind, first, last)
    values["enterprise"] = enterprise
    return values


@transaction.atomic
def add_permit(user, **values) -> Permit:
    """Record a permit (enterprise, kind, worker, guardian, approver, place, times, measures) after checking the
    worker's certificate; refused with the reason otherwise."""
    cleaning.check_write(user)
    return _save(Permit(created_by=user, **clean_permit(user, values)), user)
