import os
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property-based tests: bounded and repeatable in the suite; a longer, random
# search with HYPOTHESIS_PROFILE=long (see the README).
hypothesis_settings.register_profile(
    "suite",
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
hypothesis_settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


@pytest.fixture(autouse=True)
def page_cache_health():
    """Each test starts as a process whose cache is up and which has just looked
    for invalidations to retry, so no query count depends on when it runs."""
    from articles.public import pagecache

    pagecache.health_reset()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language, as a fresh process would."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_sessionfinish(session):
    """Remove what SQLite leaves beside the test database file it deleted."""
    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        for suffix in ("-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)


def pytest_collection_modifyitems(items):
    """Mark the tests that drive Chromium, so a run can leave them out."""
    from tests.services import BrowserTestCase

    for item in items:
        if item.cls is not None and issubclass(item.cls, BrowserTestCase):
            item.add_marker(pytest.mark.browser)
