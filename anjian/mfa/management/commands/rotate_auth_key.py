"""`rotate_auth_key`: re-seal every TOTP key under the first key of ANJIAN_AUTH_KEY (or of the key file), after a new
key was put first (mfa.sealing). Recovery codes are kept as hashes and cannot be re-hashed: the command counts those
still hashed under an older key — they work until that key is dropped, or until their holders make new ones."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticToken

from anjian.mfa import sealing
from anjian.mfa.models import SealedTOTPDevice


class Command(BaseCommand):
    help = "Re-encrypt the TOTP keys of the second factor under the current first key."

    def handle(self, *args, **options):
        done = 0
        with transaction.atomic():
            for device in SealedTOTPDevice.objects.select_for_update().only("pk", "key", "key_sealed").iterator():
                try:
                    device.key_sealed = sealing.reseal(device.key_sealed)
                except sealing.Unreadable as exc:
                    raise CommandError(
                        f"Authenticator {device.pk} cannot be opened with any key given: nothing was changed."
                    ) from exc
                device.save(update_fields=["key_sealed"])
                done += 1
        old = [t for t in StaticToken.objects.values_list("token", flat=True) if not sealing.tag_is_current(t)]
        self.stdout.write(f"{done} authenticators re-sealed.")
        if old:
            self.stdout.write(
                f"{len(old)} recovery codes are hashed under an older key: they work while it stays listed, "
                "until their holders make new ones."
            )
