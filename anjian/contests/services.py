"""A round's life — draft → open → closed — and its settings, checked in one place for the pages, the API, the
demo and the tests. A round's rules are set while it is a draft; once open only closing it changes it (its
participants answer under the rules they started with). Opening needs a pool large enough for the questions
each participant draws. Attempts live in attempts.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.core import dates
from anjian.core.validators import CONTROL_CHARACTERS_MESSAGE, has_control_characters
from anjian.org.models import Region, Sector

from . import access, rules
from .choices import RoundStatus, Topic
from .models import Question, Round

FIELDS = (
    "title", "description", "is_public", "opens_on", "closes_on", "question_count", "time_limit_minutes",
    "attempts_allowed", "partial_credit", "sectors", "topics", "target",
)  # fmt: skip
LIMITS = {  # (lowest, highest) of the whole numbers of a round
    "question_count": (1, 100),
    "time_limit_minutes": (1, 600),
    "attempts_allowed": (1, 10),
    "target": (1, 10_000_000),
}
OPTIONAL = ("time_limit_minutes", "target")
DEFAULTS = {"question_count": 10, "attempts_allowed": 1}  # when not given
LONGEST_DAYS = 366
OPENS_AHEAD = gettext_lazy("a round opens at most a year ahead")
LASTS = gettext_lazy("a round lasts at most a year")
FIRST_DAY = gettext_lazy("its first day")


def _save(instance, user) -> Any:
    instance._history_user = user
    instance.save()
    return instance


def _whole(values: dict, name: str, errors: dict) -> int | None:
    value = values.get(name)
    if value in (None, "") and (name in OPTIONAL or name in DEFAULTS):
        return DEFAULTS.get(name)
    low, high = LIMITS[name]
    if isinstance(value, bool) or not isinstance(value, int | str):
        errors[name] = [_("Enter a whole number.")]
        return None
    try:
        number = int(value)
    except ValueError:
        errors[name] = [_("Enter a whole number.")]
        return None
    if not low <= number <= high:
        errors[name] = [_("Enter a number from %(low)d to %(high)d.") % {"low": low, "high": high}]
        return None
    return number


def _texts(values: dict, errors: dict) -> dict:
    out = {}
    for name, limit in (("title", 100), ("description", 1000)):
        value = values.get(name) if values.get(name) is not None else ""
        if not isinstance(value, str):
            errors[name] = [_("Enter text.")]
        elif has_control_characters(value):
            errors[name] = [str(CONTROL_CHARACTERS_MESSAGE)]
        elif len(value.strip()) > limit:
            errors[name] = [_("At most %(n)d characters.") % {"n": limit}]
        elif name == "title" and not value.strip():
            errors[name] = [_("This field is required.")]
        out[name] = value.strip() if isinstance(value, str) else ""
    return out


def _days(values: dict, errors: dict) -> tuple[dt.date | None, dt.date | None]:
    opens = closes = None
    try:
        opens = dates.check_date(
            values.get("opens_on"), field="opens_on", ceiling=dates.today() + dt.timedelta(days=365),
            ceiling_reason=OPENS_AHEAD,
        )  # fmt: skip
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        closes = dates.check_date(
            values.get("closes_on"), field="closes_on", floor=opens or dates.EARLIEST, floor_reason=FIRST_DAY,
            ceiling=(opens + dt.timedelta(days=LONGEST_DAYS)) if opens else None, ceiling_reason=LASTS,
        )  # fmt: skip
    except ValidationError as exc:
        errors.update(exc.message_dict)
    return opens, closes


def clean(values: dict) -> dict:
    """A round's settings, checked; ValidationError keyed by field with every problem at once."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    errors: dict = {}
    cleaned: dict = _texts(values, errors)
    cleaned["opens_on"], cleaned["closes_on"] = _days(values, errors)
    for name in LIMITS:
        cleaned[name] = _whole(values, name, errors)
    cleaned["is_public"] = bool(values.get("is_public"))
    cleaned["partial_credit"] = bool(values.get("partial_credit"))
    topics = list(values.get("topics") or [])
    if any(t not in Topic.values for t in topics):
        errors["topics"] = [_("Choose topics of the list.")]
    cleaned["topics"] = [t for t in Topic.values if t in topics]
    sectors = list(values.get("sectors") or [])
    if any(not isinstance(s, Sector) for s in sectors):
        errors["sectors"] = [_("Choose sectors of the list.")]
    cleaned["sectors"] = sectors
    if errors:
        raise ValidationError(errors)
    return cleaned


def _write(user, round_: Round, cleaned: dict) -> Round:
    sectors = cleaned.pop("sectors")
    for name, value in cleaned.items():
        setattr(round_, name, value)
    _save(round_, user)
    round_.sectors.set(sectors)
    return round_


@transaction.atomic
def create_round(user, region: Region | None = None, **values) -> Round:
    """A draft round of the county or the town the user organises for (the first when not named)."""
    regions = access.organiser_regions(user)
    access.check_organise(user)
    if region is None:
        region = regions[0]
    elif region.pk not in {r.pk for r in regions}:
        raise PermissionDenied(_("You organise no contest for %(region)s.") % {"region": region.name})
    return _write(user, Round(region=region, created_by=user), clean(values))


@transaction.atomic
def change_round(user, round_: Round, values: dict) -> Round:
    access.check_manage(user, round_)
    if round_.status != RoundStatus.DRAFT:
        raise ValidationError(_("An open or closed round keeps its rules: its participants answered under them."))
    current = {name: getattr(round_, name) for name in FIELDS if name != "sectors"}
    current["sectors"] = list(round_.sectors.all())
    return _write(user, round_, clean(current | values))


def pool(round_: Round) -> QuerySet:
    """The questions a participant's draw comes from: in use, of the round's bank (the county's, and the town's
    own for a town's round), of its sectors (and those for every sector) and its topics."""
    questions = Question.objects.filter(active=True, region__path__in=access.ancestor_paths([round_.region]))
    sectors = [s.pk for s in round_.sectors.all()]
    if sectors:
        questions = questions.filter(Q(sector__isnull=True) | Q(sector__in=sectors))
    if round_.topics:
        questions = questions.filter(topic__in=round_.topics)
    return questions


@transaction.atomic
def open_round(user, round_: Round, now: dt.datetime | None = None) -> Round:
    """draft → open: its pool holds at least the questions drawn for each participant, and its last day is ahead."""
    access.check_manage(user, round_)
    now = now or timezone.now()
    if round_.status != RoundStatus.DRAFT:
        raise ValidationError(_("Only a draft round is opened."))
    errors = {}
    size = pool(round_).count()
    if size < round_.question_count:
        errors["question_count"] = [
            _("The pool holds %(size)d questions: too few to draw %(count)d for each participant.")
            % {"size": size, "count": round_.question_count}
        ]
    if rules.window(round_.opens_on, round_.closes_on)[1] <= now:
        errors["closes_on"] = [_("The round's last day has passed.")]
    if errors:
        raise ValidationError(errors)
    round_.status, round_.opened_at = RoundStatus.OPEN, now
    return _save(round_, user)


@transaction.atomic
def close_round(user, round_: Round, now: dt.datetime | None = None) -> Round:
    """open → closed: no answer is taken any more; unfinished attempts are scored with what they answered."""
    from .attempts import settle

    access.check_manage(user, round_)
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("Only an open round is closed."))
    round_.status, round_.closed_at = RoundStatus.CLOSED, now or timezone.now()
    _save(round_, user)
    settle(round_, round_.closed_at)
    return round_


def state(round_: Round, now: dt.datetime) -> str:
    """What a participant sees: draft, upcoming, open, ended (its last day passed) or closed."""
    if round_.status != RoundStatus.OPEN:
        return str(round_.status)
    start, end = rules.window(round_.opens_on, round_.closes_on)
    return "upcoming" if now < start else ("ended" if now >= end else "open")


STATE_LABELS = {
    "draft": RoundStatus.DRAFT.label,
    "upcoming": gettext_lazy("Not yet open"),
    "open": RoundStatus.OPEN.label,
    "ended": gettext_lazy("Ended"),
    "closed": RoundStatus.CLOSED.label,
}


def takeable(rounds: QuerySet, now: dt.datetime) -> QuerySet:
    """The rounds among `rounds` that take answers now."""
    today = timezone.localdate(now)
    return rounds.filter(status=RoundStatus.OPEN, opens_on__lte=today, closes_on__gte=today)
