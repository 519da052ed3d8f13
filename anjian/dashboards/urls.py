from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.county, name="county"),
    path("rows/", views.rows, name="rows"),
]
