"""Two app servers in front of one PostgreSQL and one Redis behave as one site.

Each server is a real gunicorn process. Nothing a request leaves behind may
stay in one server's memory: a page cached by one is retired by a publish
through the other, a login made on one is valid on the other, and a lock-out
earned on one holds on the other.
"""

import ctypes
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from http.cookiejar import CookieJar
from pathlib import Path
from unittest import skipUnless
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import (
    HTTPCookieProcessor,
    HTTPRedirectHandler,
    Request,
    build_opener,
)

import redis
from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase

from articles.models import PageInvalidation, Revision
from bench.browser import post_form as form_fields
from tests.factories import make_article, staff
from tests.helpers import PAGE
from tests.services import RedisServer, redis_is_running, redis_server_installed

REDIS_URL = "redis://127.0.0.1:6379/14"  # used by no other test; flushed here
LOCKOUT_AFTER = 3

Fields = list[tuple[str, str]]


def database_url() -> str:
    """The URL of the database this test runs in, for the servers to share."""
    db = settings.DATABASES["default"]
    login = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{login}@{db['HOST']}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


def _die_with_parent() -> None:
    """Have the kernel stop a server whose test run died without cleaning up, so
    that no orphan keeps the test database open."""
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Server:
    """A gunicorn process serving the site on a free loopback port."""

    def __init__(self, **env: str) -> None:
        handle, name = tempfile.mkstemp(prefix="gunicorn-", suffix=".log")
        self.log = Path(name)
        self.url = ""
        with os.fdopen(handle, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "clinic_cms.wsgi"]
                + ["--bind", "127.0.0.1:0", "--graceful-timeout", "1"],
                cwd=settings.BASE_DIR,
                env={
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": "clinic_cms.settings.test",
                    "DATABASE_URL": database_url(),
                    "REDIS_URL": REDIS_URL,
                    "PAGE_CACHE": "1",
                    "AXES_FAILURE_LIMIT": str(LOCKOUT_AFTER),
                    **env,
                },
                stdout=subprocess.DEVNULL,
                stderr=log,
                preexec_fn=_die_with_parent,
            )

    def wait_until_listening(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not self.url:
            match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", self.output())
            if match:
                self.url = match.group(1)
            elif self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{self.output()}")
            else:
                time.sleep(0.05)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start(servers: list[Server], count: int, **env: str) -> list[Server]:
    """Start ``count`` servers at once (added to ``servers`` for ``stop``)."""
    started = []
    for _server in range(count):
        started.append(Server(**env))
        servers.append(started[-1])
    for server in started:
        server.wait_until_listening()
    return started


def stop(servers: list[Server]) -> None:
    """Stop the servers together, as each takes about a second to shut down."""
    for server in servers:
        server.process.terminate()
    for server in servers:
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
        server.log.unlink(missing_ok=True)


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's cookies, sent to whichever server a request goes to (cookies
    do not depend on the port), as behind a load balancer."""

    def __init__(self) -> None:
        self.cookies = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies), _NoRedirect)

    def get(self, url: str, *, etag: str = "") -> tuple[int, str, dict]:
        headers = {"If-None-Match": etag} if etag else {}
        return self._open(Request(url, headers=headers))

    def post(self, url: str, fields: Fields) -> tuple[int, str, dict]:
        return self._open(Request(url, data=urlencode(fields).encode()))

    def _open(self, request: Request) -> tuple[int, str, dict]:
        try:
            response = self.opener.open(request, timeout=20)
        except HTTPError as error:  # any status but 2xx, redirects included
            response = error
        with response:
            return response.status, response.read().decode(), dict(response.headers)

    def has_cookie(self, name: str) -> bool:
        return any(cookie.name == name for cookie in self.cookies)

    def cookie(self, name: str) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == name)


def post_form(html: str, field: str, **changes: str) -> Fields:
    """The fields of the page's POST form that has ``field``, with ``changes`` typed in."""
    return [
        (name, changes.get(name, value)) for name, value in form_fields(html, field)
    ]


@skipUnless(
    connection.vendor == "postgresql", "the servers share a PostgreSQL database"
)
@skipUnless(redis_is_running(), "no Redis on 127.0.0.1:6379")
class TwoServerTests(TransactionTestCase):
    """Servers A and B share one PostgreSQL database and one Redis cache."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.redis = redis.Redis.from_url(REDIS_URL)
        cls.addClassCleanup(cls.redis.close)
        servers: list[Server] = []
        cls.addClassCleanup(stop, servers)
        cls.a = Server()
        servers.append(cls.a)
        cls.b = Server()
        servers.append(cls.b)
        cls.a.wait_until_listening()
        cls.b.wait_until_listening()

    def setUp(self):
        self.redis.flushdb()
        self.addCleanup(self.redis.flushdb)

    def login(self, browser: Browser, server: Server, username: str, password: str):
        status, html, _headers = browser.get(f"{server.url}/admin/login/")
        self.assertEqual(status, 200, server.output())
        fields = post_form(html, "username", username=username, password=password)
        return browser.post(f"{server.url}/admin/login/?next=/admin/", fields)

    def test_a_publish_through_one_server_is_seen_at_once_through_the_other(self):
        article = make_article()
        staff("anna")
        reader = Browser()
        status, page, headers = reader.get(self.b.url + PAGE)
        self.assertEqual(status, 200, self.b.output())
        self.assertIn("Capsaicin works.", page)
        # Only a page from the cache answers 304: B has it cached now.
        etag = headers["ETag"]
        self.assertEqual(reader.get(self.b.url + PAGE, etag=etag)[0], 304)

        editor = Browser()
        status, _html, headers = self.login(editor, self.a, "anna", "pw")
        self.assertEqual((status, headers.get("Location")), (302, "/admin/"))
        # The login made on A opens the edit form on B; the form goes back to A.
        change = f"/admin/articles/article/{article.pk}/change/"
        status, html, _headers = editor.get(self.b.url + change)
        self.assertEqual(status, 200, html)
        fields = post_form(
            html,
            "base_revision",
            title_en="Capsaicin patches for nerve pain",
            body_en="<h2>Evidence</h2><p>Patches work for weeks. [1]</p>",
        )
        fields += [("kind", Revision.Kind.MINOR), ("_publish", "Publish")]
        status, html, _headers = editor.post(self.a.url + change, fields)
        self.assertEqual(status, 302, html)

        status, page, _headers = reader.get(self.b.url + PAGE, etag=etag)
        self.assertEqual(status, 200)
        self.assertIn("Capsaicin patches for nerve pain", page)
        self.assertIn("Patches work for weeks.", page)

    def test_a_lockout_earned_on_one_server_holds_on_the_other(self):
        staff("ben")
        intruder = Browser()
        for _attempt in range(LOCKOUT_AFTER - 1):
            status, html, _headers = self.login(intruder, self.a, "ben", "guess")
            self.assertEqual(status, 200, html)
        status, _html, _headers = self.login(intruder, self.a, "ben", "guess")
        self.assertEqual(status, 429)

        owner = Browser()
        status, html, _headers = self.login(owner, self.b, "ben", "pw")
        self.assertEqual(status, 429, html)
        self.assertFalse(owner.has_cookie(settings.SESSION_COOKIE_NAME))


@skipUnless(
    connection.vendor == "postgresql", "the servers share a PostgreSQL database"
)
@skipUnless(redis_server_installed(), "redis-server is not installed")
class TwoServersThroughARedisOutageTests(TransactionTestCase):
    """Servers A and B share one PostgreSQL database and a Redis that dies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.redis = RedisServer()
        cls.addClassCleanup(cls.redis.stop)
        servers: list[Server] = []
        cls.addClassCleanup(stop, servers)
        cls.a, cls.b = start(
            servers,
            2,
            REDIS_URL=cls.redis.url,
            PAGE_CACHE_FAULT_PAUSE="0",
            PAGE_CACHE_RETRY_INTERVAL="0",  # every request looks for retries
        )

    def test_an_unpublish_during_the_outage_is_not_undone_by_redis_coming_back(self):
        article = make_article()
        staff("anna")
        reader = Browser()
        status, page, headers = reader.get(self.b.url + PAGE)
        self.assertEqual(status, 200, self.b.output())
        self.assertEqual(reader.get(self.b.url + PAGE, etag=headers["ETag"])[0], 304)

        self.redis.client().save()  # Redis will come back with the cached page
        self.redis.kill()
        for server in (self.a, self.b):
            status, page, _headers = reader.get(server.url + PAGE)
            self.assertEqual(status, 200, server.output())
            self.assertIn("Capsaicin works.", page)
            self.assertEqual(reader.get(server.url + "/admin/login/")[0], 200)

        editor = Browser()
        status, html, _headers = editor.get(f"{self.a.url}/admin/login/")
        fields = post_form(html, "username", username="anna", password="pw")
        status, _html, _headers = editor.post(
            f"{self.a.url}/admin/login/?next=/admin/", fields
        )
        self.assertEqual(status, 302, self.a.output())
        token = [("csrfmiddlewaretoken", editor.cookie(settings.CSRF_COOKIE_NAME))]
        unpublish = f"/admin/articles/article/{article.pk}/unpublish/"
        status, html, _headers = editor.post(self.a.url + unpublish, token)
        self.assertEqual(status, 302, html)
        self.assertTrue(PageInvalidation.objects.filter(path=PAGE).exists())

        self.redis.start()
        self.assertGreater(self.redis.client().dbsize(), 0)  # the old page is back
        status, _page, _headers = reader.get(self.b.url + PAGE)
        self.assertEqual(status, 404, self.b.output())
        self.assertFalse(PageInvalidation.objects.exists())
