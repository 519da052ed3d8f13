"""Events without touching the apps that own them: a signed hazard step or a returned report queues a job (with
the step's transaction, core.jobs.enqueue) that works out who must hear of it."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from anjian.campaigns.models import Submission
from anjian.core import jobs
from anjian.hazards.models import HazardEvent

from . import tasks

NOTIFYING_ACTIONS = {"register", "assess", "report", "plan", "coordinate", "submit_fix", "escalate", "reject", "verify"}


@receiver(post_save, sender=HazardEvent, dispatch_uid="notifications.hazard_event")
def hazard_event_saved(sender, instance: HazardEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw and instance.action in NOTIFYING_ACTIONS:
        jobs.enqueue(tasks.hazard_event, instance.pk)


@receiver(post_save, sender=Submission, dispatch_uid="notifications.submission_returned")
def submission_saved(sender, instance: Submission, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or instance.returned_at is None:
        return
    if update_fields is not None and "returned_at" not in update_fields:
        return
    jobs.enqueue(tasks.submission_returned, instance.pk)
