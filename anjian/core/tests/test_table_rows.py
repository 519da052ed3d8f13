"""The table rows written in Python (core/templatetags/tables.py) are the rows django-tables2's own template
writes: every list of the platform is checked on the world's data, and a table with the attributes that make
the difference (computed per row, localised or not, empty)."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import django_tables2 as tables
import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django_tables2 import RequestConfig

STOCK = Template('{% load django_tables2 %}{% render_table table "django_tables2/bootstrap5-responsive.html" %}')
OURS = Template("{% load django_tables2 %}{% render_table table %}")


def normalised(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def both(table, request=None) -> tuple[str, str]:
    if request is None:
        request = RequestFactory().get("/", {"sort": "-when"})
        request.user = AnonymousUser()
        RequestConfig(request, paginate={"per_page": 3}).configure(table)
    context = {"table": table, "request": request}
    table._counter = itertools.count()  # rows are told odd or even by a count that runs on over renderings
    stock = normalised(STOCK.render(Context(context)))
    table._counter = itertools.count()
    return stock, normalised(OURS.render(Context(context)))


class Sample(tables.Table):
    name = tables.Column(attrs={"td": {"class": lambda record: "hot" if record["n"] > 1 else "cold"}})
    n = tables.Column(localize=True)
    raw = tables.Column(accessor="n", localize=False, verbose_name="raw")
    when = tables.Column(attrs={"td": {"data-x": "<&>"}})
    note = tables.Column(empty_values=(), default="—")

    class Meta:
        attrs = {"class": "table", "td": {"title": "cell"}}
        row_attrs = {"data-id": lambda record: record["n"]}
        empty_text = "无数据 <none>"


ROWS = [
    {"name": "甲 <b>", "n": 12345.5, "when": dt.date(2026, 3, 1), "note": None},
    {"name": "乙", "n": 1, "when": dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC), "note": "x & y"},
]


@pytest.mark.parametrize("rows", [ROWS, []], ids=["rows", "empty"])
def test_the_rows_are_django_tables2s(rows):
    stock, ours = both(Sample(rows))
    assert ours == stock
    if rows:
        assert 'class="hot"' in ours and "甲 &lt;b&gt;" in ours and ">12345.5<" in ours


def test_every_list_of_the_platform_writes_the_same_rows(client_for, world):
    """The lists a county office reads, with the world's data in them."""
    client = client_for("county")
    for path in ("/hazards/", "/registry/enterprises/", "/risk/", "/inspections/"):
        response = client.get(path)
        assert response.status_code == 200, path
        stock, ours = both(response.context["table"], response.wsgi_request)
        assert ours == stock, path
        assert "<tbody" in ours
        assert not re.search(r"<a\b[^>]*>(?:(?!</a>).)*<a\b", ours), f"{path}: a link inside a link"
