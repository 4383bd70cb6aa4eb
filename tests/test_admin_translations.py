from datetime import timedelta
from io import StringIO
from unittest import mock

import polib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from articles.background.reports import report_dump, report_load
from articles.models import Article, CatalogUpload, Revision
from articles.translations.checks import CITATION_MISSING
from articles.translations.po import importing
from articles.translations.po.export import catalog_export
from articles.translations.po.importing import REJECTED, UNTRANSLATED
from articles.translations.uploads import UPLOAD_GONE
from tests.factories import edit, make_article, staff


class TranslationAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff("translator")
        cls.article = make_article(
            title_en="Capsaicin for nerve pain", body_en="<p>Works. [1]</p>"
        )
        cls.other = make_article(
            title_en="Lidocaine plasters", body_en="<p>Also works. [1]</p>"
        )

    def setUp(self):
        self.client.force_login(self.user)

    def translated(self) -> bytes:
        catalog = polib.pofile(str(catalog_export(language="nl")))
        for entry in catalog:
            entry.msgstr = {
                "Capsaicin for nerve pain": "Capsaïcine bij zenuwpijn",
                "Works. [1]": "Werkt. [1]",
                "Also works. [1]": "Werkt ook. [1",
            }.get(entry.msgid, "")
        return str(catalog).encode()

    def test_export_action_downloads_the_selected_articles(self):
        response = self.client.post(
            "/admin/articles/article/",
            {"action": "export_po_nl", "_selected_action": [self.article.pk]},
        )
        self.assertEqual(
            response["Content-Type"], "text/x-gettext-translation; charset=utf-8"
        )
        self.assertIn('filename="articles-nl-', response["Content-Disposition"])
        catalog = polib.pofile(response.content.decode())
        self.assertEqual(
            {e.msgctxt.split("/")[0] for e in catalog}, {"capsaicin-for-nerve-pain"}
        )

    def test_everything_that_needs_work(self):
        response = self.client.get(
            "/admin/articles/article/translations/export/?language=nl&needs_work=1"
        )
        catalog = polib.pofile(response.content.decode())
        # Two articles' segments and the change note of each one's first revision.
        self.assertEqual(len(catalog), 6)
        self.assertEqual(len([e for e in catalog if "/note" in e.msgctxt]), 2)

    def test_a_long_report_lists_the_worst_entries_and_counts_every_one(self):
        upload = SimpleUploadedFile("nl.po", self.translated())
        with mock.patch.object(importing, "REPORT_ROWS", 2):
            response = self.client.post(
                "/admin/articles/article/translations/import/", {"file": upload}
            )
            report = response.context["report"]
            listed = [entry.outcome for _title, entry in report.listed()]
            stored = report_load(report_dump(report))
        # Six entries are worth a look; the rejected one comes first.
        self.assertEqual(listed, [REJECTED, UNTRANSLATED])
        self.assertContains(
            response,
            "4 more entries are not listed, the least urgent; the counts above "
            "include them.",
        )
        self.assertContains(response, CITATION_MISSING % {"marker": "[1]"})
        # What a background task keeps of it: the listed entries, every count.
        self.assertEqual(stored.summary(), report.summary())
        self.assertEqual(len(stored.entries()), 2)
        self.assertEqual([e.outcome for _t, e in stored.listed()], listed)
        self.assertEqual(stored.unlisted(), 4)

    def test_upload_shows_a_dry_run_then_applies(self):
        upload = SimpleUploadedFile("nl.po", self.translated())
        response = self.client.post(
            "/admin/articles/article/translations/import/", {"file": upload}
        )
        self.assertContains(response, "Dry run: what this file would change")
        self.assertContains(response, "<ins>Werkt. [1]</ins>")
        self.assertContains(response, CITATION_MISSING % {"marker": "[1]"})
        self.assertEqual(Revision.objects.count(), 2)
        pending = CatalogUpload.objects.get()
        response = self.client.post(
            f"/admin/articles/article/translations/import/{pending.pk}/apply/"
        )
        self.assertContains(response, "Applied 2 entries; 1 rejected, 0 stale.")
        applied = CatalogUpload.objects.get()
        self.assertEqual((applied.filename, applied.user), ("nl.po", self.user))
        self.assertIsNotNone(applied.applied_at)
        self.assertTrue(Article.objects.get(pk=self.article.pk).is_readable_in("nl"))
        self.assertContains(
            self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/"), "Werkt."
        )

    def test_a_bad_file_is_refused_on_the_form(self):
        upload = SimpleUploadedFile("nl.po", self.translated() + b"\x00")
        response = self.client.post(
            "/admin/articles/article/translations/import/", {"file": upload}
        )
        self.assertContains(response, "NUL bytes")
        self.assertFalse(CatalogUpload.objects.exists())

    def test_someone_elses_upload_cannot_be_applied(self):
        pending = CatalogUpload.objects.create(
            user=staff("other"),
            filename="nl.po",
            language="nl",
            content=self.translated(),
        )
        response = self.client.post(
            f"/admin/articles/article/translations/import/{pending.pk}/apply/"
        )
        self.assertEqual(response.status_code, 404)

    def test_list_shows_translation_progress(self):
        response = self.client.get("/admin/articles/article/")
        self.assertContains(response, "nl: 0/2")


GONE = str(UPLOAD_GONE % {"hours": 24, "count": 5})


@override_settings(CATALOG_UPLOAD_HOURS=24, CATALOG_UPLOADS_PER_USER=5)
class PendingUploadTests(TestCase):
    """Unapplied uploads expire and are few; applied ones stay as the record."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff("translator")
        cls.article = make_article(
            title_en="Capsaicin for nerve pain", body_en="<p>Works. [1]</p>"
        )

    def setUp(self):
        self.client.force_login(self.user)

    def translated(self, text: str = "Werkt. [1]") -> bytes:
        catalog = polib.pofile(str(catalog_export(language="nl")))
        catalog.find("Works. [1]").msgstr = text
        return str(catalog).encode()

    def upload(self, name: str = "nl.po", text: str = "Werkt. [1]") -> CatalogUpload:
        response = self.client.post(
            "/admin/articles/article/translations/import/",
            {"file": SimpleUploadedFile(name, self.translated(text))},
        )
        self.assertContains(response, "Apply these changes")
        return CatalogUpload.objects.latest("pk")

    def apply(self, upload: CatalogUpload):
        return self.client.post(
            f"/admin/articles/article/translations/import/{upload.pk}/apply/"
        )

    def age(self, upload: CatalogUpload, hours: float) -> None:
        CatalogUpload.objects.filter(pk=upload.pk).update(
            created_at=timezone.now() - timedelta(hours=hours)
        )

    def test_an_upload_of_yesterday_cannot_be_applied_and_is_removed(self):
        upload = self.upload()
        self.age(upload, 25)
        response = self.apply(upload)
        self.assertContains(response, GONE, status_code=404)
        self.assertContains(response, "Check the file (dry run)", status_code=404)
        self.assertEqual(Revision.objects.count(), 1)
        self.assertFalse(CatalogUpload.objects.exists())

    def test_an_upload_of_this_morning_is_applied(self):
        upload = self.upload()
        self.age(upload, 23)
        self.assertContains(self.apply(upload), "Applied 1 entry")
        self.assertEqual(Revision.objects.count(), 2)

    def test_an_applied_upload_is_applied_once(self):
        upload = self.upload()
        self.apply(upload)
        self.assertContains(self.apply(upload), GONE, status_code=404)
        self.assertEqual(Revision.objects.count(), 2)

    def test_a_new_upload_drops_the_oldest_beyond_five(self):
        first = self.upload("first.po")
        self.apply(self.upload("applied.po", "Werkt echt. [1]"))
        for number in range(2, 7):
            self.upload(f"file-{number}.po")
        self.assertEqual(
            sorted(
                CatalogUpload.objects.unapplied().values_list("filename", flat=True)
            ),
            [f"file-{number}.po" for number in range(2, 7)],
        )
        self.assertTrue(CatalogUpload.objects.filter(filename="applied.po").exists())
        self.assertContains(self.apply(first), GONE, status_code=404)

    def test_the_limit_is_per_user(self):
        other = staff("other")
        CatalogUpload.objects.bulk_create(
            CatalogUpload(user=other, filename=f"{n}.po", language="nl", content=b"")
            for n in range(5)
        )
        self.upload()
        self.assertEqual(CatalogUpload.objects.filter(user=other).count(), 5)

    def test_an_upload_removes_everyones_expired_uploads_but_not_applied_ones(self):
        other = staff("other")
        stale, fresh, done = CatalogUpload.objects.bulk_create(
            CatalogUpload(user=other, filename=name, language="nl", content=b"")
            for name in ("stale.po", "fresh.po", "done.po")
        )
        self.age(stale, 30)
        self.age(done, 24 * 400)
        CatalogUpload.objects.filter(pk=done.pk).update(applied_at=timezone.now())
        self.upload()
        self.assertEqual(
            sorted(CatalogUpload.objects.values_list("filename", flat=True)),
            ["done.po", "fresh.po", "nl.po"],
        )

    def test_the_expire_uploads_command(self):
        upload, kept = self.upload(), self.upload("kept.po")
        self.age(upload, 25)
        out = StringIO()
        call_command("expire_uploads", stdout=out)
        self.assertEqual(out.getvalue(), "deleted 1 expired upload(s)\n")
        self.assertEqual(list(CatalogUpload.objects.all()), [kept])

    @override_settings(CATALOG_UPLOAD_HOURS=1)
    def test_the_lifetime_is_a_setting(self):
        upload = self.upload()
        self.age(upload, 2)
        self.assertEqual(self.apply(upload).status_code, 404)


class DashboardPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for n in range(3):
            make_article(title_en=f"Untranslated {n}")
        stale = make_article(title_en="Stale", title_nl="Verouderd")
        edit(stale, body_en="<h2>Evidence</h2><p>Changed. [1]</p>")
        make_article(title_en="Translated", title_nl="Vertaald")

    def setUp(self):
        self.client.force_login(staff("anna"))

    def rows(self, query: str = "") -> list[str]:
        response = self.client.get(f"/admin/articles/article/translations/{query}")
        dutch = response.context["overview"][-1]
        self.assertEqual(dutch["code"], "nl")
        self.assertEqual(dutch["needs_work"], 4)
        return [str(row["article"]) for row in dutch["rows"]]

    def test_a_page_at_a_time_outdated_first(self):
        with mock.patch("articles.admin.translations.DASHBOARD_PER_PAGE", 2):
            pages = [self.rows(), self.rows("?page-nl=2"), self.rows("?page-nl=3")]
            response = self.client.get("/admin/articles/article/translations/")
        self.assertEqual(
            pages,
            [
                ["Stale", "Untranslated 0"],
                ["Untranslated 1", "Untranslated 2"],
                ["Translated"],
            ],
        )
        self.assertContains(response, "Page 1 of 3")
        self.assertContains(response, '<a href="?page-nl=2">Next</a>', html=True)
