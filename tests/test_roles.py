import polib
from django.test import TestCase

from articles.models import Article, Category, Revision
from articles.revisions.snapshots import snapshot_read
from articles.translations.po.export import catalog_export
from articles.translations.po.importing import (
    CATEGORIES_NOT_YOUR_LANGUAGE,
    NOT_YOUR_LANGUAGE,
    catalog_import,
)
from tests.factories import edit, edit_form_data, make_article, make_category, member


class RoleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title_nl="Capsaïcine bij zenuwpijn", references=2)
        cls.editor = member("Editor")
        cls.publisher = member("Publisher")
        cls.translator = member("Translator (Dutch)")
        cls.english_translator = member("Translator (English)")

    def url(self, action: str = "change") -> str:
        return f"/admin/articles/article/{self.article.pk}/{action}/"

    def revisions(self) -> int:
        return Revision.objects.filter(article=self.article).count()

    def test_editor_saves_drafts_but_cannot_publish_restore_or_delete(self):
        self.client.force_login(self.editor)
        draft = edit_form_data(self.article, body_en="<p>Edited. [1] [2]</p>")
        self.assertEqual(self.client.post(self.url(), draft).status_code, 302)
        self.assertEqual(self.revisions(), 2)
        self.assertEqual(
            self.client.post(self.url(), draft | {"_publish": "1"}).status_code, 403
        )
        self.assertEqual(self.client.post(self.url("publish")).status_code, 403)
        self.assertEqual(
            self.client.post(
                self.url("revisions/1/restore"), {"kind": "minor"}
            ).status_code,
            403,
        )
        self.assertEqual(
            self.client.post(self.url("delete"), {"post": "yes"}).status_code, 403
        )
        self.assertNotContains(
            self.client.get(self.article.get_absolute_url()), "Edited."
        )

    def test_publisher_publishes_and_restores(self):
        self.client.force_login(self.publisher)
        data = edit_form_data(
            self.article, body_en="<p>Edited. [1] [2]</p>", _publish="1"
        )
        self.assertEqual(self.client.post(self.url(), data).status_code, 302)
        self.assertContains(self.client.get(self.article.get_absolute_url()), "Edited.")
        response = self.client.post(
            self.url("revisions/1/restore"),
            {"kind": "minor", "editorial_date": "2020-01", "_publish": "1"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertContains(
            self.client.get(self.article.get_absolute_url()), "Capsaicin works."
        )

    def test_translator_changes_only_the_dutch_fields(self):
        self.client.force_login(self.translator)
        page = self.client.get(self.url())
        self.assertContains(page, "Save translation")
        self.assertNotContains(page, 'name="_publish"')
        data = edit_form_data(
            self.article,
            body_nl="<h2>Bewijs</h2><p>Capsaïcine helpt. [1] [2]</p>",
            body_en="<p>Sneaked into the English. [1] [2]</p>",
            title_en="Hijacked",
            author_line="Someone else",
        )
        data |= {
            "references-TOTAL_FORMS": "0",
            "kind": "public",
            "editorial_date": "2030-01",
        }
        self.assertEqual(self.client.post(self.url(), data).status_code, 302)
        snapshot = snapshot_read(
            Revision.objects.get(article=self.article, number=2).snapshot
        )
        self.assertEqual(
            snapshot.value("body", "nl"),
            "<h2>Bewijs</h2><p>Capsaïcine helpt. [1] [2]</p>",
        )
        self.assertEqual(snapshot.value("title", "en"), "Capsaicin for nerve pain")
        self.assertIn("Capsaicin works.", snapshot.value("body", "en"))
        self.assertEqual(len(snapshot.references), 2)
        self.assertEqual(snapshot.author_line, "")
        revision = Revision.objects.get(article=self.article, number=2)
        self.assertEqual(revision.kind, Revision.Kind.MINOR)
        self.assertContains(
            self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/"),
            "Capsaïcine helpt.",
        )

    def test_translator_cannot_publish_add_or_restore(self):
        self.client.force_login(self.translator)
        data = edit_form_data(self.article, _publish="1")
        self.assertEqual(self.client.post(self.url(), data).status_code, 403)
        self.assertEqual(self.client.post(self.url("publish")).status_code, 403)
        self.assertEqual(self.client.post(self.url("unpublish")).status_code, 403)
        self.assertEqual(
            self.client.get("/admin/articles/article/add/").status_code, 403
        )
        self.assertEqual(
            self.client.get(self.url("revisions/1/restore")).status_code, 403
        )
        self.assertEqual(self.revisions(), 1)

    def test_translator_of_english_cannot_touch_this_english_source(self):
        self.client.force_login(self.english_translator)
        data = edit_form_data(
            self.article,
            body_en="<p>Changed. [1] [2]</p>",
            body_nl="<p>Ook. [1] [2]</p>",
        )
        self.assertEqual(self.client.post(self.url(), data).status_code, 403)
        self.assertEqual(self.revisions(), 1)

    def test_translators_import_only_their_language(self):
        catalog = polib.pofile(str(catalog_export(language="nl")))
        catalog.find("Capsaicin for nerve pain").msgstr = "Capsaïcine tegen zenuwpijn"
        data = str(catalog).encode()
        report = catalog_import(
            data=data,
            filename="nl.po",
            language="nl",
            user=self.english_translator,
            dry_run=True,
        )
        self.assertEqual(
            {e.reason for e in report.entries() if e.outcome == "rejected"},
            {NOT_YOUR_LANGUAGE},
        )
        report = catalog_import(
            data=data, filename="nl.po", language="nl", user=self.translator
        )
        self.assertEqual(report.summary()["applied"], 1)
        self.assertEqual(
            Article.objects.get(pk=self.article.pk).title_nl,
            "Capsaïcine tegen zenuwpijn",
        )

    def test_anonymous_is_sent_to_the_login(self):
        for path in (
            self.url(),
            self.url("history"),
            "/admin/articles/article/translations/import/",
        ):
            response = self.client.get(path)
            self.assertEqual(response.status_code, 302, path)
            self.assertIn("/admin/login/", response["Location"])


class TranslatorDashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.done = make_article(title_en="Translated", title_nl="Vertaald")
        cls.todo = make_article(title_en="Untranslated")
        cls.stale = make_article(title_en="Stale", title_nl="Verouderd")
        edit(cls.stale, body_en="<h2>Evidence</h2><p>Changed. [1]</p>")
        cls.translator = member("Translator (Dutch)")

    def test_dutch_translator_sees_dutch_work_outdated_first(self):
        self.client.force_login(self.translator)
        # session, user, two for permissions; in Dutch the counts and a page
        with self.assertNumQueries(6):
            response = self.client.get("/admin/articles/article/translations/")
        rows = [str(r["article"]) for r in response.context["overview"][0]["rows"]]
        self.assertEqual(rows, ["Stale", "Untranslated", "Translated"])
        self.assertEqual([o["code"] for o in response.context["overview"]], ["nl"])
        self.assertContains(response, "2 articles need work.")
        self.assertContains(response, "?language=nl&amp;needs_work=1")


class CategoryTranslationTests(TestCase):
    def test_translators_name_categories_in_their_language_only(self):
        make_article(category=make_category())
        catalog = polib.pofile(str(catalog_export(language="nl")))
        catalog.find("category/treatment/name", by="msgctxt").msgstr = "Behandeling"
        data = str(catalog).encode()
        english = catalog_import(
            data=data,
            filename="nl.po",
            language="nl",
            user=member("Translator (English)"),
        )
        self.assertIn(
            ("rejected", CATEGORIES_NOT_YOUR_LANGUAGE),
            {(e.outcome, e.reason) for e in english.other},
        )
        catalog_import(
            data=data,
            filename="nl.po",
            language="nl",
            user=member("Translator (Dutch)"),
        )
        self.assertEqual(
            Category.objects.get(slug_en="treatment").name_nl, "Behandeling"
        )
