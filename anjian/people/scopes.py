"""How the people app's rows reach the jurisdiction rules (see org/jurisdiction.py): each through its unit, as
the unit itself does, so whoever sees a unit sees its people, their records and its permits; and the link on a
unit's page."""

from django.utils.translation import gettext_lazy as _

from anjian.core.unit_links import UnitLink, list_url, register_unit_link
from anjian.org.jurisdiction import Scope, register, restrict

from .models import Absence, Certificate, Permit, Person, TrainingRecord


def unit_scope(via: str) -> Scope:
    """The scope of a row that reaches its unit through `via` ("enterprise__", "person__enterprise__")."""
    return Scope(
        region_path=f"{via}region__path",
        sector=f"{via}sector_id",
        enterprise=f"{via}id",
        expert=f"{via}experts",
        department=f"{via}responsible_department_id",
        grid=f"{via}grid_id",
    )


register(Person, unit_scope("enterprise__"))
register(Permit, unit_scope("enterprise__"))
for model in (Absence, TrainingRecord, Certificate):
    register(model, unit_scope("person__enterprise__"))


register_unit_link(
    UnitLink(
        "people",
        _("People, training and certificates"),
        list_url("people:list", "enterprise"),
        lambda user, unit: restrict(user, Person.objects.filter(enterprise=unit, left_on__isnull=True)).count(),
        order=60,
    )
)
register_unit_link(
    UnitLink(
        "permits",
        _("Special work permits"),
        list_url("people:permits", "enterprise"),
        lambda user, unit: restrict(user, Permit.objects.filter(enterprise=unit)).count(),
        order=61,
    )
)
