"""Shared pieces of the people tests: a frozen day, valid ID numbers, and helpers that record through the
services (as a clerk would)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from anjian.people import certificates, services
from anjian.people.validators import id_check_char

NOW = dt.datetime(2024, 7, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
GAOXING, LIANJIANG, COUNTY = "360732104000", "360732100000", "360732000000"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def id_number(serial: int, born: str = "19800101", region: str = "360732") -> str:
    first17 = f"{region}{born}{serial % 1000:03d}"
    return first17 + id_check_char(first17)


def person(world, unit: str = "mine", serial: int = 1, categories=(), user: str = "county", **values):
    values.setdefault("name", f"员工{serial}")
    return services.add_person(
        world.users[user],
        enterprise=world.enterprises[unit],
        id_number=id_number(serial),
        categories=list(categories),
        **values,
    )


def training(world, who, hours, date, kind="initial", user: str = "county", **values):
    values.setdefault("course", "安全培训")
    return services.add_training(world.users[user], person=who, kind=kind, hours=hours, date=date, **values)


def certificate(world, who, issued_on, kind="special_operation", operation_type="welding", user="county", **values):
    values.setdefault("number", f"T{who.id_number}-{(operation_type or 'Q')[:4]}{issued_on:%y%m%d}")
    values.setdefault("issuer", "赣州市应急管理局")
    if kind == "safety_qualification":
        operation_type = ""
    return certificates.add_certificate(
        world.users[user], person=who, kind=kind, operation_type=operation_type, issued_on=issued_on, **values
    )
