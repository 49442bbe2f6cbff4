import pytest

from tests.security.world import build_world


@pytest.fixture
def world(db, settings, tmp_path):
    """Two of everything (see world.py): (side A, side B, build problems)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()
