"""Who may do what to a hazard: the role table and the per-hazard conditions.

A role that may never take an action is refused with PermissionDenied (403); an action that this
role may take but not now (wrong state, wrong level, own fix, missing field) with Refused (400).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from anjian.org.choices import Authority, Role
from anjian.org.jurisdiction import assignments, outranks_or_equals, roles

from .choices import Action, Grade, Level, State, SupervisionLevel
from .models import Hazard

ALL_ACTIONS = set(Action.values)

ROLE_ACTIONS: dict[str, set[str]] = {
    Role.COUNTY_OFFICE: ALL_ACTIONS,
    Role.DEPARTMENT: ALL_ACTIONS,
    Role.TOWN: ALL_ACTIONS,
    Role.GRID_WORKER: {"register", "assess", "fix_on_spot", "progress", "submit_fix", "escalate", "coordinate"},
    Role.ENTERPRISE: {"register", "assess", "report", "fix_on_spot", "plan", "progress", "submit_fix"},
    Role.EXPERT: {"register", "assess", "progress"},
    Role.LEADER: set(),
}

# The states an action starts from (the state it leads to is decided by services.perform).
ACTION_STATES: dict[str, set[str]] = {
    "assess": {State.REGISTERED, State.ASSESSED, State.REPORTED, State.RECTIFYING},  # past REGISTERED: a regrade
    "report": {State.ASSESSED},
    "fix_on_spot": {State.REGISTERED, State.ASSESSED},
    "plan": {State.ASSESSED, State.REPORTED, State.RECTIFYING},
    "progress": {State.RECTIFYING},
    "submit_fix": {State.RECTIFYING},
    "verify": {State.AWAITING_VERIFICATION},
    "reject": {State.AWAITING_VERIFICATION},
    "escalate": {State.REGISTERED, State.ASSESSED, State.REPORTED, State.RECTIFYING, State.AWAITING_VERIFICATION},
    "coordinate": {State.REGISTERED, State.ASSESSED, State.REPORTED, State.RECTIFYING, State.AWAITING_VERIFICATION},
    "supervise": {State.REGISTERED, State.ASSESSED, State.REPORTED, State.RECTIFYING, State.AWAITING_VERIFICATION},
}

# Who acts for each coordinating level (seed 002: grid → town → sector committee → county office).
LEVEL_ROLES = {
    Level.GRID: {Role.GRID_WORKER, Role.TOWN},
    Level.TOWN: {Role.TOWN},
    Level.COMMITTEE: {Role.DEPARTMENT},
    Level.COUNTY: {Role.COUNTY_OFFICE},
}

SUPERVISION_ROLES = {
    SupervisionLevel.CITY: {Role.COUNTY_OFFICE},  # the county office records the city's listing
    SupervisionLevel.COUNTY: {Role.COUNTY_OFFICE, Role.DEPARTMENT},
    SupervisionLevel.TOWN: {Role.TOWN},
}


class Refused(ValidationError):
    """An action this role may take, but not on this hazard now; the message says why."""


def role_may(user, action: str) -> bool:
    if user.is_superuser:
        return True
    return any(action in ROLE_ACTIONS.get(role, set()) for role in roles(user))


def check_role(user, action: str) -> None:
    if not role_may(user, action):
        raise PermissionDenied(_("Your role may not take this action."))


def supervises(user, hazard: Hazard) -> bool:
    """The supervising department of the hazard (or the county office): who signs off a major hazard."""
    if user.is_superuser or Role.COUNTY_OFFICE in roles(user):
        return True
    for a in assignments(user):
        if a.role == Role.DEPARTMENT and a.department_id:
            if a.department_id == hazard.responsible_department_id:
                return True
            if a.department.sectors.filter(pk=hazard.sector_id).exists():
                return True
    return False


def check_state(hazard: Hazard, action: str) -> None:
    if hazard.state not in ACTION_STATES.get(action, set()):
        raise Refused(
            _("“%(action)s” is not possible while the hazard is “%(state)s”.")
            % {"action": Action(action).label, "state": hazard.get_state_display()}
        )


def check_conditions(user, hazard: Hazard, action: str) -> None:
    """The per-hazard conditions beyond role and state."""
    user_roles = roles(user) | ({Role.COUNTY_OFFICE} if user.is_superuser else set())
    if action == "report" and not hazard.grade:
        raise Refused(_("Grade the hazard before reporting it."))
    if action == "assess" and hazard.grade and not outranks_or_equals(user, hazard.grade_authority):
        raise Refused(
            _("The grade was set at the level of %(level)s: only that level or a higher one may change it.")
            % {"level": Authority(hazard.grade_authority).label if hazard.grade_authority else "—"}
        )
    if action == "fix_on_spot":
        check_fix_on_spot(user, hazard)
    if action == "plan" and hazard.grade == Grade.MAJOR and hazard.state == State.ASSESSED:
        raise Refused(_("Report the major hazard to its supervising department before planning its rectification."))
    if action == "plan" and not hazard.grade:
        raise Refused(_("Grade the hazard before planning its rectification."))
    if action in ("verify", "reject") and hazard.ever_major and not supervises(user, hazard):
        raise Refused(_("A major hazard is verified by its supervising department or the county office."))
    if action in ("escalate", "coordinate") and not user_roles & LEVEL_ROLES[Level(hazard.level)]:
        raise Refused(_("Only the coordinating level (%(level)s) may do this.") % {"level": Level(hazard.level).label})
    if action == "escalate" and hazard.level == Level.COUNTY:
        raise Refused(_("The county office is the highest level: there is nowhere to escalate to."))


def check_fix_on_spot(user, hazard: Hazard) -> None:
    """立查立改: a general hazard found and fixed at once by its finder; anything more needs a second person."""
    if hazard.grade == Grade.MAJOR or hazard.ever_major:
        raise Refused(
            _("A hazard that was graded major cannot be fixed on the spot: it needs a plan and verification.")
        )
    if hazard.found_by_id != user.pk:
        raise Refused(
            _("Only the person who found the hazard may fix it on the spot; otherwise submit the fix for verification.")
        )
    if hazard.graded_by_id and hazard.graded_by_id != user.pk:
        raise Refused(_("Someone else graded this hazard: submit the fix for verification instead."))
    if hazard.supervisions.exists():
        raise Refused(_("A hazard under supervision is closed only after verification."))


def check_regrade(user, hazard: Hazard, grade: str, reason: str) -> None:
    """A grade once set changes only with a reason, at its own level or above; a major hazard is downgraded
    (and so leaves the major-hazard database) only by its supervising department or the county office."""
    if not hazard.grade or hazard.grade == grade:
        return
    if not reason:
        raise Refused({"reason": _("Give the reason for changing the grade.")})
    if hazard.grade == Grade.MAJOR and grade != Grade.MAJOR and not supervises(user, hazard):
        raise Refused(
            {"grade": _("Only the supervising department or the county office may downgrade a major hazard.")}
        )


def allowed_actions(user, hazard: Hazard) -> list[str]:
    """The actions the user could take on this hazard now (for buttons and the API's allowed_actions)."""
    allowed = []
    for action in ACTION_STATES:
        if not role_may(user, action):
            continue
        try:
            check_state(hazard, action)
            check_conditions(user, hazard, action)
        except Refused:
            continue
        if action in ("verify", "reject") and last_fixer_id(hazard) == user.pk:
            continue
        allowed.append(action)
    return allowed


def last_fixer_id(hazard: Hazard) -> int | None:
    event = hazard.events.filter(action__in=["submit_fix"]).order_by("-signed_at", "-id").first()
    return event.actor_id if event else None


def check_add_photo(user, hazard: Hazard) -> None:
    """A photo uploaded on its own waits to be signed with a step its uploader takes (photo_ids): never on a
    closed hazard, and only by someone who may take a step on the hazard now, so no photo dangles unsigned."""
    check_role(user, Action.REGISTER)  # every role that takes part in the loop; not leaders
    if hazard.state == State.CLOSED:
        raise Refused(_("The hazard is closed: no photo can be added to it any more."))
    if not allowed_actions(user, hazard):
        raise Refused(_("You can take no step on this hazard now; a photo is added with a step you take."))
