"""The demo county's campaign: 高府发〔2023〕14号 run by the county office in the current year, with the monthly
dispatch tables of its towns and departments — most on time, some late, some missing, one returned and
filed again — driven through the campaign services, then dated onto the demo's clock."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from anjian.campaigns import notices, ranking, services
from anjian.campaigns.dispatch import CELLS
from anjian.campaigns.models import Campaign, ProgressReport, Submission
from anjian.demo.generator import COUNTY_CODE
from anjian.org.choices import Role
from anjian.org.models import Region, RoleAssignment, User

from .clock import cutoff
from .worklog import load_demo_worklog

TEMPLATE = "major-hazards-2023"


def _filer(participant, users: dict) -> User | None:
    key = ("department", participant.department_id) if participant.department_id else ("town", participant.region_id)
    return users.get(key)


def _typed() -> dict[str, str]:
    """What no record holds: none of attachment 4's cells since public rewards are recorded (anjian.public)."""
    return {k: "0" for k, c in CELLS.items() if not c.computed}


def _at(day: dt.date, today: dt.date, rng: random.Random) -> dt.datetime:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59))))
    return min(moment, cutoff(today) - dt.timedelta(minutes=5))


def load_demo_campaigns(seed: int, today: dt.date) -> dict[str, int]:
    rng = random.Random(seed * 7907 + 10)
    office = User.objects.get(username="county")
    county = Region.objects.get(code=COUNTY_CODE)  # the demo county
    year = today.year if today.month >= 5 else today.year - 1  # the notice's campaign runs May to December
    campaign = services.start_from_template(office, TEMPLATE, region=county, year=year)
    counts = load_demo_worklog(seed, today, since=campaign.period_start)  # before the reports count it
    users = {}
    for a in RoleAssignment.objects.filter(role__in=[Role.TOWN, Role.DEPARTMENT]).select_related("user"):
        key = ("department", a.department_id) if a.department_id else ("town", a.region_id)
        users.setdefault(key, a.user)
    closed = [m for m in services.open_periods(campaign, today) if services.last_day(m) < today]
    participants = list(campaign.participants.select_related("region", "department"))
    filed = returned = 0
    for month in closed:  # every closed month, so that a town's 我的填报 shows what a diligent town owes
        due = services.due_date(campaign, month)
        latest = month == closed[-1]
        for participant in participants:
            filer = _filer(participant, users)
            draw = rng.random()
            if filer is None or (latest and draw < 0.15) or (not latest and draw < 0.04):
                continue  # missing (more of them for the latest month)
            report = services.report_for(filer, campaign, participant, month)
            services.save_typed(filer, report, _typed())
            if latest and draw < 0.25:
                continue  # typed but not yet submitted: a draft
            submission = services.submit(filer, report)
            late = draw > 0.88
            day = due + dt.timedelta(days=rng.randint(1, 6)) if late else due - dt.timedelta(days=rng.randint(0, 8))
            _date(submission, _at(min(day, today - dt.timedelta(days=1)), today, rng), due)
            filed += 1
            if not returned and not latest and participant.region_id and not late:
                _return_and_file_again(office, filer, report, due, today, rng)
                returned += 1
    if closed:
        _rank_and_notify(office, campaign, closed[-1], today)
    return counts | {"campaigns": Campaign.objects.count(), "campaign reports": filed}


def _rank_and_notify(office, campaign: Campaign, month: dt.date, today: dt.date) -> None:
    """The office publishes the latest month's ranking and issues a notice naming the late and missing."""
    ranking.publish(office, campaign, month, note="月度通报排名")
    notice = notices.issue(office, notices.draft(office, campaign, month))
    due = services.due_date(campaign, month) or month
    notice.issued_on = min(due + dt.timedelta(days=3), today - dt.timedelta(days=1))
    notice.save(update_fields=["issued_on"])


def _date(submission: Submission, at: dt.datetime, due: dt.date | None) -> None:
    submission.submitted_at = at
    submission.late = due is not None and timezone.localdate(at) > due
    submission.save(update_fields=["submitted_at", "late"])


def _return_and_file_again(office, filer, report: ProgressReport, due, today, rng) -> None:
    """The office returns one town's report (its note leaves out what the office asked for); the town completes it."""
    first = services.return_report(office, report, "填报说明未写明新增重大事故隐患的整改情况，请补充后重新报送。")
    first.returned_at = first.submitted_at + dt.timedelta(days=1)
    first.save(update_fields=["returned_at"])
    services.save_typed(filer, report, _typed(), note="已补充新增重大事故隐患的整改责任人、措施和期限。")
    again = services.submit(filer, report)
    _date(again, _at(min(timezone.localdate(first.returned_at) + dt.timedelta(days=1), today), today, rng), due)
