"""Small helpers shared by the inspection views."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from anjian.org.jurisdiction import restrict


def visible_or_404(user, model, pk: int):
    """The row if `user` may see it; a row outside the jurisdiction does not exist (404)."""
    return get_object_or_404(restrict(user, model.objects.all()), pk=pk)


def add_errors(form, exc: ValidationError) -> None:
    """A service's refusal on the form: by field where it names one the form has."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
