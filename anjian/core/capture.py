"""When an entry made offline happened: the phone's clock at capture, trusted only within a tolerance.

A phone queues an entry with the time it was captured and sends it when it has a signal, maybe days later. The
capture time counts (for the finding day and so every deadline derived from it) when it lies no more than
ANJIAN_CAPTURE_TOLERANCE_HOURS before the server received it and not in the future (5 minutes of slack); a
phone clock set wrong would otherwise move a deadline, so outside that window the receipt time counts instead
and the record keeps what the phone said, marked as off."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

FUTURE_SLACK = dt.timedelta(minutes=5)  # clocks a few minutes fast are ordinary


@dataclass(frozen=True)
class Capture:
    at: dt.datetime  # the moment that counts
    clock_off: bool  # the phone's time was outside the window and was not used


def tolerance() -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, "ANJIAN_CAPTURE_TOLERANCE_HOURS", 72))


def capture_time(captured_at: dt.datetime | None, received_at: dt.datetime) -> Capture:
    """The time an entry counts from: `captured_at` when plausible, otherwise `received_at`."""
    if captured_at is None:
        return Capture(received_at, False)
    if received_at - tolerance() <= captured_at <= received_at + FUTURE_SLACK:
        return Capture(captured_at, False)
    return Capture(received_at, True)
