"""The security log: sign-ins and failures with the address, refusals, exports, role and account changes, tokens;
the audit administrator searches and exports it; nobody else opens it; pruning keeps at least 180 days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from anjian.core import security_log, tokens
from anjian.core.models import SecurityEvent
from anjian.core.testing import PASSWORD, make_user
from anjian.org.choices import Role
from anjian.org.models import RoleAssignment

pytestmark = pytest.mark.django_db


def kinds(**filters) -> list[str]:
    return list(SecurityEvent.objects.filter(**filters).order_by("id").values_list("kind", flat=True))


def test_sign_in_failure_refusal_and_export_are_logged_with_the_address(world):
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.post("/login/", {"username": "gaoxing", "password": "wrong"})
    client.post("/login/", {"username": "gaoxing", "password": PASSWORD})
    failed = SecurityEvent.objects.get(kind="login_failed")
    assert (failed.username, failed.success, failed.address) == ("gaoxing", False, "10.1.2.3")
    assert SecurityEvent.objects.get(kind="login").user == world.users["gaoxing"]
    assert client.get("/audit/").status_code == 403
    denied = SecurityEvent.objects.get(kind="denied")
    assert denied.path == "/audit/" and denied.username == "gaoxing" and not denied.success
    exported = client.get("/hazards/", {"export": "ledger", "state": "open"})
    assert exported.status_code == 200
    export = SecurityEvent.objects.get(kind="export")
    assert export.path == "/hazards/?export=ledger&state=open" and export.username == "gaoxing"
    client.post("/logout/")
    assert "logout" in kinds(username="gaoxing")


def test_role_account_and_token_changes_are_logged(world):
    user = make_user("newclerk", Role.TOWN, region=world.regions["360732104000"])
    assert any(
        "newclerk" in d for d in SecurityEvent.objects.filter(kind="role_change").values_list("detail", flat=True)
    )
    RoleAssignment.objects.filter(user=user).delete()
    user.is_staff = True
    user.save()
    user.set_password("Another-Pass-2026")
    user.save()
    tokens.issue(user, "sync")
    details = " ".join(SecurityEvent.objects.values_list("detail", flat=True))
    assert "removed: newclerk" in details and "is_staff: False → True" in details
    assert {"account_change", "password", "token"} <= set(kinds())


def test_only_the_audit_administrator_searches_and_exports(world, client_for):
    auditor = make_user("auditor", Role.AUDIT_ADMIN)
    Client(REMOTE_ADDR="10.9.9.9").post("/login/", {"username": "qiye1", "password": "bad"})
    for name in ("county", "gaoxing", "leader", "qiye1"):
        assert client_for(name).get("/audit/").status_code == 403
    client = client_for(auditor.username)
    page = client.get("/audit/", {"kind": "login_failed", "address": "10.9.9.9"})
    assert page.status_code == 200 and [e.username for e in page.context["page"].object_list] == ["qiye1"]
    exported = client.get("/audit/", {"kind": "login_failed", "export": "xlsx"})
    assert exported.status_code == 200 and exported["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/audit/", {"date_from": "1899-01-01"}).status_code == 400
    assert client.get("/audit/", {"username": "x\u0007"}).status_code == 400


def test_an_administrator_holds_no_other_role(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        RoleAssignment(user=world.users["county"], role=Role.AUDIT_ADMIN).full_clean()
    auditor = make_user("auditor2", Role.AUDIT_ADMIN)
    with pytest.raises(ValidationError):
        RoleAssignment(user=auditor, role=Role.TOWN, region=world.regions["360732104000"]).full_clean()


def test_pruning_keeps_at_least_180_days(world, settings):
    settings.ANJIAN_SECURITY_LOG_DAYS = 30  # too short for the law: 180 is kept anyway
    now = timezone.now()
    for days in (179, 181):
        SecurityEvent.objects.create(kind="login", username=f"d{days}", at=now - dt.timedelta(days=days))
    assert security_log.prune(now) == 1
    assert set(SecurityEvent.objects.values_list("username", flat=True)) >= {"d179"}
    assert not SecurityEvent.objects.filter(username="d181").exists()
