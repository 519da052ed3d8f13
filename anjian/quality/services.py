"""The quality checks (录入质量提示) as plain functions, and the two hooks the hazard lifecycle calls.

Each check returns a list of `QualityWarning(code, message)`; it never refuses anything. `on_registered`
and `on_step` run the checks that fit a record, store them as `Flag` rows (re-saving a plan replaces its
flags) and return them for the person who entered the record (the API's `quality_warnings`, the form's
alert). This app reads the hazards; the hazards call only these two hooks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.utils import formats, timezone

from anjian.core.models import Attachment
from anjian.hazards.choices import OPEN_STATES, Action, PhotoKind
from anjian.hazards.models import Hazard, HazardEvent, HazardPhoto

from . import rules_data
from .choices import FlagCode, Record
from .models import Flag
from .text import jaccard, vagueness


@dataclass(frozen=True)
class QualityWarning:
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


# --- the checks ------------------------------------------------------------------------------------------


def check_text(text: str, kind: str) -> list[QualityWarning]:
    """`kind` is a key of rules_data.TEXT_RULES (description, measures, progress)."""
    rule = rules_data.TEXT_RULES[kind]
    found = vagueness(text, rule.min_chars)
    if found is None:
        return []
    message = str(rule.with_phrase) % {"phrase": found.phrase} if found.phrase else str(rule.too_short)
    return [QualityWarning(rule.code, message)]


def check_plan(funds: Decimal | None, deadline: dt.date | None) -> list[QualityWarning]:
    """五到位 needs numbers: the funds (0 is a number) and the deadline."""
    out = []
    if funds is None:
        out.append(QualityWarning(FlagCode.PLAN_NO_FUNDS, str(rules_data.MESSAGES["plan_no_funds"])))
    if deadline is None:
        out.append(QualityWarning(FlagCode.PLAN_NO_DEADLINE, str(rules_data.MESSAGES["plan_no_deadline"])))
    return out


def check_deadline(deadline: dt.date | None, today: dt.date | None = None) -> list[QualityWarning]:
    """A deadline already past, or more than a year from today (timezone.localdate())."""
    if deadline is None:
        return []
    today = today or timezone.localdate()
    shown = {"date": formats.date_format(deadline, "Y-m-d")}
    if deadline < today:
        return [QualityWarning(FlagCode.DEADLINE_PAST, str(rules_data.MESSAGES["deadline_past"]) % shown)]
    if (deadline - today).days > rules_data.FAR_DEADLINE_DAYS:
        return [QualityWarning(FlagCode.DEADLINE_FAR, str(rules_data.MESSAGES["deadline_far"]) % shown)]
    return []


def check_photos(hazard: Hazard, photos: Iterable[HazardPhoto]) -> list[QualityWarning]:
    """A photo whose content (the attachment, unique by SHA-256) is already used by another record: another
    hazard, another app's record, or this hazard's photo of another kind (a fix photo that is the finding's)."""
    out = []
    for photo in photos:
        message = _reuse(hazard, photo)
        if message:
            out.append(QualityWarning(FlagCode.PHOTO_REUSED, message))
    return out


def _reuse(hazard: Hazard, photo: HazardPhoto) -> str:
    same = HazardPhoto.objects.filter(attachment_id=photo.attachment_id).exclude(pk=photo.pk)
    other = same.exclude(hazard=hazard).order_by("pk").values_list("hazard_id", flat=True).first()
    if other is not None:
        return str(rules_data.MESSAGES["photo_other_hazard"]) % {"number": other}
    earlier = same.filter(hazard=hazard).exclude(kind=photo.kind).order_by("pk").first()
    if earlier is not None:
        kinds = {"kind": PhotoKind(photo.kind).label, "other": PhotoKind(earlier.kind).label}
        return str(rules_data.MESSAGES["photo_same_hazard"]) % kinds
    record = _other_record(photo.attachment_id)
    if record:
        return str(rules_data.MESSAGES["photo_other_record"]) % {"record": record}
    return ""


def _other_record(attachment_id: int) -> str:
    """The name of another app's record that holds the attachment, or '' (asked of every model that points
    at Attachment, so that no app has to be imported here)."""
    for model in apps.get_models():
        if model is HazardPhoto or model._meta.model_name.startswith("historical"):
            continue
        for f in model._meta.get_fields():
            if f.is_relation and not f.auto_created and f.related_model is Attachment:
                if model._default_manager.filter(**{f.name: attachment_id}).exists():
                    return str(model._meta.verbose_name)
    return ""


def check_repeated(hazard: Hazard) -> list[QualityWarning]:
    """A description like one of an open hazard of the same unit (only that unit's open hazards are read)."""
    others = (
        Hazard.objects.filter(unit_id=hazard.unit_id, state__in=OPEN_STATES)
        .exclude(pk=hazard.pk)
        .order_by("-found_at", "-id")
        .values_list("pk", "description")[: rules_data.REPEAT_CANDIDATES]
    )
    best = max(((jaccard(hazard.description, text), pk, text) for pk, text in others), default=None)
    if best is None or best[0] < rules_data.REPEAT_SIMILARITY:
        return []
    shown = {"number": best[1], "text": best[2][:40]}
    return [QualityWarning(FlagCode.REPEATED_HAZARD, str(rules_data.MESSAGES["repeated_hazard"]) % shown)]


# --- the hooks -------------------------------------------------------------------------------------------


def on_registered(hazard: Hazard) -> list[QualityWarning]:
    """A hazard was registered (登记): its description, its photos, and whether it repeats an open one."""
    photos = HazardPhoto.objects.filter(hazard=hazard).select_related("attachment")
    found = [*check_text(hazard.description, "description"), *check_photos(hazard, photos), *check_repeated(hazard)]
    return _store(hazard, Record.HAZARD, found)


def on_step(hazard: Hazard, event: HazardEvent, with_photos: bool = True) -> list[QualityWarning]:
    """A signed step was taken: the plan (its measures, funds and deadline), a new deadline, the text of a
    progress or fix, and the step's photos (`with_photos` False: the step signed none, nothing to read)."""
    found: list[QualityWarning] = []
    if event.action == Action.PLAN:
        plan = hazard.plan
        plan_found = [*check_text(plan.measures, "measures"), *check_plan(plan.funds, plan.deadline)]
        plan_found += check_deadline(plan.deadline)
        found += _store(hazard, Record.PLAN, plan_found)
    step: list[QualityWarning] = []
    if event.action == Action.COORDINATE and event.data.get("deadline"):
        step += check_deadline(hazard.deadline)
    if event.action in (Action.PROGRESS, Action.SUBMIT_FIX, Action.FIX_ON_SPOT, Action.VERIFY):
        step += check_text(event.comment, "progress")
    if with_photos:
        step += check_photos(hazard, HazardPhoto.objects.filter(event=event))
    return found + _store(hazard, Record.STEP, step, event)


def _store(
    hazard: Hazard, record: str, found: list[QualityWarning], event: HazardEvent | None = None
) -> list[QualityWarning]:
    """Keep `found` as the flags of the record; a plan saved again loses its earlier flags (a hazard is
    registered once and a signed step never changes, so theirs are only added)."""
    if record == Record.PLAN:
        Flag.objects.filter(hazard=hazard, record=record).delete()
    now = timezone.now()
    Flag.objects.bulk_create(
        Flag(
            hazard=hazard,
            event=event,
            record=record,
            code=w.code,
            message=w.message,
            unit_id=hazard.unit_id,
            region_id=hazard.region_id,
            created_at=now,
        )
        for w in found
    )
    return found


def warnings_of(hazard: Hazard) -> list[QualityWarning]:
    """The flags a hazard carries now (its registration, its plan and its steps), newest first."""
    return [QualityWarning(f.code, f.message) for f in Flag.objects.filter(hazard=hazard)]


def flag_label(code: str) -> str:
    return str(FlagCode(code).label) if code in FlagCode.values else code
