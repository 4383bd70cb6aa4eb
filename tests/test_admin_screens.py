"""What staff see on the admin's screens, through Django's test client: search
over bodies and references, months in the list, a confirmation before taking
an article off the site, previews in both languages, and the PO dry-run report."""

from datetime import date

import polib
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from articles.admin.po_report import WOULD_APPLY
from articles.models import Article
from articles.translations.checks import CITATION_MISSING
from articles.translations.po.export import catalog_export
from tests.factories import make_article, staff

ADMIN = "/admin/articles/article/"


class ArticleListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff("editor")
        cls.article = make_article(
            title_en="Capsaicin for nerve pain",
            title_nl="Capsaïcine bij zenuwpijn",
            body_en="<p>Unlike tramadol, capsaicin works on the skin. [1]</p>",
            last_revised=date(2014, 2, 1),
        )
        cls.other = make_article(title_en="Lidocaine plasters")

    def setUp(self):
        self.client.force_login(self.user)

    def found(self, query: str) -> list[str]:
        response = self.client.get(ADMIN, {"q": query})
        return [str(a) for a in response.context["cl"].result_list]

    def test_search_covers_bodies_and_references_in_both_languages(self):
        self.assertEqual(self.found("tramadol"), ["Capsaicin for nerve pain"])
        self.assertEqual(self.found("Capsaïcine werkt"), ["Capsaicin for nerve pain"])
        self.assertEqual(
            sorted(self.found("Study number 1")),
            ["Capsaicin for nerve pain", "Lidocaine plasters"],
        )

    def test_dates_are_months(self):
        response = self.client.get(ADMIN)
        self.assertContains(response, "February 2014")
        self.assertNotContains(response, "Feb. 1, 2014")


class UnpublishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff("publisher")
        cls.article = make_article()

    def setUp(self):
        self.client.force_login(self.user)

    def test_the_edit_page_links_to_a_confirmation_that_changes_nothing(self):
        url = f"{ADMIN}{self.article.pk}/unpublish/"
        self.assertContains(self.client.get(f"{ADMIN}{self.article.pk}/change/"), url)
        response = self.client.get(url)
        self.assertContains(response, "Yes, take it off the site")
        self.article.refresh_from_db()
        self.assertEqual(self.article.status, Article.Status.PUBLISHED)
        self.client.post(url)
        self.article.refresh_from_db()
        self.assertEqual(self.article.status, Article.Status.DRAFT)

    def test_an_editor_gets_no_confirmation_page(self):
        self.client.force_login(staff("editor", publisher=False))
        response = self.client.get(f"{ADMIN}{self.article.pk}/unpublish/")
        self.assertEqual(response.status_code, 403)


class PreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff("editor")
        cls.article = make_article(title_nl="Capsaïcine bij zenuwpijn")
        cls.english_only = make_article(title_en="Lidocaine plasters")

    def setUp(self):
        self.client.force_login(self.user)

    def test_a_preview_leads_back_to_the_editor_and_to_the_other_language(self):
        number = self.article.latest_revision.number
        url = f"{ADMIN}{self.article.pk}/revisions/{number}/"
        response = self.client.get(url)
        self.assertContains(response, f'href="{ADMIN}{self.article.pk}/change/"')
        self.assertContains(response, f'href="{url}?language=nl">Preview in Dutch')
        dutch = self.client.get(url, {"language": "nl"})
        self.assertContains(dutch, "Terug naar de editor")
        self.assertContains(dutch, f'href="{url}?language=en">Voorbeeld in het Engels')

    def test_a_revision_without_dutch_says_so(self):
        number = self.english_only.latest_revision.number
        response = self.client.get(
            f"{ADMIN}{self.english_only.pk}/revisions/{number}/", {"language": "nl"}
        )
        self.assertContains(
            response, f"Revision {number} has no Dutch version", status_code=404
        )
        self.assertContains(response, "Back to the editor", status_code=404)


class DryRunReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff("translator")
        make_article(
            title_en="Capsaicin for nerve pain", body_en="<p>Works well. [1]</p>"
        )

    def setUp(self):
        self.client.force_login(self.user)

    def upload(self) -> str:
        catalog = polib.pofile(str(catalog_export(language="nl")))
        for entry in catalog:
            entry.msgstr = {
                "Capsaicin for nerve pain": "Capsaïcine bij zenuwpijn",
                "Works well. [1]": "Werkt goed.",
            }.get(entry.msgid, "")
        upload = SimpleUploadedFile("nl.po", str(catalog).encode())
        response = self.client.post(f"{ADMIN}translations/import/", {"file": upload})
        return response.content.decode()

    def test_rejected_entries_come_first_in_red_with_their_reason(self):
        page = self.upload()
        start = page.index("outcome-summary")
        summary = page[start : page.index("</table>", start)]
        self.assertLess(summary.index("rejected"), summary.index(str(WOULD_APPLY)))
        page = page[page.index("po-entries") :]
        rejected = page.index('<tr class="outcome-bad">')
        self.assertLess(rejected, page.index('<tr class="outcome-pending">'))
        row = page[rejected : page.index("</tr>", rejected)]
        self.assertIn(CITATION_MISSING % {"marker": "[1]"}, row)
        self.assertIn("<ins>Werkt goed.</ins>", row)

    def test_a_dry_run_never_says_applied(self):
        page = self.upload()
        self.assertIn(str(WOULD_APPLY), page)
        self.assertNotIn(">applied<", page)
        self.assertNotIn("applied:", page)

    def test_a_changed_entry_is_highlighted_word_by_word(self):
        page = self.upload()
        entries = page.index("po-entries")
        row_start = page.index('<tr class="outcome-pending">', entries)
        row = page[row_start : page.index("</tr>", row_start)]
        self.assertIn("<ins>Capsaïcine bij zenuwpijn</ins>", row)


class DutchAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff("redacteur")
        make_article()

    def setUp(self):
        self.client.force_login(self.user)

    def test_the_article_list_and_home_are_dutch(self):
        page = self.client.get(ADMIN, headers={"accept-language": "nl"})
        self.assertContains(page, "PO exporteren voor vertaling naar het Nederlands")
        self.assertNotContains(page, "Export PO")
        self.assertContains(page, "Laatst herzien")
        self.assertContains(page, "Modelnaam")
        self.assertContains(page, 'alt="Zoeken"')
        self.client.force_login(
            get_user_model().objects.create_superuser("beheerder", password="pw")
        )
        home = self.client.get("/admin/", headers={"accept-language": "nl"})
        self.assertContains(home, "Inlogblokkeringen")
        self.assertContains(home, "Inlogpogingen")
