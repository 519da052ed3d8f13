"""/api/v1/: one router for every app's viewsets."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from anjian.campaigns.api import register as register_campaigns
from anjian.contests.api import register as register_contests
from anjian.core.api_views import ObtainTokenView, TokenViewSet
from anjian.dashboards.api import register as register_dashboards
from anjian.dashboards.api import urlpatterns as dashboard_urls
from anjian.duties.api import register as register_duties
from anjian.emergency.api import register as register_emergency
from anjian.field.api import register as register_field
from anjian.field.api import urlpatterns as field_urls
from anjian.hazards.api import register as register_hazards
from anjian.inspections.api import register as register_inspections
from anjian.notifications.api import register as register_notifications
from anjian.org.api import register as register_org
from anjian.people.api import register as register_people
from anjian.public.api import register as register_public
from anjian.registry.api import register as register_registry
from anjian.risk.api import register as register_risk
from anjian.summaries.api import register as register_summaries
from anjian.worklog.api import register as register_worklog

router = DefaultRouter()
router.register("auth/tokens", TokenViewSet, basename="api-tokens")
register_org(router)
register_registry(router)
register_hazards(router)
register_risk(router)
register_inspections(router)
register_campaigns(router)
register_worklog(router)
register_duties(router)
register_people(router)
register_emergency(router)
register_notifications(router)
register_contests(router)
register_public(router)
register_dashboards(router)
register_summaries(router)
register_field(router)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    *dashboard_urls,
    *field_urls,
    *router.urls,
]
