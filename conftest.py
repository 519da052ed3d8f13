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


@pytest.fixture
def world(db):
    from anjian.core.testing import build_world

    return build_world()


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
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(username: str) -> APIClient:
        api = APIClient()
        token, _ = Token.objects.get_or_create(user=world.users[username])
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
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
