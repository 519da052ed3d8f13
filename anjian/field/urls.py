from django.urls import path

from . import views

app_name = "field"

urlpatterns = [
    path("", views.home, name="home"),
    path("hazard/new/", views.hazard_new, name="hazard_new"),
    path("inspection/<int:unit>/", views.inspection, name="inspection"),
]
