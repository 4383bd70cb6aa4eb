"""Long work in the background: run by real ``db_worker`` processes on the real
database, as production runs it. A large upload answers at once with a page that
follows the task and then shows the same report as an inline import; a worker
killed in the middle of an import leaves nothing written and the task can be
retried; two workers never run the same task."""

import os
import re
import time
from io import StringIO
from unittest import mock

import polib
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TransactionTestCase, override_settings
from django.utils import translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from articles.admin.background import LOST, UNCLAIMED
from articles.background.progress import progress_read
from articles.background.tasks import search_rebuild_task
from articles.models import AuditEntry, CatalogDownload, CatalogUpload, Revision
from articles.translations.checks import CITATION_MISSING
from articles.translations.po.export import catalog_export
from articles.translations.uploads import catalog_upload_keep
from tests.factories import make_article, staff
from tests.services import TaskWorker, free_port, run_tasks

IMPORT = "/admin/articles/article/translations/import/"


def translated(titles: dict[str, str] | None = None) -> bytes:
    catalog = polib.pofile(str(catalog_export(language="nl")))
    for entry in catalog:
        entry.msgstr = (titles or {}).get(entry.msgid) or {
            "Capsaicin for nerve pain": "Capsaïcine bij zenuwpijn",
            "Works. [1]": "Werkt. [1]",
            "Also works. [1]": "Werkt ook. [1",
        }.get(entry.msgid, "")
    return str(catalog).encode()


@override_settings(CATALOG_INLINE_KB=0)
class BackgroundImportTests(TransactionTestCase):
    def setUp(self):
        self.user = staff("translator")
        make_article(title_en="Capsaicin for nerve pain", body_en="<p>Works. [1]</p>")
        make_article(title_en="Lidocaine plasters", body_en="<p>Also works. [1]</p>")
        self.client.force_login(self.user)

    def upload(self, data: bytes):
        return self.client.post(IMPORT, {"file": SimpleUploadedFile("nl.po", data)})

    def test_a_large_upload_is_checked_and_applied_by_a_worker(self):
        revisions = Revision.objects.count()
        response = self.upload(translated())
        self.assertEqual(response.status_code, 302)
        page = self.client.get(response["Location"])
        self.assertContains(page, "<progress")
        self.assertContains(page, "Waiting for a worker to take it up…")
        self.assertContains(page, "task_progress.js")

        run_tasks()
        page = self.client.get(response["Location"])
        self.assertNotContains(page, "<progress")
        self.assertContains(page, "Dry run: what this file would change")
        self.assertContains(page, "<ins>Werkt. [1]</ins>")
        self.assertContains(page, CITATION_MISSING % {"marker": "[1]"})
        self.assertEqual(Revision.objects.count(), revisions)
        upload = CatalogUpload.objects.get()
        self.assertEqual(upload.language, "nl")
        self.assertContains(page, f"{IMPORT}{upload.pk}/apply/")

        response = self.client.post(f"{IMPORT}{upload.pk}/apply/")
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.client.get(response["Location"]), "<progress")
        run_tasks()
        page = self.client.get(response["Location"])
        self.assertContains(page, "Applied 2 entries; 1 rejected, 0 stale.")
        self.assertContains(page, "<h2>Applied</h2>", html=True)
        self.assertEqual(Revision.objects.count(), revisions + 1)
        entry = AuditEntry.objects.filter(action="import_catalog").get()
        self.assertEqual((entry.user, entry.outcome), (self.user, "done"))
        self.assertIsNotNone(CatalogUpload.objects.get().applied_at)

    def test_the_progress_poll_costs_three_queries(self):
        location = self.upload(translated())["Location"]
        # The session, the user and the task: the progress itself is in the cache.
        with self.assertNumQueries(3):
            poll = self.client.get(location + "progress/")
        self.assertEqual(
            poll.json(),
            {
                "state": "waiting",
                "finished": False,
                "done": 0,
                "total": 0,
                "text": "Waiting for a worker to take it up…",
            },
        )

    @override_settings(TASK_STALE_SECONDS=0)
    def test_a_task_no_worker_takes_up_asks_whether_one_runs(self):
        location = self.upload(translated())["Location"]
        self.assertContains(self.client.get(location), UNCLAIMED)

    def test_a_file_refused_as_a_whole_says_why_on_the_task_page(self):
        location = self.upload(b'msgid ""\nmsgstr "broken\n')["Location"]
        run_tasks()
        page = self.client.get(location)
        self.assertContains(page, 'class="errornote"')
        self.assertContains(page, "Upload a file")
        self.assertFalse(CatalogUpload.objects.exists())

    def test_the_report_is_in_the_language_of_the_page_that_asked(self):
        location = self.client.post(
            IMPORT,
            {"file": SimpleUploadedFile("nl.po", translated())},
            headers={"accept-language": "nl"},
        )["Location"]
        run_tasks()
        page = self.client.get(location, headers={"accept-language": "nl"})
        with translation.override("nl"):
            reason = str(CITATION_MISSING % {"marker": "[1]"})
        self.assertContains(page, reason)  # written by the worker, in Dutch

    def test_someone_else_may_not_follow_the_task(self):
        location = self.upload(translated())["Location"]
        self.client.force_login(staff("other"))
        self.assertEqual(self.client.get(location).status_code, 403)
        self.assertEqual(self.client.get(location + "progress/").status_code, 403)

    def test_with_the_progress_cache_down_the_page_still_follows_the_task(self):
        down = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
        with override_settings(
            CACHES={**settings.CACHES, "tasks": down}, TASK_STALE_SECONDS=0
        ):
            location = self.upload(translated())["Location"]
            # How far it is cannot be told, and it is not taken for lost.
            self.assertContains(self.client.get(location), "<progress")
            self.assertEqual(self.client.get(location + "progress/").json()["done"], 0)
        run_tasks()
        self.assertContains(
            self.client.get(location), "Dry run: what this file would change"
        )

    @override_settings(CATALOG_INLINE_KB=1024)
    def test_a_small_upload_still_runs_in_the_request(self):
        response = self.upload(translated())
        self.assertContains(response, "Dry run: what this file would change")
        self.assertFalse(DBTaskResult.objects.exists())


@override_settings(CATALOG_EXPORT_INLINE_ARTICLES=1)
class BackgroundExportTests(TransactionTestCase):
    EXPORT = "/admin/articles/article/translations/export/?language=nl"

    def setUp(self):
        self.user = staff("translator")
        make_article(title_en="Capsaicin for nerve pain", body_en="<p>Works. [1]</p>")
        make_article(title_en="Lidocaine plasters", body_en="<p>Also works. [1]</p>")
        self.client.force_login(self.user)

    def test_a_large_sites_catalog_is_exported_by_a_worker_and_downloaded(self):
        location = self.client.get(self.EXPORT + "&needs_work=1")["Location"]
        self.assertContains(self.client.get(location), "<progress")
        run_tasks()
        page = self.client.get(location).content.decode()
        link = re.search(r'href="([^"]+/downloads/\d+/)"', page).group(1)
        response = self.client.get(link)
        self.assertIn('filename="articles-nl-', response["Content-Disposition"])
        inline = polib.pofile(str(catalog_export(language="nl", needs_work=True)))
        downloaded = polib.pofile(b"".join(response.streaming_content).decode())
        self.assertEqual(
            [(e.msgctxt, e.msgid) for e in downloaded],
            [(e.msgctxt, e.msgid) for e in inline],
        )
        self.client.force_login(staff("other"))
        self.assertEqual(self.client.get(link).status_code, 404)

    def test_a_kept_export_is_stored_and_served_in_parts(self):
        for n in range(12):
            make_article(title_en=f"Article {n}", body_en=f"<p>Text {n}. [1]</p>")
        location = self.client.get(self.EXPORT)["Location"]
        with mock.patch.dict(os.environ, {"CATALOG_DOWNLOAD_PART_KB": "1"}):
            run_tasks()
        download = CatalogDownload.objects.get()
        parts = list(download.parts.order_by("number"))
        self.assertGreater(len(parts), 3)
        self.assertTrue(all(len(part.content) == 1024 for part in parts[:-1]))
        page = self.client.get(location).content.decode()
        link = re.search(r'href="([^"]+/downloads/\d+/)"', page).group(1)
        response = self.client.get(link)
        self.assertTrue(response.streaming)
        self.assertEqual(
            _undated(b"".join(response.streaming_content).decode()),
            _undated(str(catalog_export(language="nl"))),
        )

    @override_settings(CATALOG_EXPORT_INLINE_ARTICLES=2)
    def test_a_small_sites_catalog_is_still_downloaded_at_once(self):
        response = self.client.get(self.EXPORT)
        self.assertIn('filename="articles-nl-', response["Content-Disposition"])
        self.assertFalse(DBTaskResult.objects.exists())


@override_settings(CATALOG_INLINE_KB=0, TASK_STALE_SECONDS=2)
class KilledWorkerTests(TransactionTestCase):
    ARTICLES = 150

    def test_a_worker_killed_mid_import_leaves_nothing_and_the_task_is_retried(self):
        user = staff("translator")
        for n in range(self.ARTICLES):
            make_article(title_en=f"Article {n}", body_en=f"<p>Text {n}. [1]</p>")
        data = translated(
            {f"Article {n}": f"Artikel {n}" for n in range(self.ARTICLES)}
        )
        upload = catalog_upload_keep(
            user=user,
            filename="nl.po",
            language="nl",
            apply_fuzzy=False,
            content=data,
        )
        revisions = Revision.objects.count()
        self.client.force_login(user)
        location = self.client.post(f"{IMPORT}{upload.pk}/apply/")["Location"]
        task_id = location.rstrip("/").rsplit("/", 1)[1]

        worker = TaskWorker()
        self.addCleanup(worker.stop)
        deadline = time.monotonic() + 120
        while (progress := progress_read(task_id)) is None or not progress.done:
            self.assertLess(time.monotonic(), deadline, worker.output())
            time.sleep(0.05)
        self.assertLess(progress.done, progress.total, "killed too late")
        worker.kill()

        # The first hundred articles were saved inside the transaction: gone.
        self.assertEqual(Revision.objects.count(), revisions)
        self.assertIsNone(CatalogUpload.objects.get().applied_at)
        self.assertFalse(AuditEntry.objects.filter(action="import_catalog").exists())
        deadline = time.monotonic() + 30
        while "Retry" not in (page := self.client.get(location)).content.decode():
            self.assertContains(page, "<progress")
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.5)
        self.assertContains(page, LOST)
        self.assertEqual(
            DBTaskResult.objects.get(pk=task_id).status, TaskResultStatus.FAILED
        )

        retried = self.client.post(location + "retry/")["Location"]
        self.assertNotEqual(retried, location)
        run_tasks()
        page = self.client.get(retried)
        self.assertContains(page, f"Applied {self.ARTICLES} entries; 0 rejected")
        self.assertEqual(Revision.objects.count(), revisions + self.ARTICLES)
        self.assertEqual(
            AuditEntry.objects.filter(action="import_catalog", user=user).count(), 1
        )


class TwoWorkersTests(TransactionTestCase):
    def test_two_workers_never_run_the_same_task(self):
        # Each worker stops after half the tasks: a worker takes the next task
        # as soon as it finishes one, and on SQLite, one writer at a time, the
        # other could wait out the whole queue.
        for n in range(20):
            make_article(title_en=f"Capsaicin note {n}")
        workers = [TaskWorker(name, max_tasks=10) for name in ("first", "second")]
        for worker in workers:
            self.addCleanup(worker.stop)
        deadline = time.monotonic() + 60
        while not all("Starting worker" in w.output() for w in workers):
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.1)
        ids = [str(search_rebuild_task.enqueue().id) for _n in range(20)]
        while DBTaskResult.objects.exclude(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
        ).exists():
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.2)
        rows = DBTaskResult.objects.filter(pk__in=ids)
        self.assertEqual([row.traceback for row in rows if row.traceback][:1], [])
        self.assertEqual({row.status for row in rows}, {TaskResultStatus.SUCCESSFUL})
        # A worker records itself on the task it claims: each task was claimed once.
        self.assertEqual([len(row.worker_ids) for row in rows], [1] * 20)
        self.assertEqual({row.worker_ids[0] for row in rows}, {"first", "second"})


class RebuildCommandTests(TransactionTestCase):
    def test_rebuild_commands_queue_with_background_and_the_page_shows_the_result(self):
        make_article()
        admin = staff("admin")
        admin.is_superuser = True
        admin.save()
        out = StringIO()
        call_command("rebuild_search", "--background", stdout=out)
        call_command("rebuild_related", "--background", stdout=out)
        self.assertIn("Queued as task", out.getvalue())
        self.assertIn("db_worker", out.getvalue())
        search, related = DBTaskResult.objects.order_by("enqueued_at")
        self.assertEqual(search.status, TaskResultStatus.READY)
        run_tasks()
        self.client.force_login(admin)
        page = self.client.get(f"/admin/articles/article/tasks/{search.pk}/")
        self.assertContains(page, "Rebuilt the search index: 1 document.")
        page = self.client.get(f"/admin/articles/article/tasks/{related.pk}/")
        self.assertContains(page, "Rebuilt the related lists of the articles readable")


def _undated(catalog: str) -> str:
    """A catalog's text without its header's dates, which name the minute of export."""
    return re.sub(r'"(POT-Creation|PO-Revision)-Date: [^"]*"', "", catalog)
