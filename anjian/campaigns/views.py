"""Pages of the campaigns: the list (and starting one from a template), a campaign with its tasks and the
month's reports, the dispatch table with the rows behind each number, filing and returning a report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anjian.core import figures, records
from anjian.org.jurisdiction import counties

from . import desk, progress, rules, services
from .forms import ReportForm, ReturnForm, StartForm
from .models import Campaign, ProgressReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _campaign(request, pk: int) -> Campaign:
    return get_object_or_404(rules.visible_campaigns(request.user).select_related("region"), pk=pk)


def _month(campaign: Campaign, text: str | None):
    """The month asked for (?period=YYYY-MM), else the latest open one; (month, error message)."""
    periods = services.open_periods(campaign)
    if not text:
        return (periods[-1] if periods else None), ""
    try:
        return services.parse_period(campaign, text), ""
    except ValidationError as exc:
        return (periods[-1] if periods else None), " ".join(exc.messages)


def _participant(request, campaign: Campaign):
    pk = request.GET.get("participant") or ""
    if not pk:
        return None
    if not pk.isdigit() or len(pk) > 18:
        raise Http404
    return get_object_or_404(rules.visible_participants(request.user, campaign), pk=int(pk))


@login_required
def campaign_list(request):
    campaigns = rules.visible_campaigns(request.user).select_related("region")
    templates = services.templates()
    mine = counties(request.user)
    form = None
    if rules.may_manage(request.user):
        form = StartForm(request.POST or None, templates=templates, counties=mine)
        if request.method == "POST" and form.is_valid():
            county = mine.get(code=form.cleaned_data["county"])
            try:
                campaign = services.start_from_template(
                    request.user, form.cleaned_data["template"], region=county, year=form.cleaned_data["year"]
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The campaign has started; its tasks and participants are below."))
                return redirect("campaigns:detail", pk=campaign.pk)
    elif request.method == "POST":
        raise Http404
    owed = desk.owed(request.user)
    context = {"campaigns": campaigns, "form": form, "owed": owed, "overdue_count": sum(o.overdue for o in owed)}
    return render(request, "campaigns/list.html", context, status=400 if form is not None and form.errors else 200)


@login_required
@require_GET
def detail(request, pk: int):
    campaign = _campaign(request, pk)
    month, error = _month(campaign, request.GET.get("period"))
    standings = services.standings(request.user, campaign, month) if month else []
    tasks = list(campaign.tasks.all())
    measured = {row.task.pk: row for row in progress.progress(request.user, campaign, tasks=tasks)}
    context = {
        "campaign": campaign,
        "stages": campaign.stages.all(),
        "deadlines": campaign.deadlines.all(),
        "tasks": [(t, measured.get(t.pk)) for t in tasks],
        "month": month,
        "error": error,
        "periods": services.open_periods(campaign),
        "due": services.due_date(campaign, month) if month else None,
        "standings": standings,
        "own": set(rules.own_participants(request.user, campaign).values_list("pk", flat=True)),
        "may_manage": rules.may_manage(request.user, campaign),
        "can_rank": rules.may_see_ranking(request.user, campaign),
        "notices": campaign.notices.all()
        if rules.may_manage(request.user, campaign)
        else campaign.notices.filter(state="issued"),
        "late_count": sum(1 for s in standings if s.late),
        "missing_count": sum(1 for s in standings if s.missing),
    }
    return render(request, "campaigns/detail.html", context, status=400 if error else 200)


@login_required
@require_GET
def dispatch_table(request, pk: int):
    campaign = _campaign(request, pk)
    month, error = _month(campaign, request.GET.get("period"))
    if month is None:
        raise Http404
    participant = _participant(request, campaign)
    sheet = services.sheet(request.user, campaign, month, participant)
    query = {"period": f"{month:%Y-%m}"} | ({"participant": participant.pk} if participant else {})
    rows_url = reverse("campaigns:rows", args=[campaign.pk])
    blocks: list[tuple[str, list]] = []
    for value in sheet.cells:
        if not blocks or blocks[-1][0] != value.block:
            blocks.append((value.block, []))
        link = f"{rows_url}?{urlencode(query | {'cell': value.cell.key})}" if value.cell.computed else ""
        cross = f"{rows_url}?{urlencode(query | {'cell': value.cell.key, 'records': 1})}"
        blocks[-1][1].append((value, link, cross if value.records is not None else ""))
    context = {
        "campaign": campaign,
        "sheet": sheet,
        "blocks": blocks,
        "participant": participant,
        "month": month,
        "error": error,
        "query": urlencode(query),
        "participants": rules.visible_participants(request.user, campaign).select_related("region", "department"),
        "periods": services.open_periods(campaign),
    }
    return render(request, "campaigns/dispatch.html", context, status=400 if error else 200)


@login_required
@require_GET
def dispatch_file(request, pk: int, extension: str):
    from . import exports

    campaign = _campaign(request, pk)
    month, error = _month(campaign, request.GET.get("period"))
    if month is None or error:
        raise Http404
    participant = _participant(request, campaign)
    content, name = exports.dispatch_file(request.user, campaign, month, participant, extension)
    response = HttpResponse(content, content_type=XLSX if extension == "xlsx" else "application/pdf")
    response["Content-Disposition"] = content_disposition_header(extension == "xlsx", name)
    return response


@login_required
@require_GET
def rows(request, pk: int):
    """The records one computed number counts."""
    campaign = _campaign(request, pk)
    month, error = _month(campaign, request.GET.get("period"))
    if month is None or error:
        raise Http404
    participant = _participant(request, campaign)
    key = request.GET.get("cell") or ""
    of_records = request.GET.get("records") == "1"
    try:
        queryset = services.cell_rows(request.user, campaign, month, participant, key, records=of_records)
    except ValidationError as exc:
        raise Http404 from exc
    from .dispatch import CELLS

    page, listed = records.listed(queryset, request.GET.get("page"))
    context = {
        "campaign": campaign,
        "cell": CELLS[key],
        "records_figure": figures.get(CELLS[key].records) if of_records else None,
        "month": month,
        "participant": participant,
        "page": page,
        "rows": listed,
        "query_string": records.without_page(request),
        "back": reverse("campaigns:dispatch", args=[campaign.pk])
        + "?"
        + urlencode({"period": f"{month:%Y-%m}"} | ({"participant": participant.pk} if participant else {})),
    }
    return render(request, "campaigns/rows.html", context)


@login_required
def report(request, pk: int, participant_pk: int, period: str):
    """A participant files its month: computed figures shown, typed ones entered, then submitted (signed)."""
    campaign = _campaign(request, pk)
    participant = get_object_or_404(rules.visible_participants(request.user, campaign), pk=participant_pk)
    try:
        month = services.parse_period(campaign, period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("campaigns:detail", pk=campaign.pk)
    existing = ProgressReport.objects.filter(campaign=campaign, participant=participant, period=month).first()
    may_file = rules.may_file(request.user, participant)
    form = ReportForm(request.POST or None, typed=existing.typed if existing else {})
    status = 200
    if request.method == "POST":
        if not may_file:
            raise Http404
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = services.report_for(request.user, campaign, participant, month)
                    services.save_typed(request.user, saved, form.typed_values(), form.cleaned_data["note"])
                    if request.FILES.getlist("evidence"):
                        services.add_evidence(request.user, saved, request.FILES.getlist("evidence"))
                if "submit" in request.POST:
                    services.submit(request.user, saved)
                    messages.success(request, _("The report is submitted."))
                else:
                    messages.success(request, _("The figures are saved; submit the report when it is complete."))
                return redirect(request.path)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        status = 400
    existing = ProgressReport.objects.filter(campaign=campaign, participant=participant, period=month).first()
    cells = services.dispatch(request.user, campaign, month, participant)
    blocks: list[tuple[str, list]] = []
    for value in cells:
        if not blocks or blocks[-1][0] != value.block:
            blocks.append((value.block, []))
        blocks[-1][1].append((value, None if value.cell.computed else form[value.cell.key]))
    context = {
        "campaign": campaign,
        "participant": participant,
        "month": month,
        "report": existing,
        "submissions": existing.submissions.select_related("submitted_by", "returned_by") if existing else [],
        "evidence": existing.evidence.all() if existing else [],
        "form": form,
        "blocks": blocks,
        "may_file": may_file and (existing is None or existing.state != "submitted"),
        "may_return": rules.may_manage(request.user, campaign) and existing is not None,
        "return_form": ReturnForm(),
        "due": services.due_date(campaign, month),
        "today": timezone.localdate(),
    }
    return render(request, "campaigns/report.html", context, status=status)


@login_required
@require_POST
def return_report(request, report_pk: int):
    found = get_object_or_404(
        ProgressReport.objects.filter(campaign__in=rules.visible_campaigns(request.user)), pk=report_pk
    )
    form = ReturnForm(request.POST)
    target = reverse("campaigns:report", args=[found.campaign_id, found.participant_id, f"{found.period:%Y-%m}"])
    if not form.is_valid():
        messages.error(request, _("Say why the report is returned."))
        return redirect(target)
    try:
        services.return_report(request.user, found, form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report is returned to %(unit)s.") % {"unit": found.participant.name})
    return redirect(target)


@login_required
def ranking_page(request, pk: int):
    """通报排名 of a month: the table with its rule; the office sets the weights and publishes (freezes) it."""
    from . import ranking
    from .models import Ranking

    campaign = _campaign(request, pk)
    try:
        rules.check_see_ranking(request.user, campaign)
    except PermissionDenied as exc:
        raise Http404 from exc
    month, error = _month(campaign, request.GET.get("period") or request.POST.get("period"))
    if month is None:
        raise Http404
    manage = rules.may_manage(request.user, campaign)
    if request.method == "POST":
        if not manage:
            raise Http404
        try:
            if "publish" in request.POST:
                ranking.publish(request.user, campaign, month, (request.POST.get("note") or "")[:1000])
                messages.success(request, _("The ranking is published and frozen."))
            else:
                chosen = [
                    (key, request.POST.get(f"weight_{key}", ""), request.POST.get(f"better_{key}") != "lower")
                    for key in ranking.INDICATORS
                    if request.POST.get(f"use_{key}")
                ]
                ranking.save_rule(request.user, campaign, chosen)
                messages.success(request, _("The weights are saved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('campaigns:ranking', args=[campaign.pk])}?period={month:%Y-%m}")
    found = ranking.current(request.user, campaign, month)
    published, indicators, rows, text = found["published"], found["indicators"], found["rows"], found["rule"]
    rule = ranking.rule_of(campaign)
    in_rule = {r.indicator: r for r in rule}
    context = {
        "campaign": campaign,
        "month": month,
        "error": error,
        "periods": services.open_periods(campaign),
        "published": published,
        "indicators": indicators,
        "rows": [(row, [row["values"].get(i["key"]) for i in indicators]) for row in rows],
        "rule_text": text,
        "may_manage": manage,
        "weights": [(key, ind, in_rule.get(key)) for key, ind in ranking.INDICATORS.items()],
        "history": Ranking.objects.filter(campaign=campaign).order_by("-month"),
    }
    return render(request, "campaigns/ranking.html", context, status=400 if error else 200)


@login_required
@require_POST
def notice_new(request, pk: int):
    """Draft a notice (通报) for the month from its ranking and its late and missing reports."""
    from . import notices

    campaign = _campaign(request, pk)
    if not rules.may_manage(request.user, campaign):
        raise Http404
    month, error = _month(campaign, request.POST.get("period"))
    if month is None or error:
        messages.error(request, error or _("Choose a month."))
        return redirect("campaigns:detail", pk=campaign.pk)
    notice = notices.draft(request.user, campaign, month)
    messages.success(request, _("A draft notice is ready: edit its text, then issue it."))
    return redirect("campaigns:notice", pk=notice.pk)


def _notice(request, pk: int):
    from .models import Notice

    notice = get_object_or_404(Notice.objects.select_related("campaign__region"), pk=pk)
    if not rules.visible_campaigns(request.user).filter(pk=notice.campaign_id).exists():
        raise Http404
    if notice.state != "issued" and not rules.may_manage(request.user, notice.campaign):
        raise Http404  # a draft is the office's own
    return notice


@login_required
def notice_page(request, pk: int):
    """A notice: the office edits the draft and issues it; everyone who sees the campaign reads it once issued."""
    from . import notices
    from .forms import NoticeForm

    notice = _notice(request, pk)
    manage = rules.may_manage(request.user, notice.campaign)
    form = NoticeForm(request.POST or None, instance_values=notice)
    status = 200
    if request.method == "POST":
        if not manage:
            raise Http404
        if form.is_valid():
            try:
                notices.edit(request.user, notice, **form.cleaned_data)
                if "issue" in request.POST:
                    notice = notices.issue(request.user, notice)
                    messages.success(request, _("The notice is issued as %(number)s.") % {"number": notice.number})
                else:
                    messages.success(request, _("The draft is saved."))
                return redirect("campaigns:notice", pk=notice.pk)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        status = 400
    context = {
        "notice": notice,
        "form": form,
        "may_edit": manage and notice.state != "issued",
        "paragraphs": notices.paragraphs(notice),
    }
    return render(request, "campaigns/notice.html", context, status=status)


@login_required
@require_GET
def notice_file(request, pk: int, extension: str):
    from . import notices

    notice = _notice(request, pk)
    name = f"{notice.number or '通报（草稿）'}-{notice.title}.{extension}"
    if extension == "docx":
        content = notices.notice_docx(notice)
        media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        content, media = notices.notice_pdf(notice), "application/pdf"
    response = HttpResponse(content, content_type=media)
    response["Content-Disposition"] = content_disposition_header(extension == "docx", name)
    return response


@login_required
def assessment_page(request):
    """The year-end assessment of the county's towns and departments, and the office's entries beside it."""
    from . import assessment
    from .models import Adjustment

    mine = [c for c in counties(request.user).order_by("code") if rules.may_manage(request.user, region=c)]
    if not mine:
        raise Http404
    county = next((c for c in mine if c.code == request.GET.get("county")), mine[0])
    this_year = timezone.localdate().year
    text = request.GET.get("year") or str(this_year)
    year = int(text) if text.isdigit() and 2000 <= int(text) <= this_year else this_year
    if request.method == "POST":
        try:
            assessment.add_adjustment(
                request.user,
                county,
                year=request.POST.get("year"),
                unit=request.POST.get("unit", ""),
                kind=request.POST.get("kind", ""),
                points=request.POST.get("points") or 0,
                reason=request.POST.get("reason", ""),
                document=request.POST.get("document", ""),
                decided_on=request.POST.get("decided_on"),
            )
            messages.success(request, _("The entry is recorded."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('campaigns:assessment')}?year={year}&county={county.code}")
    rows = assessment.year_end(request.user, county, year)
    context = {
        "county": county,
        "counties": mine if len(mine) > 1 else [],
        "year": year,
        "years": list(range(this_year, this_year - 5, -1)),
        "rows": rows,
        "kinds": Adjustment.Kind.choices,
        "today": timezone.localdate(),
    }
    return render(request, "campaigns/assessment.html", context)
