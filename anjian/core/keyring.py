"""Keys kept outside the database, for values that must be read back (Fernet from `cryptography`: AES-128-CBC with
an HMAC-SHA256 tag), so that neither a copy of the database nor a backup (core.backup archives the database and the
uploads, never a key) shows them. Each purpose has a keyring of its own — one key, one use (GB/T 39786-2021,
NIST SP 800-57 §5.2) — named by two environment variables, first found:

- `<ENV>`: one or more Fernet keys separated by commas; the first seals, all of them open;
- the file `<ENV>_FILE` (default: a file of the data folder), one key a line, the first sealing; made on first use,
  readable by its owner only (0600). That suits the demo; in production set `<ENV>` from the secrets store.

Rotation (MultiFernet): put a new key first and keep the old ones after it, restart, re-seal every value under the
first key (each purpose has its command), then drop the old keys."""

from __future__ import annotations

import os
from base64 import urlsafe_b64decode
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.debug import sensitive_variables


class Unreadable(Exception):
    """A sealed value no key at hand opens (the key was lost or changed without rotation)."""


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


@lru_cache(maxsize=8)
def _load(env_name: str, env_keys: str, path: str) -> tuple[tuple[str, ...], MultiFernet]:
    """The keys (first: the current one) and their cipher; cached by where they came from, so that a change of the
    environment (a rotation, a test) is seen at the next call."""
    keys = [k.strip() for k in env_keys.split(",") if k.strip()] if env_keys else []
    if not keys:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        keys = _keys_from_file(Path(path))
    try:
        return tuple(keys), MultiFernet([Fernet(k.encode()) for k in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"{env_name} or {path} holds a key that is not a Fernet key.") from exc


@dataclass(frozen=True)
class Keyring:
    """The keys of one purpose: `env` names them, `env` + "_FILE" (or `file_name` in the data folder) holds them
    when the environment does not."""

    env: str
    file_name: str

    @property
    def env_file(self) -> str:
        return f"{self.env}_FILE"

    def key_file(self) -> Path:
        return Path(os.environ.get(self.env_file) or Path(settings.DATA_DIR) / self.file_name)

    def _loaded(self) -> tuple[tuple[str, ...], MultiFernet]:
        return _load(self.env, os.environ.get(self.env, ""), str(self.key_file()))

    def cipher(self) -> MultiFernet:
        return self._loaded()[1]

    @sensitive_variables()
    def derived(self, purpose: bytes) -> list[bytes]:
        """A 32-byte key for `purpose` (an HMAC key, say) from each key of the ring, the current one first (HKDF-SHA256):
        a value made under an older key is still recognised until that key is dropped."""
        return [
            HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(urlsafe_b64decode(key))
            for key in self._loaded()[0]
        ]


@sensitive_variables()
def seal(cipher: MultiFernet, text: str) -> str:
    """`text` encrypted (an empty text stays empty: nothing to hide)."""
    if not text:
        return ""
    return cipher.encrypt(text.encode()).decode("ascii")


@sensitive_variables()
def unseal(cipher: MultiFernet, token: str) -> str:
    if not token:
        return ""
    try:
        return cipher.decrypt(token.encode("ascii")).decode()
    except InvalidToken as exc:
        raise Unreadable from exc


def reseal(cipher: MultiFernet, token: str) -> str:
    """The same value sealed under the first key (MultiFernet.rotate); empty stays empty."""
    if not token:
        return ""
    try:
        return cipher.rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise Unreadable from exc
