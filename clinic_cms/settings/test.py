"""Test runs: fast password hashing, plain static storage, no debug."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, env_bool

DEBUG = False
SECRET_KEY = SECRET_KEY or "test-only-insecure-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Tests of the page cache switch it on; elsewhere pages are rendered afresh.
PAGE_CACHE = env_bool("PAGE_CACHE", default=False)
# Tests run on an SQLite file, in WAL mode as everywhere else, so that
# concurrent requests and locks behave as they do on a real site.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": str(
            Path(tempfile.gettempdir()) / f"clinic_cms_test_{os.getpid()}.sqlite3"
        )
    }
# Invalidations the cache refused are retried only where a test asks for it.
PAGE_CACHE_RETRY_INTERVAL = int(os.environ.get("PAGE_CACHE_RETRY_INTERVAL", "3600"))
