"""The second factor's secrets at rest (等保 2.0 数据保密性 of 鉴别数据): neither a copy of the database nor a backup
lets anyone make a code.

- The TOTP key must be read back to compute the codes, so it is sealed with Fernet (core.keyring) under the
  authentication keyring (models.SealedTOTPDevice keeps only the sealed key).
- A recovery code only has to be recognised, so only a keyed hash of it is kept: HMAC-SHA256 under a key derived
  from the same keyring (HKDF, purpose "recovery code"), cut to 14 base32 characters (70 bits) after a two-character
  tag naming the key, to fit django-otp's StaticToken.token (16). A fast keyed hash rather than argon2: the codes
  are random (40 bits from the system's generator), so there is no dictionary to slow down, and without the key —
  outside the database — a stolen hash cannot be tested at all; whoever holds the key also opens the TOTP keys, so
  a slow hash would protect nothing more, while costing a slow hash per stored code at each attempt. Hashes are
  compared in constant time.

The keyring is its own, not the reporters' (public.sealing): one key, one use (GB/T 39786-2021); the secrets differ
in what a loss costs — without ANJIAN_AUTH_KEY every person enrols again (the security administrator resets their
second factor), without ANJIAN_REPORT_KEY the reporters' identities are gone for good — and so in how the keys are
kept and rotated; and the reporters' key is not at hand wherever sign-in is.

Where the key comes from, first found: ANJIAN_AUTH_KEY (Fernet keys, comma-separated, the first sealing), else the
file ANJIAN_AUTH_KEY_FILE (default: auth.key in ANJIAN_DATA_DIR, made on first use, mode 0600). Rotation: a new key
first, the old ones after it, restart, `manage.py rotate_auth_key` (re-seals the TOTP keys; recovery codes cannot be
re-hashed, so those made under an old key work until that key is dropped — the command says how many are left)."""

from __future__ import annotations

import hashlib
import hmac
from base64 import b32encode
from binascii import unhexlify
from collections.abc import Iterable

from django.views.decorators.debug import sensitive_variables

from anjian.core import keyring
from anjian.core.keyring import Unreadable

__all__ = ["Unreadable", "code_digest", "matching", "open_key", "reseal", "seal_key", "tag_is_current"]

KEYRING = keyring.Keyring(env="ANJIAN_AUTH_KEY", file_name="auth.key")
RECOVERY_PURPOSE = b"anjian.mfa recovery code"
TAG_LENGTH, DIGEST_LENGTH = 2, 14  # together StaticToken.token's 16 characters


@sensitive_variables()
def seal_key(hex_key: str) -> str:
    """A TOTP key (django-otp's hex) sealed."""
    return keyring.seal(KEYRING.cipher(), hex_key)


@sensitive_variables()
def open_key(sealed: str) -> bytes:
    """The TOTP key as bytes (django-otp's bin_key); Unreadable when no key at hand opens it."""
    if not sealed:
        raise Unreadable
    return unhexlify(keyring.unseal(KEYRING.cipher(), sealed))


def reseal(sealed: str) -> str:
    return keyring.reseal(KEYRING.cipher(), sealed)


def _b32(data: bytes) -> str:
    return b32encode(data).decode("ascii").lower()


def _tag(key: bytes) -> str:
    return _b32(hmac.new(key, b"tag", hashlib.sha256).digest())[:TAG_LENGTH]


def _digest(key: bytes, code: str) -> str:
    return _tag(key) + _b32(hmac.new(key, code.encode(), hashlib.sha256).digest())[:DIGEST_LENGTH]


@sensitive_variables()
def code_digest(code: str) -> str:
    """What is kept of a recovery code (already normalised): its keyed hash under the current key."""
    return _digest(KEYRING.derived(RECOVERY_PURPOSE)[0], code)


@sensitive_variables()
def matching(code: str, stored: Iterable):
    """The stored token (anything with `.token`) the code matches, or None. Every token is compared, each in constant
    time, under the key its tag names (a code made before a rotation still works while its key is listed)."""
    digests: dict[str, list[str]] = {}
    for key in KEYRING.derived(RECOVERY_PURPOSE):
        digests.setdefault(_tag(key), []).append(_digest(key, code))
    found = None
    for token in stored:
        for expected in digests.get(token.token[:TAG_LENGTH], []):
            if hmac.compare_digest(expected.encode(), token.token.encode()) and found is None:
                found = token
    return found


def tag_is_current(token: str) -> bool:
    """Whether a stored recovery code was hashed under the current key (for the rotation command's count)."""
    return token[:TAG_LENGTH] == _tag(KEYRING.derived(RECOVERY_PURPOSE)[0])
