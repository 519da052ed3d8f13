"""Schemathesis over the whole OpenAPI schema at /api/schema/: no input may cause a 5xx, and every
answer must match what the schema promises (status body, content type).

Runs against the Django WSGI app in-process, signed in as the county office, on the test world.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from anjian.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

EXPECTED_PATHS = {
    "/api/v1/auth/token/",
    "/api/v1/regions/",
    "/api/v1/regions/{code}/",
    "/api/v1/departments/",
    "/api/v1/departments/{code}/",
    "/api/v1/sectors/",
    "/api/v1/sectors/{code}/",
    "/api/v1/enterprises/",
    "/api/v1/enterprises/{id}/",
    "/api/v1/enterprises/{id}/signboard.pdf/",
    "/api/v1/enterprises/signboards.xlsx/",
    "/api/v1/enterprises/export.xlsx/",
}
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def test_the_schema_declares_every_resource():
    paths = set(schema.raw_schema["paths"])
    assert EXPECTED_PATHS <= paths, EXPECTED_PATHS - paths
    operations = [result.ok() for result in schema.get_all_operations()]
    # 12 paths: 4 read-only pairs (list, retrieve) + token + enterprises CRUD (6) + 3 files.
    assert len(operations) == 3 * 2 + 1 + 6 + 3
    binary = schema.raw_schema["paths"]["/api/v1/enterprises/{id}/signboard.pdf/"]["get"]["responses"]["200"]
    assert binary["content"]["application/pdf"]["schema"]["format"] == "binary"


@pytest.fixture
def keep_test_connection():
    """Requests go straight to the WSGI app, whose request signals would close the test's DB connection
    (fatal on PostgreSQL inside the test transaction); Django's own test client detaches them likewise."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def county_token(world, keep_test_connection):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=world.users["county"]).key


@pytest.fixture
def known_keys(world):
    """Real lookup values, so that generated requests also reach existing records, not only 404s."""
    return {
        "id": [e.pk for e in world.enterprises.values()],
        "code": [*world.regions, *world.departments, *world.sectors],
    }


def _aim_at_known_records(case, known_keys) -> None:
    """Point half of the generated detail requests at records that exist (chosen from the generated value)."""
    for name, value in list((case.path_parameters or {}).items()):
        keys = [str(k) for k in known_keys.get(name, []) if not str(k).startswith(("lj_", "gx_"))]
        digest = sum(str(value).encode())
        if keys and digest % 2 == 0:
            case.path_parameters[name] = keys[digest // 2 % len(keys)]


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, county_token, known_keys):
    _aim_at_known_records(case, known_keys)
    case.call_and_validate(headers={"Authorization": f"Token {county_token}"}, checks=CHECKS)
