"""What the detail page shows, computed once: the signed timeline, the escalation chain, supervisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from anjian.org.choices import Authority, Role

from ..choices import LEVEL_ORDER, Action, Grade, Level, SupervisionKind, SupervisionLevel
from ..models import Hazard, HazardEvent
from ..supervision import flagged_ids, listing_warnings, substantive_progress_due

# The labels of the details an event carries (HazardEvent.data), in the order they are shown.
DETAIL_LABELS = {
    "from_grade": _("Previous grade"),
    "grade": _("Grade"),
    "criterion": _("Criterion met"),
    "major_reason": _("Reason for grading as major"),
    "reported_to": _("Reported to"),
    "responsible_person": _("Responsible person"),
    "measures": _("Measures"),
    "funds": _("Funds (yuan)"),
    "deadline": _("Deadline"),
    "contingency_plan": _("Contingency plan"),
    "reason": _("Reason"),
    "from_level": _("From level"),
    "to_level": _("To level"),
    "committee": _("Sector committee"),
    "responsible_unit": _("Responsible unit"),
    "level": _("Level"),
    "kind": _("Kind"),
    "document": _("Document name and number"),
    "listed_on": _("Date"),
    "authority": _("Graded at"),
}
CHOICE_VALUES = {
    "from_grade": Grade,
    "grade": Grade,
    "authority": Authority,
    "from_level": Level,
    "to_level": Level,
    "level": SupervisionLevel,
    "kind": SupervisionKind,
}


@dataclass
class TimelineEntry:
    event: HazardEvent
    role: str
    details: list[tuple[str, str]] = field(default_factory=list)
    photos: list = field(default_factory=list)


def _show(key: str, value) -> str:
    choices = CHOICE_VALUES.get(key)
    if choices is not None:
        try:
            return str(choices(value).label)
        except ValueError:
            return str(value)
    return str(value)


def timeline(hazard: Hazard) -> list[TimelineEntry]:
    """The signed events, oldest first, with their details and photos (two queries)."""
    events = hazard.events.prefetch_related("photos__attachment")
    entries = []
    for event in events:
        details = [
            (str(label), _show(key, event.data[key])) for key, label in DETAIL_LABELS.items() if event.data.get(key)
        ]
        try:
            role = str(Role(event.actor_role).label) if event.actor_role else ""
        except ValueError:
            role = event.actor_role
        entries.append(TimelineEntry(event, role, details, list(event.photos.all())))
    return entries


def escalation_chain(hazard: Hazard, entries: list[TimelineEntry]) -> list[dict]:
    """grid → town → sector committee → county office, with the current level and each passing-up reason."""
    current = LEVEL_ORDER.index(Level(hazard.level))
    escalations = [e for e in entries if e.event.action == Action.ESCALATE]
    reasons = {e.event.data.get("to_level"): e for e in escalations}
    # The level the hazard started at: levels below it never held it (a town's own finding skips the grid).
    first = escalations[0].event.data.get("from_level") if escalations else None
    start = LEVEL_ORDER.index(Level(first)) if first in Level.values else current
    chain = []
    for i, level in enumerate(LEVEL_ORDER):
        step = reasons.get(level.value)
        name = str(level.label)
        if level == Level.COMMITTEE and hazard.committee_id:
            name = str(hazard.committee)
        chain.append(
            {
                "level": level.value,
                "label": name,
                "current": i == current,
                "passed": start <= i < current,
                "ahead": i > current or i < start,
                "reason": step.event.data.get("reason") if step else "",
                "by": step.event.actor_name if step else "",
                "at": step.event.signed_at if step else None,
            }
        )
    return chain


def supervision_rows(hazard: Hazard) -> list[dict]:
    """The supervisions with their substantive-progress due day and flag (seed 004, 30/60 days)."""
    supervisions = list(hazard.supervisions.select_related("event"))
    flagged = flagged_ids(hazard.supervisions.all()) if supervisions else set()
    return [{"s": s, "due": substantive_progress_due(s), "flagged": s.pk in flagged} for s in supervisions]


def warnings(hazard: Hazard) -> list[str]:
    return listing_warnings(hazard)
