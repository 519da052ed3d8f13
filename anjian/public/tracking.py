"""The tracking code and the secret a reporter follows a report with, without an account.

The code names the report (JB and ten characters); the secret proves it is theirs (sixteen characters, 80 bits,
shown once, grouped by four to copy by hand). Both use letters and digits that cannot be mistaken for each other
(no 0/O, 1/I/L). Only the SHA-256 of the secret is kept, as for API tokens (core.tokens): its 80 random bits make
a slow hash unnecessary, and the lookups are rate-limited per client besides."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PREFIX = "JB"  # 举报
CODE_LENGTH = 10
SECRET_LENGTH = 16
CODE_RE = re.compile(rf"^{PREFIX}[{ALPHABET}]{{{CODE_LENGTH}}}$")


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_code() -> str:
    return PREFIX + _random(CODE_LENGTH)


def new_secret() -> str:
    raw = _random(SECRET_LENGTH)
    return "-".join(raw[i : i + 4] for i in range(0, SECRET_LENGTH, 4))


def normal_code(text: str) -> str:
    """The code as typed, upper-cased, without spaces or dashes; '' when it cannot be a code."""
    code = re.sub(r"[\s-]", "", str(text or "")).upper()
    return code if CODE_RE.match(code) else ""


def normal_secret(text: str) -> str:
    return re.sub(r"[\s-]", "", str(text or "")).upper()[:64]


def digest(secret: str) -> str:
    return hashlib.sha256(normal_secret(secret).encode()).hexdigest()


def matches(secret: str, stored_hash: str) -> bool:
    return bool(stored_hash) and hmac.compare_digest(digest(secret), stored_hash)
