"""A person's standing in words, for the person's page: what rule the hours are measured against and how far
they are, what is overdue and why, and which certificates the posts need. It reads the annotations of
people/rules.py (nothing is computed a second time) and asks two small questions of people/rates.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .choices import Compliance, TrainingRule
from .models import Person
from .rates import certified_q, required_q
from .rules import hours_text

NOTICE = "信安办字〔2022〕30号"
RULE_SOURCES = {
    TrainingRule.MANAGER_INITIAL: "《生产经营单位安全培训规定》第九条",
    TrainingRule.MANAGER_YEARLY: "《生产经营单位安全培训规定》第九条",
    TrainingRule.NEW_STAFF: f"《生产经营单位安全培训规定》第十三条、{NOTICE}",
    TrainingRule.YEARLY: f"《生产经营单位安全培训规定》第十三条、{NOTICE}",
}


@dataclass(frozen=True)
class Finding:
    tone: str  # success | warning | danger | secondary
    text: str


def _hours(person: Person) -> Finding:
    rule = TrainingRule(person.training_rule)
    if rule == TrainingRule.NONE:
        return Finding("secondary", _("No hour requirement applies to this person's categories at this unit."))
    text = _("%(rule)s: %(required)s hours asked, %(counted)s counted (%(source)s).") % {
        "rule": rule.label,
        "required": hours_text(person.training_required_hours),
        "counted": hours_text(person.training_hours),
        "source": RULE_SOURCES[rule],
    }
    if person.training_short_hours:
        text += " " + _("Short by %(hours)s hours.") % {"hours": hours_text(person.training_short_hours)}
    started = rule == TrainingRule.NEW_STAFF and person.compliance == Compliance.OVERDUE and person.training_short_hours
    tone = "danger" if started else "warning" if person.training_short_hours else "success"
    if started:
        text += " " + _("The person took up the post without them: 未经培训或培训不到位的，一律不得上岗作业.")
    return Finding(tone, text)


def findings(person: Person, today: dt.date) -> list[Finding]:
    """The person's standing in sentences, the worst first."""
    found = [_hours(person)]
    if person.absence_overdue:
        found.append(Finding("danger", _(
            "Back at the post after 3 months or more away without the targeted retraining "
            "(%(notice)s: 离岗 3 个月以上重新上岗的员工要接受针对性安全培训，考核合格后方可重新上岗)."
        ) % {"notice": NOTICE}))  # fmt: skip
    if person.assessment_overdue:
        found.append(Finding("danger", _(
            "The knowledge and ability assessment was due by %(date)s (6 months from the appointment, %(notice)s) "
            "and no assessment certificate is recorded."
        ) % {"date": person.assessment_due_on.isoformat(), "notice": NOTICE}))  # fmt: skip
    elif person.assessment_due_on and person.assessment_due_on >= today and person.enterprise.high_risk:
        found.append(Finding("secondary", _("The knowledge and ability assessment is due by %(date)s.")
                             % {"date": person.assessment_due_on.isoformat()}))  # fmt: skip
    rows = Person.objects.filter(pk=person.pk)
    if rows.filter(required_q(today)).exists():
        if rows.filter(certified_q(today)).exists():
            found.append(Finding("success", _("Holds every certificate the three posts ask of this person.")))
        else:
            found.append(Finding("danger", _(
                "On one of the three posts without a valid certificate for it: 三项岗位人员执证上岗率达到 100%% "
                "(%(notice)s)."
            ) % {"notice": NOTICE}))  # fmt: skip
    return sorted(found, key=lambda f: ["danger", "warning", "secondary", "success"].index(f.tone))
