"""The second factor's secrets at rest (等保 2.0 数据保密性 of 鉴别数据): the TOTP key is sealed under a key outside the
database and the recovery codes are kept as keyed hashes, so that neither appears in a dump of the database; codes
still work, the recovery codes are shown once, the key rotates, and the devices written before are sealed by the
migration."""

from __future__ import annotations

import io
from binascii import hexlify

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from anjian.core.testing import database_dump, make_user
from anjian.mfa import sealing, services
from anjian.mfa.models import SEALED, SealedTOTPDevice
from anjian.org.choices import Role

from .helpers import code_for, enrolled, signed_in

pytestmark = pytest.mark.django_db
ENROL, VERIFY = "/account/2fa/enrol/", "/account/2fa/verify/"


def spellings(device: SealedTOTPDevice) -> list[str]:
    """Every way the key could be written: hex (django-otp's column), base32 as the enrolment page shows it, in one
    piece or in groups of four."""
    key = device.bin_key
    grouped = services.secret_text(device)
    return [hexlify(key).decode(), grouped, grouped.replace(" ", ""), grouped.replace(" ", "").lower()]


def test_the_totp_key_and_the_recovery_codes_are_nowhere_in_the_database(world, two_factor, clock):
    client = signed_in("county")
    shown = client.get(ENROL).context["secret"]
    assert shown and client.get(ENROL)["Cache-Control"].startswith("max-age=0")  # the key is never cached
    device = SealedTOTPDevice.objects.get(user=world.users["county"])
    clock.step()
    done = client.post(ENROL, {"code": code_for(device)})
    codes = done.context["codes"]
    assert "no-store" in done["Cache-Control"]
    page = client.get("/account/2fa/").content.decode()
    assert not any(code in page for code in codes)  # shown once, at generation, never again

    dump = database_dump()
    assert all(secret not in dump for secret in spellings(device)), "a TOTP key in clear"
    assert all(code not in dump and code.upper() not in dump for code in codes), "a recovery code in clear"
    assert device.key_sealed in dump and SEALED in dump  # the dump did read the device
    assert TOTPDevice.objects.get(pk=device.pk).key == SEALED
    assert StaticToken.objects.filter(device__user=world.users["county"]).count() == 10

    other = signed_in("county")  # both still work
    assert other.post(VERIFY, {"code": codes[0]})["Location"] == "/"
    clock.step()
    assert signed_in("county").post(VERIFY, {"code": code_for(device)})["Location"] == "/"


def test_django_otps_own_class_cannot_compute_codes_from_a_sealed_device(world):
    device, _ = enrolled(world.users["county"])
    with pytest.raises(ValueError):  # binascii.Error: "sealed" is not hex, so no code from some other key
        TOTPDevice.objects.get(pk=device.pk).bin_key  # noqa: B018


def test_a_recovery_code_is_a_keyed_hash_compared_in_full(world, monkeypatch):
    device, codes = enrolled(world.users["county"])
    stored = list(StaticToken.objects.filter(device__user=world.users["county"]).values_list("token", flat=True))
    assert len(stored) == 10 and all(len(token) == 16 for token in stored)
    assert sealing.code_digest(codes[0]) in stored
    assert services.check(world.users["county"], codes[0]).recovery
    assert services.check(world.users["county"], codes[0]).device is None  # used up
    assert services.check(world.users["county"], stored[1]).device is None  # a stored hash is not a code
    monkeypatch.setenv("ANJIAN_AUTH_KEY", Fernet.generate_key().decode())  # the database alone: another key
    assert services.check(world.users["county"], codes[2]).device is None


def test_the_authentication_key_is_its_own(world, monkeypatch):
    """Changing the reporters' key neither opens nor closes a second factor (one key, one use)."""
    device, codes = enrolled(world.users["county"])
    monkeypatch.setenv("ANJIAN_REPORT_KEY", Fernet.generate_key().decode())
    assert SealedTOTPDevice.objects.get(pk=device.pk).bin_key == device.bin_key
    assert sealing.KEYRING.key_file().name == "auth.key"


def test_the_key_rotates_and_old_recovery_codes_last_while_the_old_key_is_listed(world, monkeypatch, clock):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("ANJIAN_AUTH_KEY", old_key)
    device, codes = enrolled(world.users["county"])
    before, key = device.key_sealed, device.bin_key
    monkeypatch.setenv("ANJIAN_AUTH_KEY", f"{new_key},{old_key}")
    out = io.StringIO()
    call_command("rotate_auth_key", stdout=out)
    assert "1 authenticators re-sealed" in out.getvalue() and "10 recovery codes" in out.getvalue()
    rotated = SealedTOTPDevice.objects.get(pk=device.pk)
    assert rotated.key_sealed != before
    assert services.check(world.users["county"], codes[0]).recovery  # an old code, the old key still listed
    monkeypatch.setenv("ANJIAN_AUTH_KEY", new_key)  # the old key dropped
    assert SealedTOTPDevice.objects.get(pk=device.pk).bin_key == key
    clock.step()
    assert services.check(world.users["county"], code_for(rotated)).ok
    assert services.check(world.users["county"], codes[1]).device is None  # hashed under the dropped key
    fresh = services.new_recovery_codes(world.users["county"])
    clock.step()  # past django-otp's wait after the wrong code
    assert services.check(world.users["county"], fresh[0]).recovery


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the migrations' own rows come back after
def test_the_migration_seals_the_keys_and_hashes_the_codes_written_before(monkeypatch):
    """Back to the migration before the data one, a device and codes written as django-otp writes them, then
    forward: the key is sealed (same device, same codes from the phone), each code hashed and still usable."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("mfa", "0001_sealed_devices")], [("mfa", "0002_seal_existing_secrets")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = make_user("county", Role.COUNTY_OFFICE)
    key = "3132333435363738393031323334353637383930"  # RFC 6238's test key
    legacy = old.get_model("otp_totp", "TOTPDevice").objects.create(user_id=user.pk, name="authenticator", key=key)
    static = old.get_model("otp_static", "StaticDevice").objects.create(user_id=user.pk, name="recovery")
    old.get_model("otp_static", "StaticToken").objects.create(device_id=static.pk, token="abcd2345")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    device = SealedTOTPDevice.objects.get(pk=legacy.pk)
    assert device.bin_key == bytes.fromhex(key) and TOTPDevice.objects.get(pk=legacy.pk).key == SEALED
    assert key not in database_dump() and "abcd2345" not in database_dump()
    assert StaticToken.objects.get().token == sealing.code_digest("abcd2345")
    assert services.check(user, "ABCD-2345").recovery and not StaticDevice.objects.get().token_set.exists()
