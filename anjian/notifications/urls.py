from django.urls import path

from . import robots, views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("bell/", views.bell, name="bell"),
    path("<int:pk>/read/", views.read, name="read"),
    path("read-all/", views.read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("problems/", views.problems, name="problems"),
    path("robots/", robots.robot_list, name="robots"),
    path("robots/new/", robots.robot_edit, name="robot_new"),
    path("robots/<int:pk>/", robots.robot_edit, name="robot_edit"),
    path("robots/<int:pk>/test/", robots.robot_test, name="robot_test"),
    path("robots/<int:pk>/delete/", robots.robot_delete, name="robot_delete"),
]
