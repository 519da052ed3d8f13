"""How the duties' records reach the jurisdiction rules (see org/jurisdiction.py): through their enterprise, as
the registry's units do — a town sees its units', a department those of its sectors or in its charge, the
enterprise its own, the county office and leaders all. The rule tables (duties, report templates, the lists
and their items) have no scope: every signed-in user reads them."""

from anjian.core.media import register_visibility
from anjian.org.jurisdiction import Scope, register, restrict

from .models import DutyOccurrence, DutyReport, ListDelivery, OutsourcingContract

THROUGH_ENTERPRISE = Scope(
    region_path="enterprise__region__path",
    sector="enterprise__sector_id",
    enterprise="enterprise_id",
    department="enterprise__responsible_department_id",
    grid="enterprise__grid_id",
)

for model in (DutyOccurrence, DutyReport, ListDelivery, OutsourcingContract):
    register(model, THROUGH_ENTERPRISE)


def occurrence_attachment_visible(user, attachment) -> bool:
    """The minutes or photo of a duty: to whoever may see the occurrence."""
    return restrict(user, DutyOccurrence.objects.filter(attachments=attachment)).exists()


register_visibility(occurrence_attachment_visible)
