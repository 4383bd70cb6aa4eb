from unittest import mock

import polib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from articles.models import Article, CatalogUpload, Revision
from articles.pipeline.export import catalog_export
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
        self.assertEqual(len(catalog), 4)

    def test_upload_shows_a_dry_run_then_applies(self):
        upload = SimpleUploadedFile("nl.po", self.translated())
        response = self.client.post(
            "/admin/articles/article/translations/import/", {"file": upload}
        )
        self.assertContains(response, "Dry run: what this file would change")
        self.assertContains(response, "<td>Werkt. [1]</td>", html=True)
        self.assertContains(response, "the citation [1] of the source is missing")
        self.assertEqual(Revision.objects.count(), 2)
        pending = CatalogUpload.objects.get()
        response = self.client.post(
            f"/admin/articles/article/translations/import/{pending.pk}/apply/"
        )
        self.assertContains(response, "Applied 2 entries; 1 rejected, 0 stale.")
        self.assertFalse(CatalogUpload.objects.exists())
        self.assertTrue(Article.objects.get(pk=self.article.pk).is_readable_in("nl"))
        self.assertContains(
            self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/"), "Werkt."
        )

    def test_a_bad_file_is_refused_on_the_form(self):
        upload = SimpleUploadedFile("nl.po", b"\xef\xbb\xbf" + self.translated())
        response = self.client.post(
            "/admin/articles/article/translations/import/", {"file": upload}
        )
        self.assertContains(response, "byte order mark")
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
        with mock.patch("articles.admin_translations.DASHBOARD_PER_PAGE", 2):
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
