"""A summary and meta description derived from the body are derived from the
translated body, not translated three times; those an editor wrote are entries."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils.html import escape

from articles.models import Article
from articles.text.summaries import META_DESCRIPTION_MAX_CHARS
from tests.factories import edit, make_article
from tests.helpers import exported, import_catalog

SLUG = "low-dose-naltrexone-for-neuropathic-pain"
DUTCH = "/nl/artikelen/laaggedoseerde-naltrexon-bij-neuropathische-pijn/"
OPENING = "Capsaicin works in two of three patients. It burns at first."


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def test_derived_fields_are_no_entries(self):
        contexts = {entry.msgctxt for entry in exported()}
        self.assertIn(f"{SLUG}/title", contexts)
        self.assertNotIn(f"{SLUG}/summary", contexts)
        self.assertNotIn(f"{SLUG}/meta", contexts)

    def test_the_dutch_meta_description_comes_from_the_dutch_first_paragraph(self):
        article = Article.objects.get(slug_en=SLUG)
        self.assertTrue(article.body_nl.startswith("<p>" + article.summary_nl[:60]))
        self.assertLessEqual(
            len(article.meta_description_nl), META_DESCRIPTION_MAX_CHARS
        )
        self.assertNotIn(".…", article.meta_description_nl)
        page = self.client.get(DUTCH)
        self.assertContains(
            page,
            f'<meta name="description" content="{escape(article.meta_description_nl)}">',
        )
        self.assertTrue(
            article.meta_description_nl.startswith("Laaggedoseerde naltrexon")
        )


class EditorWrittenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            body_en=f"<p>{OPENING} [1]</p><p>More.</p>",
            summary_en="Capsaicin works in two of three patients. It burns at first.",
            meta_description_en="Capsaicin works in two of three patients.",
        )

    def contexts(self):
        return {entry.msgctxt for entry in exported()}

    def test_a_derived_summary_is_no_entry_and_a_written_meta_description_is(self):
        contexts = self.contexts()
        self.assertNotIn("capsaicin-for-nerve-pain/summary", contexts)
        self.assertIn("capsaicin-for-nerve-pain/meta", contexts)

    def test_a_summary_the_editor_rewrites_becomes_an_entry(self):
        edit(self.article, summary_en="Two in three patients benefit.")
        catalog = exported()
        entry = catalog.find("capsaicin-for-nerve-pain/summary", by="msgctxt")
        self.assertEqual(entry.msgid, "Two in three patients benefit.")

    def test_the_translation_derives_the_summary_from_its_own_body(self):
        catalog = exported()
        for entry in catalog:
            entry.msgstr = {
                "Capsaicin for nerve pain": "Capsaïcine bij zenuwpijn",
                f"{OPENING} [1]": "Capsaïcine helpt twee op de drie patiënten. "
                "Het brandt eerst. [1]",
                "More.": "Meer.",
                "Capsaicin works in two of three patients.": "Capsaïcine helpt.",
            }.get(entry.msgid, entry.msgstr)
        import_catalog(catalog)
        article = Article.objects.get(pk=self.article.pk)
        self.assertEqual(
            article.summary_nl,
            "Capsaïcine helpt twee op de drie patiënten. Het brandt eerst.",
        )
        self.assertEqual(article.meta_description_nl, "Capsaïcine helpt.")
