"""Schemathesis over the duties' part of the OpenAPI schema, as tests/test_api_schema.py does for the whole: no
input may cause a 5xx, and every status, content type and body is the documented one — signed in as the county
office (who supervises) and as an enterprise (who records and signs), on a world with real records."""

from __future__ import annotations

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from anjian.wsgi import application

CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"generation": {"mode": "positive"}}}})
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)
DUTIES = r"^/api/v1/(duty-|list-deliveries|outsourcing-contracts)"
RESOURCES = ("duty-occurrences", "duty-reports", "list-deliveries", "outsourcing-contracts", "duty-items",
             "duty-lists", "duty-report-templates")  # fmt: skip
EXAMPLES = 25


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
def duty_data(django_db_setup, django_db_blocker, keep_test_connection, tmp_path_factory):
    """Tokens of the county office and of qiye1, and real ids of every duties resource."""
    import datetime as dt

    from django.test import override_settings
    from django.utils import timezone

    from anjian.core import tokens as api_tokens
    from anjian.core.testing import build_world
    from anjian.duties import lists, services
    from anjian.duties.models import DutyItem, DutyOccurrence, ReportTemplate

    from .test_contracts import ORDERLY

    test_settings = override_settings(
        MEDIA_ROOT=tmp_path_factory.getbasetemp() / "media",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with test_settings, django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        today = timezone.localdate()
        services.generate_occurrences(today)
        shop = world.enterprises["shop"]
        template = ReportTemplate.objects.get()
        report = services.create_report(world.users["qiye1"], shop, template, ["履职", "", ""])
        the_list = services.save_list(world.users["county"], None, **lists.NOTICE_LIST)
        delivery = services.record_delivery(world.users["county"], the_list, shop, today)
        contract = services.record_contract(
            world.users["qiye1"], shop, **(ORDERLY | {"starts_on": today - dt.timedelta(days=10), "ends_on": None})
        )
        keys = {
            "duty-occurrences": list(DutyOccurrence.objects.filter(enterprise=shop).values_list("pk", flat=True)[:5]),
            "duty-reports": [report.pk],
            "list-deliveries": [delivery.pk],
            "outsourcing-contracts": [contract.pk],
            "duty-items": list(DutyItem.objects.values_list("pk", flat=True)),
            "duty-lists": [the_list.pk],
            "duty-report-templates": [template.pk],
            "enterprise": [e.pk for e in world.enterprises.values()],
            "template": [template.pk],
            "list": [the_list.pk],
        }
        tokens = {name: api_tokens.issue(world.users[name])[1] for name in ("county", "qiye1")}
        yield tokens, keys
        transaction.set_rollback(True)


def _aim(case, keys: dict) -> None:
    """Half of the generated ids and references point at records that exist (chosen from the value)."""
    resource = next((r for r in RESOURCES if f"/{r}/" in case.path), None)
    for name, value in list((case.path_parameters or {}).items()):
        found = keys.get(resource, []) if name == "id" else []
        digest = sum(str(value).encode())
        if found and digest % 2 == 0:
            case.path_parameters[name] = found[digest // 2 % len(found)]
    if isinstance(case.body, dict):
        for name in ("enterprise", "template", "list"):
            if name in case.body and sum(str(case.body[name]).encode()) % 2 == 0:
                case.body[name] = keys[name][0]


def _call(case, duty_data, who: str) -> None:
    tokens, keys = duty_data
    _aim(case, keys)
    with transaction.atomic():
        try:
            case.call_and_validate(
                headers={"Authorization": f"Token {tokens[who]}"},
                excluded_checks=[positive_data_acceptance, negative_data_rejection, ignored_auth],
            )
        finally:
            transaction.set_rollback(True)


@pytest.mark.django_db
@schema.include(path_regex=DUTIES).parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_as_the_county_office(case, duty_data):
    _call(case, duty_data, "county")


@pytest.mark.django_db
@schema.include(path_regex=DUTIES).parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_as_an_enterprise(case, duty_data):
    _call(case, duty_data, "qiye1")
