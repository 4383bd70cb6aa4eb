"""The contents list of an article with three or more headings."""

from django.test import TestCase

from articles.public.contents import with_contents
from articles.text.richtext import render_body, sanitize_html
from tests.factories import edit, make_article

BODY = (
    "<h2>Evidence</h2><p>Works. [1]</p>"
    "<h3>Side effects &amp; risks</h3><p>Few.</p>"
    "<h2>Evidence</h2><p>Again.</p>"
    "<h2>LDN in our clinic</h2><p>We use it.</p>"
)


class ContentsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title_en="Nerve block",
            title_nl="Zenuwblokkade",
            body_en=BODY,
            body_nl="<h2>Bewijs</h2><p>Werkt. [1]</p><h2>Bijwerkingen</h2><p>Weinig.</p>"
            "<h2>LDN in onze kliniek</h2><p>Wij gebruiken het.</p>",
        )

    def test_links_to_each_heading_in_both_languages(self):
        response = self.client.get("/en/articles/nerve-block/")
        self.assertContains(
            response,
            '<nav class="contents" aria-labelledby="contents-heading">'
            '<h2 id="contents-heading">Contents</h2><ol>'
            '<li class="contents-level-2"><a href="#h-evidence">Evidence</a></li>'
            '<li class="contents-level-3"><a href="#h-side-effects-risks">'
            "Side effects &amp; risks</a></li>"
            '<li class="contents-level-2"><a href="#h-evidence-2">Evidence</a></li>'
            '<li class="contents-level-2"><a href="#h-ldn-in-our-clinic">'
            "LDN in our clinic</a></li></ol></nav>",
            html=True,
        )
        for anchor in ("h-evidence", "h-side-effects-risks", "h-evidence-2"):
            self.assertContains(response, f'id="{anchor}"', count=1)
        dutch = self.client.get("/nl/artikelen/zenuwblokkade/")
        self.assertContains(dutch, '<h2 id="contents-heading">Inhoud</h2>', html=True)
        self.assertContains(dutch, '<h2 id="h-ldn-in-onze-kliniek">', count=1)

    def test_anchors_stay_when_a_revision_leaves_the_heading(self):
        edit(self.article, body_en=BODY.replace("We use it.", "We use it daily."))
        response = self.client.get("/en/articles/nerve-block/")
        self.assertContains(
            response, '<h2 id="h-ldn-in-our-clinic">LDN in our clinic</h2>'
        )
        self.assertContains(response, "We use it daily.")

    def test_no_list_for_fewer_than_three_headings(self):
        make_article(
            title_en="Short", body_en="<h2>One</h2><p>a</p><h2>Two</h2><p>b</p>"
        )
        response = self.client.get("/en/articles/short/")
        self.assertNotContains(response, 'class="contents"')
        self.assertContains(response, "<h2>One</h2>")

    def test_ids_come_only_from_the_contents(self):
        typed = '<h2 id="evil">A</h2><h2>B</h2><h2 onclick="x()">C</h2>'
        self.assertEqual(sanitize_html(typed), "<h2>A</h2><h2>B</h2><h2>C</h2>")
        body, entries = with_contents(render_body(typed, 0))
        self.assertEqual(
            str(body), '<h2 id="h-a">A</h2><h2 id="h-b">B</h2><h2 id="h-c">C</h2>'
        )
        self.assertEqual([entry.anchor for entry in entries], ["h-a", "h-b", "h-c"])
