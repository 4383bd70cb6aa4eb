"""Production: HTTPS only, secrets, hosts and the shared cache from the environment.

Behind a TLS-terminating proxy set ``SECURE_PROXY_SSL_HEADER_ENABLED=1``.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, PAGE_CACHE, REDIS_URL, SECRET_KEY, env_bool

DEBUG = False
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random string of 50 or more characters."
    )
# Each gunicorn worker has a local-memory cache of its own: a publish through
# one would leave the others serving the old page.
if PAGE_CACHE and not REDIS_URL:
    raise ImproperlyConfigured(
        "Set REDIS_URL so that every app server shares the page cache, "
        "or switch the page cache off with PAGE_CACHE=0."
    )

# Workers on other machines report a task's progress where the admin reads it:
# files on one machine's disk would make their tasks look lost.
if (
    DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"
    and not REDIS_URL
    and "TASK_PROGRESS_DIR" not in os.environ
):
    raise ImproperlyConfigured(
        "Set REDIS_URL so that background workers on every machine report "
        "their progress to the admin, or TASK_PROGRESS_DIR to a directory "
        "that the app servers and every worker share."
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
