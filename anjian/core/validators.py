"""Validators for identifiers and phone numbers used across the platform."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 0-9 and A-Z without I, O, S, V, Z; value is the index in this string.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]
# GB 11714 organization code (positions 9-17 of a credit code).
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a credit code whose first 17 characters are given."""
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """The 9th character of a GB 11714 organization code whose first 8 characters are given."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid unified social credit code, or None when it is."""
    if len(code) != 18:
        return str(_("A unified social credit code has 18 characters; this one has %(n)d.") % {"n": len(code)})
    bad = sorted({c for c in code[:17] if c not in CREDIT_CODE_CHARS})
    if bad:
        return str(
            _(
                "Characters not allowed in a unified social credit code: %(chars)s (I, O, S, V, Z and lower case "
                "letters are never used)."
            )
            % {"chars": " ".join(bad)}
        )
    org = code[8:17]
    if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", org) or any(c not in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for c in org):
        return str(_("Characters 9 to 17 must be an organization code (GB 11714)."))
    if org_code_check_char(org[:8]) != org[8]:
        return str(
            _(
                "The organization code inside the credit code (characters 9 to 17) has a wrong check character: "
                "the 17th character should be %(c)s."
            )
            % {"c": org_code_check_char(org[:8])}
        )
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return str(
            _("The check character (the 18th) is wrong: it should be %(c)s. Please check the code for a typing error.")
            % {"c": expected}
        )
    return None


def validate_credit_code(value: str) -> None:
    problem = credit_code_problem(value)
    if problem:
        raise ValidationError(problem, code="credit_code")


MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def is_phone(value: str) -> bool:
    v = value.replace(" ", "")
    return bool(MOBILE_RE.match(v) or LANDLINE_RE.match(v))


def validate_phone(value: str) -> None:
    if value and not is_phone(value):
        raise ValidationError(
            _(
                "Enter a Chinese mobile number (11 digits starting with 1) or a landline with its area code, "
                "e.g. 0797-5322110."
            ),
            code="phone",
        )
