"""What is checked is what renders: the entry check against the sanitizer, and
every path that stores or shows body HTML."""

import tempfile
from dataclasses import replace
from io import StringIO
from pathlib import Path

import polib
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from articles.admin.forms import MISSING_REFERENCE
from articles.models import Article, Revision
from articles.oldsite.parser import (
    CITATION_WITHOUT_REFERENCE,
    OldSiteFormatError,
    parse_bytes,
)
from articles.revisions.publishing import article_snapshot
from articles.revisions.saving import article_save
from articles.translations.checks import (
    CITATION_MISSING,
    MARKUP_CHANGED,
    MARKUP_COMMENT,
    MARKUP_CROSSED,
    MARKUP_EXTRA,
    MARKUP_NOT_ALLOWED,
    MARKUP_STRAY_CLOSE,
    MARKUP_UNCLOSED_TAG,
    markup_problem,
    translation_problem,
)
from tests.factories import edit_form_data, make_article, staff
from tests.helpers import exported

HEADING = "Evidence"
PARAGRAPH = 'See <a id="a1">the <em>trial</em></a> [1] and [2].'
DUTCH_HEADING = "Bewijs"
DUTCH_PARAGRAPH = 'Zie <a id="a1">de <em>studie</em></a> [1] en [2].'
LINK = '<a href="https://pubmed.ncbi.nlm.nih.gov/2/" rel="noopener noreferrer">'
PLANTED = '<p>Planted <img src=x onerror="alert(1)"> text</p><h2>Dose <!-- rest</h2>'

# Each attack on the paragraph, and the reason the import gives for it.
ATTACKS = [
    (
        DUTCH_PARAGRAPH + " <img src=x onerror=alert(1)",
        MARKUP_UNCLOSED_TAG % {"tag": "<img src=x onerror=alert(1)"},
    ),
    (
        DUTCH_PARAGRAPH + " <svg onload=alert(1) ",
        MARKUP_UNCLOSED_TAG % {"tag": "<svg onload=alert(1) "},
    ),
    (
        'Zie <a id="a1">de </em>studie<em></a> [1] en [2].',
        MARKUP_STRAY_CLOSE % {"tag": "</em>"},
    ),
    (
        'Zie <a id="a1">de <em>studie</a></em> [1] en [2].',
        MARKUP_CROSSED % {"close": "</a>", "open": "<em>"},
    ),
    (
        'Zie <a id="a1">de <em>studie</em></a> [1] en <!-- [2] -->.',
        MARKUP_COMMENT % {"text": "<!-- [2] -->"},
    ),
    (DUTCH_PARAGRAPH + " </ b>", MARKUP_COMMENT % {"text": "</ b>"}),
    (
        DUTCH_PARAGRAPH + '<script src="x.js"></script>',
        MARKUP_NOT_ALLOWED % {"tag": '<script src="x.js">'},
    ),
    (
        'Zie <a id="a1">de <em>studie</em></a> [1] en [<em>2</em>].',
        MARKUP_EXTRA % {"tag": "</em> <em>"},
    ),
]


class EntryRefusalTests(TestCase):
    """The import report names the line of each refused entry and why."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            references=2,
            body_en=f"<h2>{HEADING}</h2><p>See {LINK}the <em>trial</em></a> [1] and [2].</p>",
        )

    def import_po(self, catalog: polib.POFile) -> tuple[str, str]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "nl.po"
            catalog.save(str(path))
            out, err = StringIO(), StringIO()
            call_command("import_po", str(path), stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_each_attack_is_rejected_with_its_line_and_reason(self):
        for translation, reason in ATTACKS:
            with self.subTest(translation):
                catalog = exported()
                catalog.find(PARAGRAPH).msgstr = translation
                line = polib.pofile(str(catalog)).find(PARAGRAPH).linenum
                _out, err = self.import_po(catalog)
                self.assertIn(
                    f"nl.po:{line}: rejected: capsaicin-for-nerve-pain/b2: {reason}",
                    err,
                )
                self.assertEqual(Revision.objects.count(), 1)

    def test_a_comment_in_a_heading_is_rejected(self):
        catalog = exported()
        catalog.find(HEADING).msgstr = "Bewijs <!-- "
        catalog.find(PARAGRAPH).msgstr = DUTCH_PARAGRAPH
        line = polib.pofile(str(catalog)).find(HEADING).linenum
        out, err = self.import_po(catalog)
        self.assertIn(
            f"nl.po:{line}: rejected: capsaicin-for-nerve-pain/b1: "
            f"{MARKUP_COMMENT % {'text': '<!-- '}}",
            err,
        )
        self.assertIn("applied: 1,", out)

    def test_the_dutch_page_shows_exactly_the_approved_text(self):
        catalog = exported()
        catalog.find("Capsaicin for nerve pain").msgstr = "Capsaïcine & zenuwpijn"
        catalog.find(HEADING).msgstr = "Bewijs: 5 < 10 mg & R&amp;D"
        catalog.find(PARAGRAPH).msgstr = DUTCH_PARAGRAPH
        out, _err = self.import_po(catalog)
        self.assertIn("applied: 3,", out)
        article = Article.objects.get(pk=self.article.pk)
        self.assertEqual(
            article.body_nl,
            f"<h2>Bewijs: 5 &lt; 10 mg &amp; R&amp;D</h2><p>Zie {LINK}de <em>studie</em></a> [1] en [2].</p>",
        )
        page = self.client.get(article.url_in("nl"))
        self.assertContains(page, "<h2>Bewijs: 5 &lt; 10 mg &amp; R&amp;D</h2>")
        self.assertContains(page, '<a class="cite" href="#ref-2">[2]</a>')


class MarkupProblemTests(SimpleTestCase):
    def test_a_faithful_translation_passes(self):
        for translation in (
            DUTCH_PARAGRAPH,
            'Zie <a id="a1">de <em>studie</em></a>\u00a0[1] &amp; [2] &lt;3 </',
            'Zie <a id="a1">de <em>studie</em></a> [1] &#91;2&#93; & 5 < 10 > 2.',
        ):
            with self.subTest(translation):
                self.assertIsNone(translation_problem(PARAGRAPH, translation))

    def test_what_the_parser_would_rearrange_is_refused_with_what_it_would_show(self):
        source = '<a id="a1">one</a> and <a id="a2">two</a>'
        self.assertEqual(
            markup_problem(source, '<a id="a1">een en <a id="a2">twee</a></a>'),
            MARKUP_CHANGED % {"shown": '<a id="a1">een en </a><a id="a2">twee</a>'},
        )

    def test_a_citation_hidden_in_a_comment_does_not_count(self):
        # Comments are refused first; the count itself reads what renders.
        self.assertEqual(
            markup_problem("Seen [1] [2].", "Gezien [1] &lt;!-- [2] --&gt;."), None
        )
        self.assertEqual(
            markup_problem("Seen [1] [2].", "Gezien [1] [<br>2]."),
            MARKUP_EXTRA % {"tag": "<br>"},
        )
        self.assertEqual(
            markup_problem("Seen [1] <br>[2].", "Gezien [1] [<br>2]."),
            CITATION_MISSING % {"marker": "[2]"},
        )


class StoredMarkupTests(TestCase):
    """Markup stored before it was sanitized everywhere is never shown as such."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(references=2)
        cls.user = staff("editor")

    def plant_revision(self) -> Revision:
        """A revision as a bug once stored it: an unsanitized Dutch body."""
        latest = self.article.latest_revision
        snapshot = dict(latest.snapshot)
        snapshot["fields"] = {**snapshot["fields"]}
        snapshot["fields"]["body"] = {"en": PLANTED, "nl": PLANTED}
        snapshot["fields"]["title"] = {"en": "Planted", "nl": "Geplant"}
        return Revision.objects.create(
            article=self.article,
            number=latest.number + 1,
            snapshot=snapshot,
            editorial_date=latest.editorial_date,
            kind=Revision.Kind.MINOR,
            languages="en,nl",
        )

    def assertShownSanitized(self, response) -> None:
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertNotIn("<img", content)
        self.assertNotIn("onerror", content)
        self.assertNotIn("<!-- rest", content)

    def test_revision_view_preview_and_compare_show_it_sanitized(self):
        revision = self.plant_revision()
        self.client.force_login(self.user)
        for language in ("en", "nl"):
            with self.subTest(language):
                view = self.client.get(
                    f"/admin/articles/article/{self.article.pk}/revisions/"
                    f"{revision.number}/?language={language}"
                )
                self.assertShownSanitized(view)
                self.assertContains(view, "Planted  text")
        compare = self.client.get(
            f"/admin/articles/article/{self.article.pk}/compare/"
            f"?a=1&b={revision.number}"
        )
        self.assertShownSanitized(compare)
        self.assertContains(compare, "Planted")
        self.assertNotContains(compare, "onerror")

    def test_a_translation_rebuilt_from_unsanitized_segments_is_stored_sanitized(self):
        snapshot = article_snapshot(self.article)
        units = {
            segment["key"]: {
                "source": segment["text"],
                "text": f"{segment['text']} <img src=x onerror=alert(1)",
                "fuzzy": False,
            }
            for segment in snapshot.segments
        }
        result = article_save(
            article=self.article,
            snapshot=replace(snapshot, translations={"nl": units}),
            user=None,
            note="",
            kind=Revision.Kind.MINOR,
            editorial_date=self.article.latest_revision.editorial_date,
            base_revision_id=self.article.latest_revision_id,
            publish=True,
        )
        stored = result.revision.snapshot["fields"]["body"]["nl"]
        self.assertIn("Capsaicin works.", stored)
        self.assertNotIn("<img", stored)
        self.assertNotIn("<img", Article.objects.get(pk=self.article.pk).body_nl)


class AdminFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(references=1)
        cls.user = staff("editor")

    def save(self, body: str):
        self.client.force_login(self.user)
        return self.client.post(
            f"/admin/articles/article/{self.article.pk}/change/",
            edit_form_data(self.article, body_en=body),
        )

    def test_a_citation_in_a_comment_is_not_checked_nor_stored(self):
        response = self.save("<p>Works. [1]<!-- [2] --></p>")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            Article.objects.get(pk=self.article.pk).latest_revision.snapshot["fields"][
                "body"
            ]["en"],
            "<p>Works. [1]</p>",
        )

    def test_a_citation_in_an_attribute_is_not_a_citation(self):
        response = self.save('<p>Works. [1] <a href="https://x.org/?q=[7]">x</a></p>')
        self.assertEqual(response.status_code, 302)

    def test_a_shown_citation_without_a_reference_is_refused(self):
        response = self.save("<p>Works. [1] <em>[2]</em></p>")
        self.assertContains(
            response, MISSING_REFERENCE % {"number": 2, "body": "English body"}
        )


class OldSiteTests(SimpleTestCase):
    FILE = (
        "Home > English articles > Treatment > Markup as text\n\n"
        "Markup as text\n\n"
        "A paragraph with <img src=x onerror=alert(1)> and <!-- [2] --> in it. [1]\n\n"
        "August 2010, Author\n\n"
        "[1] Authors | Title | Journal | 2007\n"
    )

    def test_markup_in_a_file_is_text_and_its_citations_are_checked_as_shown(self):
        with self.assertRaisesMessage(
            OldSiteFormatError,
            "a.txt:5: " + CITATION_WITHOUT_REFERENCE % {"number": 2, "count": 1},
        ):
            parse_bytes(self.FILE.encode(), filename="a.txt", language="en")
        parsed = parse_bytes(
            self.FILE.replace(" [2] ", " ").encode(), filename="a.txt", language="en"
        )
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", parsed.body_html)
