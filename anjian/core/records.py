"""The records a number counts, listed: each named as its model names it and linked to its own page where its
app registered one (`register_page`), fetched with its unit in the same query (a hazard, a visit, an action or
a document is named by its unit), 50 a page. The campaigns' cells and tasks and the dashboard's figures list
their rows through here."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.urls import reverse

PER_PAGE = 50
_PAGES: dict[str, tuple[str, str]] = {}


def register_page(model: type[Model], url_name: str, via: str = "pk") -> None:
    """`url_name` (taking the record's pk, or the value of its attribute `via`: a training record opens on its
    person's page, "person_id") is the page of a record of `model`."""
    _PAGES[model._meta.label_lower] = (url_name, via)


def url_of(obj: Model) -> str:
    found = _PAGES.get(obj._meta.label_lower)
    return reverse(found[0], args=[getattr(obj, found[1])]) if found else ""


def listed(queryset: QuerySet, page_number) -> tuple[Page, list[tuple[Model, str]]]:
    """One page of `queryset` by pk, each record with the URL of its page ("" where it has none)."""
    if any(f.name == "unit" and f.is_relation for f in queryset.model._meta.fields):
        queryset = queryset.select_related("unit")
    page = Paginator(queryset.order_by("pk"), PER_PAGE).get_page(page_number)
    return page, [(obj, url_of(obj)) for obj in page]


def without_page(request) -> str:
    """The request's query string without its page: the pages' links add theirs."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
