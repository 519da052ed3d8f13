from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("regions/", views.region_tree, name="region_tree"),
    path("departments/", views.department_list, name="department_list"),
    path("me/", views.my_account, name="my_account"),
]
