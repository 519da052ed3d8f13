"""A campaign's working cycle: start it from a template, compute the dispatch table, file, submit and
return reports, and see who is late. The views, the API and the demo all call these functions."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core import figures
from anjian.core.dates import EARLIEST
from anjian.core.figures import Frame
from anjian.org.choices import DepartmentKind, RegionLevel
from anjian.org.models import Department, Region

from . import rules
from .choices import DispatchForm, ReportState
from .dispatch import BLOCK_OF, BLOCKS, CELLS, Cell
from .models import Campaign, Deadline, Participant, ProgressReport, Stage, Submission, Task

CATALOGUE = Path(__file__).resolve().parent / "catalogue"
MONTH_PATTERN = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
LARGEST_TYPED = Decimal("10000000")
TOTAL = "total"  # the roll-up's key of the whole region  # no county types ten million of anything in a month


# --- templates ------------------------------------------------------------------------------------------


def templates() -> dict[str, dict]:
    """The campaign templates shipped as data (catalogue/*.json), by code."""
    found = {}
    for path in sorted(CATALOGUE.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["code"]] = data
    return found


def _shift(text: str | None, years: int) -> dt.date | None:
    """A template's date moved by whole years (29 February lands on the 28th)."""
    if not text:
        return None
    day = dt.date.fromisoformat(text)
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


@transaction.atomic
def start_from_template(user, code: str, *, region: Region, year: int | None = None) -> Campaign:
    """A campaign from template `code`, its dates moved to `year` (this year by default), with every town of
    `region` and its supervising departments taking part."""
    rules.check_manage(user, region=region)
    data = templates().get(code)
    if data is None:
        raise ValidationError({"template": _("There is no campaign template %(code)s.") % {"code": code}})
    start_text = (data.get("period") or {}).get("start")
    base_year = dt.date.fromisoformat(start_text).year if start_text else timezone.localdate().year
    year = year or timezone.localdate().year
    years = year - base_year
    period = data.get("period") or {}
    start = _shift(period.get("start"), years) or dt.date(year, 1, 1)
    end = _shift(period.get("end"), years) or dt.date(start.year, 12, 31)
    rhythm = data.get("rhythm") or {}
    document = data.get("document") or {}
    first = _shift(f"{rhythm['first_report_month']}-01", years) if rhythm.get("first_report_month") else None
    campaign = Campaign.objects.create(
        title=data["title"],
        kind=data.get("kind") or "other",
        template=code,
        document_name=document.get("name") or "",
        document_number=document.get("number") or "",
        document_date=_shift(document.get("date"), 0),
        issuer=document.get("issuer") or "",
        region=region,
        period_start=start,
        period_end=end,
        rhythm="、".join(rhythm.get("words") or []),
        monthly_report_day=rhythm.get("monthly_report_day"),
        first_report_month=first,
        dispatch_form=DispatchForm.ATTACHMENT_4 if _asks_for_attachment_4(rhythm) else "",
        created_by=user,
    )
    Stage.objects.bulk_create(
        Stage(
            campaign=campaign,
            order=n,
            name=s["name"],
            start=_shift(s.get("start"), years),
            end=_shift(s.get("end"), years),
            content=s.get("content") or "",
            cite=s.get("cite") or "",
        )
        for n, s in enumerate(data.get("stages") or [])
    )
    Deadline.objects.bulk_create(
        Deadline(campaign=campaign, what=d["what"], date=_shift(d.get("date"), years), cite=d.get("cite") or "")
        for d in data.get("deadlines") or []
    )
    groups = {g["number"]: g.get("title", "") for g in data.get("groups") or []}
    Task.objects.bulk_create(_task(campaign, n, t, groups, years) for n, t in enumerate(data.get("tasks") or []))
    add_default_participants(campaign)
    return campaign


def _asks_for_attachment_4(rhythm: dict) -> bool:
    """The template's monthly forms include the progress dispatch table (附件4 …调度表)."""
    return any("附件4" in form.replace(" ", "") and "调度表" in form for form in rhythm.get("forms") or [])


def _task(campaign: Campaign, order: int, t: dict, groups: dict, years: int) -> Task:
    target = t.get("target") or {}
    value = target.get("value")
    return Task(
        campaign=campaign,
        order=order,
        number=t["number"],
        group_number=t.get("group") or "",
        group_title=groups.get(t.get("group"), ""),
        title=t["title"][:200],
        content=t.get("content") or "",
        lead=t.get("lead") or "",
        responsible="\n".join(t.get("responsible") or []),
        deadline=_shift(t.get("deadline"), years),
        ongoing=bool(t.get("ongoing")),
        target_text=(target.get("text") or "")[:300],
        target_value=Decimal(str(value)) if value is not None else None,
        target_unit=target.get("unit") or "",
        target_per=target.get("per") or "",
        measure=t.get("measure") or "",
        metric=t.get("metric") or "",
        target_each=bool(target.get("each")),
        cite=t.get("cite") or "",
    )


def add_default_participants(campaign: Campaign) -> None:
    """The towns under the campaign's region and its supervising departments (the county's 县本级)."""
    towns = Region.objects.filter(level=RegionLevel.TOWN, path__startswith=campaign.region.path)
    departments = Department.objects.filter(
        region=campaign.region, kind__in=[DepartmentKind.SUPERVISING, DepartmentKind.BOTH]
    )
    Participant.objects.bulk_create(
        [Participant(campaign=campaign, department=d) for d in departments]
        + [Participant(campaign=campaign, region=t) for t in towns]
    )


# --- periods ----------------------------------------------------------------------------------------------


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def last_day(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def first_month(campaign: Campaign) -> dt.date:
    return month_of(campaign.first_report_month or campaign.period_start)


def open_periods(campaign: Campaign, today: dt.date | None = None) -> list[dt.date]:
    """The months that may be reported on: from the first report month to the campaign's last, those begun."""
    today = today or timezone.localdate()
    months, month = [], first_month(campaign)
    while month <= month_of(campaign.period_end) and month <= month_of(today):
        months.append(month)
        month = next_month(month)
    return months


def parse_period(campaign: Campaign, text: str | None, today: dt.date | None = None) -> dt.date:
    """`2026-05` → that month, when it is one of the campaign's open periods; a clear refusal otherwise."""
    match = MONTH_PATTERN.match(text or "")
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < EARLIEST.year:
        raise ValidationError({"period": _("Write the month as YYYY-MM, e.g. 2026-05.")}, code="invalid")
    month = dt.date(int(match.group(1)), int(match.group(2)), 1)
    periods = open_periods(campaign, today)
    if month not in periods:
        if periods and month > periods[-1] and month <= month_of(campaign.period_end):
            message = _("The report for %(month)s is not open yet: a month opens on its first day.")
        else:
            message = _("%(month)s is outside the campaign's reporting months.")
        raise ValidationError({"period": message % {"month": f"{month:%Y-%m}"}}, code="closed")
    return month


def due_date(campaign: Campaign, month: dt.date) -> dt.date | None:
    """附件4 注1: the report on a month is due on the campaign's report day of the next month."""
    if not campaign.monthly_report_day:
        return None
    following = next_month(month)
    return following.replace(day=min(campaign.monthly_report_day, last_day(following).day))


# --- the dispatch table -------------------------------------------------------------------------------------

RECORDS = "records:"  # the request key of a cell's cross-check


@dataclass
class CellValue:
    cell: Cell
    block: str
    value: int | Decimal | None
    source: str  # "computed" | "typed"
    records: int | Decimal | None = None  # the cross-check from the units' own records (Cell.records), if any


def frame(user, campaign: Campaign, month: dt.date, participant: Participant | None) -> Frame:
    """附件4 注1: 相关数据为累计数 — from the campaign's start to the end of the month (or today)."""
    end = min(last_day(month), max(timezone.localdate(), month))
    if participant is None:
        return Frame(user, region=campaign.region, start=campaign.period_start, end=end)
    return Frame(
        user, region=participant.region, department=participant.department, start=campaign.period_start, end=end
    )


def cell_frame(cell: Cell, base: Frame) -> Frame:
    return base if cell.cumulative else Frame(base.user, base.region, base.department, None, base.end)


def cell_rows(
    user, campaign: Campaign, month: dt.date, participant: Participant | None, key: str, records: bool = False
):
    """The records a computed cell counts (the same queryset as its value); with `records`, those its cross-check
    from the units' own records counts."""
    cell = CELLS.get(key)
    if cell is None or not cell.computed:
        raise ValidationError({"cell": _("This cell is not computed from records.")})
    if records and not cell.records:
        raise ValidationError({"records": _("This cell has no cross-check from the units' records.")})
    key = cell.records if records else cell.figure
    return figures.get(key).rows(cell_frame(cell, frame(user, campaign, month, participant)))


def dispatch(user, campaign: Campaign, month: dt.date, participant: Participant | None = None) -> list[CellValue]:
    """Attachment 4 for one participant (its draft's typed figures) or, without one, the county's roll-up:
    computed cells over the whole region (each record once), typed cells summed over the last submissions."""
    base = frame(user, campaign, month, participant)
    typed = _typed_for(campaign, month, participant)
    requests = {c.key: (figures.get(c.figure), cell_frame(c, base)) for c in CELLS.values() if c.computed}
    for c in CELLS.values():  # the cross-checks from the units' records, where their app declares the figure
        if c.records and c.records in figures.known():
            requests[RECORDS + c.key] = (figures.get(c.records), cell_frame(c, base))
    computed = figures.values(requests)
    out = []
    for block, cells in BLOCKS:
        for cell in cells:
            if cell.computed:
                out.append(CellValue(cell, block, computed[cell.key], "computed", computed.get(RECORDS + cell.key)))
            else:
                out.append(CellValue(cell, block, typed.get(cell.key), "typed"))
    return out


def _typed_for(campaign: Campaign, month: dt.date, participant: Participant | None) -> dict[str, Decimal]:
    if participant is not None:
        report = ProgressReport.objects.filter(campaign=campaign, participant=participant, period=month).first()
        return {k: Decimal(v) for k, v in (report.typed if report else {}).items()}
    return _typed_total(s.values for s in last_submissions(campaign, month))


def _typed_total(signed) -> dict[str, Decimal]:
    """The typed figures of signed values ({cell key: value}, each report's last submission) added up."""
    totals: dict[str, Decimal] = {}
    typed = [key for key, cell in CELLS.items() if not cell.computed]
    for values in signed:
        for key in typed:
            if values.get(key) is not None:
                totals[key] = totals.get(key, Decimal(0)) + Decimal(str(values[key]))
    return totals


def last_submissions(campaign: Campaign, month: dt.date) -> list[Submission]:
    """Each submitted report's latest submission for the month (returned ones are not counted)."""
    reports = ProgressReport.objects.filter(campaign=campaign, period=month, state=ReportState.SUBMITTED)
    latest = {}
    for s in Submission.objects.filter(report__in=reports).order_by("report_id", "number"):
        latest[s.report_id] = s
    return list(latest.values())


# --- reports --------------------------------------------------------------------------------------------


def parse_typed(key: str, value) -> Decimal:
    """A typed figure: a number not below zero, whole unless it is an amount (两位小数), below ten million."""
    cell = CELLS.get(key)
    if cell is None:
        raise ValidationError({key: _("The form has no such cell.")})
    if cell.computed:
        raise ValidationError({key: _("This figure is computed from the records and cannot be typed.")})
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({key: _("Enter a number.")}) from exc
    if not number.is_finite() or number < 0:
        raise ValidationError({key: _("Enter a number not below zero.")})
    if number >= LARGEST_TYPED:
        raise ValidationError({key: _("This number is too large to be meant.")})
    if not cell.money and number != number.to_integral_value():
        raise ValidationError({key: _("Enter a whole number.")})
    return number.quantize(Decimal("0.01")) if cell.money else number.to_integral_value()


def report_for(user, campaign: Campaign, participant: Participant, month: dt.date) -> ProgressReport:
    """The participant's report on `month`, created empty on first use."""
    rules.check_file(user, participant)
    report, _created = ProgressReport.objects.get_or_create(
        campaign=campaign, participant=participant, period=month, defaults={"created_by": user}
    )
    return report


@transaction.atomic
def save_typed(user, report: ProgressReport, values: dict, note: str | None = None) -> ProgressReport:
    """Store the typed figures of a draft or returned report; all refused together, with a message a cell."""
    rules.check_file(user, report.participant)
    if report.state == ReportState.SUBMITTED:
        raise ValidationError({"state": _("This report is submitted; the office must return it before a change.")})
    errors, typed = {}, dict(report.typed)
    for key, value in values.items():
        cell = CELLS.get(key)
        if value in (None, "") and cell is not None and not cell.computed:
            typed.pop(key, None)  # cleared
            continue
        try:
            typed[key] = str(parse_typed(key, value))
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    report.typed = typed
    if note is not None:
        report.note = note
    report.save()
    return report


@transaction.atomic
def submit(user, report: ProgressReport) -> Submission:
    """Sign the report: every cell frozen as it stands, marked late after the due day."""
    rules.check_file(user, report.participant)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.state == ReportState.SUBMITTED:
        raise ValidationError({"state": _("This report is already submitted.")})
    missing = [c.label for c in CELLS.values() if not c.computed and c.key not in report.typed]
    if missing:
        raise ValidationError({"typed": _("Fill in every typed figure (0 where there is none): %(cells)s.")
                               % {"cells": "、".join(missing)}})  # fmt: skip
    cells = dispatch(user, report.campaign, report.period, report.participant)
    now = timezone.now()
    due = due_date(report.campaign, report.period)
    submission = Submission.objects.create(
        report=report,
        number=report.submissions.count() + 1,
        cells=[
            {"key": c.cell.key, "block": c.block, "label": c.cell.label, "source": c.source, "value": _json(c.value)}
            for c in cells
        ],
        values={c.cell.key: _json(c.value) for c in cells},
        submitted_by=user,
        submitted_at=now,
        late=due is not None and timezone.localdate(now) > due,
    )
    report.state = ReportState.SUBMITTED
    report.save(update_fields=["state", "updated_at"])
    return submission


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    return value


@transaction.atomic
def return_report(user, report: ProgressReport, reason: str) -> Submission:
    """The office sends a submitted report back with a reason; the submission stays as it was signed."""
    rules.check_manage(user, report.campaign)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError({"state": _("Only a submitted report can be returned.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is returned.")})
    submission = report.submissions.order_by("-number").first()
    submission.returned_by, submission.returned_at, submission.return_reason = user, timezone.now(), reason
    submission.save(update_fields=["returned_by", "returned_at", "return_reason"])
    report.state = ReportState.RETURNED
    report.save(update_fields=["state", "updated_at"])
    return submission


@dataclass
class Standing:
    participant: Participant
    report: ProgressReport | None
    due: dt.date | None
    late: bool  # submitted after the due day
    missing: bool  # not submitted and the due day has passed


def standings(
    user, campaign: Campaign, month: dt.date, today: dt.date | None = None, *, signed: bool = False
) -> list[Standing]:
    """Each participant the user may see, with its report on `month`: late and missing ones flagged; with
    `signed`, each report carries its last submission's values as `signed_values` (None when unsigned)."""
    today = today or timezone.localdate()
    due = due_date(campaign, month)
    participants = (
        rules.visible_participants(user, campaign)
        .select_related("region", "department")
        .order_by("department__name", "region__code", "pk")  # one campaign's: no need to join it to sort
    )
    late = Exists(Submission.objects.filter(report=OuterRef("pk"), late=True))
    found = ProgressReport.objects.filter(campaign=campaign, period=month).annotate(any_late=late).order_by()
    if signed:
        last = Submission.objects.filter(report=OuterRef("pk")).order_by("-number").values("values")[:1]
        found = found.annotate(signed_values=Subquery(last))
    reports = {r.participant_id: r for r in found}
    out = []
    for p in participants:
        report = reports.get(p.pk)
        submitted = report is not None and report.state == ReportState.SUBMITTED
        out.append(
            Standing(
                participant=p,
                report=report,
                due=due,
                late=report is not None and report.any_late,
                missing=not submitted and due is not None and today > due,
            )
        )
    return out


def block_of(key: str) -> str:
    return BLOCK_OF[key]


# --- the printed table: one participant's sheet, or the county's roll-up ------------------------------------


@dataclass
class Sheet:
    """Attachment 4 as filled by one participant (or, with `participant` None, for the whole region)."""

    title: str
    filler: str  # 填报单位（部门）
    day: dt.date  # 时间: the day it was filled (the submission's, or today)
    month: dt.date
    cells: list[CellValue]


@dataclass
class RollupRow:
    name: str
    values: dict[str, int | Decimal | None]  # cell key → value
    state: str  # "submitted" | "late" | "missing" | "draft" | "" (not yet due)


@dataclass
class Rollup:
    title: str
    month: dt.date
    cells: list[Cell]
    rows: list[RollupRow]
    total: dict[str, int | Decimal | None]  # computed cells over the region (each record once), typed summed


def sheet_title(campaign: Campaign, participant: Participant | None) -> str:
    """The form's title: the region's name and the participant's field (领域), left blank (____) as the form
    prints it where none is set; the roll-up covers every field."""
    from .dispatch import TITLE

    if participant is None:
        return TITLE.format(region=campaign.region.name, field="").replace("领域", "", 1)
    return TITLE.format(region=campaign.region.name, field=participant.field or "____")


def sheet(user, campaign: Campaign, month: dt.date, participant: Participant | None = None) -> Sheet:
    submission = None
    if participant is not None:
        report = ProgressReport.objects.filter(campaign=campaign, participant=participant, period=month).first()
        if report is not None and report.state == ReportState.SUBMITTED:
            submission = report.submissions.order_by("-number").first()
    cells = dispatch(user, campaign, month, participant)
    if submission is not None:  # as it was signed
        signed = {row["key"]: row["value"] for row in submission.cells}
        for c in cells:
            if c.cell.key in signed:
                c.value = _number(c.cell, signed[c.cell.key])
    day = timezone.localdate(submission.submitted_at) if submission else timezone.localdate()
    filler = participant.name if participant is not None else campaign.region.name
    return Sheet(sheet_title(campaign, participant), filler, day, month, cells)


def rollup(user, campaign: Campaign, month: dt.date, today: dt.date | None = None) -> Rollup:
    """One row per participant — its figures as signed where it submitted (no recount), else the records'
    figures now and its draft's typed ones — and the region's total."""
    rows = []
    standings_ = standings(user, campaign, month, today, signed=True)
    signed = {s.participant.pk: s.report.signed_values for s in standings_ if _is_signed(s)}
    waiting = [s for s in standings_ if s.participant.pk not in signed]
    units: dict = {s.participant.pk: (s.participant.region, s.participant.department) for s in waiting}
    live = _live_values(user, campaign, month, units | {TOTAL: (campaign.region, None)})
    for standing in waiting:  # a draft's typed figures beside the records' figures now
        typed = standing.report.typed if standing.report is not None else {}
        for key, cell in CELLS.items():
            if not cell.computed:
                live[standing.participant.pk][key] = _number(cell, typed.get(key))
    for standing in standings_:
        mine = signed.get(standing.participant.pk)
        if mine is not None:
            values = {k: _number(CELLS[k], v) for k, v in mine.items() if k in CELLS}
        else:
            values = live[standing.participant.pk]
        state = "late" if standing.late else "submitted" if mine is not None else "missing" if standing.missing else ""
        if not state and standing.report is not None:
            state = "draft"
        rows.append(RollupRow(standing.participant.name, values, state))
    typed_total = _typed_total(signed.values())
    total = live[TOTAL] | {k: _number(c, typed_total.get(k)) for k, c in CELLS.items() if not c.computed}
    return Rollup(sheet_title(campaign, None), month, list(CELLS.values()), rows, total)


def _is_signed(standing: Standing) -> bool:
    report = standing.report
    return report is not None and report.state == ReportState.SUBMITTED and report.signed_values is not None


def _live_values(user, campaign: Campaign, month: dt.date, units: dict) -> dict:
    """The records' computed figures now for several units at once — {key: {cell key: value}} for `units`
    {key: (region, department)} — one grouped query a family of figures (core.figures.values_by_unit)."""
    base = frame(user, campaign, month, None)
    values: dict = {key: {} for key in units}
    if not units:
        return values
    requests = {c.key: (figures.get(c.figure), cell_frame(c, base)) for c in CELLS.values() if c.computed}
    for cell_key, by_unit in figures.values_by_unit(requests, units).items():
        for key, value in by_unit.items():
            values[key][cell_key] = value
    return values


CENT = Decimal("0.01")


def _number(cell: Cell, value) -> int | Decimal | None:
    """A value as stored in a submission's cells (JSON text or number) back as the cell's number."""
    if value is None:
        return None
    if type(value) is int and not cell.money:  # most cells: a count, stored as a JSON number
        return value
    return Decimal(str(value)).quantize(CENT) if cell.money else int(Decimal(str(value)))


@transaction.atomic
def add_evidence(user, report: ProgressReport, uploads) -> list:
    """Attach documents or photos that back the typed figures (a signed list, a payment record …), while the
    report may still change; each file is checked and stored once (core.attachments)."""
    from anjian.core.attachments import store_document

    rules.check_file(user, report.participant)
    if report.state == ReportState.SUBMITTED:
        raise ValidationError({"evidence": _("This report is submitted; the office must return it before a change.")})
    stored = []
    for upload in uploads:
        try:
            stored.append(store_document(upload, user))
        except ValidationError as exc:
            raise ValidationError({"evidence": [f"{upload.name}: {m}" for m in exc.messages]}) from exc
    report.evidence.add(*stored)
    return stored


def evidence_visible(user, attachment) -> bool:
    """A report's evidence: to those who may see the report (its participant and the office)."""
    reports = ProgressReport.objects.filter(evidence=attachment).select_related("campaign__region", "participant")
    return any(rules.may_manage(user, r.campaign) or rules.may_file(user, r.participant) for r in reports)
