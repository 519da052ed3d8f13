"""Idempotent creates for the offline field app: a phone queues each entry with a UUID it made itself and may send
it again (a lost answer, a retry on a weak signal). The first request creates the record; a replay by the same
user answers with that record; the same UUID from anybody else is a conflict (409), never a second record.

Global uniqueness is the database's: `client_uuid` is unique on the model, so of two simultaneous requests one
inserts and the other meets the IntegrityError inside its savepoint and reads the winner's row."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.exceptions import APIException

TAKEN = _("This client_uuid was already used by another user; the phone must make a new one.")


class Conflict(APIException):
    """409 with a body keyed by field, as a 400 would be."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the record's current state.")
    default_code = "conflict"


def parse_uuid(data: Any) -> uuid.UUID | None:
    """The `client_uuid` of a request body, or None when absent or malformed (the serializer then says why)."""
    value = data.get("client_uuid") if hasattr(data, "get") else None
    if not value:
        return None
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def replayed(queryset: QuerySet, owner: str, user, client_uuid: uuid.UUID | None) -> Model | None:
    """The record created earlier with `client_uuid` by `user`; Conflict if someone else made it; None if new."""
    if client_uuid is None:
        return None
    found = queryset.filter(client_uuid=client_uuid).first()
    if found is not None and getattr(found, f"{owner}_id") != user.pk:
        raise Conflict({"client_uuid": [TAKEN]})
    return found


def create_once(
    queryset: QuerySet, owner: str, user, client_uuid: uuid.UUID | None, create: Callable[[], Model]
) -> tuple[Model, bool]:
    """(record, created): `create()` once per UUID, even when two requests with it run at the same moment."""
    earlier = replayed(queryset, owner, user, client_uuid)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        earlier = replayed(queryset, owner, user, client_uuid)
        if earlier is None:
            raise  # another constraint: the exception handler answers 400
        return earlier, False


class ClientUuidConflictSerializer(serializers.Serializer):
    """The 409 answer to a client_uuid another user made a record with."""

    client_uuid = serializers.ListField(child=serializers.CharField())
