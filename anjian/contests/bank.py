"""The question bank: a question is checked as a whole (kind, text, options, the answer among the options, its
tags) and refused with every problem keyed by its field; the same text twice in one bank is refused as a
duplicate. The web form, the import and the demo all record through `add_question`. A question drawn once never
changes: it is retired (no longer drawn) and written again."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from anjian.core.validators import CONTROL_CHARACTERS_MESSAGE, has_control_characters
from anjian.org.models import Region, Sector

from . import access, rules
from .choices import LETTERS, TRUE_FALSE_OPTIONS, QuestionKind, Topic
from .models import OPTION_MAX, TEXT_MAX, Question

FIELDS = ("region", "kind", "text", "options", "answer", "sector", "topic", "basis", "explanation", "is_demo")
TEXTS = {"text": TEXT_MAX, "basis": 200, "explanation": 1000}
TRUE_WORDS = {"A", "正确", "对", "√", "是", "T", "TRUE", "Y"}
FALSE_WORDS = {"B", "错误", "错", "×", "X", "否", "F", "FALSE", "N"}


def _text(values: dict, name: str, errors: dict, required: bool = False) -> str:
    value = values.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[name] = [_("Enter text.")]
        return ""
    value = value.strip()
    if has_control_characters(value):
        errors[name] = [str(CONTROL_CHARACTERS_MESSAGE)]
    elif required and not value:
        errors[name] = [_("This field is required.")]
    elif len(value) > TEXTS[name]:
        errors[name] = [_("At most %(n)d characters.") % {"n": TEXTS[name]}]
    return value


def _options(kind: str, value: Any, errors: dict) -> list[str]:
    if kind == QuestionKind.TRUE_FALSE:
        return list(TRUE_FALSE_OPTIONS)
    if not isinstance(value, list | tuple):
        errors["options"] = [_("Give the options as a list of texts.")]
        return []
    options = [str(o).strip() if o is not None else "" for o in value]
    while options and not options[-1]:  # empty trailing options (unused columns of the template)
        options.pop()
    if len(options) < 2:
        errors["options"] = [_("A choice question needs at least two options.")]
    elif len(options) > len(LETTERS):
        errors["options"] = [_("At most %(n)d options (A to F).") % {"n": len(LETTERS)}]
    elif any(not o for o in options):
        errors["options"] = [_("An option between two others is empty.")]
    elif any(has_control_characters(o) for o in options):
        errors["options"] = [str(CONTROL_CHARACTERS_MESSAGE)]
    elif any(len(o) > OPTION_MAX for o in options):
        errors["options"] = [_("An option has more than %(n)d characters.") % {"n": OPTION_MAX}]
    elif len({rules.text_key(o) for o in options}) < len(options):
        errors["options"] = [_("Two options are the same.")]
    return options


def _answer(kind: str, value: Any, options: list[str], errors: dict) -> str:
    text = str(value or "").strip().upper()
    if kind == QuestionKind.TRUE_FALSE:
        if text in TRUE_WORDS:
            return "A"
        if text in FALSE_WORDS:
            return "B"
        errors["answer"] = [_("The answer of a true-or-false question is 正确 or 错误.")]
        return ""
    if "options" in errors:
        return ""
    chosen = rules.letters(text, len(options))
    if not text:
        errors["answer"] = [_("Give the letters of the right options.")]
    elif chosen is None:
        last = LETTERS[len(options) - 1]
        errors["answer"] = [_("The answer “%(answer)s” is not among the options A to %(last)s.")
                            % {"answer": text[:10], "last": last}]  # fmt: skip
    elif kind == QuestionKind.SINGLE and len(chosen) != 1:
        errors["answer"] = [_("A single-choice question has exactly one right option.")]
    elif kind == QuestionKind.MULTIPLE and len(chosen) < 2:
        errors["answer"] = [_("A multiple-choice question has at least two right options.")]
    return chosen or ""


def clean(values: dict, region: Region) -> dict:
    """The question's values, checked; ValidationError keyed by field with every problem at once."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    errors: dict = {}
    kind = values.get("kind")
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Choose single choice, multiple choice or true or false.")]
    text = _text(values, "text", errors, required=True)
    options = _options(kind, values.get("options"), errors) if "kind" not in errors else []
    answer = _answer(kind, values.get("answer"), options, errors) if "kind" not in errors else ""
    topic = values.get("topic") or Topic.GENERAL
    if topic not in Topic.values:
        errors["topic"] = [_("Choose one of the topics.")]
    sector = values.get("sector")
    if sector is not None and not isinstance(sector, Sector):
        errors["sector"] = [_("Choose one of the sectors.")]
    cleaned = {
        "kind": kind, "text": text, "options": options, "answer": answer, "sector": sector, "topic": topic,
        "basis": _text(values, "basis", errors), "explanation": _text(values, "explanation", errors),
        "is_demo": bool(values.get("is_demo")), "text_key": rules.text_key(text),
    }  # fmt: skip
    if text and "text" not in errors and Question.objects.filter(region=region, text_key=cleaned["text_key"]).exists():
        errors["text"] = [_("This question is already in the bank.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def bank_region(user, region: Region | None = None) -> Region:
    """The bank the user writes to: the one named (theirs to keep), or their first."""
    regions = access.organiser_regions(user)
    if not regions:
        access.check_organise(user)
    if region is None:
        return regions[0]
    if region.pk not in {r.pk for r in regions}:
        raise PermissionDenied(_("You keep no question bank for %(region)s.") % {"region": region.name})
    return region


@transaction.atomic
def add_question(user, region: Region | None = None, **values) -> Question:
    region = bank_region(user, region)
    question = Question(region=region, created_by=user, **clean(values, region))
    question._history_user = user  # type: ignore[attr-defined]
    question.save()
    return question


def set_active(user, question: Question, active: bool) -> Question:
    """Retire a question (no longer drawn; the attempts that drew it keep it) or bring it back."""
    if not access.managed_questions(user).filter(pk=question.pk).exists():
        raise PermissionDenied(_("Only the bank's keeper may retire its questions."))
    question.active = bool(active)
    question._history_user = user  # type: ignore[attr-defined]
    question.save(update_fields=["active"])
    return question
