"""A backup restored gives back the same site: articles, revisions, translation
state and pending uploads, on SQLite (backup_sqlite / restore_sqlite) and on
PostgreSQL (pg_dump -Fc / pg_restore), as the README describes."""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from io import StringIO
from pathlib import Path
from unittest import skipUnless

import polib
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase
from django.utils import translation

from articles.backups import NOT_A_BACKUP, NOT_SQLITE
from articles.models import Article, CatalogUpload
from articles.related.lists import article_delete
from articles.translations.po.export import catalog_export
from tests.factories import make_article, staff

DUTCH_PAGE = (
    "/nl/artikelen/de-dn4-vragenlijst-voor-het-opsporen-van-neuropathische-pijn/"
)


def site_state() -> dict[str, list[dict]]:
    """Every row the site keeps, table by table."""
    models = [*apps.get_app_config("articles").get_models(), get_user_model()]
    with translation.override("en"):  # the untranslated names follow the language
        return {
            model._meta.label: list(model.objects.order_by("pk").values())
            for model in models
        }


class BackupCase(TransactionTestCase):
    def build_site(self) -> dict[str, list[dict]]:
        """The demo site, imported through its Dutch PO file, and a translator's
        upload waiting between its dry run and its application."""
        call_command("load_demo", stdout=StringIO())
        self.client.force_login(staff("translator"))
        catalog = polib.pofile(str(catalog_export(language="nl")))
        response = self.client.post(
            "/admin/articles/article/translations/import/",
            {"file": SimpleUploadedFile("nl.po", str(catalog).encode())},
        )
        self.assertContains(response, "Apply")
        state = site_state()
        self.assertEqual(len(state["articles.CatalogUpload"]), 1)
        self.assertGreater(len(state["articles.Revision"]), 7)
        self.assertContains(self.client.get(DUTCH_PAGE), "Tien items in vier vragen")
        return state

    def damage(self) -> None:
        """What a restore must undo: deleted articles and uploads, a new article."""
        article_delete(articles=list(Article.objects.all()[:3]))
        CatalogUpload.objects.all().delete()
        make_article(title_en="Written after the backup")

    def assertRestored(self, before: dict[str, list[dict]]) -> None:
        connection.close()
        self.assertEqual(site_state(), before)
        self.assertContains(self.client.get(DUTCH_PAGE), "Tien items in vier vragen")

    def folder(self) -> Path:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        return Path(folder.name)


@skipUnless(connection.vendor == "sqlite", "the suite runs on PostgreSQL")
class SqliteBackupTests(BackupCase):
    def test_a_restored_backup_is_the_same_site(self):
        before = self.build_site()
        backup = self.folder() / "site.sqlite3"
        call_command("backup_sqlite", str(backup), stdout=StringIO())
        self.damage()
        self.assertNotEqual(site_state(), before)
        call_command("restore_sqlite", str(backup), stdout=StringIO())
        self.assertRestored(before)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            self.assertEqual(cursor.fetchone(), ("wal",))

    def test_a_backup_during_a_write_holds_what_was_committed(self):
        make_article(title_en="Committed before the backup")
        backup = self.folder() / "site.sqlite3"
        with closing(
            sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        ) as writer:
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("DELETE FROM articles_revision")
            call_command("backup_sqlite", str(backup), stdout=StringIO())
            writer.execute("ROLLBACK")
        self.assertEqual(os.listdir(backup.parent), ["site.sqlite3"])  # no -wal
        with closing(sqlite3.connect(backup)) as copy:
            self.assertEqual(
                copy.execute("PRAGMA journal_mode").fetchone(), ("delete",)
            )
            self.assertEqual(
                copy.execute("SELECT title_en FROM articles_article").fetchall(),
                [("Committed before the backup",)],
            )
            self.assertEqual(
                copy.execute("SELECT count(*) FROM articles_revision").fetchone(), (1,)
            )

    def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(self):
        make_article()
        before = site_state()
        junk = self.folder() / "notes.txt"
        junk.write_text("not a database\n" * 100)
        refusal = NOT_A_BACKUP.split(" (")[0] % {"path": junk}
        with self.assertRaisesMessage(CommandError, refusal):
            call_command("restore_sqlite", str(junk))
        self.assertEqual(site_state(), before)

    def test_a_backup_into_a_missing_folder_writes_nothing(self):
        target = self.folder() / "missing" / "site.sqlite3"
        with self.assertRaisesMessage(CommandError, "the folder does not exist"):
            call_command("backup_sqlite", str(target))
        self.assertFalse(target.parent.exists())


@skipUnless(
    connection.vendor == "postgresql" and shutil.which("pg_dump"),
    "needs the suite on PostgreSQL (DATABASE_URL=postgres://…) and pg_dump",
)
class PostgresqlBackupTests(BackupCase):
    def run_tool(self, *args: str) -> None:
        db = connection.settings_dict
        result = subprocess.run(
            [
                *args,
                "--host",
                db["HOST"] or "127.0.0.1",
                "--port",
                str(db["PORT"] or 5432),
                "--username",
                db["USER"],
                "--dbname",
                db["NAME"],
            ],
            env={**os.environ, "PGPASSWORD": db["PASSWORD"] or ""},
            capture_output=True,
            text=True,
        )
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_a_restored_dump_is_the_same_site(self):
        before = self.build_site()
        dump = self.folder() / "site.dump"
        self.run_tool("pg_dump", "--format=custom", "--file", str(dump))
        self.damage()
        connection.close()
        self.run_tool(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            str(dump),
        )
        self.assertRestored(before)

    def test_backup_sqlite_points_postgresql_to_pg_dump(self):
        with self.assertRaisesMessage(CommandError, NOT_SQLITE):
            call_command("backup_sqlite", str(self.folder() / "site.sqlite3"))
