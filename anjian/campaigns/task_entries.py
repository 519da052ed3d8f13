"""进展情况: a participant's own account of a task that no record measures (the fireworks 目标任务清单's last
column; a task's typed figure) — its figure so far in the target's unit and what it has done, with evidence
(a document, photos). A task bound to a figure is measured from the records (campaigns.progress): an account
of it is refused, as a typed figure a record could give is refused in the dispatch table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core.validators import COMMENT_MAX_LENGTH, reject_control_characters

from . import progress, rules
from .models import Participant, Task, TaskEntry

LARGEST = Decimal("999999999.99")  # a count or an amount no county reaches
LATE_DAYS = 31  # after the campaign's end, accounts are still taken for its summary (总结提升) for a month


def parse_value(value) -> Decimal | None:
    """A figure as a person types it: empty → none; otherwise a number from 0 to LARGEST, two places at most."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({"value": _("Enter a number.")}) from exc
    if not number.is_finite() or number < 0 or number > LARGEST:
        raise ValidationError({"value": _("Enter a number from 0 to 999,999,999.")})
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({"value": _("At most two decimal places.")})
    return number


def check_open(task: Task, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    campaign = task.campaign
    if task in progress.measured(campaign, [task]):
        raise ValidationError({"value": _("This task is measured from the records; its progress is not typed.")})
    if today < campaign.period_start or (today - campaign.period_end).days > LATE_DAYS:
        raise ValidationError({"task": _("Progress is recorded while the campaign runs (and a month after it).")})


@transaction.atomic
def record(user, task: Task, participant: Participant, *, value=None, text: str = "", uploads=()) -> TaskEntry:
    """The participant's account now: its figure so far (optional), what it has done, and evidence files."""
    from anjian.core.attachments import store_document

    if participant.campaign_id != task.campaign_id:
        raise ValidationError({"participant": _("This participant does not take part in the task's campaign.")})
    rules.check_file(user, participant)
    check_open(task)
    errors: dict = {}
    number = None
    try:
        number = parse_value(value)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    text = (text or "").strip()
    try:
        reject_control_characters(text)
    except ValidationError as exc:
        errors["text"] = exc.messages
    if len(text) > COMMENT_MAX_LENGTH:
        errors["text"] = [_("At most %(n)s characters.") % {"n": COMMENT_MAX_LENGTH}]
    if not errors and number is None and not text:
        errors["text"] = [_("Give the figure so far or describe what has been done.")]
    if errors:
        raise ValidationError(errors)
    entry = TaskEntry.objects.create(task=task, participant=participant, value=number, text=text, created_by=user)
    stored = []
    for upload in uploads:
        try:
            stored.append(store_document(upload, user))
        except ValidationError as exc:
            raise ValidationError({"evidence": [f"{upload.name}: {m}" for m in exc.messages]}) from exc
    entry.evidence.add(*stored)
    return entry


def quality_warnings(entry: TaskEntry) -> list:
    """录入质量提示 on the account's text (a note that says only 已完成, 按要求推进 …): warnings, never a refusal."""
    from anjian.quality.services import check_text

    return check_text(entry.text, "account") if entry.text else []


def latest(user, task: Task) -> list[tuple[Participant, TaskEntry | None]]:
    """Each participant the user may see with its latest account of the task (None: none yet)."""
    participants = list(rules.visible_participants(user, task.campaign).select_related("region", "department"))
    last: dict = {}
    entries = (
        TaskEntry.objects.filter(task=task, participant__in=participants)
        .select_related("created_by")
        .prefetch_related("evidence")
        .order_by("participant_id", "-created_at", "-pk")
    )
    for entry in entries:
        last.setdefault(entry.participant_id, entry)
    return [(p, last.get(p.pk)) for p in participants]


def history(user, task: Task, participant: Participant) -> list[TaskEntry]:
    """The participant's accounts of the task, newest first (for whoever may see the participant)."""
    if not rules.visible_participants(user, task.campaign).filter(pk=participant.pk).exists():
        return []
    found = TaskEntry.objects.filter(task=task, participant=participant).prefetch_related("evidence")
    return list(found.select_related("created_by").order_by("-created_at", "-pk"))


def evidence_visible(user, attachment) -> bool:
    """An account's evidence: to those who see its participant (the participant, the office, county readers)."""
    entries = TaskEntry.objects.filter(evidence=attachment).select_related("task__campaign__region", "participant")
    return any(rules.visible_participants(user, e.task.campaign).filter(pk=e.participant_id).exists() for e in entries)
