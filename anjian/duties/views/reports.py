"""The principal's duty reports (一报告、双签字): the list (filters, xlsx), writing one for a period, its page
with the signatures and the acknowledgement, correcting it before anyone signs, and the templates the county
office sets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anjian.core import dates
from anjian.core.generic import RestrictedListView, attachment
from anjian.core.history import history_rows
from anjian.org.areas import offer_regions
from anjian.org.choices import RegionLevel
from anjian.org.models import Sector
from anjian.registry.models import Enterprise

from .. import exports, rules, services
from ..choices import ReportState
from ..filtersets import ReportFilterSet
from ..forms import AcknowledgeForm, ReportForm, SignForm, TemplateForm
from ..models import DutyReport, ReportTemplate
from ..tables import ReportTable
from .common import add_errors, visible


class ReportListView(RestrictedListView):
    model = DutyReport
    filterset_class = ReportFilterSet
    table_class = ReportTable
    template_name = "duties/report_list.html"
    partial_template_name = "duties/_table.html"
    exports = {"xlsx": "export_xlsx"}
    unit_param = "enterprise"

    def base_queryset(self) -> QuerySet:
        return DutyReport.objects.select_related("enterprise", "template")

    def prepare_filter_form(self, form) -> None:
        all_label = _("All")
        form.fields["state"].widget.choices = [("", all_label), *ReportState.choices]
        offer_regions(form, "town", self.request.user, deepest=RegionLevel.TOWN, all_label=all_label)
        form.fields["sector"].widget.choices = [("", all_label), *Sector.objects.values_list("code", "name")]
        form.fields["enterprise"].widget = form.fields["enterprise"].hidden_widget()
        for name in ("date_from", "date_to"):
            form.fields[name].widget.input_type = "date"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_write"] = rules.is_enterprise(self.request.user)
        return context

    def export_xlsx(self, queryset: QuerySet):
        content = exports.reports_xlsx(queryset)
        return attachment(content, exports.filename("主要负责人履职报告", dates.today()), exports.xlsx.CONTENT_TYPE)


def _own_unit(user) -> Enterprise:
    own = sorted(rules.own_enterprise_ids(user))
    if not own:
        raise PermissionDenied(_("Only the enterprise itself records this."))
    return Enterprise.objects.get(pk=own[0])


@login_required
def report_new(request):
    """The unit writes a report under the chosen template (the first in use by default)."""
    enterprise = _own_unit(request.user)
    templates = list(ReportTemplate.objects.filter(active=True).order_by("name", "pk"))
    wanted = request.POST.get("template") or request.GET.get("template") or ""
    template = next((t for t in templates if str(t.pk) == wanted), templates[0] if templates else None)
    if template is None:
        messages.error(request, _("No report template is in use: the county office sets one."))
        return redirect("duties:reports")
    form = ReportForm(request.POST or None, headings=template.sections, initial={"day": dates.today()})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.create_report(
                request.user, enterprise, template, form.section_texts(), day=form.cleaned_data["day"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The report is written; its signatories sign it now."))
            return redirect("duties:report", pk=report.pk)
    context = {"form": form, "template": template, "templates": templates, "enterprise": enterprise}
    return render(request, "duties/report_form.html", context, status=400 if form.errors else 200)


@login_required
def report_edit(request, pk: int):
    report = visible(request.user, DutyReport.objects.select_related("enterprise", "template"), pk)
    rules.check_speaks_for(request.user, report.enterprise)
    headings = [s["title"] for s in report.sections]
    initial = {f"section_{i}": s["text"] for i, s in enumerate(report.sections)}
    form = ReportForm(request.POST or None, headings=headings, with_day=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_report(request.user, report, form.section_texts())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The report is corrected."))
            return redirect("duties:report", pk=report.pk)
    context = {"form": form, "report": report, "template": report.template, "enterprise": report.enterprise}
    return render(request, "duties/report_form.html", context, status=400 if form.errors else 200)


def _sign_form(report: DutyReport, data=None) -> SignForm | None:
    signed = {s.position for s in report.signatures.all()}
    choices = [(i, role) for i, role in enumerate(report.signatories) if i not in signed]
    return SignForm(data, choices=choices) if choices else None


def _report_context(request, report: DutyReport, **forms) -> dict:
    user = request.user
    speaks = rules.speaks_for(user, report.enterprise)
    supervises = rules.supervises(user, report.enterprise)
    signatures = list(report.signatures.select_related("signed_by").order_by("position"))
    context = {
        "report": report,
        "signatures": signatures,
        "acknowledgement": getattr(report, "acknowledgement", None),
        "may_edit": speaks and not signatures,
        "sign_form": forms.get("sign_form") or (_sign_form(report) if speaks else None),
        "acknowledge_form": forms.get("acknowledge_form")
        or (AcknowledgeForm() if supervises and report.state == ReportState.SIGNED else None),
        "history": history_rows(report),
    }
    return context


@login_required
@require_GET
def report_detail(request, pk: int):
    report = visible(request.user, DutyReport.objects.select_related("enterprise", "template", "created_by"), pk)
    return render(request, "duties/report_detail.html", _report_context(request, report))


@login_required
@require_POST
def report_sign(request, pk: int):
    report = visible(request.user, DutyReport.objects.select_related("enterprise", "template"), pk)
    rules.check_speaks_for(request.user, report.enterprise)
    form = _sign_form(report, request.POST)
    if form is None:
        messages.error(request, _("Every signatory has signed."))
        return redirect("duties:report", pk=pk)
    if form.is_valid():
        try:
            services.sign(request.user, report, form.cleaned_data["position"], form.cleaned_data["signer_name"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The signature is recorded."))
            return redirect("duties:report", pk=pk)
    return render(request, "duties/report_detail.html", _report_context(request, report, sign_form=form), status=400)


@login_required
@require_POST
def report_acknowledge(request, pk: int):
    report = visible(request.user, DutyReport.objects.select_related("enterprise", "template"), pk)
    rules.check_supervises(request.user, report.enterprise)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.acknowledge(request.user, report, form.cleaned_data["comment"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The report is acknowledged."))
            return redirect("duties:report", pk=pk)
    context = _report_context(request, report, acknowledge_form=form)
    return render(request, "duties/report_detail.html", context, status=400)


@login_required
@require_GET
def template_list(request):
    context = {"templates": ReportTemplate.objects.all(), "may_edit": rules.is_office(request.user)}
    return render(request, "duties/template_list.html", context)


@login_required
def template_edit(request, pk: int | None = None):
    rules.check_office(request.user)
    template = get_object_or_404(ReportTemplate, pk=pk) if pk is not None else None
    initial = {"period": "quarter", "active": True}
    if template is not None:
        initial = {"name": template.name, "period": template.period, "active": template.active, "note": template.note,
                   "sections": "\n".join(template.sections), "signatories": "\n".join(template.signatories)}  # fmt: skip
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_template(request.user, template, **form.service_values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The template “%(name)s” is saved.") % {"name": saved.name})
            return redirect("duties:templates")
    context = {"form": form, "template": template, "history": history_rows(template) if template else []}
    return render(request, "duties/template_form.html", context, status=400 if form.errors else 200)
