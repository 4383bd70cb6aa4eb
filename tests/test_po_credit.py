"""Credit for translators: the catalog's Last-Translator and the account that
imported it are recorded in the revision, shown in the admin history and, when
the site asks for it, on the translated page."""

from django.test import TestCase, override_settings

from articles.models import Revision
from articles.text.rules import BIDI_CONTROL, TOO_LONG
from articles.translations.credit import TRANSLATOR_NOT_RECORDED
from tests.factories import edit, make_article, make_category, member
from tests.helpers import DUTCH_PAGE, PAGE, PAGE_QUERIES, exported, import_catalog

ANNA = "Anna de Vries <anna@example.org>"


class CreditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(references=1, category=make_category())
        cls.translator = member("Translator (Dutch)")

    def translated(self, last_translator: str):
        catalog = exported()
        catalog.metadata["Last-Translator"] = last_translator
        for entry in catalog:
            entry.msgstr = {
                "Capsaicin for nerve pain": "Capsaïcine bij zenuwpijn",
                "Evidence": "Bewijs",
                "Capsaicin works. [1]": "Capsaïcine werkt. [1]",
            }.get(entry.msgid, "")
        return catalog

    def imported(self, last_translator: str = ANNA):
        return import_catalog(self.translated(last_translator), user=self.translator)

    def test_the_revision_records_the_translator_and_the_account(self):
        self.imported()
        revision = Revision.objects.get(article=self.article, number=2)
        self.assertEqual(revision.translator, ANNA)
        self.assertEqual(revision.user, self.translator)

    def test_the_admin_history_shows_the_translator(self):
        self.imported()
        self.client.force_login(self.translator)
        page = self.client.get(f"/admin/articles/article/{self.article.pk}/history/")
        self.assertContains(
            page, "translated by Anna de Vries &lt;anna@example.org&gt;"
        )

    def test_the_page_names_no_translator_unless_the_site_asks(self):
        self.imported()
        self.assertNotContains(self.client.get(DUTCH_PAGE), "Vertaling:")

    @override_settings(SHOW_TRANSLATOR=True)
    def test_the_dutch_page_names_its_translator_without_her_address(self):
        self.imported()
        with self.assertNumQueries(PAGE_QUERIES):
            page = self.client.get(DUTCH_PAGE)
        self.assertContains(
            page,
            '<p class="article-translator">Vertaling: Anna de Vries</p>',
            html=True,
        )
        self.assertNotContains(page, "anna@example.org")
        self.assertNotContains(self.client.get(PAGE), "Translation:")

    @override_settings(SHOW_TRANSLATOR=True)
    def test_an_english_revision_leaves_the_credit_of_the_dutch_text(self):
        self.imported()
        edit(self.article, body_en="<h2>Evidence</h2><p>Capsaicin works well. [1]</p>")
        self.assertContains(self.client.get(DUTCH_PAGE), "Vertaling: Anna de Vries")

    @override_settings(SHOW_TRANSLATOR=True)
    def test_markup_in_the_name_is_shown_as_text(self):
        self.imported("<script>alert(1)</script>Anna")
        page = self.client.get(DUTCH_PAGE)
        self.assertNotContains(page, "<script>alert(1)")

    def test_a_name_with_a_bidi_control_is_not_recorded_and_the_report_says_why(self):
        report = self.imported("Anna \u202ede Vries")
        self.assertEqual(Revision.objects.get(number=2).translator, "")
        reason = BIDI_CONTROL % {"char": "U+202E RIGHT-TO-LEFT OVERRIDE"}
        self.assertIn(TRANSLATOR_NOT_RECORDED % {"reason": reason}, report.problems)

    def test_a_name_longer_than_its_column_is_not_recorded(self):
        report = self.imported("A" * 201)
        self.assertEqual(Revision.objects.get(number=2).translator, "")
        reason = TOO_LONG % {"field": "translated by", "length": 201, "limit": 200}
        self.assertIn(TRANSLATOR_NOT_RECORDED % {"reason": reason}, report.problems)

    def test_the_exported_placeholder_and_gettext_placeholder_credit_nobody(self):
        for placeholder in ("Dutch translators", "FULL NAME <EMAIL@ADDRESS>"):
            self.assertEqual(self.imported(placeholder).translator, "", placeholder)
