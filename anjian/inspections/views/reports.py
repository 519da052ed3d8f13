"""Documents (issue and list), responsibility tracing for a unit, and the supervision figures of seed 002."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from anjian.core.generic import RestrictedListView
from anjian.hazards.models import Hazard
from anjian.org.areas import offer_regions
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise

from .. import rules, services
from ..choices import DocumentKind
from ..document_kinds import spec
from ..document_pdf import document_filename, document_pdf
from ..figures import FIGURE_KEYS
from ..filtersets import DocumentFilterSet
from ..forms import DocumentForm, PeriodForm
from ..models import EnforcementAction, EnforcementDocument, Inspection
from ..tables import DocumentTable
from .common import add_errors, visible_or_404

ROWS_PER_PAGE = 50


class DocumentListView(RestrictedListView):
    """执法文书 by department, year and kind, with the issue form for those who may issue."""

    model = EnforcementDocument
    filterset_class = DocumentFilterSet
    table_class = DocumentTable
    template_name = "inspections/documents.html"
    partial_template_name = "inspections/_document_table.html"
    bound_form: DocumentForm | None = None

    def base_queryset(self) -> QuerySet:
        return EnforcementDocument.objects.select_related("unit", "department")

    def prepare_filter_form(self, form) -> None:
        all_label = _("All")
        for name, field in form.fields.items():
            if name == "region":
                offer_regions(form, name, self.request.user)
            elif name == "kind":
                field.widget.choices = [("", all_label), *list(field.widget.choices)[1:]]
            elif name == "department":
                field.empty_label = all_label

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        valid = not self.filterset.is_bound or self.filterset.is_valid()
        counts = self.filterset.qs.order_by().values("kind").annotate(n=Count("pk")) if valid else []
        labels = dict(EnforcementDocument._meta.get_field("kind").choices)
        context["by_kind"] = [(labels.get(c["kind"], c["kind"]), c["n"]) for c in counts]
        if rules.may_inspect(self.request.user) and not self.request.htmx:
            context["form"] = self.bound_form or document_form(self.request)
        return context


def document_form(request, data=None) -> DocumentForm:
    query = (data or request.GET).get("unit_q", "")
    initial = {"issued_on": timezone.localdate()}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = request.GET["unit"]
    return DocumentForm(data, user=request.user, unit_query=query, initial=initial)


@login_required
def issue(request):
    """Issue a document: it takes the next number of its department and year."""
    rules.check_inspecting_role(request.user)
    if request.method != "POST":
        return redirect("inspections:documents")
    form = document_form(request, request.POST)
    if "find_unit" not in request.POST and form.is_valid():
        c = form.cleaned_data
        visit = _linked(request, Inspection, "inspection")
        action = _linked(request, EnforcementAction, "action")
        try:
            document = services.issue_document(
                request.user,
                department=c["department"],
                kind=c["kind"],
                unit=c["unit"],
                issued_on=c["issued_on"],
                inspection=visit,
                action=action,
                facts=c["facts"],
                decision=c["decision"],
                deadline=c["deadline"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Issued: %(number)s.") % {"number": document.number})
            return redirect("inspections:documents")
    elif "find_unit" in request.POST:
        form.errors.clear()
    view = DocumentListView(bound_form=form)
    view.setup(request)
    return view.get(request)


@login_required
@require_GET
def document_print(request, pk: int):
    """The document as a printable PDF, opened in the browser (only for those who may see it)."""
    document = visible_or_404(request.user, EnforcementDocument, pk)
    response = HttpResponse(document_pdf(document), content_type="application/pdf")
    response.headers["Content-Disposition"] = content_disposition_header(False, document_filename(document))
    return response


def _linked(request, model, name: str):
    value = request.POST.get(name) or request.GET.get(name) or ""
    return visible_or_404(request.user, model, int(value)) if value.isdigit() else None


@login_required
@require_GET
def trace(request, unit_pk: int):
    """责任倒查: every visit that covered the unit, who went and who signed (谁检查、谁签名、谁负责)."""
    unit = visible_or_404(request.user, Enterprise, unit_pk)
    form = PeriodForm(request.GET or None)
    offer_regions(form, "region", request.user, deepest=RegionLevel.TOWN, all_label=_("All of my jurisdiction"))
    period = form.cleaned_data if form.is_valid() else {}
    visits = services.trace_responsibility(unit, period.get("date_from"), period.get("date_to"))
    visits = restrict(request.user, visits)
    hazards = restrict(request.user, Hazard.objects.filter(unit=unit)).order_by("-found_at")[:20]
    context = {"unit": unit, "visits": visits, "form": form, "hazards": hazards}
    return render(request, "inspections/trace.html", context)


# The figures shown beside the statement, in order, with their labels.
FIGURE_LABELS = [
    ("units_inspected", gettext_lazy("Places (units) inspected")),
    ("visits", gettext_lazy("Enforcement visits")),
    ("assistance_visits", gettext_lazy("Assistance visits (not enforcement)")),
    ("hazards_found", gettext_lazy("Hazards found")),
    ("hazards_fixed", gettext_lazy("Hazards fixed")),
    ("penalties", gettext_lazy("Administrative penalties")),
    ("penalty_amount_wan", gettext_lazy("Fines (10,000 yuan)")),
    ("double_penalties", gettext_lazy("Both unit and principal fined (一案双罚)")),
    ("documents", gettext_lazy("Enforcement documents issued")),
    ("suspensions", gettext_lazy("Units ordered to suspend")),
    ("referrals", gettext_lazy("People referred to the judicial organs")),
    ("typical_cases", gettext_lazy("Typical cases reported")),
    ("typical_dangerous_operation_cases", gettext_lazy("of which dangerous operation crime")),
]


@login_required
@require_GET
def figures(request):
    """Seed 002's statement for any period and jurisdiction, each figure linking to its rows."""
    form = PeriodForm(request.GET or None)
    offer_regions(form, "region", request.user, deepest=RegionLevel.TOWN, all_label=_("All of my jurisdiction"))
    period = form.cleaned_data if form.is_valid() else {}
    values = services.figures(request.user, **period)
    query = urlencode({k: v for k, v in request.GET.items() if k in ("region", "date_from", "date_to") and v})
    links = {
        key: reverse("inspections:figure_rows", args=[key]) + (f"?{query}" if query else "") for key in FIGURE_KEYS
    }
    linked = {
        key: format_html(
            '<a class="figure-link fw-semibold" data-figure="{}" href="{}">{}</a>', key, links[key], values[key]
        )
        for key in FIGURE_KEYS
    }
    context = {
        "form": form,
        "f": linked,
        "table": [(key, label, values[key], links[key]) for key, label in FIGURE_LABELS],
        "by_kind": _by_kind(values["documents_by_kind"], links["documents"]),
        "fix_pct": round(values["fix_rate"] * 100, 1),
        "period": period,
    }
    return render(request, "inspections/figures.html", context)


def _by_kind(counts: dict[str, int], rows_url: str) -> list[tuple[str, str, int, str]]:
    """Seed 002's 执法文书 by kind: (kind, document name, count, link to its rows)."""
    joiner = "&" if "?" in rows_url else "?"
    return [(kind, spec(kind).title, n, f"{rows_url}{joiner}kind={kind}") for kind, n in counts.items()]


@login_required
@require_GET
def figure_rows(request, key: str):
    """The records behind one figure, paginated, each linking to its page."""
    if key not in FIGURE_KEYS:
        raise Http404
    form = PeriodForm(request.GET or None)
    offer_regions(form, "region", request.user, deepest=RegionLevel.TOWN, all_label=_("All of my jurisdiction"))
    period = form.cleaned_data if form.is_valid() else {}
    kind = request.GET.get("kind", "") if key == "documents" else ""
    rows = services.figure_rows(request.user, key, kind=kind if kind in DocumentKind.values else None, **period)
    page = Paginator(rows.order_by("-pk"), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"key": key, "page": page, "items": [describe(r) for r in page], "form": form}
    query = request.GET.copy()
    query.pop("page", None)
    context["query_string"] = query.urlencode()
    return render(request, "inspections/figure_rows.html", context)


def describe(row) -> dict:
    """One record as (date, title, detail, link) whatever its model."""
    if isinstance(row, Enterprise):
        return {
            "date": None,
            "title": row.name,
            "detail": "",
            "url": reverse("registry:enterprise_detail", args=[row.pk]),
        }
    if isinstance(row, Inspection):
        url = reverse("inspections:detail", args=[row.pk])
        return {"date": row.visit_date, "title": str(row.unit), "detail": row.get_kind_display(), "url": url}
    if isinstance(row, Hazard):
        url = reverse("hazards:detail", args=[row.pk])
        return {
            "date": timezone.localdate(row.found_at),
            "title": str(row.unit),
            "detail": row.description[:60],
            "url": url,
        }
    if isinstance(row, EnforcementAction):
        url = reverse("inspections:detail", args=[row.inspection_id]) if row.inspection_id else ""
        return {"date": row.decided_on, "title": str(row.unit), "detail": row.get_kind_display(), "url": url}
    if isinstance(row, EnforcementDocument):
        url = reverse("inspections:document_pdf", args=[row.pk])
        return {"date": row.issued_on, "title": row.number, "detail": spec(row.kind).title, "url": url}
    return {"date": None, "title": str(row), "detail": "", "url": ""}
