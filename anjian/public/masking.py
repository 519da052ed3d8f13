"""Personal names and numbers masked in a text meant for the public, as enforcement publicity usually writes them:
a person's name becomes the surname and 某 (张三 → 张某; a compound surname keeps both characters: 欧阳修明 → 欧阳某), a
mobile number keeps its first three and last four digits (138****5678, any other known phone likewise), an ID-card
number its first six and last four characters (360732********1234). Names of units, places and offices stay: they are
public in enforcement publicity, and a person's name inside them (王国平烟花爆竹零售店) is left as the unit is named.

Pure functions over text: the service knows whose names and phones a case holds (`Secrets`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

MARK = "某"
COMPOUND_SURNAMES = frozenset(
    {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "长孙",
     "司徒", "夏侯", "公孙", "端木", "宇文", "南宫", "西门", "呼延", "钟离", "独孤", "轩辕"}
)  # fmt: skip
SEPARATORS = re.compile(r"[、,，;；/|\s]+")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Secrets:
    """What a text must not show (`names`, `phones`) and what stays although it may hold a name (`keep`: the unit's
    name and credit code, the names of places and offices)."""

    names: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    keep: tuple[str, ...] = field(default_factory=tuple)


def masked_name(name: str) -> str:
    """张三 → 张某, 欧阳修明 → 欧阳某."""
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2] + MARK
    return name[0] + MARK


def usable_names(names: Iterable[str]) -> list[str]:
    """The names worth looking for, longest first, each once: split where a field lists several (张三、李四), at least
    two characters, written in Chinese (an account's Latin login name is no person's name in a Chinese text), none
    already masked (holding 某)."""
    found: set[str] = set()
    for raw in names:
        for part in SEPARATORS.split(raw or ""):
            part = part.strip()
            if len(part) >= 2 and MARK not in part and HAN.search(part):
                found.add(part)
    return sorted(found, key=lambda n: (-len(n), n))


def _pattern(names: list[str], keep: Iterable[str]) -> tuple[re.Pattern, frozenset[str]] | None:
    if not names:
        return None
    kept = frozenset(k for k in keep if k and any(n in k for n in names))  # only what holds a name matters
    alternatives = sorted(kept | set(names), key=lambda a: (-len(a), a))  # the longest wins where several start
    return re.compile("|".join(re.escape(a) for a in alternatives)), kept


def mask_names(text: str, names: Iterable[str], keep: Iterable[str] = ()) -> str:
    """`text` with every one of `names` masked (outside the `keep` strings). Masking a name never makes another one
    appear (a name holds no 某), and each pass removes at least one character that is not 某: it ends."""
    found = _pattern(usable_names(names), keep)
    if found is None or not text:
        return text
    pattern, kept = found

    def swap(match: re.Match) -> str:
        word = match.group(0)
        return word if word in kept else masked_name(word)

    for _pass in range(len(text) + 1):
        masked = pattern.sub(swap, text)
        if masked == text:
            break
        text = masked
    return text


def names_in(text: str, names: Iterable[str], keep: Iterable[str] = ()) -> list[str]:
    """The `names` that `text` still shows (outside the `keep` strings), each once."""
    found = _pattern(usable_names(names), keep)
    if found is None or not text:
        return []
    pattern, kept = found
    return list(dict.fromkeys(m.group(0) for m in pattern.finditer(text) if m.group(0) not in kept))


def masked_phone(number: str) -> str:
    """The digits but the first three and the last four starred, separators kept: 13812345678 → 138****5678."""
    digits = [i for i, c in enumerate(number) if c.isdigit()]
    hidden = set(digits[3:-4]) if len(digits) > 7 else set(digits[1:])
    return "".join("*" if i in hidden else c for i, c in enumerate(number))


def masked_id(number: str) -> str:
    """360732198001010011 → 360732********0011 (the region code and the last four)."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_numbers(text: str, phones: Iterable[str] = (), keep: Iterable[str] = ()) -> str:
    """Mobile numbers, 18-character ID numbers and the known `phones` (a landline too) masked; `keep` stays (a unit's
    credit code of 18 digits is no ID number)."""
    kept = {k for k in keep if k}
    for phone in sorted({p.strip() for p in phones if p and p.strip()}, key=len, reverse=True):
        if sum(c.isdigit() for c in phone) >= 5:
            text = text.replace(phone, masked_phone(phone))
    text = MOBILE.sub(lambda m: masked_phone(m.group(0)), text)
    return ID_NUMBER.sub(lambda m: m.group(0) if m.group(0) in kept else masked_id(m.group(0)), text)


def numbers_in(text: str, phones: Iterable[str] = (), keep: Iterable[str] = ()) -> list[str]:
    """The mobile numbers, ID numbers and known phones `text` still shows, each once."""
    kept = {k for k in keep if k}
    found = [p.strip() for p in phones if p and sum(c.isdigit() for c in p) >= 5 and p.strip() in text]
    found += MOBILE.findall(text)
    found += [m.group(0) for m in ID_NUMBER.finditer(text) if m.group(0) not in kept]
    return list(dict.fromkeys(found))


def mask(text: str, secrets: Secrets) -> str:
    """Names, then numbers (a name never holds a digit worth keeping)."""
    return mask_numbers(mask_names(text, secrets.names, secrets.keep), secrets.phones, secrets.keep)


def leaks(text: str, secrets: Secrets) -> list[str]:
    """What `text` still shows that `mask` would hide."""
    return names_in(text, secrets.names, secrets.keep) + numbers_in(text, secrets.phones, secrets.keep)


def masked_pairs(text: str, secrets: Secrets) -> list[tuple[str, str]]:
    """(name, as masked) of the names `text` shows: what the drafting form tells its author it masks."""
    return [(name, masked_name(name)) for name in names_in(text, secrets.names, secrets.keep)]
