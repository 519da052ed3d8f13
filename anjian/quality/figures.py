"""The quality figure other apps read (core.figures): the flags raised on the entries of a town or department
in the frame's days, so that a dashboard counts them per unit and links the very rows it counts."""

from __future__ import annotations

from django.db.models import QuerySet

from anjian.core.figures import Frame, figure

from .models import Flag


@figure("quality.flags", "录入质量提示", "条")
def flags(frame: Frame) -> QuerySet:
    return frame.scoped(Flag.objects.all(), "created_at", moment=True)
