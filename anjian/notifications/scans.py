"""The scheduled scans: plain functions of `today` that write reminders through `notify` (once per person, item
and day, so a scan run twice in a day, or by two workers at once, reminds once) and return how many they wrote.

Extension point: an app that owns another kind of deadline adds a function here with `@scan(code)` and a
`ScanCode` for it, and a ScheduledScan row (a data migration) to run it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.org.choices import Role

from .choices import ScanCode, Verb
from .services import acts_near, hazard_url, notify, office_users, render, users_with

DUE_SOON_DAYS = 3  # remind from three days before a deadline
SCANS: dict[str, Callable[[dt.date], int]] = {}


def scan(code: str) -> Callable:
    def register(function: Callable[[dt.date], int]) -> Callable[[dt.date], int]:
        SCANS[code] = function
        return function

    return register


def run(code: str, today: dt.date | None = None) -> int:
    return SCANS[code](today or timezone.localdate())


def _soon(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=DUE_SOON_DAYS)


@scan(ScanCode.HAZARD_DEADLINES)
def hazard_deadlines(today: dt.date) -> int:
    """Rectification deadlines within three days, and overdue ones, for whoever has the hazard in their to-dos."""
    from anjian.hazards import todo
    from anjian.hazards.choices import State
    from anjian.hazards.models import Hazard

    soon = Q(deadline__gte=today, deadline__lte=_soon(today))
    overdue = Q(deadline__lt=today)
    due = (soon | overdue) & ~Q(state=State.CLOSED)
    if not Hazard.objects.filter(due).exists():
        return 0
    people = users_with(Q(role__in=[Role.COUNTY_OFFICE, Role.DEPARTMENT, Role.TOWN, Role.GRID_WORKER, Role.ENTERPRISE]))
    written = 0
    for user in people.order_by("pk"):
        for hazard in todo.waiting(user, today).filter(due):
            if acts_near(user, hazard):
                written += _remind_hazard(user, hazard, today)
    return written


def _remind_hazard(user, hazard, today: dt.date) -> int:
    params = {
        "unit": hazard.unit.name,
        "deadline": f"{hazard.deadline:%Y-%m-%d}",
        "description": hazard.description[:40],
    }
    if hazard.deadline < today:
        verb, what = Verb.HAZARD_OVERDUE, "overdue"
        text = render(_("The hazard at %(unit)s is overdue since %(deadline)s: %(description)s"), **params)
    else:
        verb, what = Verb.HAZARD_DUE_SOON, "due_soon"
        text = render(_("The hazard at %(unit)s is to be fixed by %(deadline)s: %(description)s"), **params)
    key = f"hazard:{hazard.pk}:{what}"
    return notify(user, verb, text, key=key, target_url=hazard_url(hazard), day=today) is not None


def supervision_people(hazard) -> list:
    """Who answers for a supervised hazard: the county office above it, its department and its town."""
    people = {u.pk: u for u in office_users(hazard.region.path)}
    if hazard.responsible_department_id:
        people |= {u.pk: u for u in users_with(Q(role=Role.DEPARTMENT, department_id=hazard.responsible_department_id))}
    if hazard.responsible_town_id:
        people |= {u.pk: u for u in users_with(Q(role=Role.TOWN, region_id=hazard.responsible_town_id))}
    return list(people.values())


@scan(ScanCode.SUPERVISION_PERIODS)
def supervision_periods(today: dt.date) -> int:
    """兴国县高兴镇 高府发〔2023〕14号 三(三)10: substantive progress within 60 days (city) or 30 days (county). Reminds in the last three
    days of the period while no substantive step is signed, and every day once the supervision is flagged."""
    from anjian.hazards.supervision import flagged_supervisions

    written = 0
    for supervision in flagged_supervisions(today=today).select_related("hazard__unit", "hazard__region"):
        written += _remind_supervision(supervision, today, flagged=True)
    for supervision in _ending(today):
        written += _remind_supervision(supervision, today, flagged=False)
    return written


def _ending(today: dt.date) -> list:
    """Timed supervisions whose period ends within three days and that have no substantive step yet."""
    from anjian.hazards.choices import SUBSTANTIVE_PROGRESS_DAYS, State
    from anjian.hazards.models import HazardEvent, Supervision
    from anjian.hazards.supervision import TIMED_KINDS, substantive_progress_due, substantive_q

    ending = Q(pk__in=[])
    for level, days in SUBSTANTIVE_PROGRESS_DAYS.items():
        first = today - dt.timedelta(days=days)
        ending |= Q(level=level, listed_on__gte=first, listed_on__lte=first + dt.timedelta(days=DUE_SOON_DAYS))
    candidates = Supervision.objects.filter(ending, kind__in=TIMED_KINDS).exclude(hazard__state=State.CLOSED)
    found = []
    for supervision in candidates.select_related("hazard__unit", "hazard__region"):
        steps = HazardEvent.objects.filter(substantive_q(), hazard_id=supervision.hazard_id)
        signed = [timezone.localdate(at) for at in steps.values_list("signed_at", flat=True)]
        due = substantive_progress_due(supervision)
        if due is not None and today <= due and not any(supervision.listed_on <= d <= today for d in signed):
            found.append(supervision)
    return found


def _remind_supervision(supervision, today: dt.date, *, flagged: bool) -> int:
    from anjian.hazards.supervision import substantive_progress_due

    hazard = supervision.hazard
    params = {
        "unit": hazard.unit.name,
        "supervision": f"{supervision.get_level_display()}{supervision.get_kind_display()}",
        "due": f"{substantive_progress_due(supervision):%Y-%m-%d}",
    }
    if flagged:
        verb, what = Verb.SUPERVISION_FLAGGED, "flagged"
        text = render(_("No substantive progress by %(due)s on the hazard at %(unit)s (%(supervision)s)"), **params)
    else:
        verb, what = Verb.SUPERVISION_DUE_SOON, "due_soon"
        text = render(_("The hazard at %(unit)s (%(supervision)s) needs substantive progress by %(due)s"), **params)
    key, url = f"supervision:{supervision.pk}:{what}", hazard_url(hazard)
    return sum(
        notify(u, verb, text, key=key, target_url=url, day=today) is not None for u in supervision_people(hazard)
    )


@scan(ScanCode.REPORTS_DUE)
def reports_due(today: dt.date) -> int:
    """附件4 注1: the monthly report is due by the report day (the 20th); reminds three days before and when late,
    each town or department user for the reports their own unit owes (campaigns.desk.owed)."""
    from anjian.campaigns import desk
    from anjian.campaigns.choices import ReportState

    written = 0
    for user in users_with(Q(role__in=[Role.TOWN, Role.DEPARTMENT])).order_by("pk"):
        for owed in desk.owed(user, today):
            if owed.due is None or owed.state == ReportState.SUBMITTED:
                continue
            if owed.overdue or today <= owed.due <= _soon(today):
                written += _remind_report(user, owed, today)
    return written


def _remind_report(user, owed, today: dt.date) -> int:
    month = f"{owed.month:%Y-%m}"
    params = {"month": month, "campaign": owed.campaign.title, "due": f"{owed.due:%Y-%m-%d}"}
    if owed.overdue:
        verb, what = Verb.REPORT_OVERDUE, "overdue"
        text = render(_("The report for %(month)s of “%(campaign)s” was due on %(due)s and is not submitted"), **params)
    else:
        verb, what = Verb.REPORT_DUE_SOON, "due_soon"
        text = render(_("The report for %(month)s of “%(campaign)s” is due on %(due)s"), **params)
    url = reverse(
        "campaigns:report",
        kwargs={"pk": owed.campaign.pk, "participant_pk": owed.participant.pk, "period": month},
    )
    key = f"report:{owed.participant.pk}:{month}:{what}"
    return notify(user, verb, text, key=key, target_url=url, day=today) is not None


@scan(ScanCode.AUDIT_UPKEEP)
def audit_upkeep(today: dt.date) -> int:
    """Daily: prune the security log past its retention (never under 180 days) and the photos sent in parts and
    left for 7 days (anjian.field), check the sign-off chains, and tell the audit administrators when one is broken."""
    from anjian.core import chain, security_log
    from anjian.field.uploads import prune as prune_uploads

    security_log.prune()
    prune_uploads()
    problems = chain.check()[1]
    if not problems:
        return 0
    text = render(_("The check of the sign-off chains found %(count)s problem(s): see the security log"),
                  count=str(len(problems)))  # fmt: skip
    admins = users_with(Q(role=Role.AUDIT_ADMIN)).order_by("pk")
    url = reverse("audit_log")
    return sum(notify(u, Verb.CHAIN_BROKEN, text, key="chain", target_url=url, day=today) is not None for u in admins)


CERTIFICATE_STAGES = (7, 30, 90)  # days before expiry (or the review) at which the unit is told, once each


@scan(ScanCode.CERTIFICATES_EXPIRING)
def certificates_expiring(today: dt.date) -> int:
    """安全生产知识和管理能力考核合格证 and 特种作业操作证 (总局令第30号): the unit's own users hear of a certificate
    whose expiry or review falls within 90 days, once at 90, 30 and 7 days before — not every day."""
    from anjian.people.certificates import expiring_certificates

    written = 0
    for certificate in expiring_certificates(today, max(CERTIFICATE_STAGES)).order_by("pk"):
        users = users_with(Q(role=Role.ENTERPRISE, enterprise_id=certificate.person.enterprise_id)).order_by("pk")
        for user in users:
            written += _remind_certificate(user, certificate, today)
    return written


def _remind_certificate(user, certificate, today: dt.date) -> int:
    from anjian.notifications.models import Notification

    dates = [d for d in (certificate.expires_on, certificate.next_review_on) if d and today <= d]
    due = min(dates)
    left = (due - today).days
    stage = next(s for s in CERTIFICATE_STAGES if left <= s)
    what = "review" if due == certificate.next_review_on and due != certificate.expires_on else "expiry"
    key = f"certificate:{certificate.pk}:{what}:{due:%Y%m%d}:{stage}"
    if Notification.objects.filter(recipient=user, key=key).exists():
        return 0  # this stage was told already
    params = {"person": certificate.person.name, "title": certificate.title, "due": f"{due:%Y-%m-%d}"}
    if what == "review":
        text = render(_("%(person)s's %(title)s is due for its review by %(due)s"), **params)
    else:
        text = render(_("%(person)s's %(title)s expires on %(due)s"), **params)
    url = reverse("people:detail", args=[certificate.person_id])
    return notify(user, Verb.CERTIFICATE_EXPIRING, text, key=key, target_url=url, day=today) is not None


@scan(ScanCode.DUTIES_GENERATE)
def duties_generate(today: dt.date) -> int:
    """十个一次 (高府发〔2023〕14号 三（一）1): the occurrences of the period that began, for every operating unit
    (one INSERT … SELECT a duty and period; those that exist are left alone)."""
    from anjian.duties.services import generate_occurrences

    return generate_occurrences(today)


@scan(ScanCode.DUTIES_DUE)
def duties_due(today: dt.date) -> int:
    """The units' own users hear of their duties falling due and overdue (the duties app's rule of when)."""
    from anjian.duties.services import remind_due

    return remind_due(today)


@scan(ScanCode.WIDE_FIGURES)
def wide_figures(today: dt.date) -> int:
    """The dashboards of the offices above the county counted again, so that a province's is ready when opened (a
    live count of a province takes seconds): anjian.dashboards.counted. Writes no reminder."""
    from anjian.dashboards.counted import refresh

    return refresh(today)
