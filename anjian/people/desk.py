"""The people app's sections of the work desk (core.desk): people short of training hours or overdue, and
certificates expiring within 90 days (or due for review) or already expired. The unit itself sees its people and
certificates; a town, a department or the county office the units of its jurisdiction with the most of them.
Two queries a section: the count and the first few rows (or units)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from anjian.core.desk import Item, Section, section
from anjian.org.choices import Role
from anjian.org.jurisdiction import restrict, roles

from .certificates import needing_attention, with_status
from .choices import CertificateStatus, Compliance
from .models import Certificate, Person
from .rules import current_q, hours_text, with_compliance

ATTENTION = (Compliance.SHORT, Compliance.OVERDUE)
LAPSED = (CertificateStatus.EXPIRED, CertificateStatus.REVIEW_OVERDUE)


def _own_unit_only(user) -> bool:
    return not user.is_superuser and roles(user) == {Role.ENTERPRISE}


def _by_unit(rows: QuerySet, via: str, url: str, limit: int) -> tuple[int, list[Item]]:
    """The number of rows and the units with the most, most first: one grouped query (a unit a row)."""
    grouped = rows.order_by().values(f"{via}enterprise_id", f"{via}enterprise__name").annotate(n=Count("pk"))
    found = sorted(grouped, key=lambda r: (-r["n"], r[f"{via}enterprise__name"]))
    items = [
        Item(text=r[f"{via}enterprise__name"], url=f"{url}&enterprise={r[f'{via}enterprise_id']}", note=str(r["n"]))
        for r in found[:limit]
    ]
    return sum(r["n"] for r in found), items


def _person_note(person: Person) -> str:
    if person.compliance == Compliance.OVERDUE:
        return str(Compliance.OVERDUE.label)
    return _("Short by %(hours)s hours") % {"hours": hours_text(person.training_short_hours)}


@section("people.training", order=60)
def training(user, today: dt.date, limit: int) -> Section | None:
    """People at work in the user's jurisdiction whose training is short of the hours, or overdue."""
    base = restrict(user, Person.objects.filter(current_q(today)))
    if base.query.is_empty():
        return None
    url = reverse("people:list") + "?" + urlencode([("compliance", c) for c in ATTENTION])
    if _own_unit_only(user):
        rows = with_compliance(base, today).filter(compliance__in=ATTENTION)
        found = rows.order_by("-compliance", "name", "pk")[:limit]
        items = [
            Item(text=p.name, url=reverse("people:detail", args=[p.pk]), overdue=p.compliance == Compliance.OVERDUE,
                 note=_person_note(p))
            for p in found
        ]  # fmt: skip
        count = rows.count()
    else:
        rows = with_compliance(base, today, only=("compliance",)).filter(compliance__in=ATTENTION)
        count, items = _by_unit(rows, "", url, limit)
    return Section("people.training", _("People short of training"), count, url, items, tone="warning")


@section("people.certificates", order=61)
def certificates(user, today: dt.date, limit: int) -> Section | None:
    """Certificates of the user's jurisdiction expiring or due for review within 90 days, or lapsed."""
    base = restrict(user, Certificate.objects.all())
    if base.query.is_empty():
        return None
    rows = needing_attention(base, today)
    url = reverse("people:certificates") + "?attention=true"
    if _own_unit_only(user):
        found = with_status(rows, today).select_related("person").order_by("expires_on", "pk")[:limit]
        count = rows.count()
        items = [
            Item(
                text=f"{c.person.name} · {c.title}",
                url=reverse("people:detail", args=[c.person_id]),
                due=min(d for d in (c.expires_on, c.next_review_on) if d),
                overdue=c.status in LAPSED,
                note=str(CertificateStatus(c.status).label),
            )
            for c in found
        ]
    else:
        count, items = _by_unit(rows, "person__", url, limit)
    label = _("Certificates expiring or expired")
    return Section("people.certificates", label, count, url, items, tone="danger")
