"""Reporters' names and phone numbers are sealed with Fernet (cryptography: AES-128-CBC with an HMAC-SHA256 tag)
under a key kept outside the database, so that neither a copy of the database nor a backup (core.backup archives
the database and the uploads, never the key) shows who reported (PIPL art. 51; 安监总财〔2018〕19号: 举报人信息保密).

Where the key comes from, first found:
- ANJIAN_REPORT_KEY: one or more Fernet keys separated by commas; the first seals, all of them open;
- the file ANJIAN_REPORT_KEY_FILE (default: report.key in ANJIAN_DATA_DIR), one key a line, the first sealing;
  made on first use, readable by its owner only (0600). That suits the demo; in production set ANJIAN_REPORT_KEY
  from the secrets store and keep it apart from the database backups — without it, sealed identities cannot be
  read back after a restore.

Rotating the key (MultiFernet): put a new key (`python -c "from cryptography.fernet import Fernet;
print(Fernet.generate_key().decode())"`) first and keep the old ones after it, restart, run
`manage.py rotate_report_key` (every sealed value re-sealed under the first key), then drop the old keys."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.debug import sensitive_variables

ENV_KEY = "ANJIAN_REPORT_KEY"
ENV_FILE = "ANJIAN_REPORT_KEY_FILE"
KEY_FILE_NAME = "report.key"


class Unreadable(Exception):
    """A sealed value no key at hand opens (the key was lost or changed without rotation)."""


def key_file() -> Path:
    return Path(os.environ.get(ENV_FILE) or Path(settings.DATA_DIR) / KEY_FILE_NAME)


def _keys_from_file(path: Path) -> list[str]:
    """The file's keys; a new key is written first when the file does not exist (0600, never overwritten)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(Fernet.generate_key().decode() + "\n")
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


@lru_cache(maxsize=4)
def _cipher(env_keys: str, path: str) -> MultiFernet:
    keys = [k.strip() for k in env_keys.split(",") if k.strip()] if env_keys else []
    if not keys:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        keys = _keys_from_file(Path(path))
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"{ENV_KEY} or {path} holds a key that is not a Fernet key.") from exc


def cipher() -> MultiFernet:
    return _cipher(os.environ.get(ENV_KEY, ""), str(key_file()))


@sensitive_variables()
def seal(text: str) -> str:
    """`text` encrypted (an empty text stays empty: nothing to hide)."""
    if not text:
        return ""
    return cipher().encrypt(text.encode()).decode("ascii")


@sensitive_variables()
def unseal(token: str) -> str:
    if not token:
        return ""
    try:
        return cipher().decrypt(token.encode("ascii")).decode()
    except InvalidToken as exc:
        raise Unreadable from exc


def reseal(token: str) -> str:
    """The same value sealed under the first key (MultiFernet.rotate); empty stays empty."""
    if not token:
        return ""
    try:
        return cipher().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise Unreadable from exc
