"""The background jobs (django-tasks, run by `anjian worker`): deliver one notice on one channel, with retries;
turn a hazard step or a returned report into notices; run one scan."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from anjian.core import jobs

from . import channels, scheduler, services
from .choices import DeliveryStatus
from .models import Delivery

logger = logging.getLogger("anjian.notifications")
MAX_ATTEMPTS = 5
RETRY_MINUTES = [1, 5, 15, 60]  # after the 1st, 2nd, 3rd and 4th failure
STALE_AFTER = dt.timedelta(days=1)  # a step signed long before the worker sees it is history, not news


@task()
def deliver(delivery_id: int) -> str:
    """Send one delivery; a failure is recorded on the row and retried later, up to MAX_ATTEMPTS."""
    delivery = services.record_attempt(delivery_id)
    if delivery is None:
        return "claimed elsewhere"
    try:
        channels.send(delivery)
    except Exception as exc:  # any channel error is kept on the row, for the county office to see
        return _failed(delivery, f"{type(exc).__name__}: {exc}"[:2000])
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="")
    return "sent"


def _failed(delivery: Delivery, error: str) -> str:
    logger.warning("delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, error)
    if delivery.attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, last_error=error)
        return "failed"
    delay = dt.timedelta(minutes=RETRY_MINUTES[min(delivery.attempts, len(RETRY_MINUTES)) - 1])
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.RETRYING, last_error=error)
        jobs.enqueue(deliver.using(run_after=timezone.now() + delay), delivery.pk)
    return "retrying"


@task()
def hazard_event(event_id: int) -> int:
    from anjian.hazards.models import HazardEvent

    event = HazardEvent.objects.select_related("hazard__unit", "hazard__region").filter(pk=event_id).first()
    if event is None or event.signed_at < timezone.now() - STALE_AFTER:
        return 0
    return services.on_hazard_event(event)


@task()
def submission_returned(submission_id: int) -> int:
    from anjian.campaigns.models import Submission

    submission = Submission.objects.select_related("report__campaign", "report__participant").get(pk=submission_id)
    return services.on_submission_returned(submission) if submission.returned_at else 0


@task()
def run_scan(code: str) -> int:
    return scheduler.run_scan(code)
