"""Test runs: fast password hashing, plain static storage, no debug."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

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
