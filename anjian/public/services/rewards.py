"""Rewards (安监总财〔2018〕19号): proposed from the enforcement action or the concealed accident the verified report led
to, with the amount computed by rules.reward_amount; approved by a second person (never the proposer); paid, with the
day and the means. Each step is also a step of the report, which the reporter reads through the tracking code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core import dates
from anjian.emergency.queries import concealed_accidents_for
from anjian.hazards.choices import Grade
from anjian.inspections.models import EnforcementAction
from anjian.org.jurisdiction import restrict, within

from .. import rules
from ..choices import LIVE_REWARD_STATES, PaymentMeans, ReportAction, RewardBasis, RewardState
from ..models import PublicReport, Reward
from ..rules import Refused
from .common import clean_texts, raise_if, sign

WAN = Decimal("10000")


def _money_text(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def fine_of(action: EnforcementAction) -> Decimal:
    """The fines of an enforcement action in yuan (the unit's and the principal's, kept in 万元)."""
    return ((action.unit_amount_wan or Decimal("0")) + (action.principal_amount_wan or Decimal("0"))) * WAN


def _action(user, report: PublicReport, value, required: bool, errors: dict) -> EnforcementAction | None:
    """The enforcement action the reward is computed from: one the user sees, on the report's hazard or unit."""
    if value in (None, ""):
        if required:
            errors["enforcement_action"] = [_("An illegal operation is rewarded from the enforcement action taken.")]
        return None
    pk = value.pk if isinstance(value, EnforcementAction) else value
    action = None
    if isinstance(pk, int) or (isinstance(pk, str) and pk.isdigit() and len(pk) <= 18):
        action = restrict(user, EnforcementAction.objects.filter(pk=int(pk))).first()
    units = {report.unit_id, getattr(report.hazard, "unit_id", None)} - {None}
    if action is None or not ((report.hazard_id and action.hazard_id == report.hazard_id) or action.unit_id in units):
        errors["enforcement_action"] = [_("Choose an enforcement action taken on the report's hazard or unit.")]
        return None
    return action


def _accident(user, value, errors: dict):
    pk = getattr(value, "pk", value)
    accident = None
    if isinstance(pk, int) or (isinstance(pk, str) and pk.isdigit() and len(pk) <= 18):
        accident = concealed_accidents_for(user).filter(pk=int(pk)).first()
    if accident is None:
        errors["accident"] = [_("Choose the accident found concealed or falsely reported.")]
    return accident


@transaction.atomic
def propose(user, report: PublicReport, *, basis: str, enforcement_action=None, accident=None,
            concealed_deaths=None, note: str = "") -> Reward:  # fmt: skip
    rules.check_role(user, "propose")
    report = PublicReport.objects.select_for_update(of=("self",)).select_related("hazard").get(pk=report.pk)
    if not within(user, report):
        raise PermissionDenied(_("This report is outside your jurisdiction."))
    if not rules.may_reward(report):
        raise Refused(_("A reward follows a report found true on site."))
    if report.rewards.filter(state__in=LIVE_REWARD_STATES).exists():
        raise Refused(_("The report already has a reward; reject it first to propose another."))
    errors: dict = {}
    texts = clean_texts({"note": note}, errors, "note")
    facts: dict = {"basis": basis}
    if basis == RewardBasis.MAJOR_HAZARD:
        if report.hazard is None or not (report.hazard.grade == Grade.MAJOR or report.hazard.ever_major):
            errors["basis"] = [_("The hazard opened from the report is not graded major.")]
        facts["enforcement_action"] = _action(user, report, enforcement_action, False, errors)
    elif basis == RewardBasis.ILLEGAL_OPERATION:
        facts["enforcement_action"] = _action(user, report, enforcement_action, True, errors)
    elif basis == RewardBasis.CONCEALED_ACCIDENT:
        facts["accident"] = _accident(user, accident, errors)
    else:
        errors["basis"] = [_("Choose what the report revealed.")]
    raise_if(errors, Refused)
    amount = _amount(facts, concealed_deaths)
    reward = Reward.objects.create(report=report, proposed_by=user, anonymous=report.anonymous,
                                   amount=amount, amount_wan=amount / WAN, **facts)  # fmt: skip
    text = _("A reward of %(amount)s yuan is proposed; it is paid once approved.") % {"amount": _money_text(amount)}
    sign(user, report, ReportAction.REWARD_PROPOSE, report.state, note=texts["note"], public_text=text,
         reward=reward.pk, amount=amount)  # fmt: skip
    return reward


def _amount(facts: dict, concealed_deaths) -> Decimal:
    """rules.reward_amount on the facts, the fine or the deaths copied onto them."""
    action, accident = facts.get("enforcement_action"), facts.get("accident")
    if accident is not None:
        deaths = accident.deaths if concealed_deaths in (None, "") else _whole(concealed_deaths)
        if deaths is not None and deaths > accident.deaths:
            raise Refused({"concealed_deaths": _("More concealed deaths than the accident's deaths.")})
        facts.update(concealed_deaths=deaths, accident_grade=accident.grade)
        return rules.reward_amount(facts["basis"], deaths=deaths, grade=accident.grade)
    fine = fine_of(action) if action is not None else Decimal("0")
    facts["fine_yuan"] = fine
    return rules.reward_amount(facts["basis"], fine_yuan=fine)


def _whole(value) -> int:
    try:
        number = int(str(value))
    except ValueError as exc:
        raise Refused({"concealed_deaths": _("Enter a whole number.")}) from exc
    if number < 0 or number > 1000:
        raise Refused({"concealed_deaths": _("Enter a whole number.")})
    return number


def paid_text(reward: Reward) -> str:
    """What the reporter reads of a payment."""
    return _("The reward of %(amount)s yuan was paid on %(day)s (%(means)s).") % {
        "amount": _money_text(reward.amount), "day": reward.paid_on.isoformat(),
        "means": PaymentMeans(reward.paid_means).label,
    }  # fmt: skip


def _locked(user, reward: Reward, step: str) -> Reward:
    rules.check_role(user, step)
    PublicReport.objects.select_for_update().filter(pk=reward.report_id).first()  # its steps' chain
    reward = Reward.objects.select_for_update(of=("self",)).select_related("report").get(pk=reward.pk)
    if not within(user, reward):
        raise PermissionDenied(_("This reward is outside your jurisdiction."))
    if reward.state not in rules.REWARD_STATES[step]:
        raise Refused(_("Not possible while the reward is “%(state)s”.") % {"state": reward.get_state_display()})
    return reward


@transaction.atomic
def approve(user, reward: Reward, note: str = "") -> Reward:
    reward = _locked(user, reward, "approve")
    if reward.proposed_by_id == user.pk:
        raise Refused(_("A reward is approved by someone other than the person who proposed it."))
    errors: dict = {}
    texts = clean_texts({"note": note}, errors, "note")
    raise_if(errors, Refused)
    reward.state, reward.approved_by, reward.approved_at = RewardState.APPROVED, user, timezone.now()
    reward.save()
    text = _("The reward of %(amount)s yuan is approved.") % {"amount": _money_text(reward.amount)}
    sign(user, reward.report, ReportAction.REWARD_APPROVE, reward.report.state, note=texts["note"],
         public_text=text, reward=reward.pk)  # fmt: skip
    return reward


@transaction.atomic
def reject(user, reward: Reward, reason: str) -> Reward:
    reward = _locked(user, reward, "reject")
    errors: dict = {}
    texts = clean_texts({"reason": reason}, errors, "reason")
    if not errors and not texts["reason"]:
        errors["reason"] = [_("Give the reason for rejecting the proposal.")]
    raise_if(errors, Refused)
    reward.state, reward.rejected_by, reward.rejection_reason = RewardState.REJECTED, user, texts["reason"]
    reward.save()
    sign(user, reward.report, ReportAction.REWARD_REJECT, reward.report.state, note=texts["reason"], reward=reward.pk)
    return reward


@transaction.atomic
def pay(user, reward: Reward, *, paid_on, means: str, payment_note: str = "") -> Reward:
    reward = _locked(user, reward, "pay")
    errors: dict = {}
    texts = clean_texts({"payment_note": payment_note}, errors, "payment_note")
    approved = dates.day_of(reward.approved_at)
    try:
        day: dt.date | None = dates.check_past(paid_on, field="paid_on", floor=approved,
                                               floor_reason=_("the day the reward was approved"))  # fmt: skip
    except ValidationError as exc:
        errors.update(exc.message_dict)
        day = None
    if means not in PaymentMeans.values:
        errors["means"] = [_("Choose how the reward was paid.")]
    raise_if(errors, Refused)
    reward.state, reward.paid_on, reward.paid_means, reward.paid_by = RewardState.PAID, day, means, user
    reward.payment_note = texts["payment_note"]
    reward.save()
    text = paid_text(reward)
    sign(user, reward.report, ReportAction.REWARD_PAY, reward.report.state, public_text=text, reward=reward.pk,
         paid_on=day, means=means)  # fmt: skip
    return reward
