"""The selects and inputs written in Python (anjian/core/renderers.py) are exactly what Django's templates write."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from anjian.core.renderers import FastWidgets

TEMPLATES, FAST = DjangoTemplates(), FastWidgets()
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
attr_value = st.one_of(text, st.booleans(), st.none(), st.integers(-5, 5), text.map(mark_safe))
attrs = st.dictionaries(st.sampled_from(["class", "id", "data-x", "aria-label", "required", "disabled"]), attr_value)
choice = st.tuples(st.one_of(text, st.integers(0, 99)), text)
choices = st.lists(st.one_of(choice, st.tuples(text, st.lists(choice, max_size=4))), max_size=8)


def both(widget: forms.Widget, name: str, value, widget_attrs: dict) -> tuple[str, str]:
    return (
        widget.render(name, value, attrs=widget_attrs, renderer=TEMPLATES),
        widget.render(name, value, attrs=widget_attrs, renderer=FAST),
    )


@settings(max_examples=150, deadline=None)
@given(choices, text, attrs, st.booleans(), st.data())
def test_a_select_is_written_as_the_template_writes_it(options, name, widget_attrs, multiple, data):
    values = [str(v) for v, label in options if not isinstance(label, list)]
    if multiple:
        widget = forms.SelectMultiple(choices=options)
        value = data.draw(st.lists(st.one_of(st.sampled_from(values or [""]), text), max_size=3))
    else:
        widget = forms.Select(choices=options)
        value = data.draw(st.one_of(st.none(), st.sampled_from(values or [""]), text))
    template, fast = both(widget, name, value, widget_attrs)
    assert fast == template


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([forms.TextInput, forms.NumberInput, forms.EmailInput, forms.HiddenInput, forms.DateInput]),
    text,
    st.one_of(st.none(), text, st.integers(), st.just(dt.date(2026, 11, 27)), text.map(mark_safe)),
    attrs,
)
def test_an_input_is_written_as_the_template_writes_it(widget_class, name, value, widget_attrs):
    template, fast = both(widget_class(), name, value, widget_attrs)
    assert fast == template


def test_other_widgets_and_the_filter_forms_still_render():
    checkbox = forms.CheckboxInput()
    assert (
        both(checkbox, "done", True, {})[0]
        == both(checkbox, "done", True, {})[1]
        == ('<input type="checkbox" name="done" checked>')
    )
    radios = forms.RadioSelect(choices=[("a", "<甲>")])
    template, fast = both(radios, "pick", "a", {"id": "p"})
    assert fast == template and "&lt;甲&gt;" in fast
    nulls = forms.NullBooleanSelect()
    assert both(nulls, "open", None, {})[0] == both(nulls, "open", None, {})[1]
