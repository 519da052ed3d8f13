"""Every page says where scripts may come from (our own files only: no inline script, handler or eval) and which
browser features it may use; no template carries an inline script or an on… handler the policy would refuse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PAGES = ["home", "hazards:list", "registry:enterprise_list", "dashboards:county"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_send_a_policy_without_inline_scripts(world, client_for, name):
    response = client_for("county").get(reverse(name))
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and "unsafe" not in policy["script-src"]
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'self'"
    assert "microphone=()" in response["Permissions-Policy"]
    assert "geolocation=(self)" in response["Permissions-Policy"]


def test_login_page_and_api_carry_the_policy_too(client, world, api_for):
    assert "script-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]
    assert "Permissions-Policy" in api_for("county").get("/api/v1/enterprises/")


def test_api_docs_load_their_script_from_a_url_not_inline(client):
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page and "<script src=" in page


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+=\s*[\"']", re.IGNORECASE)


def test_no_template_carries_an_inline_script_or_handler():
    offending = []
    for path in Path(settings.BASE_DIR).rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or HANDLER.search(text) or "javascript:" in text:
            offending.append(str(path))
    assert offending == []
