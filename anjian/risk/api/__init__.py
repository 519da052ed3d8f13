"""Risk graded control for /api/v1/: risk points, assessments, major hazard sources, the risk package."""

from .package import register as register_package
from .views import AssessmentViewSet, MajorHazardSourceViewSet, RiskPointViewSet, SubstanceViewSet


def register(router) -> None:
    """Adds this app's viewsets to the /api/v1/ router."""
    router.register("risk-points", RiskPointViewSet, basename="risk-point")
    router.register("assessments", AssessmentViewSet, basename="assessment")
    router.register("major-hazard-sources", MajorHazardSourceViewSet, basename="major-hazard-source")
    router.register("substances", SubstanceViewSet, basename="substance")
    register_package(router)


__all__ = ["register"]
