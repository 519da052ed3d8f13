"""How risk rows reach the jurisdiction rules (see org/jurisdiction.py), and their links on a unit's page."""

from django.utils.translation import gettext_lazy as _

from anjian.core.media import register_visibility
from anjian.core.unit_links import UnitLink, list_url, page_url, register_unit_link
from anjian.org.jurisdiction import Scope, register, restrict

from .models import MajorHazardSource, RiskAssessment, RiskPoint, RiskReview


def _via(prefix: str) -> Scope:
    return Scope(
        region_path=f"{prefix}region__path",
        sector=f"{prefix}sector_id",
        enterprise=f"{prefix}enterprise_id",
        expert=f"{prefix}enterprise__experts",
        department=f"{prefix}enterprise__responsible_department_id",
        grid=f"{prefix}enterprise__grid_id",
    )


register(RiskPoint, _via(""))
register(RiskAssessment, _via("risk_point__"))
register(MajorHazardSource, _via(""))
register(
    RiskReview,
    Scope(
        region_path="region__path",
        sector="enterprise__sector_id",
        enterprise="enterprise_id",
        expert="enterprise__experts",
        department="enterprise__responsible_department_id",
        grid="enterprise__grid_id",
    ),
)


def review_report_visible(user, attachment) -> bool:
    """A review's report is visible to whoever may see a review it belongs to."""
    return restrict(user, RiskReview.objects.filter(report=attachment)).exists()


register_visibility(review_report_visible)


register_unit_link(
    UnitLink(
        "risk_points",
        _("Risk points"),
        list_url("risk:point_list", "enterprise"),
        lambda user, unit: restrict(user, RiskPoint.objects.filter(enterprise=unit)).count(),
        order=20,
    )
)
register_unit_link(
    UnitLink("risk_package", _("Risk package (one map, one board, three lists)"), page_url("risk:package"), order=25)
)
