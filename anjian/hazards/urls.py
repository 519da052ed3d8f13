from django.urls import path

from . import views

app_name = "hazards"
urlpatterns = [
    path("", views.HazardListView.as_view(), name="list"),
    path("new/", views.register, name="new"),
    path("units/", views.unit_search, name="unit_search"),
    path("criteria/", views.criteria_search, name="criteria"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/badge/", views.task_badge, name="task_badge"),
    path("ledger.xlsx", views.HazardListView.as_view(export="ledger"), name="ledger"),
    path("general-ledger.xlsx", views.HazardListView.as_view(export="general_ledger"), name="general_ledger"),
    path("stats/", views.stats, name="stats"),
    path("quota/", views.quota, name="quota"),
    path("<int:pk>/", views.HazardDetailView.as_view(), name="detail"),
    path("<int:pk>/act/<slug:action>/", views.HazardActionView.as_view(), name="act"),
    path("<int:pk>/criteria/suggest/", views.criteria_suggest, name="criteria_suggest"),
    path("<int:pk>/photos/<int:photo_pk>/", views.hazard_photo, name="photo"),
    path("<int:pk>/photos/<int:photo_pk>/thumb/", views.hazard_photo, {"size": "thumb"}, name="photo_thumb"),
]
