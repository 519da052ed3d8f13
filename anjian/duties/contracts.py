"""Outsourcing and leasing contracts (高府发〔2023〕14号 三（一）6), as plain functions: the unit records its own,
a supervisor records those it finds on a visit; the four conditions of 附件4 注2 are read from the record itself
(models/contracts.py) each time it is saved, so `disorderly` is never typed by anyone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.core import dates
from anjian.core.validators import credit_code_problem

from . import rules, texts
from .choices import ContractKind
from .models import OutsourcingContract

TEXTS = {"subject": 200, "counterparty": 120, "qualification_required": 200, "qualification_held": 200}
FLAGS = ("safety_conditions", "agreement_signed", "duties_defined", "unified_management")
FIELDS = ("kind", *TEXTS, "counterparty_credit_code", *FLAGS, "starts_on", "ends_on")
START_AHEAD_DAYS = 365  # a contract signed ahead starts at most a year later
LONGEST_YEARS = 30  # a lease longer than this is a typing error
STARTS = gettext_lazy("the day the contract starts")
LONGEST = gettext_lazy("a contract runs at most 30 years")


def _dates(values: dict, errors: dict) -> None:
    today = dates.today()
    try:
        values["starts_on"] = dates.check_date(
            values.get("starts_on"), field="starts_on", ceiling=today + dt.timedelta(days=START_AHEAD_DAYS),
            ceiling_reason=dates.DEADLINE_YEAR,
        )  # fmt: skip
    except ValidationError as exc:
        errors.update(exc.message_dict)
        values["starts_on"] = None
    if values.get("ends_on") in (None, ""):
        values["ends_on"] = None
    elif values["starts_on"] is not None:
        start = values["starts_on"]
        try:
            values["ends_on"] = dates.check_date(
                values["ends_on"], field="ends_on", floor=start, floor_reason=STARTS,
                ceiling=start.replace(year=start.year + LONGEST_YEARS, day=min(start.day, 28)), ceiling_reason=LONGEST,
            )  # fmt: skip
        except ValidationError as exc:
            errors.update(exc.message_dict)


def clean_contract(values: dict[str, Any]) -> dict[str, Any]:
    """The contract's values checked together; ValidationError keyed by field with every refusal."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    values, errors = dict(values), {}
    if values.get("kind") not in ContractKind.values:
        errors["kind"] = [_("Choose outsourcing or leasing.")]
    for name, limit in TEXTS.items():
        values[name] = texts.text(values.get(name), name, limit, errors)
    for name in ("subject", "counterparty"):
        if name not in errors and not values[name]:
            errors[name] = [_("This field is required.")]
    code = texts.text(values.get("counterparty_credit_code"), "counterparty_credit_code", 18, errors).upper()
    if code and "counterparty_credit_code" not in errors and (problem := credit_code_problem(code)):
        errors["counterparty_credit_code"] = [problem]
    values["counterparty_credit_code"] = code
    for name in FLAGS:
        if not isinstance(values.get(name), bool):
            errors[name] = [_("Answer yes or no.")]
    _dates(values, errors)
    if errors:
        raise ValidationError(errors)
    return values


def _save(user, contract: OutsourcingContract, values: dict) -> OutsourcingContract:
    for name, value in clean_contract(values).items():
        setattr(contract, name, value)
    contract._history_user = user  # type: ignore[attr-defined]
    contract.save()
    return contract


@transaction.atomic
def record_contract(user, enterprise, **values) -> OutsourcingContract:
    rules.check_keeps_contracts(user, enterprise)
    return _save(user, OutsourcingContract(enterprise=enterprise, created_by=user), values)


@transaction.atomic
def change_contract(user, contract: OutsourcingContract, changes: dict[str, Any]) -> OutsourcingContract:
    """Correct a contract (its history keeps what it said); the flag follows the corrected record."""
    locked = OutsourcingContract.objects.select_for_update().get(pk=contract.pk)
    rules.check_keeps_contracts(user, contract.enterprise)
    current = {name: getattr(locked, name) for name in FIELDS}
    return _save(user, locked, {**current, **changes})
