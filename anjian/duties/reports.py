"""The principal's duty report, 一报告、双签字 (信安办字〔2022〕30号 三（三）; 高府发〔2023〕14号 三（二）10), as
plain functions: the county office sets the templates; the unit writes a report for a period, its signatories
sign it one by one (two different people at least); a signed report is never changed; the unit supervising the
enterprise acknowledges it. Each refuses with PermissionDenied (who) or ValidationError keyed by field (what),
and nothing is saved when it refuses."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core import dates
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from anjian.org.choices import Role
from anjian.org.jurisdiction import assignments

from . import rules, texts
from .choices import Frequency, ReportState
from .models import DutyReport, DutyReportAcknowledgement, DutyReportSignature, ReportTemplate
from .periods import period_of
from .texts import NAME_LIMIT

MAX_SECTIONS, MAX_SIGNATORIES, HEADING_LIMIT, TEMPLATE_NAME_LIMIT = 20, 5, 200, 120


def clean_template(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict = {}
    name = texts.text(values.get("name"), "name", TEMPLATE_NAME_LIMIT, errors)
    if "name" not in errors and not name:
        errors["name"] = [_("Give the template a name.")]
    if values.get("period") not in Frequency.values:
        errors["period"] = [_("Choose how often the report is due.")]
    sections = [s for s in texts.strings(values.get("sections"), "sections", HEADING_LIMIT, errors) if s]
    if "sections" not in errors and not 1 <= len(sections) <= MAX_SECTIONS:
        errors["sections"] = [_("Give from 1 to %(max)s headings.") % {"max": MAX_SECTIONS}]
    signatories = [s for s in texts.strings(values.get("signatories"), "signatories", NAME_LIMIT, errors) if s]
    if "signatories" not in errors and not 2 <= len(signatories) <= MAX_SIGNATORIES:
        errors["signatories"] = [_("Two to %(max)s roles sign the report (双签字).") % {"max": MAX_SIGNATORIES}]
    elif len(set(signatories)) != len(signatories):
        errors["signatories"] = [_("Each role signs once.")]
    note = texts.text(values.get("note"), "note", COMMENT_MAX_LENGTH, errors)
    if errors:
        raise ValidationError(errors)
    active = values.get("active", True)
    return {"name": name, "period": values["period"], "sections": sections, "signatories": signatories,
            "note": note, "active": bool(active)}  # fmt: skip


@transaction.atomic
def save_template(user, template: ReportTemplate | None, **values) -> ReportTemplate:
    """The county office writes or changes a template; once changed it is the county's, no longer the default.
    Reports already written keep the headings and signatories they were written with."""
    rules.check_office(user)
    template = template or ReportTemplate()
    for name, value in clean_template(values).items():
        setattr(template, name, value)
    template.is_default = False
    template._history_user = user  # type: ignore[attr-defined]
    template.save()
    return template


# --- the report ------------------------------------------------------------------------------------------------


def _content(template_sections: list[str], given, errors: dict) -> list[dict]:
    written = texts.strings(given, "sections", DESCRIPTION_MAX_LENGTH, errors)
    if "sections" in errors:
        return []
    if len(written) != len(template_sections):
        errors["sections"] = [_("Give one text for each of the %(n)s headings.") % {"n": len(template_sections)}]
        return []
    if not any(written):
        errors["sections"] = [_("Write the report: at least one heading needs its text.")]
    return [{"title": title, "text": body} for title, body in zip(template_sections, written, strict=True)]


@transaction.atomic
def create_report(user, enterprise, template: ReportTemplate, sections, day=None) -> DutyReport:
    """The unit writes its report for the period holding `day` (today when omitted; not in the future)."""
    rules.check_speaks_for(user, enterprise)
    errors: dict = {}
    if not template.active:
        errors["template"] = [_("This template is no longer in use.")]
    try:
        day = dates.check_past(dates.today() if day in (None, "") else day, field="day")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    content = _content(template.sections, sections, errors)
    if errors:
        raise ValidationError(errors)
    start, end = period_of(template.period, day)
    report = DutyReport(
        enterprise=enterprise, template=template, period=template.period, period_start=start, period_end=end,
        sections=content, signatories=list(template.signatories), created_by=user,
    )  # fmt: skip
    report._history_user = user  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise ValidationError({"day": _("The unit already has this report for %(period)s.") % {
            "period": report.period_label}}) from exc  # fmt: skip
    return report


def _locked(report: DutyReport) -> DutyReport:
    return DutyReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def edit_report(user, report: DutyReport, sections) -> DutyReport:
    """Change the text while nobody has signed; a signed report is never changed."""
    rules.check_speaks_for(user, report.enterprise)
    locked = _locked(report)
    if locked.signatures.exists():
        raise ValidationError(_("The report is signed: its text can no longer be changed."))
    errors: dict = {}
    content = _content([s["title"] for s in locked.sections], sections, errors)
    if errors:
        raise ValidationError(errors)
    locked.sections = content
    locked._history_user = user  # type: ignore[attr-defined]
    locked.save(update_fields=["sections", "updated_at"])
    return locked


@transaction.atomic
def sign(user, report: DutyReport, position, signer_name) -> DutyReportSignature:
    """One signatory signs (by position in the report's signatories), a person other than those who signed."""
    rules.check_speaks_for(user, report.enterprise)
    locked = _locked(report)
    signed = {s.position: s for s in locked.signatures.all()}
    errors: dict = {}
    if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position < len(locked.signatories):
        errors["position"] = [_("Choose one of the report's signatories.")]
    elif position in signed:
        errors["position"] = [_("%(role)s has already signed.") % {"role": locked.signatories[position]}]
    name = texts.text(signer_name, "signer_name", NAME_LIMIT, errors)
    if "signer_name" not in errors and not name:
        errors["signer_name"] = [_("Give the name of the person who signs.")]
    elif name in {s.signer_name for s in signed.values()}:
        errors["signer_name"] = [
            _("Two different people sign the report (双签字): %(name)s has signed.") % {"name": name}
        ]
    if errors:
        raise ValidationError(errors)
    signature = DutyReportSignature.objects.create(
        report=locked, position=position, role=locked.signatories[position], signer_name=name, signed_by=user
    )
    if len(signed) + 1 == len(locked.signatories):
        locked.state = ReportState.SIGNED
        locked._history_user = user  # type: ignore[attr-defined]
        locked.save(update_fields=["state", "updated_at"])
    return signature


def unit_label(user) -> str:
    """The unit a supervisor acts for: its department, its town, or its county's safety committee office."""
    for a in assignments(user):
        if a.role == Role.DEPARTMENT and a.department_id:
            return a.department.name
    for a in assignments(user):
        if a.role == Role.TOWN and a.region_id:
            return a.region.unit_name
    for a in assignments(user):
        if a.role == Role.COUNTY_OFFICE and a.region_id:
            return _("%(region)s safety committee office") % {"region": a.region.name}
    return str(user)


@transaction.atomic
def acknowledge(user, report: DutyReport, comment: str = "") -> DutyReportAcknowledgement:
    """The supervising unit acknowledges a report signed by all its signatories, once."""
    rules.check_supervises(user, report.enterprise)
    locked = _locked(report)
    if locked.state == ReportState.ACKNOWLEDGED:
        raise ValidationError(_("The report is already acknowledged."))
    if locked.state != ReportState.SIGNED:
        raise ValidationError(_("Only a report signed by all its signatories is acknowledged."))
    errors: dict = {}
    said = texts.text(comment, "comment", COMMENT_MAX_LENGTH, errors)
    if errors:
        raise ValidationError(errors)
    made = DutyReportAcknowledgement.objects.create(
        report=locked, unit_name=unit_label(user), comment=said, acknowledged_by=user, acknowledged_at=timezone.now()
    )
    locked.state = ReportState.ACKNOWLEDGED
    locked._history_user = user  # type: ignore[attr-defined]
    locked.save(update_fields=["state", "updated_at"])
    return made
