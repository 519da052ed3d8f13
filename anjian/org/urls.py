from django.urls import path

from . import accounts, password_views, views

app_name = "org"
urlpatterns = [
    path("regions/", views.region_tree, name="region_tree"),
    path("regions/options/", views.region_options, name="region_options"),
    path("departments/", views.department_list, name="department_list"),
    path("me/", views.my_account, name="my_account"),
    path("me/password/", password_views.password_change, name="password_change"),
    path("accounts/review/", accounts.review, name="account_review"),
    path("accounts/<int:pk>/deactivate/", accounts.deactivate, name="account_deactivate"),
]
