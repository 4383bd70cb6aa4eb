"""One translation state: the reader's notice, the admin, the dashboard and the
export agree on which translations are outdated."""

from django.test import TestCase

from articles.models import Article
from articles.translations.state import TranslationProgress
from tests.factories import edit, make_article, staff
from tests.helpers import exported

NOTICE = "is herzien sinds deze vertaling is gemaakt"


class OutdatedTranslationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.current = make_article(title_en="Current", title_nl="Actueel")
        # Only a paragraph added: no Dutch segment turns fuzzy, yet the Dutch
        # page no longer translates the whole original.
        cls.added = make_article(title_en="Added to", title_nl="Aangevuld")
        edit(
            cls.added,
            body_en="<h2>Evidence</h2><p>Capsaicin works. [1]</p><p>New advice.</p>",
        )
        cls.never = make_article(title_en="Never translated")

    def setUp(self):
        self.client.force_login(staff("anna"))

    def progress(self, article: Article) -> TranslationProgress:
        article.refresh_from_db()
        progress = TranslationProgress.from_json(article.translation_progress["nl"])
        assert progress is not None
        return progress

    def test_the_stored_state_names_its_counts(self):
        self.assertEqual(
            self.progress(self.added),
            TranslationProgress(segments=4, translated=3, fuzzy=0, outdated=True),
        )
        self.assertFalse(self.progress(self.never).outdated)
        self.assertTrue(self.progress(self.current).complete)

    def test_the_reader_sees_the_notice_where_the_admin_filter_finds_it(self):
        response = self.client.get("/admin/articles/article/?translation=outdated-nl")
        listed = {str(article) for article in response.context["cl"].result_list}
        self.assertEqual(listed, {"Added to"})
        self.client.logout()
        self.assertContains(self.client.get("/nl/artikelen/aangevuld/"), NOTICE)
        self.assertNotContains(self.client.get("/nl/artikelen/actueel/"), NOTICE)

    def test_the_list_and_the_dashboard_mark_it_outdated(self):
        response = self.client.get("/admin/articles/article/?q=Added")
        self.assertContains(response, "nl: 3/4 (outdated)")
        dashboard = self.client.get("/admin/articles/article/translations/")
        (dutch,) = [o for o in dashboard.context["overview"] if o["code"] == "nl"]
        rows = dutch["rows"]
        self.assertEqual(rows[0]["article"].pk, self.added.pk)  # outdated first
        self.assertTrue(rows[0]["progress"].outdated)

    def test_the_export_of_what_needs_work_leaves_out_complete_translations(self):
        contexts = {entry.msgctxt.split("/")[0] for entry in exported(needs_work=True)}
        self.assertIn("added-to", contexts)
        self.assertIn("never-translated", contexts)
        self.assertNotIn("current", contexts)
