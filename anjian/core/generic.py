"""Generic views written once (NetBox-style): list, detail and edit over a restricted queryset.

Every queryset starts from `restrict(request.user, ...)`, so a record outside the user's jurisdiction
never shows in a list and answers 404 on its own page. Subclasses only declare a model, a filterset,
a table, a form and templates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView
from django.views.generic.edit import FormMixin
from django_tables2 import RequestConfig

from anjian.core import freshness
from anjian.org.jurisdiction import can_edit, restrict, within

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A download response; the filename may be Chinese (RFC 6266 via Django's header quoting)."""
    response = HttpResponse(content, content_type=content_type)
    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class CappedPaginator(Paginator):
    """Counts at most ANJIAN_LIST_COUNT_CAP rows (with a LIMIT): a province's unfiltered list holds millions, whose
    exact count costs more than the page. `capped` says the list holds more; its pages beyond the cap are not
    offered (narrowing the list with a filter finds them)."""

    _capped = False

    def __init__(self, object_list, per_page, *args, kept_as: str | None = None, max_per_page: int = 200, **kwargs):
        # django-tables2 passes ?per_page= as it came: a page holds 1 to max_per_page rows, whatever was asked
        super().__init__(object_list, max(1, min(int(per_page), max_per_page)), *args, **kwargs)
        self.kept_as = kept_as  # a list page's: its count is kept with its rows (core/templatetags/tables.py)

    @cached_property
    def count(self) -> int:
        cap = settings.ANJIAN_LIST_COUNT_CAP
        queryset = self.object_list
        for _wrapper in range(2):  # django-tables2 pages its BoundRows, over its TableQuerysetData, over the queryset
            queryset = getattr(queryset, "data", queryset)
        if not cap or not isinstance(queryset, QuerySet):
            return super().count
        counted = queryset.order_by()[: cap + 1]
        if self.kept_as:  # the user's roles decided the rows outside the block: their tables count too
            found = freshness.kept(f"{self.kept_as}:count", counted.count, freshness.JURISDICTION)
        else:
            found = counted.count()
        self._capped = found > cap
        return min(found, cap)

    @property
    def capped(self) -> bool:
        return self.count >= 0 and self._capped

    @property
    def shown(self) -> str:
        """The count as a list's header shows it: "10000+" when the list holds more than it counted."""
        return f"{self.count}+" if self.capped else f"{self.count}"


class RestrictedMixin(LoginRequiredMixin):
    """The model's rows this user may see: the one starting point of every query of a view."""

    model: type[Model]

    def base_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def get_queryset(self) -> QuerySet:
        return restrict(self.request.user, self.base_queryset())


class RestrictedListView(RestrictedMixin, TemplateView):
    """A filtered, paginated table; htmx requests get only the table part; `?export=<name>` downloads.

    `exports` maps an export name to the name of a method taking the filtered queryset and returning
    a response. `export` set through as_view() makes a URL that always exports.
    """

    filterset_class: Any = None
    filter_tables: set[str] = set()
    table_class: Any = None
    partial_template_name: str = ""
    per_page = 25
    max_per_page = 200
    exports: dict[str, str] = {}
    export: str | None = None
    unit_param: str | None = None  # the filter naming one registry unit (the links of a unit's page use it)

    def get(self, request, *args, **kwargs) -> HttpResponseBase:
        with freshness.reading() as self.filter_tables:  # what the filters' choices read (kept_table "filters")
            self.filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(), request=request)
            self.prepare_filter_form(self.filterset.form)
            valid = not self.filterset.is_bound or self.filterset.is_valid()
        queryset = self.filterset.qs if valid else self.filterset.queryset.none()
        export = self.export or request.GET.get("export")
        status = 200
        if export:
            if export not in self.exports:
                raise PermissionDenied
            if self.exportable(export, queryset):
                handler: Callable[[QuerySet], HttpResponse] = getattr(self, self.exports[export])
                return handler(queryset)
            status = 400  # the list itself, saying why no file came
        self.table = self.make_table(queryset)
        response = super().get(request, *args, **kwargs)
        response.status_code = status
        patch_vary_headers(response, ("HX-Request",))
        return response

    def exportable(self, export: str, queryset: QuerySet) -> bool:
        """Whether the export stays within ANJIAN_EXPORT_MAX_ROWS; if not, the message on the list says so. Counted
        with a LIMIT, so a province's millions of rows cost no more than the limit."""
        limit = settings.ANJIAN_EXPORT_MAX_ROWS
        if self.export_queryset(export, queryset).order_by()[: limit + 1].count() <= limit:
            return True
        messages.error(
            self.request,
            _(
                "This export would hold more than %(limit)s rows, the most one file may hold. Narrow the list with "
                "the filters (a region, a state, a sector) and export each part."
            )
            % {"limit": f"{limit:,}"},
        )
        return False

    def export_queryset(self, export: str, queryset: QuerySet) -> QuerySet:
        """Hook: the rows the export writes, when it writes fewer than the list shows (a ledger of one grade)."""
        return queryset

    def prepare_filter_form(self, form) -> None:
        """Hook: adapt the filter form's widgets for people (the filterset itself is shared with the API)."""

    def make_table(self, queryset: QuerySet):
        table = self.table_class(queryset)  # configured once below (given the request, it would count twice)
        kept_as = self.kept_name()  # its rows and count are kept while unchanged (core/templatetags/tables.py)
        paginate = {
            "per_page": self.page_size(),
            "paginator_class": CappedPaginator,
            "kept_as": kept_as,
            "max_per_page": self.max_per_page,
        }
        RequestConfig(self.request, paginate=paginate).configure(table)
        table.kept_as = kept_as
        return table

    def kept_name(self) -> str:
        """The cache name of this page of the list as this user reads it today."""
        path = hashlib.sha256(self.request.get_full_path().encode()).hexdigest()
        view = f"{type(self).__module__}.{type(self).__qualname__}"
        return f"list:{view}:{self.request.user.pk}:{get_language()}:{timezone.localdate().isoformat()}:{path}"

    def page_size(self) -> int:
        try:
            size = int(self.request.GET.get("per_page", self.per_page))
        except ValueError:
            size = self.per_page
        return max(1, min(size, self.max_per_page))

    def get_template_names(self) -> list[str]:
        htmx = getattr(self.request, "htmx", None)
        if htmx and not htmx.history_restore_request and self.partial_template_name:
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for key in ("page", "export", "sort", "per_page"):
            query.pop(key, None)
        context.update(
            filterset=self.filterset,
            filter_form=self.filterset.form,
            table=self.table,
            query_string=query.urlencode(),
            filters_active=any(k != "search" and v for k, v in query.items()),
            filtered_unit=self.filtered_unit(),
        )
        if self.unit_param:
            query.pop(self.unit_param, None)
            context["unit_cleared_query"] = query.urlencode()
        return context

    def filtered_unit(self) -> Model | None:
        """The registry unit the list is narrowed to, named above the list so that nobody mistakes it
        for the whole list (None when not narrowed, or the unit is not the user's to see)."""
        if not self.unit_param or not self.filterset.is_bound or not self.filterset.is_valid():
            return None
        pk = self.filterset.form.cleaned_data.get(self.unit_param)
        if not pk:
            return None
        enterprise = apps.get_model("registry", "Enterprise")  # core imports no domain app
        return restrict(self.request.user, enterprise.objects.filter(pk=pk)).first()


class RestrictedDetailView(RestrictedMixin, DetailView):
    """A record's page; outside the user's jurisdiction it does not exist (404)."""


class RestrictedEditView(RestrictedMixin, FormMixin, TemplateView):
    """Create (no pk) or edit (pk) a record. Editors only (403 otherwise); the record must be visible (404).

    `save(form)` writes the record; it runs in a transaction and the result must still lie in the user's
    jurisdiction, otherwise everything is rolled back and the form says why.
    """

    object: Model | None = None
    success_message = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_edit(request.user):
            raise PermissionDenied
        pk = kwargs.get("pk")
        self.object = get_object_or_404(self.get_queryset(), pk=pk) if pk is not None else None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            with transaction.atomic():
                obj = self.save(form)
                if not within(self.request.user, obj):
                    raise ValidationError(_("The record would lie outside your jurisdiction."))
        except ValidationError as exc:
            if self.object is None:  # the create was rolled back: the unsaved instance has no row
                form.instance.pk = None
                form.instance._state.adding = True
            self._add_errors(form, exc)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(request, self.success_message % {"name": str(obj)})
        return redirect(self.get_success_url(obj))

    @staticmethod
    def _add_errors(form, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)

    def save(self, form) -> Model:
        return form.save()

    def get_success_url(self, obj: Model) -> str:  # type: ignore[override]
        return obj.get_absolute_url()  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        kwargs.setdefault("object", self.object)
        return super().get_context_data(**kwargs)
