"""The contest's rules as plain functions: a round's window, an attempt's deadline, how an answer is scored, and
how names, units and phone numbers are written down, compared and shown.

Scoring: every question is worth one point. A single-choice or true-or-false answer is right or wrong; a
multiple-choice answer is right only with exactly the right options (all or nothing) — unless the round grants
partial credit, when some right options and no wrong one earn half a point. Ties are broken by the time taken.

The target: 兴安办〔2024〕80号 (兴国县推进“个十百千万”工程…实施方案) asks for “万人竞赛” — 二（五）2 举办万人竞赛 — and
“百场竞赛” — 二（三）2 组织百场竞赛 — in the county's “安康杯” knowledge contests: 10,000 participants and 100
contests, the county's figures measured against them (settings ANJIAN_CONTEST_TARGET and
ANJIAN_CONTEST_ROUNDS_TARGET change them)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .choices import LETTERS, QuestionKind

PARTICIPANTS_TARGET = 10_000  # 万人竞赛
ROUNDS_TARGET = 100  # 百场竞赛
TARGET_SOURCE = "兴安办〔2024〕80号 二（三）2、二（五）2"
ONE, HALF, NONE = Decimal("1"), Decimal("0.5"), Decimal("0")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
SPACES = re.compile(r"\s+")
UNIT_NOISE = re.compile(r"[\s·•.,，。、:：;；\"'“”‘’]+")


def participants_target() -> int:
    return int(getattr(settings, "ANJIAN_CONTEST_TARGET", PARTICIPANTS_TARGET))


def rounds_target() -> int:
    return int(getattr(settings, "ANJIAN_CONTEST_ROUNDS_TARGET", ROUNDS_TARGET))


# --- the window and the deadline ----------------------------------------------------------------------------


def window(opens_on: dt.date, closes_on: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The moments a round opens (the start of its first day) and closes (the end of its last day), local time."""
    start = timezone.make_aware(dt.datetime.combine(opens_on, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(closes_on + dt.timedelta(days=1), dt.time()))
    return start, end


def is_taking(status: str, opens_on: dt.date, closes_on: dt.date, now: dt.datetime) -> bool:
    """An open round takes answers from the start of its first day until the end of its last."""
    start, end = window(opens_on, closes_on)
    return status == "open" and start <= now < end


def deadline(closes_on: dt.date, time_limit_minutes: int | None, started_at: dt.datetime) -> dt.datetime:
    """Answers are accepted until the round closes or the time limit runs out, whichever comes first."""
    end = window(closes_on, closes_on)[1]
    if time_limit_minutes:
        return min(end, started_at + dt.timedelta(minutes=time_limit_minutes))
    return end


def accepts(deadline_at: dt.datetime, submitted_at: dt.datetime | None, now: dt.datetime) -> bool:
    """An answer counts only when given before the deadline, to an attempt not yet finished."""
    return submitted_at is None and now < deadline_at


def seconds_taken(started_at: dt.datetime, finished_at: dt.datetime, deadline_at: dt.datetime) -> int:
    return max(0, int((min(finished_at, deadline_at) - started_at).total_seconds()))


# --- answers and points -------------------------------------------------------------------------------------


def letters(value: object, option_count: int) -> str | None:
    """The letters chosen, upper-case, sorted, each once ("ca" → "AC"); None when any is not an option."""
    text = "".join(str(value or "").upper().split()).replace(",", "").replace("，", "").replace("、", "")
    allowed = LETTERS[:option_count]
    if any(c not in allowed for c in text):
        return None
    return "".join(sorted(set(text)))


def points(kind: str, answer: str, chosen: str, partial_credit: bool = False) -> Decimal:
    """One point for a right answer; half a point for a partly right multiple choice where the round allows it."""
    if not chosen:
        return NONE
    if chosen == answer:
        return ONE
    if kind == QuestionKind.MULTIPLE and partial_credit and set(chosen) < set(answer):
        return HALF
    return NONE


def points_text(value: Decimal | None) -> str:
    """A score as people write it: 4, 3.5 (never 4.0); — when there is none."""
    if value is None:
        return "—"
    return format(Decimal(value).normalize(), "f")


def duration_text(seconds: int | None) -> str:
    """A time taken as people read it: 45秒, 3分05秒."""
    if seconds is None:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}分{rest:02d}秒" if minutes else f"{rest}秒"


def better(score: Decimal, seconds: int, than_score: Decimal | None, than_seconds: int | None) -> bool:
    """The higher score is better; of equal scores, the quicker."""
    if than_score is None:
        return True
    return score > than_score or (score == than_score and seconds < (than_seconds or 0))


# --- names, units, phones -----------------------------------------------------------------------------------


def text_key(text: str) -> str:
    """A question's text as compared for duplicates: full-width forms folded, spaces and case ignored."""
    return SPACES.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def unit_key(name: str) -> str:
    """A unit's name as the leaderboard groups it: full-width forms folded (（）→()), spaces and dots dropped."""
    return UNIT_NOISE.sub("", unicodedata.normalize("NFKC", name or "")).upper()


def normalise_phone(value: object) -> str:
    """The digits of a mainland mobile number (+86, spaces and dashes dropped)."""
    digits = re.sub(r"[\s\-()（）]", "", str(value or ""))
    return digits[3:] if digits.startswith("+86") else digits


def is_mobile(phone: str) -> bool:
    return bool(MOBILE.match(phone))


def phone_hash(phone: str) -> str:
    """A keyed hash of the number: the same person is recognised again, the number itself is never stored."""
    return salted_hmac("anjian.contests.phone", phone, algorithm="sha256").hexdigest()


def mask_phone(phone: str) -> str:
    """138****1234: the first three and the last four digits."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "*" * len(phone)


def mask_name(name: str) -> str:
    """A name as a public leaderboard shows it: 王*平, 李*."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
