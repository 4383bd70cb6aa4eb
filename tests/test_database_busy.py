"""A locked database: the editor's typing survives, readers are asked to retry.

The lock is real: a second connection to the test database's SQLite file holds
it, as a long import or a careless ``sqlite3`` shell would.
"""

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import skipUnless

from django.db import OperationalError, connection
from django.test import SimpleTestCase, TransactionTestCase
from django.utils import translation

from articles.models import Revision
from articles.revisions.publishing import article_snapshot
from clinic_cms.database_busy import (
    RETRY_AFTER_SECONDS,
    SAVE_BUSY,
    SITE_BUSY,
    database_busy,
)
from tests.factories import edit_form_data, make_article, staff
from tests.helpers import manage

SQLITE_ONLY = skipUnless(
    connection.vendor == "sqlite",
    "SQLite file locks; PostgreSQL waits on row locks (test_concurrent_saves)",
)


@contextmanager
def busy_timeout(seconds: float) -> Iterator[None]:
    """Connections of the test made while inside wait at most ``seconds`` for a lock."""
    options = connection.settings_dict["OPTIONS"]
    before = options["timeout"]
    options["timeout"] = seconds
    connection.close()
    try:
        yield
    finally:
        options["timeout"] = before
        connection.close()


@contextmanager
def locked(*, readers_too: bool = False) -> Iterator[None]:
    """Hold the database file's write lock from another connection.

    ``readers_too`` takes the lock in exclusive locking mode, so that nobody can
    even read; in WAL mode that needs every other connection closed first.
    """
    if readers_too:
        connection.close()
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    try:
        if readers_too:
            other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


@SQLITE_ONLY
class LockedSaveTests(TransactionTestCase):
    def setUp(self):
        self.article = make_article(references=2)
        self.url = f"/admin/articles/article/{self.article.pk}/change/"
        self.client.force_login(staff("anna"))
        self.form = edit_form_data(
            self.article,
            body_en="<p>Anna typed this while the database was locked. [1] [2]</p>",
            note="Anna's careful note",
        )

    def test_a_save_on_a_locked_database_keeps_the_typing_and_saves_nothing(self):
        with busy_timeout(0.2), locked():
            response = self.client.post(self.url, self.form)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, SAVE_BUSY)
        self.assertContains(response, "Anna typed this while the database was locked.")
        self.assertContains(response, "Anna&#x27;s careful note")
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 1)

        # The same form, sent again once the lock is gone, saves.
        self.assertEqual(self.client.post(self.url, self.form).status_code, 302)
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 2)
        self.article.refresh_from_db()
        self.assertIn(
            "Anna typed this while the database was locked.",
            article_snapshot(self.article).value("body", "en"),
        )

    def test_a_scheduled_publish_on_a_locked_database_saves_nothing(self):
        form = self.form | {"_schedule": "1", "publish_at": "2031-05-01T09:00"}
        del form["_save_draft"]
        with busy_timeout(0.2), locked():
            response = self.client.post(self.url, form)
        self.assertContains(response, SAVE_BUSY)
        self.article.refresh_from_db()
        self.assertIsNone(self.article.scheduled_revision)
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 1)

        self.assertEqual(self.client.post(self.url, form).status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(self.article.scheduled_revision.number, 2)


@SQLITE_ONLY
class UnreadableDatabaseTests(TransactionTestCase):
    def setUp(self):
        self.article = make_article()
        self.page = f"/en/articles/{self.article.slug_en}/"

    def test_a_public_page_answers_503_with_retry_after(self):
        with busy_timeout(0.2), locked(readers_too=True):
            response = self.client.get(self.page)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], str(RETRY_AFTER_SECONDS))
        self.assertIn("no-store", response["Cache-Control"])
        self.assertContains(response, SITE_BUSY, status_code=503)
        self.assertContains(self.client.get(self.page), "Capsaicin works.")

    def test_the_busy_page_is_in_the_readers_language(self):
        with busy_timeout(0.2), locked(readers_too=True):
            response = self.client.get("/nl/")
        with translation.override("nl"):
            self.assertContains(response, str(SITE_BUSY), status_code=503)


class BusyErrorTests(SimpleTestCase):
    databases = {"default"}

    @SQLITE_ONLY
    def test_a_missing_table_is_a_fault_not_a_busy_database(self):
        with self.assertRaises(OperationalError) as raised:
            connection.cursor().execute("SELECT * FROM no_such_table")
        self.assertFalse(database_busy(raised.exception))

    @SQLITE_ONLY
    def test_a_lock_held_elsewhere_is_a_busy_database(self):
        with (
            busy_timeout(0.1),
            locked(),
            self.assertRaises(OperationalError) as raised,
            connection.cursor() as cursor,
        ):
            cursor.execute("BEGIN IMMEDIATE")
        self.assertTrue(database_busy(raised.exception))


class SettingsModuleTests(SimpleTestCase):
    """Every settings module runs SQLite in WAL mode with a busy timeout."""

    def test_each_settings_module_opens_sqlite_in_wal_mode_with_a_timeout(self):
        environments = {
            "dev": {},
            "test": {},
            "production": {"SECRET_KEY": "x7#k2!" * 10, "PAGE_CACHE": "0"},
        }
        script = (
            "from django.db import connection; c = connection.cursor(); "
            "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
            "c.execute('PRAGMA busy_timeout').fetchone()[0], "
            "connection.transaction_mode)"
        )
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        database = f"sqlite:///{folder.name}/site.sqlite3"
        for name, env in environments.items():
            with self.subTest(name):
                result = manage(
                    "shell",
                    "-c",
                    script,
                    DJANGO_SETTINGS_MODULE=f"clinic_cms.settings.{name}",
                    DATABASE_URL=database,
                    **env,
                )
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(
                    result.stdout.split()[-3:], ["wal", "5000", "IMMEDIATE"]
                )
