"""The offline field app's pages: the install manifest, the service worker and three page shells.

The shells carry no records: their data comes from the bundle cached on the phone (GET /api/v1/field/bundle/),
so the service worker can keep them and open them without a signal.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

# What a field page needs, precached by the service worker (kept in step with the templates' <script>/<link>).
FIELD_STATIC = [
    "anjian/field/field.css",
    "vendor/idb/idb.umd.js",
    "anjian/field/store.js",
    "anjian/field/sync.js",
    "anjian/field/page.js",
    "anjian/field/photos.js",
    "anjian/field/home.js",
    "anjian/field/capture.js",
    "anjian/field/inspection.js",
    "anjian/field/logout-guard.js",
    "anjian/field/icon-192.png",
    "anjian/field/icon-512.png",
]
WORKBOX_MODULES = ["workbox-core", "workbox-routing", "workbox-strategies", "workbox-precaching"]
INSPECTION_SHELL_UNIT = 0  # the inspection page of no unit: the page any unit's visit opens from when offline


@lru_cache(maxsize=64)
def _revision(path: str) -> str:
    """A digest of the file's content: the service worker fetches it again when it changes (the URL may not)."""
    found = finders.find(path)
    if not found:
        return ""
    with open(found, "rb") as f:  # noqa: PTH123 - finders return str paths
        return hashlib.sha256(f.read()).hexdigest()[:16]


def _sw_config() -> dict:
    return {
        "workbox": static("vendor/workbox/workbox-sw.js"),
        "modules": {name: static(f"vendor/workbox/{name}.prod.js") for name in WORKBOX_MODULES},
        "scripts": [static(p) for p in ("vendor/idb/idb.umd.js", "anjian/field/store.js", "anjian/field/sync.js")],
        "precache": [{"url": static(p), "revision": _revision(p)} for p in FIELD_STATIC],
        "pages": [
            reverse("field:home"),
            reverse("field:hazard_new"),
            reverse("field:inspection", args=[INSPECTION_SHELL_UNIT]),
        ],
        "inspection_shell": reverse("field:inspection", args=[INSPECTION_SHELL_UNIT]),
        "version": hashlib.sha256("".join(_revision(p) for p in FIELD_STATIC).encode()).hexdigest()[:12],
    }


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: what a phone shows when the app is added to its home screen."""
    data = {
        "name": _("Anjian field work"),
        "short_name": _("Anjian field"),
        "description": _("Register hazards and inspection results on site, with or without a signal."),
        "lang": "zh-CN",
        "start_url": reverse("field:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0d6efd",
        "icons": [
            {"src": static(f"anjian/field/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png", "purpose": "any"}
            for n in (192, 512)
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the root so that its scope is the whole site; never cached by the browser, so a
    new release reaches the phones at their next visit."""
    body = f"self.ANJIAN_SW = {json.dumps(_sw_config())};\n" + _sw_body()
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache, no-store, must-revalidate"
    return response


@lru_cache(maxsize=1)
def _sw_body() -> str:
    return (Path(__file__).parent / "templates" / "field" / "sw.js").read_text(encoding="utf-8")


def _texts() -> dict[str, str]:
    """The words the scripts show, translated here (the pages read them from a JSON block, no inline script)."""
    return {
        "waiting": _("%(n)s waiting to send"),
        "refused": _("Refused (%(n)s)"),
        "all_sent": _("Everything has been sent."),
        "offline": _("No signal: records are kept on this phone and sent when the connection returns."),
        "online": _("Online"),
        "sending": _("Sending…"),
        "saved": _("Kept on this phone; it will be sent when there is a signal."),
        "no_bundle": _("Open this page once with a signal to keep your units on this phone."),
        "bundle_at": _("Units kept on this phone as of %(when)s"),
        "discard_confirm": _("Discard this record? It has not reached the server."),
        "logout_confirm": _(
            "%(n)s records have not been sent yet; signing out deletes them from this phone. Sign out?"
        ),
        "required": _("This field is required."),
        "choose_unit": _("Choose a unit."),
        "photo_failed": _("This photo could not be read."),
        "hazard": _("Hazard"),
        "inspection": _("Inspection"),
        "unknown_unit": _("This unit is not among the units kept on this phone."),
        "failed_items": _("Failed items: %(n)s"),
        "network_error": _("No connection to the server; it will be tried again."),
    }


def _page(request: HttpRequest, template: str, **context) -> HttpResponse:
    context["field_texts"] = _texts()
    context["photo_max_edge"] = settings.ANJIAN_FIELD_PHOTO_MAX_EDGE
    context["photo_quality"] = settings.ANJIAN_FIELD_PHOTO_QUALITY
    return render(request, template, context)


@login_required
@ensure_csrf_cookie
def home(request: HttpRequest) -> HttpResponse:
    return _page(request, "field/home.html")


@login_required
@ensure_csrf_cookie
def hazard_new(request: HttpRequest) -> HttpResponse:
    from anjian.hazards.choices import Source

    return _page(request, "field/hazard_new.html", sources=Source.choices)


@login_required
@ensure_csrf_cookie
def inspection(request: HttpRequest, unit: int) -> HttpResponse:
    """The same shell for every unit: the unit comes from the address, its name and checklist from the bundle."""
    from anjian.inspections.choices import ItemResult, VisitKind

    return _page(request, "field/inspection.html", kinds=VisitKind.choices, results=ItemResult.choices)
