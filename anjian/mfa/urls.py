from django.urls import path

from . import views

app_name = "mfa"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("reset/", views.reset_own, name="reset"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/<int:pk>/reset/", views.reset_other, name="reset_other"),
]
