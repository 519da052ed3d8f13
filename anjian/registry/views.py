"""Views of the registry: short declarations over the generic views of anjian.core.generic."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.core import freshness
from anjian.core.generic import (
    XLSX,
    RestrictedDetailView,
    RestrictedEditView,
    RestrictedListView,
    attachment,
)
from anjian.core.history import history_rows
from anjian.core.unit_links import links_for
from anjian.org.areas import departments_for, offer_regions, pick_county, sector_options
from anjian.org.jurisdiction import can_edit, restrict

from . import exports, importer
from .filtersets import EnterpriseFilterSet
from .forms import EnterpriseForm, ImportForm, OneOfManySelect
from .models import Enterprise
from .signboard import public_address, signboard_pdf
from .tables import EnterpriseTable

LIST_RELATED = ("region__parent", "sector", "responsible_department", "responsible_town")
DETAIL_RELATED = (*LIST_RELATED, "grid__parent")


class EnterpriseListView(RestrictedListView):
    model = Enterprise
    filterset_class = EnterpriseFilterSet
    table_class = EnterpriseTable
    template_name = "registry/enterprise_list.html"
    partial_template_name = "registry/_enterprise_table.html"
    exports = {"xlsx": "export_xlsx", "signboards": "export_signboards"}

    def base_queryset(self) -> QuerySet:
        return Enterprise.objects.select_related(*LIST_RELATED)

    def prepare_filter_form(self, form) -> None:
        # The user's own regions, towns first and a town's villages once it is chosen: what a clerk picks from.
        offer_regions(form, "region", self.request.user)
        all_label = _("All")
        for name, field in form.fields.items():
            if name in ("high_risk", "above_scale", "needs_completion"):
                field.widget.choices = [("unknown", all_label), ("true", _("Yes")), ("false", _("No"))]
            elif name == "sector":
                field.widget = OneOfManySelect(choices=sector_options(all_label))
            elif name == "responsible_department":  # the user's county's, not a province's ~1,700
                field.queryset = departments_for(self.request.user)
                field.empty_label = all_label
            elif hasattr(field, "empty_label"):
                field.empty_label = all_label
        form.fields["search"].widget.attrs.update(
            {"placeholder": _("Name, credit code or principal"), "type": "search", "autocomplete": "off"}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if can_edit(self.request.user):  # places grid workers recorded on the spot, for the town to complete
            context["to_complete"] = freshness.kept(
                f"{self.table.kept_as}:to_complete",
                lambda: self.get_queryset().filter(needs_completion=True).count(),
                freshness.JURISDICTION,
            )
        return context

    def export_xlsx(self, queryset: QuerySet):
        stamp = timezone.localdate().strftime("%Y%m%d")
        return attachment(exports.enterprises_xlsx(queryset), f"生产经营单位-{stamp}.xlsx", XLSX)

    def export_signboards(self, queryset: QuerySet):
        title = exports.signboards_title(self.filterset.selected_sectors())
        return attachment(exports.signboards_xlsx(queryset, title), f"{title}.xlsx", XLSX)


class EnterpriseDetailView(RestrictedDetailView):
    model = Enterprise
    template_name = "registry/enterprise_detail.html"

    def base_queryset(self) -> QuerySet:
        return Enterprise.objects.select_related(*DETAIL_RELATED)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = history_rows(self.object)
        context["can_edit"] = can_edit(self.request.user)
        context["unit_links"] = links_for(self.request.user, self.object)
        context["public_address"] = public_address(self.object, self.request.build_absolute_uri("/"))
        return context


class EnterpriseEditView(RestrictedEditView):
    model = Enterprise
    form_class = EnterpriseForm
    template_name = "registry/enterprise_form.html"
    success_message = gettext_lazy("Saved “%(name)s”.")

    def get_form_kwargs(self):
        # A new unit is placed in the user's county, or in the one of theirs they choose (?county=).
        self.county_choice = pick_county(self.request.user, self.request.GET.get("county"))
        return super().get_form_kwargs() | {"county": self.county_choice.county}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | ({} if self.object else self.county_choice.context())

    def get_success_url(self, obj) -> str:  # type: ignore[override]
        return reverse("registry:enterprise_detail", args=[obj.pk])


@login_required
def enterprise_signboard(request, pk: int):
    """安全生产责任公示牌 (attachment 1) of one enterprise as a PDF."""
    enterprise = get_object_or_404(
        restrict(request.user, Enterprise.objects.select_related("responsible_department", "responsible_town")), pk=pk
    )
    return attachment(
        signboard_pdf(enterprise, request.build_absolute_uri("/")),
        f"{enterprise.name}-安全生产责任公示牌.pdf",
        "application/pdf",
    )


@login_required
def enterprise_import(request):
    """Upload an xlsx; every row is imported or reported with its row number, column and reason."""
    if not can_edit(request.user):
        raise PermissionDenied
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = importer.import_enterprises(form.cleaned_data["file"], user=request.user)
        except importer.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            level = messages.WARNING if result.errors else messages.SUCCESS
            messages.add_message(
                request,
                level,
                _(
                    "Import finished: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(failed)d rows refused."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "failed": result.failed_rows,
                },
            )
    return render(request, "registry/enterprise_import.html", {"form": form, "result": result})
