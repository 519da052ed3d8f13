"""A public round, taken without an account at its public address (/contests/p/<key>/): a name, a unit, a mobile
number and the town, then the questions drawn. The participant is recognised by a signed cookie naming their
entry, so a refresh resumes the same draw; entering again with the same number resumes it too. Every public
address is throttled (throttle.py): past the rate, 429 with a message in Chinese. Names are shown masked on the
public leaderboard; phone numbers are never shown."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from anjian.org.models import Region

from .. import attempts, rules, services, standings
from ..forms import PublicEntryForm
from ..models import Entry, Round
from ..throttle import throttled
from .common import add_errors, answer_one, attempt_page, entry_summary, submit_all

SALT = "anjian.contests.entry"
COOKIE_DAYS = 60


def _round(key: str) -> Round:
    if not (key.isascii() and len(key) <= 24):
        raise Http404
    return get_object_or_404(Round.objects.select_related("region").exclude(status="draft"), public_key=key,
                             is_public=True)  # fmt: skip


def _cookie(round_: Round) -> str:
    return f"contest-{round_.pk}"


def _entry(request, round_: Round) -> Entry | None:
    """The entry the visitor's signed cookie names (None without one, or with a forged or stale one)."""
    try:
        pk = request.get_signed_cookie(_cookie(round_), salt=SALT, max_age=COOKIE_DAYS * 86400)
    except (KeyError, signing.BadSignature):
        return None
    if not str(pk).isdigit():
        return None
    return Entry.objects.filter(pk=int(pk), round=round_, user__isnull=True).first()


def _remember(response, round_: Round, entry: Entry):
    response.set_signed_cookie(
        _cookie(round_), str(entry.pk), salt=SALT, max_age=COOKIE_DAYS * 86400, httponly=True, samesite="Lax",
        secure=getattr(settings, "SESSION_COOKIE_SECURE", False), path=f"/contests/p/{round_.public_key}/",
    )  # fmt: skip
    return response


def _urls(round_: Round) -> dict:
    base = f"/contests/p/{round_.public_key}/"
    return {"answer": f"{base}answer/", "submit": f"{base}submit/", "back": base, "board": f"{base}leaderboard/"}


@throttled("contest-read", methods=("GET",))
@throttled("contest-start", methods=("POST",))
def public_round(request, key: str):
    round_ = _round(key)
    now = timezone.now()
    entry = _entry(request, round_)
    towns = attempts.towns_of(round_)
    form = PublicEntryForm(request.POST if request.method == "POST" else None, towns=towns)
    if request.method == "POST" and form.is_valid():
        town = Region.objects.filter(code=form.cleaned_data["town"]).first() if form.cleaned_data["town"] else None
        try:
            who = attempts.of_public(round_, form.cleaned_data["name"], form.cleaned_data["unit"],
                                     form.cleaned_data["phone"], town)  # fmt: skip
            attempt = attempts.start(round_, who, now)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return _remember(redirect(request.path), round_, attempt.entry)
    going = attempts.current(entry, now) if entry is not None else None
    if going is not None and request.method == "GET":
        return attempt_page(request, going, _urls(round_))
    if entry is not None:
        entry.refresh_from_db()
    state = services.state(round_, now)
    context = {"round": round_, "form": form, "state": state, "states": services.STATE_LABELS, "public": True,
               "urls": _urls(round_), **entry_summary(round_, entry, state)}  # fmt: skip
    status = 400 if form.errors else 200
    return render(request, "contests/public.html", context, status=status)


def _going(request, key: str):
    round_ = _round(key)
    entry = _entry(request, round_)
    if entry is None:
        raise Http404
    attempt = entry.attempts.filter(submitted_at__isnull=True).order_by("-number").first()
    if attempt is None:
        attempt = entry.attempts.order_by("-number").first()
    if attempt is None:
        raise Http404
    return round_, attempt


@require_POST
@throttled("contest-answer")
def public_answer(request, key: str):
    _round_, attempt = _going(request, key)
    return answer_one(request, attempt)


@require_POST
@throttled("contest-answer")
def public_submit(request, key: str):
    round_, attempt = _going(request, key)
    submit_all(request, attempt)
    return redirect("contests:public", key=round_.public_key)


@require_GET
@throttled("contest-read")
def public_board(request, key: str):
    round_ = _round(key)
    now = timezone.now()
    people = standings.person_board(round_, now, limit=100)
    for row in people:
        row.entry.shown_name = rules.mask_name(row.entry.name)
    context = {"round": round_, "people": people, "units": standings.unit_board(round_, now)[:50], "public": True,
               "urls": _urls(round_), "mine": getattr(_entry(request, round_), "pk", None)}  # fmt: skip
    return render(request, "contests/leaderboard.html", context)
