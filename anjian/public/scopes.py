"""How public reports reach the jurisdiction rules (org/jurisdiction.py): a report lies in the town the reporter chose
and belongs to its sector's supervising department; a reward and a view of an identity follow their report. Units,
experts and grid workers see none of them: a report may be about the unit itself. A typical case's publication follows
its enforcement action (the town it lies in, the sector's department, the department that decided it); the published
ones are read by anyone on the public pages, which do not go through here."""

from anjian.core.media import register_visibility
from anjian.org.jurisdiction import Scope, register, restrict

from .models import CasePublication, IdentityView, PublicReport, Reward


def _scope(via: str = "") -> Scope:
    return Scope(region_path=f"{via}town__path", sector=f"{via}sector_id", department=f"{via}department_id")


register(PublicReport, _scope())
register(Reward, _scope("report__"))
register(IdentityView, _scope("report__"))
register(
    CasePublication,
    Scope(region_path="action__region__path", sector="action__sector_id", department="action__department_id"),
)


def report_photo_visible(user, attachment) -> bool:
    """A report's photo is seen by whoever sees the report."""
    return restrict(user, PublicReport.objects.filter(photos__attachment=attachment)).exists()


register_visibility(report_photo_visible)
