"""The one way to a reporter's name and phone: `reveal`, for a user holding the permission public.view_reporter_identity
and seeing the report, with a reason; each view is a row (who, when, from where, why) listed for the county office,
and a line in the security log (without the name or the phone)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from anjian.core import security_log
from anjian.org.jurisdiction import within

from .. import sealing
from ..choices import ReportAction
from ..models import IdentityView, PublicReport
from ..rules import Refused
from .common import clean_texts, raise_if, sign

PERMISSION = "public.view_reporter_identity"
MIN_REASON = 4


@dataclass(frozen=True)
class Identity:
    name: str
    phone: str

    def __repr__(self) -> str:  # never in a log or a traceback
        return "Identity(…)"


def may_reveal(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(PERMISSION))


@sensitive_variables("identity", "name", "phone")
@transaction.atomic
def reveal(user, report: PublicReport, reason: str, request=None) -> Identity:
    if not may_reveal(user):
        raise PermissionDenied(_("Viewing a reporter's identity needs its own permission."))
    if not within(user, report):
        raise PermissionDenied(_("This report is outside your jurisdiction."))
    errors: dict = {}
    texts = clean_texts({"reason": reason}, errors, "reason")
    if not errors and len(texts["reason"]) < MIN_REASON:
        errors["reason"] = [
            _("Say why you need the reporter's identity (at least %(n)d characters).") % {"n": MIN_REASON}
        ]
    raise_if(errors, Refused)
    report = PublicReport.objects.select_for_update().get(pk=report.pk)  # its steps' chain
    if report.anonymous:
        raise Refused({"reason": _("The report is anonymous: no identity was given.")})
    try:
        name, phone = sealing.unseal(report.name_sealed), sealing.unseal(report.phone_sealed)
    except sealing.Unreadable as exc:
        raise Refused({"reason": _("The identity cannot be opened with the key of this installation.")}) from exc
    IdentityView.objects.create(
        report=report,
        viewer=user,
        viewer_name=(getattr(user, "full_name", "") or user.get_username())[:40],
        reason=texts["reason"],
        address=security_log.address_of(request),
    )
    security_log.record("identity_view", request=request, user=user, detail=f"public report {report.pk}")
    sign(user, report, ReportAction.REVEAL, report.state, note=texts["reason"])
    identity = Identity(name, phone)
    return identity
