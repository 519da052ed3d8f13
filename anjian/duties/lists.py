"""The city's list of 35 responsibilities and its delivery to every enterprise (兴安办〔2024〕80号 二（二）1:
11月底前, 确保重点任务清单宣贯至每家企业; 三2: 全县3120余家工矿商贸企业), as plain functions: the county office
sets the list (its deadline a setting of the list) and loads its items from the city's file (list_import.py);
towns, departments and the county office record each delivery; the unit acknowledges it (or its supervisor
records the unit's signature on paper); the progress by town against the deadline and the units not reached are
counted in SQL, a fixed number of queries whatever the number of units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from anjian.core import dates
from anjian.core.validators import COMMENT_MAX_LENGTH
from anjian.org.jurisdiction import restrict
from anjian.registry.choices import EnterpriseStatus
from anjian.registry.models import Enterprise

from . import rules, texts
from .choices import DeliveryMethod
from .models import ListDelivery, ResponsibilityList
from .texts import NAME_LIMIT
from .towns import town_length, town_of, towns_by_path

# The list 兴安办〔2024〕80号 二（二）1 names, as the county office's form offers it.
NOTICE_LIST = {
    "title": "赣州市安全生产治本攻坚三年行动生产经营单位重点任务清单",
    "doc_number": "赣市安办〔2024〕51号",
    "cite": "兴安办〔2024〕80号 二（二）1",
    "deadline": dt.date(2024, 11, 30),  # 11月底前 of the notice's year
    "expected_items": 35,
}
# 生产经营单位、企业主要负责人、全员岗位、安全防控、基础管理和应急处置等六大方面 (兴安办〔2024〕80号 二（二）1)
AREAS = ("生产经营单位", "企业主要负责人", "全员岗位", "安全防控", "基础管理", "应急处置")
DELIVERED_DAY = gettext_lazy("the day the list was delivered")
LIST_FIELDS = ("title", "doc_number", "cite", "deadline", "expected_items", "note")


def clean_list(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict = {}
    out = {
        "title": texts.text(values.get("title"), "title", 200, errors),
        "doc_number": texts.text(values.get("doc_number"), "doc_number", 60, errors),
        "cite": texts.text(values.get("cite"), "cite", 200, errors),
        "note": texts.text(values.get("note"), "note", COMMENT_MAX_LENGTH, errors),
    }
    if "title" not in errors and not out["title"]:
        errors["title"] = [_("Give the list's title.")]
    try:
        ceiling = dates.today() + dt.timedelta(days=dates.DEADLINE_DAYS_WITH_REASON)
        out["deadline"] = dates.check_date(values.get("deadline"), field="deadline", ceiling=ceiling,
                                           ceiling_reason=dates.DEADLINE_LONGEST)  # fmt: skip
    except ValidationError as exc:
        errors.update(exc.message_dict)
    expected = values.get("expected_items")
    if isinstance(expected, bool) or not isinstance(expected, int) or not 1 <= expected <= 500:
        errors["expected_items"] = [_("The number of items lies from 1 to 500.")]
    out["expected_items"] = expected
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def save_list(user, responsibility_list: ResponsibilityList | None, **values) -> ResponsibilityList:
    """The county office sets a list (or changes its title, document or deadline)."""
    rules.check_office(user)
    made = responsibility_list or ResponsibilityList(created_by=user)
    for name, value in clean_list(values).items():
        setattr(made, name, value)
    made._history_user = user  # type: ignore[attr-defined]
    made.save()
    return made


# --- deliveries -----------------------------------------------------------------------------------------------


def _delivery_values(user, delivered_on, method, deliverer_name, note) -> dict:
    errors: dict = {}
    values = {
        "deliverer_name": texts.text(deliverer_name, "deliverer_name", NAME_LIMIT, errors) or str(user)[:NAME_LIMIT],
        "note": texts.text(note, "note", 200, errors),
        "method": method or DeliveryMethod.VISIT,
    }
    if values["method"] not in DeliveryMethod.values:
        errors["method"] = [_("Choose how the list was delivered.")]
    try:
        values["delivered_on"] = dates.check_past(delivered_on, field="delivered_on")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def record_delivery(user, responsibility_list, enterprise, delivered_on, method="", deliverer_name="", note=""):
    """A town, department or the county office records that the list reached a unit it supervises."""
    rules.check_supervises(user, enterprise)
    values = _delivery_values(user, delivered_on, method, deliverer_name, note)
    delivery = ListDelivery(list=responsibility_list, enterprise=enterprise, recorded_by=user, **values)
    delivery._history_user = user  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError as exc:
        raise ValidationError({"enterprise": _("The list has already been delivered to this unit.")}) from exc
    return delivery


@transaction.atomic
def deliver_many(user, responsibility_list, enterprise_ids, delivered_on, method="", deliverer_name="", note="") -> int:
    """Deliver at once to the units chosen (a meeting of a town's units): those the user supervises and the list
    has not reached yet; returns how many deliveries were recorded."""
    rules.check_supervisor(user)
    values = _delivery_values(user, delivered_on, method, deliverer_name, note)
    ids = [i for i in enterprise_ids if isinstance(i, int) and not isinstance(i, bool)]
    units = not_reached(user, responsibility_list).filter(pk__in=ids).values_list("pk", flat=True)
    rows = [ListDelivery(list=responsibility_list, enterprise_id=pk, recorded_by=user, **values) for pk in units]
    bulk_create_with_history(rows, ListDelivery, batch_size=500, default_user=user)
    return len(rows)


@transaction.atomic
def acknowledge_delivery(user, delivery: ListDelivery, acknowledged_on=None, name: str = "") -> ListDelivery:
    """The unit acknowledges the list it received (its own user), or its supervisor records the signature the
    unit gave on paper — on or after the delivery, not in the future, once."""
    enterprise = delivery.enterprise
    if not rules.speaks_for(user, enterprise):
        rules.check_supervises(user, enterprise)
    locked = ListDelivery.objects.select_for_update().get(pk=delivery.pk)
    if locked.acknowledged_on is not None:
        raise ValidationError(_("The unit has already acknowledged the list."))
    errors: dict = {}
    who = texts.text(name, "acknowledged_by_name", NAME_LIMIT, errors)
    if not who and "acknowledged_by_name" not in errors:
        who = str(user)[:NAME_LIMIT] if rules.speaks_for(user, enterprise) else ""
        if not who:
            errors["acknowledged_by_name"] = [_("Give the name of the unit's person who signed for it.")]
    try:
        day = dates.check_past(acknowledged_on or dates.today(), field="acknowledged_on", floor=locked.delivered_on,
                               floor_reason=DELIVERED_DAY)  # fmt: skip
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    locked.acknowledged_on, locked.acknowledged_by_name, locked.acknowledgement_recorded_by = day, who, user
    locked._history_user = user  # type: ignore[attr-defined]
    locked.save(update_fields=["acknowledged_on", "acknowledged_by_name", "acknowledgement_recorded_by"])
    return locked


# --- progress -------------------------------------------------------------------------------------------------


def units(user) -> QuerySet:
    """The units the list must reach in the user's jurisdiction: every one not closed."""
    return restrict(user, Enterprise.objects.exclude(status=EnterpriseStatus.CLOSED))


def not_reached(user, responsibility_list) -> QuerySet:
    delivered = ListDelivery.objects.filter(list=responsibility_list, enterprise=OuterRef("pk"))
    return units(user).exclude(Exists(delivered))


@dataclass
class TownProgress:
    town: object
    units: int = 0
    delivered: int = 0
    acknowledged: int = 0

    @property
    def not_reached(self) -> int:
        return self.units - self.delivered

    @property
    def percent(self) -> int:
        return round(100 * self.delivered / self.units) if self.units else 0


@dataclass
class Progress:
    towns: list[TownProgress] = field(default_factory=list)
    total: TownProgress = field(default_factory=lambda: TownProgress(None))
    days_left: int = 0


def progress(user, responsibility_list, today: dt.date) -> Progress:
    """Units, deliveries and acknowledgements by town within the user's jurisdiction: three queries."""
    length = town_length()
    town = town_of("region__path", length)
    counted = {r["t"]: r["n"] for r in units(user).order_by().annotate(t=town).values("t").annotate(n=Count("pk"))}
    reached = (
        restrict(user, ListDelivery.objects.filter(list=responsibility_list))
        .exclude(enterprise__status=EnterpriseStatus.CLOSED)
        .order_by()
        .annotate(t=town_of("enterprise__region__path", length))
        .values("t")
        .annotate(n=Count("pk"), a=Count("pk", filter=Q(acknowledged_on__isnull=False)))
    )
    delivered = {r["t"]: (r["n"], r["a"]) for r in reached}
    found = towns_by_path(set(counted) | set(delivered))
    out = Progress(days_left=(responsibility_list.deadline - today).days)
    for path in sorted(found):
        n, a = delivered.get(path, (0, 0))
        row = TownProgress(found[path], counted.get(path, 0), n, a)
        out.towns.append(row)
        out.total.units += row.units
        out.total.delivered += row.delivered
        out.total.acknowledged += row.acknowledged
    return out
