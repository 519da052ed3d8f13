"""No developer words reach a user: the requirement documents are cited by their issuer and number
(兴国县高兴镇 高府发〔2023〕14号 …), never as "seed 004" or "种子文件004", on pages, in the API docs and
in the exported files."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from anjian.core.testing import make_user
from anjian.hazards import services
from anjian.inspections import services as inspection_services
from anjian.inspections.checklists import checklist_for, load_checklists
from anjian.org.choices import Role

DEVELOPER_WORDS = re.compile(r"seed|种子", re.IGNORECASE)


@pytest.fixture
def scene(world):
    """A major hazard found in an inspection (so the listing proposal shows), a visit with check items."""
    load_checklists()
    yingji, shop = world.users["yingji"], world.enterprises["shop"]
    second = make_user("yingji2", Role.DEPARTMENT, department=world.departments["yingji"])
    visit = inspection_services.create_inspection(
        yingji,
        unit=shop,
        kind="routine",
        visit_date=timezone.localdate(),
        inspectors=[yingji, second],
        checklist=checklist_for(shop.sector),
    )
    hazard = services.register_hazard(yingji, shop, description="超量储存", source="department_inspection")
    services.perform(yingji, hazard, "assess", grade="major", major_reason="超量储存")
    return {"visit": visit, "hazard": hazard, "shop": shop}


def workbook_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value)


def test_pages_api_docs_and_files_cite_notices_not_seeds(world, scene, client_for):
    client = client_for("yingji")
    hazard, shop, visit = scene["hazard"], scene["shop"], scene["visit"]
    pages = [
        reverse("hazards:list"),
        reverse("hazards:detail", args=[hazard.pk]),
        reverse("hazards:act", args=[hazard.pk, "supervise"]),
        reverse("hazards:tasks"),
        reverse("hazards:stats"),
        reverse("hazards:quota"),
        reverse("registry:enterprise_list"),
        reverse("registry:enterprise_detail", args=[shop.pk]),
        reverse("risk:point_list"),
        reverse("inspections:list"),
        reverse("inspections:detail", args=[visit.pk]),
        reverse("inspections:actions"),
        reverse("inspections:action_new"),
        reverse("inspections:figures"),
        "/api/schema/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert not DEVELOPER_WORDS.search(body), (url, DEVELOPER_WORDS.search(body))
    assert "高府发〔2023〕14号" in client.get(reverse("inspections:detail", args=[visit.pk])).content.decode()
    for url in (reverse("hazards:ledger"), reverse("hazards:general_ledger"), reverse("registry:signboards_export")):
        text = workbook_text(client.get(url).content)
        assert not DEVELOPER_WORDS.search(text), url
