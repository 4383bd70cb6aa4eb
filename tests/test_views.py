import re
from datetime import date

from django.test import TestCase

from articles.models import Article, Category, Reference
from articles.revisions.snapshots import pick_entry
from tests.factories import edit, make_article, make_category
from tests.helpers import PAGE_QUERIES


class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        category = make_category(name_nl="Behandeling", slug_nl="behandeling")
        cls.article = make_article(
            title_nl="Capsaïcine bij zenuwpijn",
            references=3,
            category=category,
            first_published=date(2010, 8, 1),
            last_revised=date(2014, 2, 1),
            author_line="J. Jansen, MD",
        )
        cls.english_only = make_article(
            title_en="Lidocaine plasters", category=category
        )
        edit(cls.article, picks=[pick_entry(cls.english_only)])
        cls.draft = make_article(
            title_en="Unpublished draft", status=Article.Status.DRAFT
        )

    def test_english_page(self):
        response = self.client.get("/en/articles/capsaicin-for-nerve-pain/")
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "<h1>Capsaicin for nerve pain</h1>", html=True)
        self.assertContains(response, "<h2>Evidence</h2>", html=True)
        self.assertContains(response, "First published August 2010")
        self.assertContains(response, "revised February 2014")
        self.assertContains(response, "J. Jansen, MD")
        self.assertContains(response, "Related articles")
        self.assertContains(response, "Lidocaine plasters")

    def test_dutch_page_dates_and_labels(self):
        response = self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/")
        self.assertContains(response, '<html lang="nl">')
        self.assertContains(response, "Eerste publicatie augustus 2010")
        # The Dutch text translates the 2010 version: the English-only 2014
        # revision is not its date.
        self.assertNotContains(response, "herzien februari 2014")
        self.assertContains(response, "<h2>Bewijs</h2>", html=True)
        self.assertContains(response, "Gerelateerde artikelen")
        self.assertContains(response, "Literatuur")
        # The picked article has no Dutch version, so Dutch readers are not sent to it.
        self.assertNotContains(response, "Lidocaine plasters")

    def test_citation_links_resolve_to_reference_anchors(self):
        html = self.client.get(
            "/en/articles/capsaicin-for-nerve-pain/"
        ).content.decode()
        targets = re.findall(r'class="cite" href="#(ref-\d+)"', html)
        self.assertEqual(targets, ["ref-1", "ref-2", "ref-3"])
        for target in targets:
            self.assertIn(f'id="{target}"', html)

    def test_reference_list_links_and_escapes_every_field(self):
        Reference.objects.filter(article=self.article, number=2).update(
            authors="Smith J, <script>alert(1)</script>",
            title='Capsaicin "8%" & sleep.',
            journal="",
            details="2011;12(3):1-9.",
            pmid="21234567",
            doi="10.1000/xyz&1",
            url='https://example.org/?a=1&b="2"',
        )
        html = self.client.get(
            "/en/articles/capsaicin-for-nerve-pain/"
        ).content.decode()
        (item,) = re.findall(r'<li id="ref-2".*?</li>', html, re.S)
        self.assertHTMLEqual(
            item,
            '<li id="ref-2" value="2" lang="en">'
            "Smith J, &lt;script&gt;alert(1)&lt;/script&gt; "
            "<cite>Capsaicin &quot;8%&quot; &amp; sleep.</cite> 2011;12(3):1-9. "
            '<a href="https://pubmed.ncbi.nlm.nih.gov/21234567/" rel="noopener">'
            "PMID 21234567</a> "
            '<a href="https://doi.org/10.1000/xyz&amp;1" rel="noopener">'
            "doi:10.1000/xyz&amp;1</a> "
            '<a href="https://example.org/?a=1&amp;b=&quot;2&quot;" rel="noopener">'
            "https://example.org/?a=1&amp;b=&quot;2&quot;</a></li>",
        )
        self.assertIn('<span class="journal">Pain.</span>', html)

    def test_breadcrumb(self):
        response = self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/")
        self.assertContains(
            response,
            '<li><a href="/nl/categorie/behandeling/">Behandeling</a></li>',
            html=True,
        )
        self.assertContains(
            response, '<li aria-current="page">Capsaïcine bij zenuwpijn</li>', html=True
        )

    def test_language_switcher_and_alternates(self):
        response = self.client.get("/en/articles/capsaicin-for-nerve-pain/")
        self.assertContains(
            response,
            '<a href="/nl/artikelen/capsaicine-bij-zenuwpijn/" hreflang="nl" lang="nl">Nederlands</a>',
            html=True,
        )
        self.assertContains(
            response,
            '<link rel="alternate" hreflang="nl" href="http://testserver/nl/artikelen/capsaicine-bij-zenuwpijn/">',
        )
        self.assertContains(
            response,
            '<link rel="canonical" href="http://testserver/en/articles/capsaicin-for-nerve-pain/">',
        )

    def test_english_only_article_has_no_dutch_alternate(self):
        response = self.client.get("/en/articles/lidocaine-plasters/")
        self.assertNotContains(response, 'hreflang="nl"')
        self.assertContains(response, '<span class="unavailable" lang="nl"')

    def test_dutch_address_of_english_only_article_explains_in_dutch(self):
        response = self.client.get("/nl/artikelen/lidocaine-plasters/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(
            response,
            "Dit artikel is niet beschikbaar in het Nederlands",
            status_code=404,
        )
        self.assertContains(
            response,
            '<a href="/en/articles/lidocaine-plasters/" hreflang="en" lang="en">Lidocaine plasters</a>',
            html=True,
            status_code=404,
        )
        self.assertNotContains(response, "Capsaicin works", status_code=404)
        self.assertNotContains(response, 'rel="alternate"', status_code=404)

    def test_slug_of_the_other_language_redirects(self):
        response = self.client.get("/nl/artikelen/capsaicin-for-nerve-pain/")
        self.assertRedirects(
            response, "/nl/artikelen/capsaicine-bij-zenuwpijn/", status_code=301
        )

    def test_draft_is_not_found(self):
        response = self.client.get("/en/articles/unpublished-draft/")
        self.assertEqual(response.status_code, 404)

    def test_query_count_is_fixed(self):
        with self.assertNumQueries(PAGE_QUERIES):
            self.client.get("/en/articles/capsaicin-for-nerve-pain/")

    def test_query_count_with_one_and_with_thirty_references(self):
        make_article(title_en="One reference", references=1)
        make_article(title_en="Thirty references", references=30)
        for slug in ("one-reference", "thirty-references"):
            with self.assertNumQueries(PAGE_QUERIES):  # ancestors come with the menu
                response = self.client.get(f"/en/articles/{slug}/")
            self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="ref-30"')


class ListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category(name_nl="Behandeling", slug_nl="behandeling")
        cls.article = make_article(
            title_nl="Capsaïcine bij zenuwpijn",
            category=cls.category,
            first_published=date(2010, 8, 1),
            last_revised=date(2014, 2, 1),
        )
        make_article(title_en="Lidocaine plasters", category=cls.category)

    def test_category_page_lists_articles_in_the_readers_language(self):
        english = self.client.get("/en/category/treatment/")
        self.assertContains(english, "Capsaicin for nerve pain")
        self.assertContains(english, "Lidocaine plasters")
        dutch = self.client.get("/nl/categorie/behandeling/")
        self.assertContains(dutch, "Capsaïcine bij zenuwpijn")
        self.assertNotContains(dutch, "Lidocaine plasters")

    def test_parent_category_lists_articles_of_its_subcategories(self):
        response = self.client.get("/en/category/english-articles/")
        self.assertContains(response, "Capsaicin for nerve pain")
        self.assertContains(
            response, '<a href="/en/category/treatment/">Treatment</a>', html=True
        )

    def test_home_lists_recent_articles_of_the_language(self):
        dutch = self.client.get("/nl/")
        self.assertContains(dutch, "Recente artikelen")
        self.assertContains(dutch, "Capsaïcine bij zenuwpijn")
        self.assertNotContains(dutch, "Lidocaine plasters")

    def test_listed_items_show_category_and_date_and_escape_every_field(self):
        Article.objects.filter(pk=self.article.pk).update(
            title_nl='Capsaïcine <script>alert(1)</script> & "8%"',
            summary_nl="Minder pijn <b>na</b> acht weken.",
        )
        Category.objects.filter(pk=self.category.pk).update(
            name_nl="Behandeling & <i>zorg</i>"
        )
        html = self.client.get("/nl/").content.decode()
        (item,) = re.findall(r'<li class="article-item">.*?</li>', html, re.S)
        self.assertHTMLEqual(
            item,
            '<li class="article-item">'
            '<a class="article-item-title" href="/nl/artikelen/capsaicine-bij-zenuwpijn/">'
            "Capsaïcine &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;8%&quot;</a>"
            '<p class="article-item-meta">'
            '<a class="article-item-category" href="/nl/categorie/behandeling/">'
            "Behandeling &amp; &lt;i&gt;zorg&lt;/i&gt;</a>"
            "<span>herzien februari 2014</span></p>"
            '<p class="article-item-summary">'
            "Minder pijn &lt;b&gt;na&lt;/b&gt; acht weken.</p></li>",
        )

    def test_listing_query_counts(self):
        with self.assertNumQueries(2):  # the articles, the header menu
            self.client.get("/en/")
        with self.assertNumQueries(4):  # category, menu with ancestors, count, page
            self.client.get("/en/category/treatment/")
        with self.assertNumQueries(5):  # a root has subcategories instead of ancestors
            self.client.get("/en/category/english-articles/")


class LanguageRoutingTests(TestCase):
    def test_root_redirects_by_browser_language(self):
        self.assertRedirects(
            self.client.get("/", HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9,en;q=0.5"),
            "/nl/",
            fetch_redirect_response=False,
        )
        self.assertRedirects(
            self.client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,en;q=0.5"),
            "/en/",
            fetch_redirect_response=False,
        )

    def test_localized_404(self):
        response = self.client.get("/nl/bestaat-niet/")
        self.assertContains(response, "Pagina niet gevonden", status_code=404)
        self.assertContains(response, "Naar de startpagina", status_code=404)
        response = self.client.get("/en/does-not-exist/")
        self.assertContains(response, "Page not found", status_code=404)
