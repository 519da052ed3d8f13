from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MfaConfig(AppConfig):
    name = "anjian.mfa"
    label = "mfa"
    verbose_name = _("Two-factor authentication")

    def ready(self) -> None:
        from django.contrib import admin
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import checks  # noqa: F401 - registers the check of ANJIAN_2FA_ROLES

        # django-otp's admin pages show the TOTP secrets and the recovery codes in plain text: resets go through
        # the security administrator's page instead (anjian/mfa/views.py), which logs them.
        for model in (TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
