"""What a reporter reads of their report through the tracking code: its state, the steps told to them (with the
receiving unit's words and questions), the hazard's progress once one was opened, the reward's steps. Never a staff
member's name, an internal note, another reporter's report, nor anything of the reporter's own identity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from anjian.hazards.choices import State as HazardState

from .choices import LIVE_REWARD_STATES, ReportAction, ReportState
from .models import PublicReport, Reward

# The steps the reporter reads (the others — routing, internal notes, identity views — stay inside).
TOLD = (
    ReportAction.SUBMIT,
    ReportAction.ACKNOWLEDGE,
    ReportAction.ASK,
    ReportAction.ANSWER,
    ReportAction.REPLY,
    ReportAction.VERIFY,
    ReportAction.OPEN_HAZARD,
    ReportAction.CLOSE,
    ReportAction.DUPLICATE,
    ReportAction.REWARD_PROPOSE,
    ReportAction.REWARD_APPROVE,
    ReportAction.REWARD_PAY,
)


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    action: str
    label: str
    text: str
    unit: str  # the receiving unit that signed it ("" for the reporter's own)
    from_reporter: bool


@dataclass(frozen=True)
class RewardStatus:
    state: str
    label: str
    amount: Decimal
    paid_on: dt.date | None
    paid_means: str


@dataclass(frozen=True)
class Status:
    tracking_code: str
    state: str
    state_label: str
    received_at: dt.datetime
    town: str
    anonymous: bool
    acknowledged_at: dt.datetime | None
    verified_at: dt.datetime | None
    settled_at: dt.datetime | None
    outcome: str
    outcome_label: str
    reason: str
    awaiting_answer: bool
    hazard_state: str
    hazard_state_label: str
    merged_state_label: str
    photos: int
    reward: RewardStatus | None
    steps: list[Step] = field(default_factory=list)


def hazard_progress(report: PublicReport) -> tuple[str, str]:
    """The opened hazard's progress in the reporter's words: being fixed, or fixed and signed off."""
    hazard = report.hazard
    if hazard is None:
        return "", ""
    if hazard.state == HazardState.CLOSED:
        return "fixed", _("Fixed and signed off")
    return "rectifying", _("Being rectified")


def status_of(report: PublicReport) -> Status:
    """The reporter's view of `report` (a few queries, whatever the report holds)."""
    events = report.events.filter(action__in=TOLD).order_by("at", "id")
    steps = [
        Step(e.at, e.action, str(ReportAction(e.action).label), e.public_text, e.actor_unit, e.actor_id is None)
        for e in events
    ]
    reward = Reward.objects.filter(report=report, state__in=LIVE_REWARD_STATES).order_by("-proposed_at").first()
    hazard_state, hazard_label = hazard_progress(report)
    merged = report.duplicate_of
    merged_label = ""
    if merged is not None:
        merged_label = hazard_progress(merged)[1] or ReportState(merged.state).label
    return Status(
        tracking_code=report.tracking_code,
        state=report.state,
        state_label=str(report.get_state_display()),
        received_at=report.received_at,
        town=report.town.name,
        anonymous=report.anonymous,
        acknowledged_at=report.acknowledged_at,
        verified_at=report.verified_at,
        settled_at=report.settled_at,
        outcome=report.outcome,
        outcome_label=str(report.get_outcome_display()) if report.outcome else "",
        reason=report.public_reason,
        awaiting_answer=report.awaiting_answer,
        hazard_state=hazard_state,
        hazard_state_label=hazard_label,
        merged_state_label=str(merged_label),
        photos=report.photos.count(),
        reward=RewardStatus(
            reward.state,
            str(reward.get_state_display()),
            reward.amount,
            reward.paid_on,
            str(reward.get_paid_means_display()) if reward.paid_means else "",
        )
        if reward
        else None,  # fmt: skip
        steps=steps,
    )
