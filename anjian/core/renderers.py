"""Form widgets rendered without the template engine where Django's own templates are a fixed format.

Every list page renders its filter form: eight or more selects of dozens of options each, and Django renders each
option through two included templates (a third of a list page's time). The selects and the plain inputs are
written here in Python, character for character as Django's templates write them (a test compares the two over
random widgets); every other widget, and any template a project overrides, still goes through the engine.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# Django's templates that are only `{% include "django/forms/widgets/input.html" %}`
INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time")
    + ("search", "tel", "color", "checkbox")
)


def _value(value) -> str:
    """`{{ value|stringformat:'s' }}`, escaped as the engine escapes it."""
    return str(conditional_escape(value if hasattr(value, "__html__") else str(value)))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: `name="value"`, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(
            f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_value(value)}"'
        )
    return "".join(parts)


def _option(option: dict) -> str:
    label = conditional_escape(option["label"])
    return f'<option value="{_value(option["value"])}"{_attrs(option["attrs"])}>{label}</option>\n'


def render_select(widget: dict) -> str:
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            out.append("\n  " + _option(option))
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def render_input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_value(widget["value"])}"'
    return f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


class FastWidgets(DjangoTemplates):
    """Django's renderer, with the select and input formats written in Python (see the module's docstring)."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name == SELECT and all(
                option.get("template_name") == OPTION for _n, group, _i in widget["optgroups"] for option in group
            ):
                return render_select(widget)
            if template_name in INPUTS and widget.get("template_name") == template_name:
                return render_input(widget)
        return super().render(template_name, context, request)
