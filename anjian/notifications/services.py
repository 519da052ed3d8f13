"""Notices as plain functions: `notify` writes one inbox row (once per person, item and day, decided by the
database) and queues its deliveries; the inbox reads go through `for_user`; the event handlers decide who
hears of a hazard step or a returned report."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from anjian.core import jobs
from anjian.org.choices import Role
from anjian.org.jurisdiction import roles
from anjian.org.models import RoleAssignment, User

from .choices import Channel, Verb
from .models import Delivery, Notification, Preference, Webhook

logger = logging.getLogger("anjian.notifications")
KEY_LIMIT = 120


def for_user(user) -> QuerySet:
    """The one chokepoint of the inbox: a person sees and marks only their own notices."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return for_user(user).filter(read_at__isnull=True).count()


def mark_read(user, notification_id: int) -> Notification:
    """Mark one of the user's notices read (another person's is Notification.DoesNotExist: a 404)."""
    notification = for_user(user).get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user) -> int:
    return for_user(user).filter(read_at__isnull=True).update(read_at=timezone.now())


def render(message, **params) -> str:
    """A notice's text (a lazy msgid) in the site's language (zh-hans): stored and sent as it reads on the day."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message) % params


def notify(
    recipient: User, verb: str, text: str, *, key: str, target_url: str = "", day: dt.date | None = None
) -> Notification | None:
    """Put a notice in `recipient`'s inbox and queue its other channels; None when this person already has a
    notice about `key` today. The unique constraint decides, so two workers racing insert one row."""
    day = day or timezone.localdate()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, verb=verb, text=text, target_url=target_url, key=key[:KEY_LIMIT], day=day
            )
            queue_deliveries(notification)
    except IntegrityError:
        return None
    return notification


def preference(user: User) -> Preference:
    found = Preference.objects.filter(user=user).first()
    return found or Preference(user=user)  # unsaved: the defaults, until the person chooses


def webhooks_of(user: User) -> QuerySet:
    """The group robots of the units the person works in (their town or region, their department)."""
    places = RoleAssignment.objects.filter(user=user)
    regions = places.exclude(region__isnull=True).values("region_id")
    departments = places.exclude(department__isnull=True).values("department_id")
    return Webhook.objects.filter(Q(region_id__in=regions) | Q(department_id__in=departments), enabled=True)


def _addresses(notification: Notification) -> list[tuple[str, str, Webhook | None]]:
    user, chosen = notification.recipient, preference(notification.recipient)
    out: list[tuple[str, str, Webhook | None]] = []
    if chosen.email and user.email:
        out.append((Channel.EMAIL, f"email:{user.pk}", None))
    if chosen.sms and user.phone:
        out.append((Channel.SMS, f"sms:{user.pk}", None))
    if chosen.webhook:
        out += [(Channel.WEBHOOK, f"webhook:{robot.pk}", robot) for robot in webhooks_of(user)]
    return out


def queue_deliveries(notification: Notification) -> list[Delivery]:
    """One delivery per chosen channel and address, enqueued with the notice's transaction (core.jobs.enqueue); an
    address that already had this item today (a unit's robot) is skipped."""
    from .tasks import deliver

    queued = []
    for channel, address, robot in _addresses(notification):
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    notification=notification,
                    channel=channel,
                    webhook=robot,
                    address=address,
                    key=notification.key,
                    day=notification.day,
                )
        except IntegrityError:
            continue
        jobs.enqueue(deliver, delivery.pk)
        queued.append(delivery)
    return queued


def users_with(q: Q) -> QuerySet:
    """Active users holding a role assignment that matches `q`."""
    return User.objects.filter(is_active=True, assignments__in=RoleAssignment.objects.filter(q)).distinct()


def office_users(region_path: str) -> QuerySet:
    """The county offices above a place (their region is an ancestor of `region_path`)."""
    prefixes = _prefixes(region_path)
    return users_with(Q(role=Role.COUNTY_OFFICE) & (Q(region__path__in=prefixes) | Q(region__isnull=True)))


def _prefixes(path: str) -> list[str]:
    codes = [c for c in path.split("/") if c]
    return ["".join(f"{c}/" for c in codes[: n + 1]) for n in range(len(codes))]


# --- hazard events -------------------------------------------------------------------------------------------


def hazard_url(hazard) -> str:
    return reverse("hazards:detail", kwargs={"pk": hazard.pk})


def hazard_candidates(hazard) -> QuerySet:
    """Everyone who might have the hazard in their to-do list: its office, town and grid workers, its departments,
    its unit. `waiting()` then decides, as it does for the list itself."""
    prefixes = _prefixes(hazard.region.path)
    q = (
        Q(role=Role.COUNTY_OFFICE)
        | Q(role__in=[Role.TOWN, Role.GRID_WORKER], region__path__in=prefixes)
        | Q(role=Role.DEPARTMENT, department__sectors=hazard.sector_id)
        | Q(role=Role.ENTERPRISE, enterprise_id=hazard.unit_id)
    )
    if hazard.grid_id:
        q |= Q(role=Role.GRID_WORKER, region_id=hazard.grid_id)
    if hazard.responsible_department_id:
        q |= Q(role=Role.DEPARTMENT, department_id=hazard.responsible_department_id)
    return users_with(q).order_by("pk")


def waiting_for(hazard, today: dt.date | None = None, exclude: int | None = None) -> list[User]:
    """The people whose to-do list (hazards.todo.waiting) holds the hazard now."""
    from anjian.hazards import todo

    found = []
    for user in hazard_candidates(hazard).exclude(pk=exclude):
        if todo.waiting(user, today).filter(pk=hazard.pk).exists():
            found.append(user)
    return found


def acts_near(user, hazard) -> bool:
    """Whether the person acts at the hazard's own level: its unit, its grid workers, the coordinating level
    (rules.LEVEL_ROLES) and, for a major hazard awaiting verification, its supervising departments. The county
    office and the departments have almost every hazard in their to-dos; they hear of those that reach them."""
    from anjian.hazards.choices import Level, State
    from anjian.hazards.rules import LEVEL_ROLES

    near = set(LEVEL_ROLES[Level(hazard.level)]) | {Role.GRID_WORKER, Role.ENTERPRISE}
    if hazard.ever_major and hazard.state == State.AWAITING_VERIFICATION:
        near |= {Role.DEPARTMENT, Role.COUNTY_OFFICE}
    return bool(roles(user) & near)


def next_actors(hazard, exclude: int | None = None) -> list[User]:
    """Who must act next: those at the hazard's level whose to-dos hold it, or, when nobody there does, everyone
    whose to-dos hold it."""
    waiting = waiting_for(hazard, exclude=exclude)
    return [u for u in waiting if acts_near(u, hazard)] or waiting


def _summary(hazard) -> dict[str, str]:
    description = hazard.description if len(hazard.description) <= 40 else hazard.description[:40] + "…"
    return {"unit": hazard.unit.name, "description": description}


def on_hazard_event(event) -> int:
    """Tell whoever must act next, or whoever worked on it when it is settled. Returns the notices written."""
    from anjian.hazards.choices import Action, Level

    hazard, action = event.hazard, event.action
    params = _summary(hazard)
    key, url = f"hazard:{hazard.pk}:event:{event.pk}", hazard_url(hazard)
    if action == Action.VERIFY:
        recipients = _workers(hazard, exclude=event.actor_id)
        text = render(_("The hazard at %(unit)s was verified and closed: %(description)s"), **params)
        verb = Verb.HAZARD_VERIFIED
    elif action == Action.ESCALATE:
        recipients = next_actors(hazard, exclude=event.actor_id)
        level = str(Level(hazard.level).label)
        text = render(
            _("A hazard at %(unit)s was escalated to your level (%(level)s): %(description)s"), level=level, **params
        )
        verb = Verb.HAZARD_ESCALATED
    elif action == Action.REJECT:
        recipients = _unique(next_actors(hazard, exclude=event.actor_id) + _workers(hazard, exclude=event.actor_id))
        reason = str(event.data.get("reason", ""))
        text = render(_("The fix of the hazard at %(unit)s was rejected: %(reason)s"), reason=reason, **params)
        verb = Verb.HAZARD_REJECTED
    elif action in (Action.FIX_ON_SPOT, Action.PROGRESS, Action.SUPERVISE):
        return 0  # settled by its finder, or no new step for anyone
    else:
        recipients = next_actors(hazard, exclude=event.actor_id)
        step = str(Action(action).label)
        text = render(_("A hazard at %(unit)s waits for you (%(step)s): %(description)s"), step=step, **params)
        verb = Verb.HAZARD_ASSIGNED
    day = timezone.localdate(event.signed_at)
    return sum(notify(u, verb, text, key=key, target_url=url, day=day) is not None for u in recipients)


def _workers(hazard, exclude: int | None = None) -> list[User]:
    """Who found, planned or fixed the hazard (signed its register, plan or fix steps)."""
    ids = hazard.events.filter(action__in=["register", "plan", "submit_fix"]).values("actor_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).exclude(pk=exclude).order_by("pk"))


def _unique(users: list[User]) -> list[User]:
    return list({u.pk: u for u in users}.values())


# --- returned reports ----------------------------------------------------------------------------------------


def participant_users(participant) -> QuerySet:
    """The people of a campaign participant: the town's users, or the department's."""
    if participant.region_id:
        return users_with(Q(role=Role.TOWN, region_id=participant.region_id))
    return users_with(Q(role=Role.DEPARTMENT, department_id=participant.department_id))


def report_url(report) -> str:
    return reverse(
        "campaigns:report",
        kwargs={"pk": report.campaign_id, "participant_pk": report.participant_id, "period": f"{report.period:%Y-%m}"},
    )


def on_submission_returned(submission) -> int:
    report = submission.report
    text = render(
        _("Your report for %(month)s of “%(campaign)s” was returned: %(reason)s"),
        month=f"{report.period:%Y-%m}",
        campaign=report.campaign.title,
        reason=submission.return_reason,
    )
    key, day = f"submission:{submission.pk}:returned", timezone.localdate(submission.returned_at)
    users = participant_users(report.participant).exclude(pk=submission.returned_by_id)
    url = report_url(report)
    return sum(notify(u, Verb.REPORT_RETURNED, text, key=key, target_url=url, day=day) is not None for u in users)


def record_attempt(delivery_id: int) -> Delivery | None:
    """Claim a pending delivery (conditional UPDATE): only one worker gets it, whatever the number running."""
    from .choices import DeliveryStatus

    claimed = Delivery.objects.filter(
        pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]
    ).update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return None
    return Delivery.objects.select_related("notification__recipient", "webhook").get(pk=delivery_id)
