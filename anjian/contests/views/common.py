"""Pieces the contest pages share: the attempt's page (the questions drawn, answered one by one with htmx or all
at once with the form), reading the answers sent, and an xlsx download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core.generic import XLSX, attachment

from .. import attempts, rules, services
from ..models import Attempt, Entry, Round


def xlsx_download(content: bytes, name: str) -> HttpResponse:
    return attachment(content, f"{name}-{timezone.localdate():%Y%m%d}.xlsx", XLSX)


def answers_from(data, attempt: Attempt) -> dict[int, str]:
    """{position: letters} of the form's fields q1, q2 … (a multiple choice sends several)."""
    found = {}
    for position in attempt.drawn.values_list("position", flat=True):
        chosen = "".join(data.getlist(f"q{position}"))
        if chosen:
            found[position] = chosen
    return found


def reveal(round_: Round, now) -> bool:
    """Right answers are shown once the round no longer takes answers (never while others still answer)."""
    return services.state(round_, now) in ("ended", "closed")


def attempt_page(request, attempt: Attempt, urls: dict, status: int = 200):
    now = timezone.now()
    attempts.settle_entry(attempt.entry, now)
    attempt.refresh_from_db()
    round_ = attempt.entry.round
    drawn = list(attempt.drawn.select_related("question").order_by("position"))
    context = {
        "attempt": attempt, "round": round_, "drawn": drawn, "urls": urls,
        "open": attempt.submitted_at is None,
        "reveal": reveal(round_, now), "seconds_left": max(0, int((attempt.deadline - now).total_seconds())),
        "total": len(drawn),
    }  # fmt: skip
    return render(request, "contests/attempt.html", context, status=status)


def answer_one(request, attempt: Attempt) -> HttpResponse:
    """One answer saved from the page (htmx): a word in place, or the refusal."""
    position = request.POST.get("position", "")
    if not (position.isdigit() and len(position) <= 3):
        return render(request, "contests/_saved.html", {"error": _("No such question in this attempt.")}, status=400)
    chosen = "".join(request.POST.getlist(f"q{position}"))
    try:
        attempts.answer(attempt, int(position), chosen, timezone.now())
    except ValidationError as exc:
        return render(request, "contests/_saved.html", {"error": " ".join(exc.messages)}, status=400)
    return render(request, "contests/_saved.html", {"saved": True})


def submit_all(request, attempt: Attempt) -> bool:
    """Submit the form's answers; a message says whether they came in time."""
    if attempt.submitted_at is not None:
        messages.info(request, _("This attempt is already finished."))
        return False
    try:
        in_time = attempts.submit(attempt, answers_from(request.POST, attempt), timezone.now())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    attempt.refresh_from_db()
    if in_time:
        messages.success(request, _("Submitted: %(score)s points, %(right)d right answers of %(total)d.")
                         % {"score": rules.points_text(attempt.score), "right": attempt.correct, "total": attempt.drawn.count()})  # fmt: skip
    else:
        messages.warning(request, _("Time was up when the answers arrived: answers sent after the deadline do not "
                                    "count. Score: %(score)s points.") % {"score": rules.points_text(attempt.score)})  # fmt: skip
    return True


def entry_summary(round_: Round, entry: Entry | None, state: str) -> dict:
    """The participant's standing and whether they may start (an attempt left, the round taking answers)."""
    done = entry.attempts.filter(submitted_at__isnull=False).count() if entry is not None else 0
    return {"entry": entry, "attempts_done": done, "can_start": state == "open" and done < round_.attempts_allowed}


def add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
