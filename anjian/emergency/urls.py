from django.urls import path

from . import views

app_name = "emergency"
urlpatterns = [
    path("", views.DrillListView.as_view(), name="drills"),
    path("drills/new/", views.drill_new, name="drill_new"),
    path("drills/<int:pk>/", views.drill_detail, name="drill"),
    path("drills/<int:pk>/edit/", views.drill_edit, name="drill_edit"),
    path("drills/<int:pk>/cancel/", views.drill_cancel, name="drill_cancel"),
    path("frequency/", views.FrequencyListView.as_view(), name="frequency"),
    path("overview/", views.drill_overview, name="overview"),
    path("places/", views.PlaceListView.as_view(), name="places"),
    path("places/name/", views.places_name, name="places_name"),
    path("places/<int:pk>/withdraw/", views.place_withdraw, name="place_withdraw"),
    path("plans/", views.PlanListView.as_view(), name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/revise/", views.plan_revise, name="plan_revise"),
    path("accidents/", views.AccidentListView.as_view(), name="accidents"),
    path("accidents/new/", views.accident_new, name="accident_new"),
    path("accidents/<int:pk>/", views.accident_detail, name="accident"),
    path("accidents/<int:pk>/edit/", views.accident_edit, name="accident_edit"),
]
