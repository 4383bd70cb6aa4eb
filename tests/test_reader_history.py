from datetime import date

from django.test import TestCase
from django.utils import translation

from articles.models import Article, Revision
from articles.revisions.publishing import article_restore
from articles.revisions.reader_history import RESTORED_NOTE
from tests.factories import edit, make_article, member
from tests.helpers import DUTCH_PAGE, PAGE

UNDONE_NOTE = "Higher dose for everyone."


class RestoreOverPublicRevisionTests(TestCase):
    """Revision 2 (February 2014) is restored over revision 3 (December 2026)."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title_nl="Capsaïcine bij zenuwpijn")
        for note, month, text in (
            ("New dosing advice.", date(2014, 2, 1), "February text."),
            (UNDONE_NOTE, date(2026, 12, 1), "December text."),
        ):
            edit(
                cls.article,
                kind=Revision.Kind.PUBLIC,
                note=note,
                editorial_date=month,
                body_en=f"<p>{text}</p>",
                body_nl=f"<p>{text} (nl)</p>",
            )
        cls.publisher = member("Publisher")

    def restore(self, number: int, *, kind: str, note: str = ""):
        with translation.override("en"):
            return article_restore(
                article=Article.objects.get(pk=self.article.pk),
                revision=Revision.objects.get(article=self.article, number=number),
                user=None,
                kind=kind,
                editorial_date=date(2026, 12, 1),
                note=note,
                publish=True,
            )

    def test_before_the_restore_readers_see_the_december_revision(self):
        page = self.client.get(PAGE)
        self.assertContains(page, "revised December 2026")
        self.assertContains(page, UNDONE_NOTE)

    def test_a_restore_as_a_minor_correction_shows_the_restored_dates_and_notes(self):
        self.restore(2, kind=Revision.Kind.MINOR)
        page = self.client.get(PAGE)
        self.assertContains(page, "February text.")
        self.assertContains(page, "revised February 2014")
        self.assertContains(page, "New dosing advice.")
        self.assertNotContains(page, "December 2026")
        self.assertNotContains(page, UNDONE_NOTE)
        self.assertNotContains(page, str(RESTORED_NOTE % {"number": 2}))
        dutch = self.client.get(DUTCH_PAGE)
        self.assertContains(dutch, "herzien februari 2014")
        self.assertNotContains(dutch, "december 2026")
        self.assertNotContains(dutch, UNDONE_NOTE)

    def test_a_public_restore_is_listed_in_the_readers_language(self):
        self.restore(
            2, kind=Revision.Kind.PUBLIC, note=str(RESTORED_NOTE % {"number": 2})
        )
        page = self.client.get(PAGE)
        self.assertContains(page, "revised December 2026")
        self.assertContains(page, "Restored the version of February 2014.")
        self.assertNotContains(page, RESTORED_NOTE % {"number": 2})
        self.assertNotContains(page, UNDONE_NOTE)
        dutch = self.client.get(DUTCH_PAGE)
        self.assertContains(dutch, "Teruggezet naar de versie van februari 2014.")
        self.assertNotContains(dutch, "Revisie 2 teruggezet.")

    def test_a_public_restore_keeps_a_note_written_for_readers(self):
        self.restore(2, kind=Revision.Kind.PUBLIC, note="The higher dose is withdrawn.")
        page = self.client.get(PAGE)
        self.assertContains(page, "Restored the version of February 2014.")
        self.assertContains(page, "The higher dose is withdrawn.")
        self.assertNotContains(page, UNDONE_NOTE)

    def test_restoring_the_undone_revision_brings_its_note_back(self):
        self.restore(2, kind=Revision.Kind.MINOR)
        self.restore(3, kind=Revision.Kind.MINOR)
        page = self.client.get(PAGE)
        self.assertContains(page, "December text.")
        self.assertContains(page, "revised December 2026")
        self.assertContains(page, UNDONE_NOTE)
        self.assertContains(page, "New dosing advice.")

    def test_the_undone_version_is_no_longer_linked_but_still_reads_as_it_was(self):
        self.restore(2, kind=Revision.Kind.MINOR)
        self.assertNotContains(self.client.get(PAGE), f"{PAGE}versions/3/")
        self.assertContains(self.client.get(f"{PAGE}versions/2/"), "February text.")
        old = self.client.get(f"{PAGE}versions/3/")
        self.assertContains(old, "December text.")
        self.assertContains(old, UNDONE_NOTE)

    def test_the_restore_page_says_what_readers_will_see(self):
        self.client.force_login(self.publisher)
        url = f"/admin/articles/article/{self.article.pk}/revisions/2/restore/"
        response = self.client.get(url)
        readers = response.content.decode().split('class="restore-readers"')[1]
        minor, public = readers.split('class="restore-reader"')[1:3]
        self.assertIn("revised February 2014", minor)
        self.assertIn("New dosing advice.", minor)
        self.assertNotIn("December 2026", minor)
        self.assertNotIn(UNDONE_NOTE, readers)
        self.assertIn("Restored the version of February 2014.", public)
        self.assertIn("February 2014: New dosing advice.", public)
