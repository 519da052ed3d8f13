"""The rows of a django-tables2 table rendered in Python instead of its template loop.

django-tables2's template renders each cell through several template nodes and rebuilds the column's
attributes for every cell; on a 25-row list that is most of the page's time. This tag writes the same HTML:
the same row and cell attributes, values rendered as `{{ cell }}` renders them (localised, escaped), and the
column's `localize` honoured. A column's cell attributes are computed once per column unless some of them
depend on the row (callables), as django-tables2 allows.

A list page's whole table (its header, rows and pages) is kept (core.freshness.kept, the tag kept_table): the same
page of the same list for the same user is written again only when a table it reads has been written since."""

from __future__ import annotations

from django import template
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.template.base import render_value_in_context
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from anjian.core import freshness

register = template.Library()


def _row_dependent(bound_column) -> bool:
    """Whether the cell attributes of this column are computed from the row (a callable somewhere in them)."""
    table_attrs = bound_column._table.attrs
    sources = [bound_column.column.attrs.get("td"), bound_column.column.attrs.get("cell")]
    sources += [table_attrs.get("td"), table_attrs.get("cell")]
    return any(callable(v) for attrs in sources if attrs for v in attrs.values())


def _cell(bound_column, cell, context) -> str:
    if bound_column.localize is None:
        return render_value_in_context(cell, context)
    if bound_column.localize:
        return conditional_escape(localize(cell, use_l10n=True))
    return conditional_escape(localize(cell, use_l10n=False))


@register.simple_tag(takes_context=True)
def table_rows(context, table) -> SafeString:
    """The rows, written in Python (kept with the rest of the table: see kept_table)."""
    return _rows(context, table)


class KeptTableNode(template.Node):
    def __init__(self, table: template.base.FilterExpression, part: str, nodelist: template.NodeList):
        self.table, self.part, self.nodelist = table, part, nodelist

    def render(self, context) -> str:
        table = self.table.resolve(context)
        name = getattr(table, "kept_as", None)
        if not name:
            return self.nodelist.render(context)
        view = context.get("view")

        def tables() -> set[str]:  # the list's, the user's roles', and those its filters' choices read in the view
            return _tables_of(table) | freshness.JURISDICTION | set(getattr(view, "filter_tables", ()))

        return freshness.kept(f"{name}:{self.part}", lambda: self.nodelist.render(context), tables)


@register.tag
def kept_table(parser, token) -> KeptTableNode:
    """`{% kept_table table ["filters"] %}…{% endkept_table %}`: a part of a list page — its table (header, rows,
    pages), or with "filters" its filter form — kept while the tables it read are unwritten, and written again after.
    Only a list page's table has `kept_as` (RestrictedListView: the view, the user, the language, the day and the
    whole query string); elsewhere the part is written each time."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError('kept_table takes the table and, for its filter form, "filters"')
    part = bits[2].strip("\"'") if len(bits) == 3 else "table"
    nodelist = parser.parse(("endkept_table",))
    parser.delete_first_token()
    return KeptTableNode(parser.compile_filter(bits[1]), part, nodelist)


def _tables_of(table) -> set[str]:
    """The tables of the list's own query, whether or not the rows' statements run inside the kept block."""
    data = getattr(table.data, "data", None)
    if not isinstance(data, QuerySet):
        return set()
    try:
        return set(freshness.READ.findall(str(data.query)))
    except EmptyResultSet:  # an invalid filter's empty list: no statement at all
        return set()


def _rows(context, table) -> SafeString:
    columns = list(table.columns)
    fixed = {c.name: c.attrs["td"].as_html() for c in columns if not _row_dependent(c)}
    out: list[str] = []
    for row in table.paginated_rows:
        out.append(format_html("<tr {}>", row.attrs.as_html()))
        for column, cell in row.items():
            td = fixed.get(column.name)
            if td is None:
                td = column.attrs["td"].as_html()
            out.append(f"<td {td}>{_cell(column, cell, context)}</td>")
        out.append("</tr>")
    if not out and table.empty_text:
        out.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), table.empty_text))
    return mark_safe("".join(out))  # noqa: S308 - every part above is escaped or built by format_html
