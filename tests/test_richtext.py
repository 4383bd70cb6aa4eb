from django.test import SimpleTestCase, TestCase

from articles.text.richtext import link_citations, sanitize_html
from tests.factories import make_article

HOSTILE = (
    '<p onclick="steal()">Read <a href="javascript:alert(1)">this</a>'
    '<script>alert(2)</script> and <a href="https://pubmed.ncbi.nlm.nih.gov/1/" '
    'onmouseover="x()">that</a>.</p><img src=x onerror="y()"><h2 style="color:red">Dose</h2>'
)


class SanitizeOnSaveTests(TestCase):
    def test_script_event_handlers_and_javascript_urls_are_stripped_in_every_language(
        self,
    ):
        article = make_article(body_en=HOSTILE, title_nl="Capsaïcine", body_nl=HOSTILE)
        article.refresh_from_db()
        for body in (article.body_en, article.body_nl):
            self.assertNotIn("script", body)
            self.assertNotIn("alert", body)
            self.assertNotIn("onclick", body)
            self.assertNotIn("onmouseover", body)
            self.assertNotIn("javascript:", body)
            self.assertNotIn("<img", body)
            self.assertNotIn("style", body)
            self.assertIn(
                '<a href="https://pubmed.ncbi.nlm.nih.gov/1/" rel="noopener noreferrer">that</a>',
                body,
            )
            self.assertIn("<h2>Dose</h2>", body)


class RichTextTests(SimpleTestCase):
    def test_allowed_elements_survive(self):
        html = "<p><em>a</em> <strong>b</strong> x<sup>2</sup> H<sub>2</sub>O</p><ul><li>c</li></ul><blockquote>d</blockquote>"
        self.assertEqual(sanitize_html(html), html)

    def test_markers_link_to_existing_references_only(self):
        html = link_citations("<p>Shown [1][2] and [3].</p>", reference_count=2)
        self.assertEqual(
            html,
            '<p>Shown <a class="cite" href="#ref-1">[1]</a><a class="cite" href="#ref-2">[2]</a> and [3].</p>',
        )

    def test_markers_inside_links_and_attributes_are_left_alone(self):
        html = '<p><a href="https://example.org/?q=[1]">see [1]</a> then [1]</p>'
        self.assertEqual(
            link_citations(html, reference_count=1),
            '<p><a href="https://example.org/?q=[1]">see [1]</a> then <a class="cite" href="#ref-1">[1]</a></p>',
        )
