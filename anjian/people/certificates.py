"""Certificates: recording them, their standing (valid / expires within 90 days / review due / review overdue /
expired) in SQL, and `expiring_certificates` for the notification scan.

安全生产知识和管理能力考核合格证 is valid 3 years; 特种作业操作证 6 years with a review every 3 (国家安全监管总局令
第30号; periods.py). A certificate is held on a day from its issue to its expiry, and not past a missed review
(未按期复审的, 特种作业操作证失效). A certificate another of the same person, kind and operation replaced (issued
later) is superseded: it neither warns nor counts as expired.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from anjian.core import dates

from . import cleaning, periods
from .choices import CertificateKind, CertificateStatus, OperationType
from .models import Certificate
from .rules import current_q
from .services import _save, check_change, person_of

CERTIFICATE_FIELDS = (
    "person", "enterprise", "kind", "operation_type", "number", "issuer", "issued_elsewhere",
    "issued_on", "expires_on", "reviewed_on", "long_review",
)  # fmt: skip
CERTIFICATE_TEXTS = {"number": 40, "issuer": 80}


def held_on_q(day: dt.date, via: str = "") -> Q:
    """The certificate is held on `day`: issued, not expired, no review missed."""
    return Q(**{f"{via}issued_on__lte": day, f"{via}expires_on__gte": day}) & (
        Q(**{f"{via}next_review_on__isnull": True}) | Q(**{f"{via}next_review_on__gte": day})
    )


def held_through_q(first: dt.date, last: dt.date) -> Q:
    """Held on every day from `first` to `last` (a permit's days)."""
    return Q(issued_on__lte=first, expires_on__gte=last) & (
        Q(next_review_on__isnull=True) | Q(next_review_on__gte=last)
    )


def superseded() -> Exists:
    """Another certificate of the same person, kind and operation issued later (a renewal)."""
    return Exists(
        Certificate.objects.filter(
            person=OuterRef("person"),
            kind=OuterRef("kind"),
            operation_type=OuterRef("operation_type"),
            issued_on__gt=OuterRef("issued_on"),
        )
    )


def status_case(today: dt.date) -> Case:
    """The standing on `today`; the nearer trouble first (an expiry before a review)."""
    warn = today + dt.timedelta(days=periods.WARNING_DAYS)
    return Case(
        When(expires_on__lt=today, then=Value(CertificateStatus.EXPIRED)),
        When(next_review_on__lt=today, then=Value(CertificateStatus.REVIEW_OVERDUE)),
        When(expires_on__lte=warn, then=Value(CertificateStatus.EXPIRING)),
        When(next_review_on__lte=warn, then=Value(CertificateStatus.REVIEW_DUE)),
        default=Value(CertificateStatus.VALID),
        output_field=CharField(),
    )


def with_status(queryset: QuerySet, today: dt.date) -> QuerySet:
    """Certificates annotated with `status` and `superseded` as of `today` (one query)."""
    return queryset.annotate(status=status_case(today), superseded=superseded())


def needing_attention(queryset: QuerySet, today: dt.date, days: int = periods.WARNING_DAYS) -> QuerySet:
    """Current certificates of current people that expire, or whose review falls, within `days` — or already
    expired or missed a review."""
    until = today + dt.timedelta(days=days)
    soon = Q(expires_on__lte=until) | Q(next_review_on__lte=until)
    return queryset.filter(soon, current_q(today, via="person__")).exclude(superseded())


def expiring_certificates(today: dt.date, days: int = periods.WARNING_DAYS) -> QuerySet:
    """The certificates a reminder is due for on `today`: held now, of people still at an open unit, not replaced,
    expiring or with a review falling due within `days` (both bounds included). Not restricted to anyone: the
    caller decides who hears of which (`person__enterprise` leads to the unit)."""
    until = today + dt.timedelta(days=days)
    window = Q(expires_on__gte=today, expires_on__lte=until) | Q(next_review_on__gte=today, next_review_on__lte=until)
    rows = Certificate.objects.filter(held_on_q(today), window, current_q(today, via="person__"))
    return rows.exclude(superseded()).select_related("person__enterprise")


# --- recording ------------------------------------------------------------------------------------------------


def _kind(values: dict, errors: dict) -> str:
    kind, operation = values.get("kind"), values.get("operation_type") or ""
    if kind not in CertificateKind.values:
        errors["kind"] = [_("The kind is safety_qualification or special_operation.")]
    elif kind == CertificateKind.SPECIAL_OPERATION and operation not in OperationType.values:
        errors["operation_type"] = [_("Name the operation type of the catalogue (电焊 is welding).")]
    elif kind == CertificateKind.SAFETY_QUALIFICATION and operation:
        errors["operation_type"] = [_("Only a special operations certificate names an operation type.")]
    elif kind == CertificateKind.SAFETY_QUALIFICATION and values.get("long_review"):
        errors["long_review"] = [_("Only a special operations certificate is reviewed.")]
    return operation


def _dates(values: dict, kind: str, errors: dict) -> None:
    issued = cleaning.past_day(values.get("issued_on"), "issued_on", errors)
    values["issued_on"] = issued
    if issued is None or kind not in CertificateKind.values:
        return
    longest = periods.expiry(kind, issued)
    values["expires_on"] = cleaning.day(
        values.get("expires_on"), "expires_on", errors, required=False,
        floor=issued + dt.timedelta(days=1), floor_reason=_("the day after it was issued: it expires after issue"),
        ceiling=longest, ceiling_reason=_("the longest validity of this kind of certificate"),
    ) or (None if "expires_on" in errors else longest)  # fmt: skip
    values["reviewed_on"] = cleaning.day(
        values.get("reviewed_on"), "reviewed_on", errors, required=False, floor=issued,
        floor_reason=_("the day it was issued"), ceiling=dates.today(),
    )  # fmt: skip
    if values["reviewed_on"] and kind != CertificateKind.SPECIAL_OPERATION:
        errors["reviewed_on"] = [_("Only a special operations certificate is reviewed.")]


def _unique(values: dict, instance: Certificate | None, errors: dict) -> None:
    same = Certificate.objects.filter(
        kind=values["kind"], operation_type=values["operation_type"], number=values["number"],
        issued_on=values["issued_on"],
    )  # fmt: skip
    if instance is not None:
        same = same.exclude(pk=instance.pk)
    if same.exists():
        errors["number"] = [_("This certificate (the same number, kind and issue date) is already recorded.")]


def clean_certificate(user, values: dict[str, Any], instance: Certificate | None = None) -> dict[str, Any]:
    cleaning.unknown_fields(values, CERTIFICATE_FIELDS)
    values, errors = dict(values), {}
    enterprise = values.pop("enterprise", None)
    person = person_of(user, values.get("person"), errors, enterprise)
    values["operation_type"] = _kind(values, errors)
    cleaning.texts(values, CERTIFICATE_TEXTS, errors, required=("number", "issuer"))
    values["issued_elsewhere"] = cleaning.yes_no(values.get("issued_elsewhere"), "issued_elsewhere", errors)
    values["long_review"] = cleaning.yes_no(values.get("long_review"), "long_review", errors)
    _dates(values, values.get("kind"), errors)
    if not errors:
        _unique(values, instance, errors)
    if errors:
        raise ValidationError(errors)
    values["person"] = person
    return values


@transaction.atomic
def add_certificate(user, **values) -> Certificate:
    """Record a certificate of a person; its expiry (unless printed earlier) and next review are computed."""
    cleaning.check_write(user)
    return _save(Certificate(created_by=user, **clean_certificate(user, values)), user)


@transaction.atomic
def change_certificate(user, certificate: Certificate, changes: dict[str, Any]) -> Certificate:
    """Correct a certificate or record its review (`reviewed_on`); the next review is computed again."""
    check_change(user, certificate)
    current = {name: getattr(certificate, name) for name in CERTIFICATE_FIELDS if name != "enterprise"}
    if "issued_on" in changes or "kind" in changes:
        current["expires_on"] = None  # computed afresh unless given
    cleaned = clean_certificate(user, {**current, **changes}, instance=certificate)
    for name, value in cleaned.items():
        setattr(certificate, name, value)
    return _save(certificate, user)
