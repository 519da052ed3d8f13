"""Small template helpers shared by every app."""

from __future__ import annotations

from django import template
from django.http import QueryDict

from anjian.org.choices import Role

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    """The readable name of a role code (county_office → 安委办)."""
    try:
        return str(Role(code).label)
    except ValueError:
        return code


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


@register.filter
def bs(field, size: str = ""):
    """Render a bound form field's widget with Bootstrap's classes (and is-invalid when it has errors)."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "")
    if input_type == "checkbox":
        css = "form-check-input"
    elif input_type == "select" or widget.__class__.__name__.endswith("Select"):
        css = "form-select"
    else:
        css = "form-control"
    existing = widget.attrs.get("class", "")
    extra = f"{css}-{size}" if size and css != "form-check-input" else ""
    classes = " ".join(c for c in (css, existing, extra, "is-invalid" if field.errors else "") if c)
    attrs = {"class": classes}
    if field.errors:
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    elif field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    return field.as_widget(attrs=attrs)
