"""A hazard's county and town, kept on the row: filled wherever hazards are written, and jurisdiction through them
sees exactly what the region path decides (a province of two generated counties)."""

from __future__ import annotations

import io
import random

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F, Q
from django.test import override_settings

from anjian.hazards.models import Hazard, HazardEvent
from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import in_region, restrict
from anjian.org.models import Region, RoleAssignment

SIZES = {"units_per_county": 40, "hazards_per_county": 150, "visits_per_county": 5, "risk_points_per_county": 5}


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            call_command("generate_province", counties=2, seed=11, stdout=io.StringIO(), **SIZES)
            yield
            transaction.set_rollback(True)


@pytest.fixture
def province(generated, db):
    return None


def ancestors_by_path() -> dict[int, tuple[int | None, int | None]]:
    """Each hazard's county and town, found from its region's path in Python."""
    by_path = {p: (pk, level) for pk, p, level in Region.objects.values_list("pk", "path", "level")}
    found = {}
    for pk, path in Hazard.objects.values_list("pk", "region__path"):
        codes = path.split("/")[:-1]
        prefixes = ["".join(f"{c}/" for c in codes[: n + 1]) for n in range(len(codes))]
        levels = {by_path[p][1]: by_path[p][0] for p in prefixes}
        found[pk] = (levels.get(RegionLevel.COUNTY), levels.get(RegionLevel.TOWN))
    return found


def kept() -> dict[int, tuple[int | None, int | None]]:
    return {pk: (c, t) for pk, c, t in Hazard.objects.values_list("pk", "county_id", "town_id")}


def by_path(assignment) -> set[int]:
    """What the role saw when jurisdiction went by the region path alone (before the county and town columns)."""
    condition = Q(region__path__startswith=assignment.region.path)
    if assignment.role == Role.GRID_WORKER:
        condition |= Q(grid_id=assignment.region_id)
    return set(Hazard.objects.filter(condition).values_list("pk", flat=True))


def test_generated_hazards_and_events_carry_their_county_and_town(province):
    found = ancestors_by_path()
    assert len({c for c, _ in found.values()}) == 2
    assert kept() == found
    wrong = HazardEvent.objects.exclude(county_id=F("hazard__county_id"))
    assert HazardEvent.objects.count() > Hazard.objects.count()
    assert not wrong.exists()


def test_the_migration_fills_existing_rows_from_the_region_path(province):
    from importlib import import_module

    migration = import_module("anjian.hazards.migrations.0006_county_columns")
    expected = kept()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the signed steps' guard (core/pg_guard.py), as the migration does
            cursor.execute("SELECT set_config('anjian.maintenance', 'on', true)")
        Hazard.objects.update(county=None, town=None)
        HazardEvent.objects.update(county=None)
        migration.fill(cursor, connection.vendor)
    assert kept() == expected
    assert not HazardEvent.objects.filter(county__isnull=True).exists()


def test_a_saved_hazard_follows_its_region_and_its_events_copy_the_county(province):
    hazard = Hazard.objects.filter(town__isnull=False).first()
    elsewhere = Region.objects.filter(level=RegionLevel.VILLAGE).exclude(path__startswith=hazard.county.path).first()
    hazard.region = elsewhere
    hazard.save(update_fields=["region"])
    hazard.refresh_from_db()
    assert hazard.town_id == elsewhere.parent_id
    assert hazard.county.level == RegionLevel.COUNTY and elsewhere.path.startswith(hazard.county.path)
    event = HazardEvent.objects.filter(hazard=hazard).first()
    event.pk = None
    event.county = None
    event.save()
    assert HazardEvent.objects.get(pk=event.pk).county_id == hazard.county_id


@pytest.mark.parametrize("role", [Role.TOWN, Role.GRID_WORKER, Role.COUNTY_OFFICE])
def test_a_role_sees_what_the_region_path_decides(province, role):
    assignments = list(RoleAssignment.objects.filter(role=role).select_related("user", "region"))
    assert assignments
    for assignment in random.Random(3).sample(assignments, min(6, len(assignments))):
        seen = set(restrict(assignment.user, Hazard.objects.all()).values_list("pk", flat=True))
        assert seen == by_path(assignment), assignment.user.username
    assert any(by_path(a) for a in assignments)  # not a comparison of empty sets


def test_a_department_sees_its_sectors_and_charge_within_its_county(province):
    assignments = list(RoleAssignment.objects.filter(role=Role.DEPARTMENT).select_related("user", "department"))
    for assignment in random.Random(5).sample(assignments, min(6, len(assignments))):
        department = assignment.department
        charge = Q(sector__in=department.sectors.all()) | Q(responsible_department=department)
        expected = Hazard.objects.filter(charge, region__path__startswith=department.region.path)
        seen = restrict(assignment.user, Hazard.objects.all())
        assert set(seen.values_list("pk", flat=True)) == set(expected.values_list("pk", flat=True))


def test_the_province_office_and_the_region_filter_see_each_county_and_town(province):
    province_office = RoleAssignment.objects.filter(region__level=RegionLevel.PROVINCE).first()
    if province_office is not None:
        assert restrict(province_office.user, Hazard.objects.all()).count() == Hazard.objects.count()
    for region in Region.objects.filter(level__in=(RegionLevel.COUNTY, RegionLevel.TOWN, RegionLevel.CITY))[:12]:
        expected = Hazard.objects.filter(region__path__startswith=region.path)
        assert set(in_region(Hazard.objects.all(), region)) == set(expected)
