"""Shared form pieces: every form of the web pages refuses control characters in any text typed.

Forms derive from `Form` or `ModelForm` here (a test checks that every form of the project does), so the
check is written once: a field whose submitted text, or whose cleaned value (JSON carried in a hidden field,
where the character came escaped), holds a control character gets a form error and the form is invalid.
"""

from __future__ import annotations

from django import forms

from anjian.core.validators import CONTROL_CHARACTERS_MESSAGE, has_control_characters, holds_control_characters


def _submitted_texts(form: forms.BaseForm, name: str, field: forms.Field) -> list[str]:
    if isinstance(field, forms.FileField):
        return []
    value = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    values = value if isinstance(value, list | tuple) else [value]
    return [v for v in values if isinstance(v, str)]


class RefuseControlCharacters(forms.BaseForm):
    """Mixin for forms (and filter forms): control characters in a submitted text make the field invalid."""

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound or not hasattr(self, "cleaned_data"):  # unbound, or an empty extra form of a set
            return
        for name, field in self.fields.items():
            if field.disabled:
                continue
            texts = _submitted_texts(self, name, field)
            decoded = self.cleaned_data.get(name)  # e.g. JSON carried in a hidden field: \u0007 escapes
            if any(has_control_characters(t) for t in texts) or holds_control_characters(decoded):
                self.add_error(name, CONTROL_CHARACTERS_MESSAGE)


class Form(RefuseControlCharacters, forms.Form):
    pass


class ModelForm(RefuseControlCharacters, forms.ModelForm):
    pass
