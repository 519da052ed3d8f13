"""The sealed identity (PIPL art. 51; 安监总财〔2018〕19号): a named reporter's phone is encrypted at rest — absent from
the database dump, from every API answer, export, log line, e-mail and error report — and shown only to a user holding
the dedicated permission, each view logged (who, when, why, from where) and listed for the county office."""

from __future__ import annotations

import io
import logging
import sys

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from anjian.core.models import SecurityEvent
from anjian.core.testing import database_dump
from anjian.public import sealing, services
from anjian.public.models import IdentityView, PublicReport
from anjian.public.rules import Refused

from .conftest import NAME, PHONE, grant_reveal, named, photo, send

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_the_phone_is_nowhere_in_the_database(world):
    report, _secret = named(photos=[photo()])
    services.perform(world.users["gaoxing"], report, "acknowledge")
    services.reveal(grant_reveal(world.users["county"]), report, "核实奖励发放对象")
    dump = database_dump()
    assert PHONE not in dump and NAME not in dump
    assert report.tracking_code in dump  # the dump did read the report
    assert sealing.unseal(PublicReport.objects.get().phone_sealed) == PHONE  # sealed, not lost


def test_only_a_permitted_user_sees_the_identity_and_every_view_is_logged(world, client_for):
    report, _secret = named()
    for name in ("county", "gaoxing", "yingji", "leader", "qiye1"):
        with pytest.raises(PermissionDenied):
            services.reveal(world.users[name], report, "想看看")
    county = grant_reveal(world.users["county"])
    with pytest.raises(Refused):
        services.reveal(county, report, "")  # a reason is required
    identity = services.reveal(county, report, "联系举报人发放奖励")
    assert (identity.name, identity.phone) == (NAME, PHONE)
    assert PHONE not in repr(identity)
    view = IdentityView.objects.get()
    assert (view.viewer, view.reason, view.report) == (county, "联系举报人发放奖励", report)
    event = SecurityEvent.objects.get(kind="identity_view")
    assert event.user == county and PHONE not in event.detail and str(report.pk) in event.detail
    assert report.events.filter(action="reveal", actor=county).exists()
    # Jurisdiction still applies to a permitted user: a town's clerk with the permission sees only its own.
    other, _s = named(town="360732100000", sector="construction", description="潋江镇某工地夜间违规施工")
    with pytest.raises(PermissionDenied):
        services.reveal(grant_reveal(world.users["gaoxing"]), other, "核查")


def test_an_anonymous_report_has_nothing_to_reveal(world):
    report, _secret = send()
    with pytest.raises(Refused):
        services.reveal(grant_reveal(world.users["county"]), report, "核查")
    assert not IdentityView.objects.exists()


def test_the_county_office_lists_the_views(world, client_for):
    report, _secret = named()
    services.reveal(grant_reveal(world.users["gaoxing"]), report, "电话回访核实情况")
    page = client_for("county").get("/public/identity-views/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "电话回访核实情况" in text and "gaoxing" in text and PHONE not in text
    assert client_for("gaoxing").get("/public/identity-views/").status_code == 403


def test_the_phone_is_in_no_api_answer_nor_export_but_the_reveal(world, api_for, client_for):
    report, secret = named(photos=[photo()])
    gaoxing = world.users["gaoxing"]
    services.perform(gaoxing, report, "acknowledge")
    services.perform(gaoxing, report, "verify")
    services.open_hazard(gaoxing, report, unit=world.enterprises["shop"])
    report.refresh_from_db()
    services.propose(gaoxing, report, basis="illegal_operation", enforcement_action=_penalty(world, report))
    county = api_for("county")
    answers = [
        county.get("/api/v1/reports/"),
        county.get(f"/api/v1/reports/{report.pk}/"),
        county.get("/api/v1/reports/stats/"),
        county.get("/api/v1/rewards/"),
        county.get(f"/api/v1/hazards/{report.hazard_id}/"),
        county.get("/api/v1/hazards/"),
        county.get("/api/v1/desk/"),
        county.post(
            f"/api/v1/reports/{report.pk}/transitions/", {"action": "reply", "public_text": "谢谢"}, format="json"
        ),
        api_for("gaoxing").get("/api/v1/reports/"),
        client_for("county").get(f"/api/v1/public/reports/{report.tracking_code}/", HTTP_X_REPORT_SECRET=secret),
    ]
    for answer in answers:
        assert answer.status_code in (200, 201), (answer.status_code, answer.content[:300])
        assert PHONE not in answer.content.decode() and NAME not in answer.content.decode()
    pages = [
        client_for("county").get("/public/reports/export.xlsx"),
        client_for("county").get("/public/reports/"),
        client_for("county").get(f"/public/reports/{report.pk}/"),
        client_for("county").get(f"/hazards/{report.hazard_id}/"),
        client_for("county").get("/hazards/ledger.xlsx"),
        client_for("county").get("/hazards/general-ledger.xlsx"),
    ]
    for page in pages:
        assert page.status_code == 200
        body = page.content if not page.streaming else b"".join(page.streaming_content)
        assert PHONE.encode() not in body and NAME.encode() not in body
        if page["Content-Type"].startswith("application/vnd.openxmlformats"):
            assert PHONE not in _xlsx_text(body) and NAME not in _xlsx_text(body)
    # The one answer that holds it: the reveal, for a permitted user, logged.
    grant_reveal(world.users["county"])
    revealed = api_for("county").post(f"/api/v1/reports/{report.pk}/reveal/", {"reason": "发放奖励"}, format="json")
    assert revealed.status_code == 200 and revealed.json() == {"name": NAME, "phone": PHONE}
    assert revealed["Cache-Control"] == "no-store"
    assert IdentityView.objects.count() == 1
    refused = api_for("yingji").post(f"/api/v1/reports/{report.pk}/reveal/", {"reason": "发放奖励"}, format="json")
    assert refused.status_code == 403 and PHONE not in refused.content.decode()


def _penalty(world, report):
    import datetime as dt
    from decimal import Decimal

    from anjian.inspections import services as inspections

    action = inspections.record_action(world.users["yingji"], unit=world.enterprises["shop"], kind="penalty",
                                       decided_on=dt.date(2024, 7, 12), description="超量储存烟花爆竹",
                                       target="unit", unit_amount_wan=Decimal("2"))  # fmt: skip
    return action


def _xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)


def test_the_phone_is_in_no_log_line_nor_e_mail(world, caplog, client_for, settings):
    settings.ANJIAN_PUBLIC_FORM_MIN_SECONDS = 0
    caplog.set_level(logging.DEBUG)
    report, _secret = named()
    services.perform(world.users["gaoxing"], report, "acknowledge")
    services.reveal(grant_reveal(world.users["county"]), report, "发放奖励")
    client_for("county").post(f"/public/reports/{report.pk}/reveal/", {"reason": "再次核对"})
    assert PHONE not in caplog.text and NAME not in caplog.text
    assert all(PHONE not in str(m.message()) for m in mail.outbox)


def test_the_phone_is_in_no_error_report(world, monkeypatch, settings):
    """Should anything fail while a named report is saved, the error report (Django's 500 e-mail and page) shows
    neither the posted name and phone nor the local variables that hold them."""
    from anjian.public import antispam
    from anjian.public.api.views import PublicReportViewSet
    from anjian.public.views import reporter

    settings.ANJIAN_PUBLIC_FORM_MIN_SECONDS = 0

    def broken(*args, **kwargs):
        raise RuntimeError("the key store is unreachable")

    monkeypatch.setattr(sealing, "cipher", broken)
    data = {"description": "商铺内存放大量烟花爆竹", "town": "360732104000", "address": "圩上街12号", "identity": "named",
            "name": NAME, "phone": PHONE, "started": antispam.stamp()}  # fmt: skip
    requests = [
        (reporter.report, RequestFactory().post("/public/report/", data)),
        (PublicReportViewSet.as_view({"post": "create"}),
         RequestFactory().post("/api/v1/public/reports/", {**data, "anonymous": "false"})),
    ]  # fmt: skip
    for view, request in requests:
        request._dont_enforce_csrf_checks = True
        with pytest.raises(RuntimeError):
            try:
                view(request)
            except RuntimeError:
                text = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
                raise
        assert "the key store is unreachable" in text  # the report was written …
        assert PHONE not in text and NAME not in text  # … without the identity


def test_the_key_rotates(world, monkeypatch):
    from cryptography.fernet import Fernet

    from .conftest import TEST_KEY

    report, _secret = named()
    old_token = PublicReport.objects.get().phone_sealed
    new_key = Fernet.generate_key().decode()
    monkeypatch.setenv("ANJIAN_REPORT_KEY", f"{new_key},{TEST_KEY}")
    call_command("rotate_report_key", stdout=io.StringIO())
    rotated = PublicReport.objects.get(pk=report.pk)
    assert rotated.phone_sealed != old_token
    monkeypatch.setenv("ANJIAN_REPORT_KEY", new_key)  # the old key dropped
    assert sealing.unseal(rotated.phone_sealed) == PHONE and sealing.unseal(rotated.name_sealed) == NAME


def test_without_an_environment_key_a_private_key_file_is_made_once(world, monkeypatch, tmp_path):
    monkeypatch.delenv("ANJIAN_REPORT_KEY")
    path = tmp_path / "keys" / "report.key"
    monkeypatch.setenv("ANJIAN_REPORT_KEY_FILE", str(path))
    token = sealing.seal(PHONE)
    assert path.exists() and (path.stat().st_mode & 0o777) == 0o600
    first = path.read_text()
    assert sealing.unseal(token) == PHONE and sealing.seal(NAME) and path.read_text() == first
