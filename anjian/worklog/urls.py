from django.urls import path

from . import views

app_name = "worklog"
urlpatterns = [
    path("", views.WorkRecordListView.as_view(), name="list"),
    path("new/", views.record_new, name="new"),
    path("enterprises/", views.enterprise_search, name="enterprise_search"),
    path("<int:pk>/", views.record_detail, name="detail"),
    path("<int:pk>/edit/", views.record_edit, name="edit"),
    path("<int:pk>/delete/", views.record_delete, name="delete"),
    path("inspectors/", views.roster, name="roster"),
    path("inspectors/<int:pk>/end/", views.end_service, name="end_service"),
]
