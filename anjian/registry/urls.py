from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/new/", views.EnterpriseEditView.as_view(), name="enterprise_create"),
    path("enterprises/import/", views.enterprise_import, name="enterprise_import"),
    path("enterprises/export.xlsx", views.EnterpriseListView.as_view(export="xlsx"), name="enterprise_export"),
    path(
        "enterprises/signboards.xlsx",
        views.EnterpriseListView.as_view(export="signboards"),
        name="signboards_export",
    ),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("enterprises/<int:pk>/signboard.pdf", views.enterprise_signboard, name="enterprise_signboard"),
]
