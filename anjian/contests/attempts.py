"""Taking part: who the participant is, starting an attempt (the questions drawn at random from the round's pool,
fixed and stored when it starts), answering, submitting, and scoring — always by the server, from the answers it
accepted before the attempt's deadline (the round's end or the time limit). An answer sent later is refused with a
message; an attempt left unfinished is scored at its deadline with what it answered in time.

One attempt per person and round unless the round allows more; the best counts (higher score, then less time)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.core.validators import has_control_characters
from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import assignments
from anjian.org.models import Region
from anjian.registry.models import Enterprise

from . import rules
from .choices import RoundStatus
from .models import Attempt, DrawnQuestion, Entry, Round
from .services import pool

_draw = random.SystemRandom()


@dataclass(frozen=True)
class Identity:
    """Who takes part: `person_key` recognises the same person again (an account, or a phone number's hash)."""

    person_key: str
    name: str
    unit_name: str
    phone_masked: str = ""
    user: object = None
    enterprise: Enterprise | None = None
    region: Region | None = None


def of_user(user) -> Identity:
    """A signed-in participant: their unit (an enterprise user's unit, an official's department or government)."""
    unit = region = None
    unit_name = ""
    for a in assignments(user):
        if a.role == Role.ENTERPRISE and a.enterprise is not None:
            unit, region, unit_name = a.enterprise, a.enterprise.region, a.enterprise.name
            break
        if a.department is not None and not unit_name:
            unit_name, region = a.department.name, a.department.region
        elif a.region is not None and not unit_name:
            unit_name, region = a.region.unit_name, a.region
    name = getattr(user, "full_name", "") or user.get_username()
    return Identity(f"u:{user.pk}", name[:40], (unit_name or name)[:100], user=user, enterprise=unit, region=region)


def of_public(round_: Round, name: object, unit: object, phone: object, town: Region | None) -> Identity:
    """A person of the public: a name, a unit, a mainland mobile number and their town; every problem at once."""
    errors: dict = {}
    texts = {}
    for field, value, low, high in (("name", name, 2, 40), ("unit", unit, 2, 100)):
        text = " ".join(str(value or "").split())
        if has_control_characters(str(value or "")):
            errors[field] = [_("The text holds characters that cannot be stored.")]
        elif not low <= len(text) <= high:
            errors[field] = [_("Enter %(low)d to %(high)d characters.") % {"low": low, "high": high}]
        texts[field] = text
    number = rules.normalise_phone(phone)
    if not rules.is_mobile(number):
        errors["phone"] = [_("Enter an 11-digit mobile number.")]
    towns = towns_of(round_)
    if town is None and round_.region.level == RegionLevel.TOWN:
        town = round_.region
    if town is None or town.pk not in {t.pk for t in towns}:
        errors["town"] = [_("Choose your town.")]
    if errors:
        raise ValidationError(errors)
    key = "p:" + rules.phone_hash(number)
    return Identity(key, texts["name"], texts["unit"], rules.mask_phone(number), region=town)


def towns_of(round_: Round) -> list[Region]:
    """The towns a public participant chooses from: the county's towns, or the town's own round's town."""
    if round_.region.level == RegionLevel.TOWN:
        return [round_.region]
    return list(Region.objects.filter(parent=round_.region, level=RegionLevel.TOWN).order_by("code"))


def enter(round_: Round, who: Identity) -> Entry:
    """The person's entry in the round (made the first time). A phone number already entered under another name
    is refused: one number, one participant."""
    entry = Entry.objects.filter(round=round_, person_key=who.person_key).first()
    if entry is not None:
        if who.user is None and entry.name != who.name:
            raise ValidationError(
                {"phone": [_("This phone number has already entered this round under another name.")]}
            )
        return entry
    entry = Entry(
        round=round_, user=who.user, person_key=who.person_key, name=who.name, unit_name=who.unit_name,
        unit_key=rules.unit_key(who.unit_name), phone_masked=who.phone_masked, enterprise=who.enterprise,
        region=who.region, sector=getattr(who.enterprise, "sector", None),
    )  # fmt: skip
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:  # entered at the same moment by another request
        return Entry.objects.get(round=round_, person_key=who.person_key)
    return entry


def current(entry: Entry, now: dt.datetime) -> Attempt | None:
    """The attempt still taking answers, if any (attempts past their deadline are scored first)."""
    settle_entry(entry, now)
    return entry.attempts.filter(submitted_at__isnull=True).first()


def start(round_: Round, who: Identity, now: dt.datetime, rng: random.Random | None = None) -> Attempt:
    """The attempt under way, or a new one with its questions drawn; refused outside the window, after the last
    attempt allowed, or when the pool has become too small."""
    round_.refresh_from_db()  # its state now, not as the caller read it
    if not rules.is_taking(round_.status, round_.opens_on, round_.closes_on, now):
        raise ValidationError(_("This round is not taking answers now."))
    entry = enter(round_, who)
    going = current(entry, now)  # attempts past their deadline are scored first, and stay scored
    if going is not None:
        return going
    done = entry.attempts.count()
    if done >= round_.attempts_allowed:
        raise ValidationError(
            _("You have already taken part in this round (attempts allowed: %(n)d); your best score is %(score)s.")
            % {"n": round_.attempts_allowed, "score": rules.points_text(entry.best_score)}
        )
    ids = list(pool(round_).values_list("pk", flat=True))
    if len(ids) < round_.question_count:
        raise ValidationError(_("The round's question bank is too small now: tell the organiser."))
    drawn = (rng or _draw).sample(ids, round_.question_count)  # `rng`: the demo's seeded draw
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                entry=entry, number=done + 1, started_at=now,
                deadline=rules.deadline(round_.closes_on, round_.time_limit_minutes, now),
            )  # fmt: skip
            DrawnQuestion.objects.bulk_create(
                DrawnQuestion(attempt=attempt, question_id=pk, position=n) for n, pk in enumerate(drawn, start=1)
            )
    except IntegrityError:  # the same person started at the same moment in another request: theirs stands
        return entry.attempts.get(number=done + 1)
    return attempt


def _accepting(attempt: Attempt, now: dt.datetime) -> bool:
    round_status = Round.objects.filter(pk=attempt.entry.round_id).values_list("status", flat=True).first()
    return round_status == RoundStatus.OPEN and rules.accepts(attempt.deadline, attempt.submitted_at, now)


LATE = gettext_lazy("Time is up: answers are no longer accepted for this attempt.")


def answer(attempt: Attempt, position: int, chosen: object, now: dt.datetime) -> DrawnQuestion:
    """Record the letters chosen for one drawn question; refused after the deadline (nothing stored)."""
    if not _accepting(attempt, now):
        raise ValidationError({"answer": [str(LATE)]})
    drawn = attempt.drawn.select_related("question").filter(position=position).first()
    if drawn is None:
        raise ValidationError({"position": [_("No such question in this attempt.")]})
    letters = rules.letters(chosen, len(drawn.question.options))
    if letters is None:
        raise ValidationError({"answer": [_("Choose among the question's options.")]})
    changed = DrawnQuestion.objects.filter(pk=drawn.pk, attempt__submitted_at__isnull=True)
    changed.update(chosen=letters, answered_at=now)
    drawn.chosen, drawn.answered_at = letters, now
    return drawn


@transaction.atomic
def submit(attempt: Attempt, answers: dict[int, object], now: dt.datetime) -> bool:
    """Finish the attempt with `answers` {position: letters}; True when they came in time. Late, they are refused
    and the attempt is scored at its deadline with the answers given before it."""
    if attempt.submitted_at is not None:
        raise ValidationError(_("This attempt is already finished."))
    if not _accepting(attempt, now):
        finish(attempt, _end(attempt, now))
        return False
    for position, chosen in answers.items():
        answer(attempt, position, chosen, now)
    finish(attempt, now)
    return True


def finish(attempt: Attempt, at: dt.datetime) -> bool:
    """Score the attempt from its stored answers and mark it finished at `at`; False when another request
    finished it first (the conditional UPDATE lets one of two win)."""
    round_ = attempt.entry.round
    total, right = rules.NONE, 0
    drawn = list(attempt.drawn.select_related("question"))
    for d in drawn:
        d.points = rules.points(d.question.kind, d.question.answer, d.chosen, round_.partial_credit)
        total += d.points
        right += d.points == rules.ONE
    seconds = rules.seconds_taken(attempt.started_at, at, attempt.deadline)
    claimed = Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
        submitted_at=at, score=total, correct=right, seconds=seconds
    )
    if not claimed:
        return False
    DrawnQuestion.objects.bulk_update(drawn, ["points"])
    attempt.submitted_at, attempt.score, attempt.correct, attempt.seconds = at, total, right, seconds
    _best(attempt.entry)
    return True


def _best(entry: Entry) -> None:
    """The entry's best attempt (higher score, then less time) and when it first finished."""
    done = entry.attempts.filter(submitted_at__isnull=False)
    best = done.order_by("-score", "seconds", "number").first()
    first = done.order_by("submitted_at").values_list("submitted_at", flat=True).first()
    if best is None:
        return
    Entry.objects.filter(pk=entry.pk).update(
        best_score=best.score, best_correct=best.correct, best_seconds=best.seconds, finished_at=first
    )
    entry.best_score, entry.best_correct, entry.best_seconds, entry.finished_at = (
        best.score, best.correct, best.seconds, first,
    )  # fmt: skip


def _due(attempts: QuerySet, now: dt.datetime) -> QuerySet:
    closed = Q(entry__round__status=RoundStatus.CLOSED)
    return attempts.filter(submitted_at__isnull=True).filter(Q(deadline__lte=now) | closed)


def settle_entry(entry: Entry, now: dt.datetime) -> int:
    return _settle(_due(entry.attempts.all(), now), now)


def settle(round_: Round, now: dt.datetime) -> int:
    """Score every attempt of the round past its deadline (or cut short by the round's closing)."""
    return _settle(_due(Attempt.objects.filter(entry__round=round_), now), now)


def settle_due(now: dt.datetime, limit: int = 500) -> int:
    """Score attempts past their deadline anywhere (a reader of scores calls it; a few hundred at a time)."""
    pks = list(_due(Attempt.objects.all(), now).values_list("pk", flat=True)[:limit])
    return _settle(Attempt.objects.filter(pk__in=pks), now) if pks else 0


def _settle(due: QuerySet, now: dt.datetime) -> int:
    return sum(finish(attempt, _end(attempt, now)) for attempt in due.select_related("entry__round"))


def _end(attempt: Attempt, now: dt.datetime) -> dt.datetime:
    """When an attempt stopped taking answers: its deadline, or the round's closing if that came first."""
    closed_at = attempt.entry.round.closed_at
    return max(attempt.started_at, min(attempt.deadline, now, closed_at or now))
