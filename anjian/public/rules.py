"""Who may do what to a public report, a reward or a typical case's publication, in which state; and the reward's
amount (安监总财〔2018〕19号).

A role that may never take an action is refused with PermissionDenied (403); an action this role may take but not
now (wrong state, missing field, one's own proposal) with Refused (400), whose message says why."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from anjian.emergency.choices import AccidentGrade
from anjian.org.choices import Role
from anjian.org.jurisdiction import assignments, roles

from .choices import OPEN_STATES, CaseState, Outcome, ReportState, RewardBasis, RewardState

# The receiving units: the town (属地), the sector's department (行业) and the county office.
STAFF_ROLES = frozenset({Role.COUNTY_OFFICE, Role.DEPARTMENT, Role.TOWN})
REPORT_ACTIONS = ("acknowledge", "route", "ask", "reply", "verify", "open_hazard", "close", "duplicate")
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.COUNTY_OFFICE: frozenset(REPORT_ACTIONS) | {"propose", "approve", "reject", "pay"},
    Role.DEPARTMENT: frozenset(REPORT_ACTIONS) | {"propose", "approve", "reject", "pay"},
    Role.TOWN: frozenset(REPORT_ACTIONS) | {"propose", "pay"},  # a town proposes; the department or office approves
}

ALL_STATES = frozenset(ReportState.values)
ACTION_STATES: dict[str, frozenset[str]] = {
    "acknowledge": frozenset({ReportState.RECEIVED}),
    "route": frozenset({ReportState.RECEIVED, ReportState.ACKNOWLEDGED}),
    "ask": frozenset(OPEN_STATES),
    "reply": ALL_STATES - {ReportState.DUPLICATE},
    "verify": frozenset({ReportState.ACKNOWLEDGED}),
    "open_hazard": frozenset({ReportState.ACKNOWLEDGED, ReportState.VERIFIED}),
    "close": frozenset({ReportState.ACKNOWLEDGED, ReportState.VERIFIED}),
    "duplicate": frozenset({ReportState.RECEIVED, ReportState.ACKNOWLEDGED}),
}
# Why a report may be closed, by the state it is closed from: once found true on site, only as dealt with.
CLOSE_OUTCOMES: dict[str, tuple[str, ...]] = {
    ReportState.ACKNOWLEDGED: (Outcome.HANDLED, Outcome.UNFOUNDED, Outcome.INSUFFICIENT, Outcome.OUT_OF_SCOPE),
    ReportState.VERIFIED: (Outcome.HANDLED,),
}
REWARD_STATES: dict[str, frozenset[str]] = {
    "approve": frozenset({RewardState.PROPOSED}),
    "reject": frozenset({RewardState.PROPOSED}),
    "pay": frozenset({RewardState.APPROVED}),
}


class Refused(ValidationError):
    """An action this role may take, but not on this report or reward now; the message says why."""


def role_may(user, action: str) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(action in ROLE_ACTIONS.get(role, frozenset()) for role in roles(user))


def check_role(user, action: str) -> None:
    if not role_may(user, action):
        raise PermissionDenied(_("Your role may not take this action."))


def is_staff_reader(user) -> bool:
    """Whether the user works the report queue (acts on reports): the receiving units and the superuser."""
    return bool(getattr(user, "is_superuser", False) or roles(user) & STAFF_ROLES)


def check_state(state: str, action: str, label: str) -> None:
    if state not in ACTION_STATES[action]:
        raise Refused(
            _("“%(action)s” is not possible while the report is “%(state)s”.")
            % {"action": label, "state": ReportState(state).label}
        )


def allowed_actions(user, report) -> list[str]:
    """The report actions the user could take now (buttons, the API's allowed_actions)."""
    found = []
    for action in REPORT_ACTIONS:
        if role_may(user, action) and report.state in ACTION_STATES[action]:
            found.append(action)
    return found


def may_reward(report) -> bool:
    """A reward follows a report found true on site (安监总财〔2018〕19号: 经调查属实) that is not merged into another
    (the earlier report of the same matter carries it)."""
    return report.substantiated is True and report.state != ReportState.DUPLICATE


# --- the amount (安监总财〔2018〕19号, see shared/data/README.md) ---------------------------------------------

SHARE = Decimal("0.15")  # 15 % of the fine
FLOOR = Decimal("3000")  # at least 3,000 yuan
CEILING = Decimal("300000")  # at most 300,000 yuan, whatever the basis
PER_DEATH = {  # yuan per concealed death, by the accident's final grade
    AccidentGrade.GENERAL: Decimal("30000"),
    AccidentGrade.LARGER: Decimal("40000"),
    AccidentGrade.MAJOR: Decimal("50000"),
    AccidentGrade.GRAVE: Decimal("60000"),
}
CENT = Decimal("0.01")


def reward_amount(basis: str, *, fine_yuan=None, deaths: int | None = None, grade: str = "") -> Decimal:
    """The reward in yuan, to the fen. A verified major hazard or illegal operation: 15 % of the fine, at least 3,000
    and at most 300,000 (no fine still earns the floor); a concealed accident: 30,000 / 40,000 / 50,000 / 60,000 per
    concealed death by the accident's grade, at most 300,000. Refused (by field) when the facts do not fit."""
    if basis in (RewardBasis.MAJOR_HAZARD, RewardBasis.ILLEGAL_OPERATION):
        fine = _money(fine_yuan, "fine_yuan")
        amount = (fine * SHARE).quantize(CENT, rounding=ROUND_HALF_UP)
        return min(max(amount, FLOOR), CEILING)
    if basis == RewardBasis.CONCEALED_ACCIDENT:
        if grade not in PER_DEATH:
            raise Refused({"accident": _("The accident's grade decides the reward: give the accident.")})
        if not isinstance(deaths, int) or isinstance(deaths, bool) or deaths < 1:
            raise Refused(
                {"concealed_deaths": _("A concealed accident earns a reward per concealed death: at least one.")}
            )
        return min(PER_DEATH[grade] * deaths, CEILING)
    raise Refused({"basis": _("Choose what the report revealed.")})


def _money(value, field: str) -> Decimal:
    if value in (None, ""):
        return Decimal("0")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise Refused({field: _("Enter an amount in yuan.")}) from exc
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise Refused({field: _("Enter an amount in yuan.")})
    return amount


# --- typical enforcement cases (高府发〔2023〕14号 三（二）3) -----------------------------------------------------

# Who drafts a case's publication: those who decide enforcement and report typical cases (towns, departments, the
# office); who publishes and withdraws it: the county office of the case's county, never the text's author.
CASE_DRAFTERS = frozenset({Role.COUNTY_OFFICE, Role.DEPARTMENT, Role.TOWN})
CASE_STEPS: dict[str, frozenset[str]] = {
    "edit": frozenset({CaseState.DRAFT, CaseState.WITHDRAWN}),
    "publish": frozenset({CaseState.DRAFT}),
    "withdraw": frozenset({CaseState.PUBLISHED}),
}


def may_draft_cases(user) -> bool:
    return bool(getattr(user, "is_superuser", False) or roles(user) & CASE_DRAFTERS)


def check_case_drafter(user) -> None:
    if not may_draft_cases(user):
        raise PermissionDenied(_("Only the county office, departments and towns draft the publication of a case."))


def is_case_office(user, county_id: int | None) -> bool:
    """Whether the user works in the county office of `county_id` (the superuser stands for every office)."""
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False) or county_id is None:
        return False
    return any(a.role == Role.COUNTY_OFFICE and a.region_id == county_id for a in assignments(user))


def check_case_office(user, publication) -> None:
    if not is_case_office(user, publication.county_id):
        raise PermissionDenied(_("Only the county office of the case's county publishes or withdraws it."))


def authors(publication) -> set[int]:
    """Who wrote the publication's text: its drafter and its last editor."""
    return {pk for pk in (publication.drafted_by_id, publication.edited_by_id) if pk is not None}


def check_case_state(publication, step: str) -> None:
    if publication.state not in CASE_STEPS[step]:
        raise Refused(
            _("Not possible while the publication is “%(state)s”.") % {"state": CaseState(publication.state).label}
        )


def case_steps(user, publication) -> list[str]:
    """The steps the user could take on the publication now (the buttons, the API's allowed_actions)."""
    found = []
    if may_draft_cases(user) and publication.state in CASE_STEPS["edit"]:
        found.append("edit")
    if is_case_office(user, publication.county_id):
        if publication.state in CASE_STEPS["publish"] and user.pk not in authors(publication):
            found.append("publish")
        if publication.state in CASE_STEPS["withdraw"]:
            found.append("withdraw")
    return found
