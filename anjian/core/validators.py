"""Validators for identifiers, phone numbers and the length of free text used across the platform."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

# The longest free text a person may type. The server refuses more (forms, API serializers and the
# services), whatever the browser's maxlength says.
DESCRIPTION_MAX_LENGTH = 2000  # descriptions, facts and grounds, measures and plans, summaries, check items
COMMENT_MAX_LENGTH = 1000  # comments, reasons, notes, progress reports, participants

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


def check_lengths(values: Mapping[str, Any], limits: Mapping[str, int], error: type[ValidationError] = ValidationError):
    """Refuse, keyed by field, every text in `values` longer than its limit in `limits`."""
    errors = {}
    for name, limit in limits.items():
        value = values.get(name)
        if isinstance(value, str):
            try:
                MaxLengthValidator(limit)(value)
            except ValidationError as exc:
                errors[name] = exc.messages
    if errors:
        raise error(errors)


def limit_text(field, limit: int) -> None:
    """Give a form field built elsewhere (a model form's TextField) a server-side length limit."""
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)


# Unicode control characters (category Cc) except tab, line feed and carriage return (a browser sends a
# textarea's line breaks as CR LF). Nobody types them; pasted ones break xlsx exports (openpyxl refuses
# them) and PostgreSQL (NUL), so every text a person sends is checked for them at the edge.
CONTROL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MESSAGE = _(
    "Must not contain control characters (invisible characters, often pasted from another program); "
    "line breaks and tabs are allowed."
)


def has_control_characters(value: object) -> bool:
    return isinstance(value, str) and CONTROL_CHARACTERS_RE.search(value) is not None


def reject_control_characters(value: object) -> None:
    """Refuse text holding a control character other than tab and line breaks."""
    if has_control_characters(value):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


def control_character_fields(data: object) -> list[str]:
    """The top-level keys of parsed request data (a dict, a QueryDict or a list of them) whose value holds,
    at any depth, a text with a control character; '' stands for the data itself."""
    if hasattr(data, "lists"):  # QueryDict: every value of a repeated key
        return [key for key, values in data.lists() if holds_control_characters(values)]
    if isinstance(data, dict):
        return [str(key) for key, value in data.items() if holds_control_characters(value)]
    return [""] if holds_control_characters(data) else []


def holds_control_characters(value: object) -> bool:
    """Whether a text, or any text inside a dict or list (keys included), holds a control character."""
    if isinstance(value, str):
        return has_control_characters(value)
    if isinstance(value, dict):
        return any(holds_control_characters(k) or holds_control_characters(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(holds_control_characters(v) for v in value)
    return False
