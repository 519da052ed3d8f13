"""The audit trail is append-only: a history row, once written, is never changed or deleted.

django-simple-history writes one row per create, update and delete of a tracked record. These
receivers refuse any later save or delete of such a row, whoever asks (UI, API, admin, shell).
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_delete, pre_save


def is_history_model(model) -> bool:
    return hasattr(model, "instance_type") and hasattr(model, "history_id")


def refuse_change(sender, instance, **kwargs) -> None:
    if not instance._state.adding:
        raise PermissionDenied("Audit trail rows cannot be changed.")


def refuse_delete(sender, instance, **kwargs) -> None:
    raise PermissionDenied("Audit trail rows cannot be deleted.")


def protect_history() -> None:
    for model in apps.get_models():
        if is_history_model(model):
            pre_save.connect(refuse_change, sender=model, dispatch_uid=f"audit-save-{model._meta.label}")
            pre_delete.connect(refuse_delete, sender=model, dispatch_uid=f"audit-delete-{model._meta.label}")
