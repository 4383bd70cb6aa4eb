"""Change notes and dates in the reader's language: notes are catalog segments,
a translated page never shows a note in the other language, and its dates are
those of the source revision its text translates."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils.html import escape

from articles.demo import SAMPLE_2010_NOTE, SAMPLE_2014_NOTE
from articles.models import Article, Revision
from tests.factories import edit
from tests.helpers import PAGE_QUERIES, exported, import_catalog

SLUG = "low-dose-naltrexone-for-neuropathic-pain"
ENGLISH = f"/en/articles/{SLUG}/"
DUTCH = "/nl/artikelen/laaggedoseerde-naltrexon-bij-neuropathische-pijn/"
NOTE_2014_NL = (
    "De paragraaf 'LDN in onze kliniek' toegevoegd, over onze ervaring met "
    "1-2,5 mg LDN, met tramadol en met palmitoylethanolamide."
)


class TranslatedNoteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        cls.article = Article.objects.get(slug_en=SLUG)

    def sample_catalog(self):
        return exported(articles=Article.objects.filter(pk=self.article.pk))

    def note_entry(self, catalog, note: str):
        return next(e for e in catalog if e.msgid == note)

    def translate_2014_note(self):
        catalog = self.sample_catalog()
        self.note_entry(catalog, SAMPLE_2014_NOTE).msgstr = NOTE_2014_NL
        return import_catalog(catalog)

    def test_every_public_revisions_note_is_an_entry(self):
        catalog = self.sample_catalog()
        entry = self.note_entry(catalog, SAMPLE_2014_NOTE)
        self.assertEqual(entry.msgctxt, f"{SLUG}/note2")
        self.assertEqual(entry.msgstr, "")
        self.assertIn("beside the revision of February 2014", entry.comment)
        self.assertEqual(
            self.note_entry(catalog, SAMPLE_2010_NOTE).msgctxt, f"{SLUG}/note1"
        )

    def test_the_dutch_page_never_shows_an_english_note(self):
        page = self.client.get(DUTCH)
        self.assertContains(page, "februari 2014")
        self.assertNotContains(page, "Added the section")
        self.assertNotContains(page, "First publication.")

    def test_a_translated_note_is_shown_on_the_dutch_page(self):
        report = self.translate_2014_note()
        self.assertEqual(report.summary()["applied"], 1)
        with self.assertNumQueries(PAGE_QUERIES):
            page = self.client.get(DUTCH)
        self.assertContains(
            page, f'<span class="revision-note">{NOTE_2014_NL}</span>', html=True
        )
        self.assertContains(self.client.get(ENGLISH), "Added the section")
        again = self.note_entry(self.sample_catalog(), SAMPLE_2014_NOTE)
        self.assertEqual(again.msgstr, NOTE_2014_NL)

    def test_the_note_translation_survives_later_revisions(self):
        self.translate_2014_note()
        self.english_only_revision()
        edit(self.article, note="Typo.", body_nl=self.article.body_nl + "<p>Extra.</p>")
        self.assertEqual(
            self.note_entry(self.sample_catalog(), SAMPLE_2014_NOTE).msgstr,
            NOTE_2014_NL,
        )

    def english_only_revision(self):
        self.article.refresh_from_db()
        edit(
            self.article,
            kind=Revision.Kind.PUBLIC,
            note="Updated the dosing table.",
            editorial_date=date(2026, 12, 1),
            body_en=self.article.body_en + "<p>A new English paragraph.</p>",
        )

    def test_after_an_english_only_revision_the_dutch_page_keeps_its_date(self):
        self.translate_2014_note()
        self.english_only_revision()
        english = self.client.get(ENGLISH)
        self.assertContains(english, "revised December 2026")
        self.assertContains(english, "Updated the dosing table.")
        with self.assertNumQueries(PAGE_QUERIES):
            dutch = self.client.get(DUTCH)
        self.assertContains(dutch, "herzien februari 2014")
        self.assertNotContains(dutch, "december 2026")
        self.assertNotContains(dutch, "Updated the dosing table.")
        self.assertContains(dutch, escape(NOTE_2014_NL))

    def test_once_the_translation_follows_the_dutch_page_shows_the_new_date(self):
        self.english_only_revision()
        catalog = self.sample_catalog()
        entry = catalog.find("A new English paragraph.")
        entry.msgstr = "Een nieuwe Engelse alinea."
        import_catalog(catalog)
        dutch = self.client.get(DUTCH)
        self.assertContains(dutch, "herzien december 2026")
        self.assertNotContains(dutch, "Updated the dosing table.")
