"""Schemathesis over the emergency endpoints of /api/schema/: no input causes a 5xx, every answer is the documented
one, every refusal is documented (as tests/test_api_schema.py checks for the whole API, on this app's records)."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from anjian.wsgi import application

CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"generation": {"mode": "positive"}}}})
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)
MINE = r"^/api/v1/(drills|emergency-plans|accidents|drill-requirements)/"
PATHS = {
    "/api/v1/drills/",
    "/api/v1/drills/{id}/",
    "/api/v1/drills/{id}/photos/",
    "/api/v1/emergency-plans/",
    "/api/v1/emergency-plans/{id}/",
    "/api/v1/emergency-plans/{id}/revise/",
    "/api/v1/emergency-plans/{id}/document/",
    "/api/v1/accidents/",
    "/api/v1/accidents/{id}/",
    "/api/v1/accidents/{id}/report/",
    "/api/v1/drill-requirements/",
    "/api/v1/drill-requirements/{id}/",
}


def test_the_schema_declares_the_endpoints_and_their_refusals():
    paths = {p for p in schema.raw_schema["paths"] if p.startswith(tuple(x.split("{")[0] for x in PATHS))}
    assert PATHS <= paths, PATHS - paths
    for path in PATHS:
        for method, operation in schema.raw_schema["paths"][path].items():
            responses = set(operation["responses"])
            assert {"401", "403"} <= responses, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if method != "get":
                assert "400" in responses, (method, path)
            assert operation.get("tags") == ["emergency"], (method, path)


@pytest.fixture(scope="module")
def keep_test_connection():
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_data(django_db_setup, django_db_blocker, keep_test_connection, tmp_path_factory):
    """The county office's token and real ids, made once for the module and rolled back at its end."""
    from django.test import override_settings

    from anjian.core import tokens
    from anjian.core.testing import build_world
    from anjian.emergency import services

    test_settings = override_settings(
        MEDIA_ROOT=tmp_path_factory.getbasetemp() / "media",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with test_settings, django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        county, shop = world.users["county"], world.enterprises["shop"]
        day = dt.date.today() - dt.timedelta(days=3)
        plan = services.record_plan(county, enterprise=shop, title="预案", kind="comprehensive", version="1",
                                    issued_on=day)  # fmt: skip
        drill = services.record_drill(county, enterprise=shop, kind="fire", held_on=day, participants=5, plan=plan)
        accident = services.record_accident(county, enterprise=shop, occurred_at=dt.datetime.now().astimezone() -
                                            dt.timedelta(days=2), summary="火灾")  # fmt: skip
        place = services.name_place(county, enterprise=world.enterprises["school"], people=500, counted_from=day,
                                    required_by=day + dt.timedelta(days=30))  # fmt: skip
        known = {
            "drills": [drill.pk],
            "emergency-plans": [plan.pk],
            "accidents": [accident.pk],
            "drill-requirements": [place.pk],
            "enterprise": [e.pk for e in world.enterprises.values()],
            "plan": [plan.pk],
        }
        yield tokens.issue(county)[1], known
        transaction.set_rollback(True)


def _aim(case, known) -> None:
    resource = next(
        r for r in ("drills", "emergency-plans", "accidents", "drill-requirements") if f"/{r}/" in case.path
    )
    if case.path_parameters and "id" in case.path_parameters and sum(str(case.path_parameters["id"]).encode()) % 2 == 0:
        case.path_parameters["id"] = str(known[resource][0])
    if isinstance(case.body, dict):
        for name in ("enterprise", "plan"):
            if name in case.body and sum(str(case.body[name]).encode()) % 2 == 0:
                case.body[name] = known[name][0]


@pytest.mark.django_db
@schema.include(path_regex=MINE).parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_endpoints_conform_to_their_schema(case, api_data):
    token, known = api_data
    _aim(case, known)
    with transaction.atomic():
        try:
            case.call_and_validate(
                headers={"Authorization": f"Token {token}"},
                excluded_checks=[positive_data_acceptance, negative_data_rejection, ignored_auth],
            )
        finally:
            transaction.set_rollback(True)
