import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that by default.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True, scope="session")
def _data_dirs():
    """WhiteNoise warns on every request when STATIC_ROOT is missing."""
    from django.conf import settings

    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploaded photos and plans of tests never land in the real media folder."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def _no_policy_violation(request):
    """A browser test fails when chromium refuses anything under the Content-Security-Policy (an inline script,
    an event handler attribute, eval, an asset from elsewhere): the pages must work under the policy they send."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    if not hasattr(page, "on"):  # a test's own parameter named `page`, not Playwright's
        yield
        return
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    yield
    assert not refused, refused


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the public endpoints' rate limits (anjian.public.throttling) live there."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _report_key_in_tmp(monkeypatch, tmp_path_factory):
    """Sealed reporters' identities (anjian.public.sealing) use a key file of the test run, never the data folder's."""
    if "ANJIAN_REPORT_KEY" not in os.environ:
        monkeypatch.setenv("ANJIAN_REPORT_KEY_FILE", str(tmp_path_factory.getbasetemp() / "report.key"))


@pytest.fixture(autouse=True)
def _auth_key_in_tmp(monkeypatch, tmp_path_factory):
    """The second factor's sealed secrets (anjian.mfa.sealing) likewise."""
    if "ANJIAN_AUTH_KEY" not in os.environ:
        monkeypatch.setenv("ANJIAN_AUTH_KEY_FILE", str(tmp_path_factory.getbasetemp() / "auth.key"))


@pytest.fixture
def world(db):
    from anjian.core.testing import build_world

    return build_world()


@pytest.fixture
def two_counties(world):
    """The world with 于都县 beside 兴国县, and the offices of 赣州市 and 江西省 above both (core/testing.py)."""
    from anjian.core.testing import build_second_county

    return build_second_county(world)


@pytest.fixture
def client_for(client):
    """Log the test client in as one of the world's users by username."""

    def login(username: str):
        from anjian.org.models import User

        client.force_login(User.objects.get(username=username))
        return client

    return login


@pytest.fixture
def api_for(world):
    """A DRF APIClient authenticated with the given world user's token."""
    from rest_framework.test import APIClient

    from anjian.core import tokens

    keys: dict[str, str] = {}

    def make(username: str) -> APIClient:
        api = APIClient()
        if username not in keys:
            token, keys[username] = tokens.issue(world.users[username])
            # Tests travel in time: their tokens outlive any journey (expiry has tests of its own).
            token.expires_at = token.created_at.replace(year=token.created_at.year + 20)
            token.save(update_fields=["expires_at"])
        api.credentials(HTTP_AUTHORIZATION=f"Token {keys[username]}")
        return api

    return make


@pytest.fixture
def no_cjk_font(monkeypatch):
    """Noto Sans/Serif CJK cannot be opened, wherever it lies (as on a machine without fonts-noto-cjk)."""
    from PIL import ImageFont

    from anjian.risk import fourcolour

    truetype = ImageFont.truetype

    def without_cjk(font=None, *args, **kwargs):
        if "CJK" in str(font):
            raise OSError("cannot open resource")
        return truetype(font, *args, **kwargs)

    monkeypatch.setattr(ImageFont, "truetype", without_cjk)
    fourcolour._font_file.cache_clear()
    fourcolour.font.cache_clear()
    yield
    fourcolour._font_file.cache_clear()
    fourcolour.font.cache_clear()
