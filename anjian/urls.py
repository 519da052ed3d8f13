from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from anjian.core import media
from anjian.dashboards import views as dashboards
from anjian.field import views as field
from anjian.public import views as public

urlpatterns = [
    path("", dashboards.desk, name="home"),  # the work desk: what waits for the user now
    path("", include("anjian.core.urls")),
    path("manifest.webmanifest", field.manifest, name="web_manifest"),  # the phone app (anjian/field)
    path("sw.js", field.service_worker, name="service_worker"),  # at the root: its scope is the whole site
    path("field/", include("anjian.field.urls")),
    path("account/2fa/", include("anjian.mfa.urls")),  # two-factor authentication (anjian/mfa)
    path("dashboards/", include("anjian.dashboards.urls")),
    path("org/", include("anjian.org.urls")),
    path("registry/", include("anjian.registry.urls")),
    path("hazards/", include("anjian.hazards.urls")),
    path("risk/", include("anjian.risk.urls")),
    path("inspections/", include("anjian.inspections.urls")),
    path("worklog/", include("anjian.worklog.urls")),
    path("campaigns/", include("anjian.campaigns.urls")),
    path("duties/", include("anjian.duties.urls")),
    path("people/", include("anjian.people.urls")),
    path("emergency/", include("anjian.emergency.urls")),
    path("notifications/", include("anjian.notifications.urls")),
    path("contests/", include("anjian.contests.urls")),
    path("public/", include("anjian.public.urls")),
    path("p/u/<str:token>/", public.unit_page, name="public_unit"),  # short: it is printed as a QR code on a plate
    path("api/v1/", include("anjian.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

# Under /api/ even an unknown address or a crash answers JSON (core/views.py); pages keep their HTML.
handler400 = "anjian.core.views.bad_request"
handler404 = "anjian.core.views.page_not_found"
handler500 = "anjian.core.views.server_error"

# Uploaded files only through the permission check (never a plain static alias).
urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", media.serve, name="media"))
