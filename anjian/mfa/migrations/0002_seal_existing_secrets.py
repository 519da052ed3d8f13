"""The secrets written before they were sealed: each TOTP key moves, sealed, into mfa.SealedTOTPDevice (its
TOTPDevice.key becomes "sealed") and each recovery code is replaced by its keyed hash (anjian.mfa.sealing, under
ANJIAN_AUTH_KEY or the key file). Sessions already verified stay verified; the codes and the phones keep working.

Backwards, the keys are opened back into TOTPDevice.key; the recovery codes cannot be, and are deleted (their
holders make new ones on their account page) — left as they are, their hashes would be codes."""

from django.db import migrations

SEALED = "sealed"


def seal(apps, schema_editor):
    from anjian.mfa import sealing

    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    SealedTOTPDevice = apps.get_model("mfa", "SealedTOTPDevice")
    StaticToken = apps.get_model("otp_static", "StaticToken")
    sealed = set(SealedTOTPDevice.objects.values_list("pk", flat=True))
    for device in TOTPDevice.objects.exclude(key=SEALED).exclude(pk__in=sealed).only("pk", "key").iterator():
        # Only the new table's row: the device's own row is there already (raw: no parent row is written).
        SealedTOTPDevice(totpdevice_ptr_id=device.pk, key_sealed=sealing.seal_key(device.key)).save_base(raw=True)
        TOTPDevice.objects.filter(pk=device.pk).update(key=SEALED)
    for token in StaticToken.objects.only("pk", "token").iterator():
        StaticToken.objects.filter(pk=token.pk).update(token=sealing.code_digest(token.token))


def open_back(apps, schema_editor):
    from binascii import hexlify

    from anjian.mfa import sealing

    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    SealedTOTPDevice = apps.get_model("mfa", "SealedTOTPDevice")
    StaticToken = apps.get_model("otp_static", "StaticToken")
    for device in SealedTOTPDevice.objects.only("pk", "key_sealed").iterator():
        key = hexlify(sealing.open_key(device.key_sealed)).decode()
        TOTPDevice.objects.filter(pk=device.pk).update(key=key)
    StaticToken.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("mfa", "0001_sealed_devices")]

    operations = [migrations.RunPython(seal, open_back)]
