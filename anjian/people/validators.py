"""The resident ID number (公民身份号码, GB 11643-1999): 6 digits of address, 8 of birth date, 3 of sequence and a
check character over ISO 7064 MOD 11-2. Stored whole; shown masked on every screen, export and API answer."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from anjian.core import dates

ID_LENGTH = 18
# ISO 7064 MOD 11-2: the weight of position i (1-based, from the left) is 2^(18-i) mod 11.
ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
ID_CHECK = "10X98765432"  # the check character for (Σ digit × weight) mod 11 = 0, 1, 2 …
EARLIEST_BIRTH = dt.date(1900, 1, 1)
MASK_KEEP = 4  # characters shown at each end: 3607**********123X


def id_check_char(first17: str) -> str:
    """The 18th character of an ID number whose first 17 digits are given."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def normalize_id_number(value: object) -> str:
    """The number as stored: spaces removed, a lower-case x made upper-case."""
    return "".join(str(value or "").split()).upper()


def birth_date(number: str) -> dt.date | None:
    """The birth date written in characters 7 to 14, or None when it is not a real date."""
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_number_problem(number: str, today: dt.date | None = None) -> str | None:
    """Why `number` (normalised) is not a valid ID number, or None when it is."""
    if len(number) != ID_LENGTH:
        return str(_("An ID number has 18 characters; this one has %(n)d.") % {"n": len(number)})
    if not number[:17].isascii() or not number[:17].isdigit():
        return str(_("The first 17 characters of an ID number are digits."))
    if number[17] not in "0123456789X":
        return str(_("The last character of an ID number is a digit or X."))
    if number[0] == "0":
        return str(_("An ID number begins with the code of a region, never with 0."))
    born = birth_date(number)
    if born is None or not EARLIEST_BIRTH <= born <= (today or dates.today()):
        return str(_("Characters 7 to 14 must be a real birth date (YYYYMMDD) that is not in the future."))
    expected = id_check_char(number[:17])
    if number[17] != expected:
        return str(
            _(
                "The check character (the 18th) is wrong: it should be %(c)s. Please check the number for a typing error."
            )
            % {"c": expected}
        )
    return None


def validate_id_number(value: str) -> None:
    problem = id_number_problem(normalize_id_number(value))
    if problem:
        raise ValidationError(problem, code="id_number")


def mask_id_number(number: str) -> str:
    """3607**********123X: the first and last four characters, the rest hidden (birth date included)."""
    if not number:
        return ""
    if len(number) <= 2 * MASK_KEEP:
        return "*" * len(number)
    return number[:MASK_KEEP] + "*" * (len(number) - 2 * MASK_KEEP) + number[-MASK_KEEP:]


ID_LIKE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


def mask_within(text: str, number: str = "") -> str:
    """`text` with every ID number in it masked (the holder's, or any 18-character one): a special operations
    certificate's number is often the holder's ID number (T + the number), and must not show it."""
    if not text:
        return ""
    if number and len(number) == ID_LENGTH:
        text = re.sub(re.escape(number), mask_id_number(number), text, flags=re.IGNORECASE)
    return ID_LIKE.sub(lambda m: mask_id_number(m.group(0)), text)
