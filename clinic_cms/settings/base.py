"""Settings shared by every environment, read from environment variables.

The defaults are safe for development: an SQLite file, a local-memory cache and
no secrets. ``DATABASE_URL`` selects another database (PostgreSQL in
production) and ``REDIS_URL`` selects the Redis cache.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_NAME = os.environ.get("SITE_NAME", "") or _("Pain Clinic")

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "treebeard",
    "clinic_cms.apps.AxesConfig",
    "csp",
    "django_prose_editor",
    "django_tasks",
    "clinic_cms.apps.TasksDbConfig",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but for the security headers: compresses what every other
    # middleware wrote. The page cache sends its pages already compressed.
    "django.middleware.gzip.GZipMiddleware",
    # Before the page cache: cached pages and static files get the policy too.
    "clinic_cms.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and authentication: a cached page costs no database query.
    "articles.public.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A page not found at an old address answers 301 with its address now.
    "articles.redirects.middleware.RedirectMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A page that cannot read a busy database answers 503 and "try again".
    "clinic_cms.database_busy.DatabaseBusyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login rate limiting: after 5 failed logins for one user name from one address,
# that pair is locked out for an hour. Attempts are kept in the database, so
# every app server sees them. "python manage.py axes_reset" lifts a lock-out.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind TLS proxies every request comes from a proxy's address: with
# TRUSTED_PROXY_COUNT proxies in front, the client's address is the entry that
# many places from the right of X-Forwarded-For. 0: the header is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "clinic_cms.client_address.client_address"

# In the database, so that a login made on one app server holds on every other.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

ROOT_URLCONF = "clinic_cms.urls"
WSGI_APPLICATION = "clinic_cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "clinic_cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic_cms.context_processors.site",
                "articles.public.context.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL: readers never wait for a writer, nor a writer for readers.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        # A transaction takes the write lock when it begins, waiting up to the
        # timeout for it; a deferred one that read first gets "database is
        # locked" at once when another writer committed in between.
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "5")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# A hung or unreachable Redis costs a request this long at most (seconds); the
# page is then served uncached (articles.public.pagecache).
REDIS_TIMEOUTS = {
    "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.2")),
    "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.3")),
}
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "clinic_cms")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "clinic_cms.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": REDIS_TIMEOUTS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The progress of background tasks, which the worker writes and the status page
# reads: in Redis where there is one, otherwise in files beside the database
# (SQLite means one machine). Not in the database, where the import's single
# transaction would hide it until the end or hold the write lock against it.
CACHES["tasks"] = (
    {**CACHES["default"], "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:tasks"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get(
            "TASK_PROGRESS_DIR", str(BASE_DIR / ".task-progress")
        ),
    }
)

# Long work (whole-site imports, rebuilds) runs as django-tasks tasks, queued in
# the database and run by ``python manage.py db_worker`` on any machine that
# reaches it; workers claim a task with SELECT ... FOR UPDATE SKIP LOCKED.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A catalog uploaded in the admin up to this size is checked and applied in the
# request itself; a larger one (60 translated articles and more) goes to a worker.
CATALOG_INLINE_KB = int(os.environ.get("CATALOG_INLINE_KB", "1024"))
# A whole-site catalog download of a site with up to this many articles is
# exported in the request (some 2 s at 1,000); a larger site's by a worker.
CATALOG_EXPORT_INLINE_ARTICLES = int(
    os.environ.get("CATALOG_EXPORT_INLINE_ARTICLES", "1000")
)
# A worker's export is kept in parts of this size, written and served one by one.
CATALOG_DOWNLOAD_PART_KB = int(os.environ.get("CATALOG_DOWNLOAD_PART_KB", "1024"))
# A running task whose worker has not been heard of for this long is taken
# for lost (killed, its machine gone): its page says so and offers a retry.
TASK_STALE_SECONDS = int(os.environ.get("TASK_STALE_SECONDS", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch"))]
# The project's own catalogs (what makemessages writes), then Dutch for installed
# packages that ship none (makemessages leaves that folder alone).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "packages"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Amsterdam")
USE_TZ = True

# Whole public pages are cached for anonymous readers (articles.public.pagecache).
PAGE_CACHE = env_bool("PAGE_CACHE", default=True)
# A cached page is served only while younger than this (seconds, from before it
# read the database), whatever the cache keeps or loses: a change is never served
# stale for longer, with 10 s to spare for the app servers' clocks to differ.
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "50"))
# After a cache fault a process serves pages uncached for this long (seconds)
# before it tries the cache again, so a hung Redis costs one timeout, not many.
PAGE_CACHE_FAULT_PAUSE = float(os.environ.get("PAGE_CACHE_FAULT_PAUSE", "5"))
# How often (seconds) each process looks for invalidations the cache refused
# and retries them: one query, on a reader's request.
PAGE_CACHE_RETRY_INTERVAL = float(os.environ.get("PAGE_CACHE_RETRY_INTERVAL", "10"))

# The largest PO file an import accepts. A catalog of the whole site takes
# about 10 MB per 1,000 articles; raise it for a larger site.
CATALOG_MAX_MB = int(os.environ.get("CATALOG_MAX_MB", "20"))
# The largest old-site file import_article reads (an article is some 10-50 KB).
OLDSITE_MAX_KB = int(os.environ.get("OLDSITE_MAX_KB", "1024"))

# A PO file uploaded in the admin waits for "Apply" this many hours, and a user
# keeps at most this many unapplied (the oldest make room for a new one).
CATALOG_UPLOAD_HOURS = int(os.environ.get("CATALOG_UPLOAD_HOURS", "24"))
CATALOG_UPLOADS_PER_USER = int(os.environ.get("CATALOG_UPLOADS_PER_USER", "5"))

# Days a deleted article stays in the trash, restorable from the admin, before
# python manage.py empty_trash (run from cron daily) removes it for good.
TRASH_DAYS = int(os.environ.get("TRASH_DAYS", "30"))

# Entries in each article's "Related articles" list: editors' picks first, then
# automatic suggestions. After changing it, run: python manage.py rebuild_related
RELATED_ARTICLES_COUNT = int(os.environ.get("RELATED_ARTICLES_COUNT", "5"))

# A missing translation is shown as missing, never silently in another language.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ()

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "clinic_cms" / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "clinic_cms" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Content-Security-Policy (django-csp), enforced on every response. Public pages
# run no inline script or style and need no nonce, so a cached page's header
# is the same for every reader. Admin pages allow one per-request nonce and one
# stylesheet by its hash (see "Content-Security-Policy" in the README);
# clinic_cms.security picks the policy by the view that answered.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        # The rich-text editor's import map is an inline script.
        "script-src": [SELF, NONCE],
        # Tiptap's own stylesheet, which the rich-text editor adds as a <style>
        # element without a nonce (django-prose-editor 0.28). The browser test
        # tells when an upgrade changes it.
        "style-src": [SELF, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The site's public address (the page addresses in translators' catalogs, the
# links of review e-mails), where to report a problem with a source text (the catalog's
# Report-Msgid-Bugs-To), and whether a translated article page names its
# translator (the Last-Translator of the catalog that brought its text).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CATALOG_BUGS_TO = os.environ.get("CATALOG_BUGS_TO", "") or SITE_URL + "/"
SHOW_TRANSLATOR = env_bool("SHOW_TRANSLATOR")
# Medical review (articles.review). An article's next review falls due this many
# months after its last one, unless the article sets its own interval.
REVIEW_INTERVAL_MONTHS = int(os.environ.get("REVIEW_INTERVAL_MONTHS", "36"))
# On: a public revision by an Editor (no publish permission) goes to the review
# queue, and a Medical reviewer or Publisher approves it before it goes live.
REVIEW_WORKFLOW = env_bool("REVIEW_WORKFLOW", default=True)
# Minor corrections and translators' edits need no medical review by default:
# off, an Editor's minor correction waits as a draft for a Publisher, and a
# translator's edit goes live as it always did; on, they are submitted too.
REVIEW_MINOR_CORRECTIONS = env_bool("REVIEW_MINOR_CORRECTIONS", default=False)
REVIEW_TRANSLATIONS = env_bool("REVIEW_TRANSLATIONS", default=False)

# Mail (review notifications and reminders) goes through Django's mail: printed
# to the console in development, sent by SMTP in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# Seconds between an open edit page's pings that show who else has the article
# open (a page not heard from for a minute no longer counts).
EDITING_PING_SECONDS = int(os.environ.get("EDITING_PING_SECONDS", "15"))
