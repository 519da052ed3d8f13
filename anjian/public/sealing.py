"""Reporters' names and phone numbers are sealed with Fernet under a key kept outside the database (core.keyring),
so that neither a copy of the database nor a backup shows who reported (PIPL art. 51; 安监总财〔2018〕19号:
举报人信息保密).

Where the key comes from, first found:
- ANJIAN_REPORT_KEY: one or more Fernet keys separated by commas; the first seals, all of them open;
- the file ANJIAN_REPORT_KEY_FILE (default: report.key in ANJIAN_DATA_DIR), one key a line, the first sealing;
  made on first use, readable by its owner only (0600). That suits the demo; in production set ANJIAN_REPORT_KEY
  from the secrets store and keep it apart from the database backups — without it, sealed identities cannot be
  read back after a restore.

The key is this purpose's alone: the second factor's secrets have their own (anjian.mfa.sealing, ANJIAN_AUTH_KEY).

Rotating the key (MultiFernet): put a new key (`python -c "from cryptography.fernet import Fernet;
print(Fernet.generate_key().decode())"`) first and keep the old ones after it, restart, run
`manage.py rotate_report_key` (every sealed value re-sealed under the first key), then drop the old keys."""

from __future__ import annotations

from pathlib import Path

from cryptography.fernet import MultiFernet
from django.views.decorators.debug import sensitive_variables

from anjian.core import keyring
from anjian.core.keyring import Unreadable

__all__ = ["Unreadable", "cipher", "key_file", "reseal", "seal", "unseal"]

ENV_KEY = "ANJIAN_REPORT_KEY"
ENV_FILE = "ANJIAN_REPORT_KEY_FILE"
KEY_FILE_NAME = "report.key"
KEYRING = keyring.Keyring(env=ENV_KEY, file_name=KEY_FILE_NAME)


def key_file() -> Path:
    return KEYRING.key_file()


def cipher() -> MultiFernet:
    return KEYRING.cipher()


@sensitive_variables()
def seal(text: str) -> str:
    """`text` encrypted (an empty text stays empty: nothing to hide)."""
    return keyring.seal(cipher(), text) if text else ""


@sensitive_variables()
def unseal(token: str) -> str:
    return keyring.unseal(cipher(), token) if token else ""


def reseal(token: str) -> str:
    """The same value sealed under the first key (MultiFernet.rotate); empty stays empty."""
    return keyring.reseal(cipher(), token) if token else ""
