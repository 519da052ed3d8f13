"""The receiving units' report queue: the list (with its export, which never holds an identity), a report's page
with its steps, photos, duplicates, hazard and rewards, the step forms, opening a hazard, and the logged reveal of
a named reporter's identity."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from anjian.core.generic import XLSX, RestrictedDetailView, RestrictedListView, attachment
from anjian.org.areas import offer_regions
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import restrict
from anjian.org.models import Sector

from .. import rules, services
from ..choices import LIVE_REWARD_STATES, Outcome, ReportAction, ReportState
from ..exports import report_workbook
from ..filtersets import ReportFilterSet
from ..forms import ActionForm, OpenHazardForm, RevealForm
from ..models import PublicReport, ReportEvent, ReportPhoto
from ..tables import ReportTable

SIMILAR_DAYS = 30


class ReportListView(RestrictedListView):
    model = PublicReport
    filterset_class = ReportFilterSet
    table_class = ReportTable
    template_name = "public/report_list.html"
    partial_template_name = "public/_report_table.html"
    exports = {"xlsx": "export_xlsx"}

    def base_queryset(self) -> QuerySet:
        return PublicReport.objects.select_related("town", "sector")

    def prepare_filter_form(self, form) -> None:
        all_label = _("All")
        # The user's own towns (a report is routed to a town): never the whole region tree.
        offer_regions(form, "region", self.request.user, deepest=RegionLevel.TOWN)
        for name, field in form.fields.items():
            if name == "sector":
                field.widget.choices = [("", all_label), *((s.code, s.name) for s in Sector.objects.all())]
            elif name in ("late", "awaiting_answer"):
                field.widget.choices = [("unknown", all_label), ("true", _("Yes")), ("false", _("No"))]
            elif name in ("state", "outcome"):
                field.widget.choices = [("", all_label), *(ReportState if name == "state" else Outcome).choices]
        form.fields["search"].widget.attrs.update({"placeholder": _("Text, address, unit or code"), "type": "search"})

    def export_xlsx(self, queryset: QuerySet):
        return attachment(*report_workbook(queryset), XLSX)


class ReportDetailView(RestrictedDetailView):
    model = PublicReport
    template_name = "public/report_detail.html"
    context_object_name = "report"

    def base_queryset(self) -> QuerySet:
        return PublicReport.objects.select_related(
            "town", "sector", "department", "unit", "hazard", "duplicate_of", "acknowledged_by", "verified_by"
        ).prefetch_related(
            Prefetch("events", ReportEvent.objects.order_by("at", "id")),
            Prefetch("photos", ReportPhoto.objects.select_related("attachment")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report: PublicReport = self.object
        user = self.request.user
        rewards = list(report.rewards.select_related("proposed_by", "approved_by").order_by("-proposed_at"))
        context.update(
            actions=[(a, ReportAction(a).label) for a in rules.allowed_actions(user, report)],
            duplicates=list(restrict(user, report.duplicates.all()).order_by("received_at")),
            similar=similar(user, report),
            rewards=rewards,
            may_propose=rules.role_may(user, "propose")
            and rules.may_reward(report)
            and not any(r.state in LIVE_REWARD_STATES for r in rewards),
            may_reveal=services.may_reveal(user) and not report.anonymous,
            reveal_form=RevealForm(),
        )
        return context


def similar(user, report: PublicReport) -> list[PublicReport]:
    """Other reports of the same town within 30 days naming the same unit or address: possible duplicates."""
    if report.state == ReportState.DUPLICATE:
        return []
    same = Q(pk__in=[])
    if report.unit_name:
        same |= Q(unit_name=report.unit_name)
    if report.address:
        same |= Q(address=report.address)
    window = dt.timedelta(days=SIMILAR_DAYS)
    rows = (
        PublicReport.objects.filter(
            same, town=report.town_id, received_at__range=(report.received_at - window, report.received_at + window)
        )
        .exclude(pk=report.pk)
        .exclude(state=ReportState.DUPLICATE)
    )
    return list(restrict(user, rows).order_by("received_at")[:5])


def _report(request, pk: int) -> PublicReport:
    return get_object_or_404(restrict(request.user, PublicReport.objects.select_related("town")), pk=pk)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_http_methods(["GET", "POST"])
def report_action(request, pk: int, action: str):
    report = _report(request, pk)
    if action not in ActionForm.FIELDS:
        raise Http404
    rules.check_role(request.user, action)
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        action=action,
        report=report,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.perform(request.user, report, action, **form.values())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(action)s: done.") % {"action": ReportAction(action).label})
            return redirect("public:report_detail", pk=report.pk)
    context = {"report": report, "form": form, "action": action, "label": ReportAction(action).label}
    return render(request, "public/action.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def open_hazard(request, pk: int):
    report = _report(request, pk)
    rules.check_role(request.user, "open_hazard")
    form = OpenHazardForm(request.POST if request.method == "POST" else None, user=request.user, report=report)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hazard = services.open_hazard(
                request.user, report, unit=data["unit"], new_unit=form.new_unit(), description=data["description"],
                sector=data["sector"], note=data["note"], public_text=data["public_text"],
            )  # fmt: skip
        except PermissionDenied:
            raise
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("A hazard was opened from the report."))
            return redirect("hazards:detail", pk=hazard.pk)
    context = {"report": report, "form": form, "action": "open_hazard", "label": ReportAction.OPEN_HAZARD.label}
    return render(request, "public/action.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_POST
@sensitive_variables("identity")
def reveal(request, pk: int):
    """The identity, shown once on this page (never cached, never in the report's page): each view is logged."""
    report = _report(request, pk)
    form = RevealForm(request.POST)
    if form.is_valid():
        try:
            identity = services.reveal(request.user, report, form.cleaned_data["reason"], request)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return render(request, "public/identity.html", {"report": report, "identity": identity})
    elif not services.may_reveal(request.user):
        raise PermissionDenied
    return render(request, "public/identity.html", {"report": report, "form": form}, status=400)
