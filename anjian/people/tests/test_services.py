"""Registering people, absences and training through the services: one ID number is one person within a unit,
the categories and their operation, the dates' bounds, who may write for which unit; every refusal keyed by
field, nothing stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.people import services
from anjian.people.models import Absence, Person, TrainingRecord

from .conftest import id_number, person, training

pytestmark = pytest.mark.usefixtures("frozen", "english")
D = dt.date


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_one_id_number_is_one_person_within_a_unit(world):
    first = person(world, "mine", 1, name="李四")
    errors = refusal(lambda: person(world, "mine", 1, name="李四四"))
    assert "李四 is already registered at this unit" in errors["id_number"][0]
    assert person(world, "park_chem", 1).id_number == first.id_number  # the same person at another unit
    second = person(world, "mine", 2)
    errors = refusal(lambda: services.change_person(world.users["county"], second, {"id_number": first.id_number}))
    assert "id_number" in errors
    assert Person.objects.count() == 3


def test_the_number_is_stored_whole_and_normalised(world):
    number = id_number(7)
    made = services.add_person(world.users["qiye1"], enterprise=world.enterprises["shop"], name="王五",
                               id_number=f" {number[:6]} {number[6:].lower()} ")  # fmt: skip
    assert made.id_number == number and made.masked_id_number == number[:4] + "*" * 10 + number[-4:]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"id_number": "360732198001010015"}, "id_number"),  # a wrong check character
        ({"id_number": ""}, "id_number"),
        ({"id_number": 360732198001010014}, "id_number"),
        ({"name": ""}, "name"),
        ({"name": "张三\u0000"}, "name"),
        ({"name": "名" * 41}, "name"),
        ({"categories": ["boss"]}, "categories"),
        ({"categories": "principal"}, "categories"),
        ({"categories": ["special_operation"]}, "operation_type"),  # which operation?
        ({"operation_type": "welding"}, "operation_type"),  # only a special-operation worker has one
        ({"categories": ["special_operation"], "operation_type": "juggling"}, "operation_type"),
        ({"appointed_on": D(2024, 1, 1)}, "appointed_on"),  # only a principal or a safety manager
        ({"categories": ["principal"], "appointed_on": D(2024, 7, 16)}, "appointed_on"),
        ({"started_on": D(2025, 7, 16)}, "started_on"),  # more than a year ahead
        ({"started_on": D(1899, 12, 31)}, "started_on"),
        ({"started_on": D(2024, 1, 1), "left_on": D(2023, 12, 31)}, "left_on"),
        ({"left_on": "2024-13-01"}, "left_on"),
    ],
)
def test_bad_person_values_are_refused_by_field(world, values, field):
    base = {"enterprise": world.enterprises["mine"], "name": "张三", "id_number": id_number(1)}
    errors = refusal(lambda: services.add_person(world.users["county"], **(base | values)))
    assert field in errors, errors
    assert not Person.objects.exists()


def test_who_may_register_whom(world):
    base = {"name": "张三", "id_number": id_number(1)}
    for username in ("leader", "grid1", "expert1"):
        with pytest.raises(PermissionDenied):
            services.add_person(world.users[username], enterprise=world.enterprises["site"], **base)
    for username, unit in (("qiye1", "mine"), ("gaoxing", "school"), ("yingji", "site")):
        errors = refusal(
            lambda u=username, e=unit: services.add_person(world.users[u], enterprise=world.enterprises[e], **base)
        )
        assert "No unit with this id within your jurisdiction" in errors["enterprise"][0]
    assert not Person.objects.exists()
    for username, unit in (("qiye1", "shop"), ("gaoxing", "mine"), ("yingji", "park_chem"), ("county", "site")):
        services.add_person(world.users[username], enterprise=world.enterprises[unit], **base)
    moved = Person.objects.get(enterprise=world.enterprises["shop"])
    errors = refusal(
        lambda: services.change_person(world.users["county"], moved, {"enterprise": world.enterprises["mine"]})
    )
    assert "enterprise" in errors
    with pytest.raises(PermissionDenied):
        services.change_person(
            world.users["qiye1"], Person.objects.get(enterprise=world.enterprises["mine"]), {"post": "x"}
        )


def test_changes_keep_their_history(world):
    made = person(world, "mine", 1, ["principal"], appointed_on=D(2024, 1, 15))
    changed = services.change_person(world.users["yingji"], made, {"post": "总经理", "categories": ["safety_manager"]})
    assert changed.is_safety_manager and not changed.is_principal and changed.assessment_due_on == D(2024, 7, 15)
    assert [h.history_user.username for h in changed.history.order_by("history_id")] == ["county", "yingji"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"hours": -1}, "hours"),
        ({"hours": 0}, "hours"),
        ({"hours": "201"}, "hours"),
        ({"hours": "1.25"}, "hours"),
        ({"hours": "NaN"}, "hours"),
        ({"hours": "abc"}, "hours"),
        ({"hours": True}, "hours"),
        ({"date": D(2024, 7, 16)}, "date"),
        ({"date": D(1999, 12, 31)}, "date"),
        ({"kind": "fun"}, "kind"),
        ({"result": "so-so"}, "result"),
        ({"course": ""}, "course"),
        ({"course": "课\u001b"}, "course"),
        ({"person": None}, "person"),
    ],
)
def test_bad_training_is_refused_by_field(world, values, field):
    who = person(world, "mine", 1)
    base = {"person": who, "kind": "initial", "course": "岗前培训", "hours": 24, "date": D(2024, 7, 1)}
    errors = refusal(lambda: services.add_training(world.users["county"], **(base | values)))
    assert field in errors, errors
    assert not TrainingRecord.objects.exists()


def test_training_of_a_person_of_another_unit_is_refused(world):
    who = person(world, "mine", 1)
    errors = refusal(lambda: training(world, who, 24, D(2024, 7, 1), enterprise=world.enterprises["shop"]))
    assert "works at 兴国县某某矿业有限公司" in errors["person"][0]
    errors = refusal(lambda: training(world, who, 24, D(2024, 7, 1), user="qiye1"))
    assert "No person with this id" in errors["person"][0]
    assert not TrainingRecord.objects.exists()


def test_absences_do_not_overlap_and_come_back_after_leaving(world):
    who = person(world, "mine", 1)
    county = world.users["county"]
    services.add_absence(county, person=who, away_from=D(2024, 1, 10), back_on=D(2024, 4, 10), reason="病假")
    assert Absence.objects.get().long_absence
    assert "away_from" in refusal(lambda: services.add_absence(county, person=who, away_from=D(2024, 4, 1)))
    assert "back_on" in refusal(
        lambda: services.add_absence(county, person=who, away_from=D(2024, 5, 1), back_on=D(2024, 5, 1))
    )
    assert "away_from" in refusal(lambda: services.add_absence(county, person=who, away_from=D(2024, 7, 16)))
    still_away = services.add_absence(county, person=who, away_from=D(2024, 6, 1))
    assert not still_away.long_absence
    back = services.change_absence(county, still_away, {"back_on": D(2024, 9, 1)})
    assert back.long_absence
    services.delete_record(county, back)
    assert Absence.objects.count() == 1
