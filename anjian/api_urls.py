"""/api/v1/: one router for every app's viewsets."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from anjian.campaigns.api import register as register_campaigns
from anjian.core.api_views import ObtainTokenView
from anjian.dashboards.api import register as register_dashboards
from anjian.dashboards.api import urlpatterns as dashboard_urls
from anjian.hazards.api import register as register_hazards
from anjian.inspections.api import register as register_inspections
from anjian.notifications.api import register as register_notifications
from anjian.org.api import register as register_org
from anjian.registry.api import register as register_registry
from anjian.risk.api import register as register_risk
from anjian.worklog.api import register as register_worklog

router = DefaultRouter()
register_org(router)
register_registry(router)
register_hazards(router)
register_risk(router)
register_inspections(router)
register_campaigns(router)
register_worklog(router)
register_notifications(router)
register_dashboards(router)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    *dashboard_urls,
    *router.urls,
]
