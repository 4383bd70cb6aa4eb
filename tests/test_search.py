"""Search: the page, what it finds and how it ranks, hostile queries, the index
kept current by the actions, and ``rebuild_search``."""

import html
import io
import re
from datetime import date
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.utils.html import escape

from articles.actions.base import NotPermitted
from articles.actions.delete import delete_articles
from articles.actions.import_article import import_articles
from articles.actions.import_catalog import import_catalog
from articles.actions.publish import publish_article
from articles.actions.restore import restore_revision
from articles.actions.trash import untrash_article
from articles.actions.unpublish import unpublish_article
from articles.models import Article, Revision, SearchDocument
from articles.oldsite.parser import parse_file
from articles.search.analysis import MAX_QUERY_CHARS
from articles.search.indexing import search_index
from articles.search.searching import RESULTS_PER_PAGE
from tests.factories import edit, make_article, make_category, staff
from tests.helpers import exported

EN, NL = "/en/search/", "/nl/zoeken/"
DEMO = Path(settings.BASE_DIR) / "articles" / "demo"
SNIPPET = re.compile(r'<p class="search-snippet">(.*?)</p>', re.DOTALL)
RESULT_TITLE = re.compile(r'class="article-item-title" href="([^"]+)">([^<]*)</a>')
# A search: the ranked ids of every match, then the page's documents.
SEARCH_QUERIES = 3  # the results, their documents, the header's menu


def published(title_en: str, body_en: str, **fields) -> Article:
    """An article saved as a draft and published through the publish action."""
    article = make_article(
        title_en=title_en,
        body_en=body_en,
        references=0,
        status=Article.Status.DRAFT,
        **fields,
    )
    publish_article(article=article, user=None)
    article.refresh_from_db()
    return article


def titles(response) -> list[str]:
    """The result titles in the order the page lists them."""
    page = response.content.decode()
    return [html.unescape(title) for _url, title in RESULT_TITLE.findall(page)]


class SearchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.category = make_category(
            ("English articles", "Treatment"),
            name_nl="Behandeling",
            slug_nl="behandeling",
        )
        cls.shingles = published(
            "Pain after shingles",
            "<h2>Evidence</h2><p>The treatment of pain after shingles is difficult.</p>",
            title_nl="Pijn na gordelroos",
            body_nl="<p>De behandeling van pijn na gordelroos is lastig.</p>",
            category=cls.category,
            first_published=date(2011, 3, 1),
            last_revised=date(2015, 6, 1),
        )
        cls.patches = published(
            "Capsaicin patches",
            "<p>"
            + " ".join(["Patients with shingles pain ask about patches."] * 12)
            + "</p>",
            first_published=date(2016, 1, 1),
        )
        cls.english_only = published(
            "Lidocaine plasters",
            "<p>Plasters for pain after shingles.</p>",
            first_published=date(2017, 1, 1),
        )
        cls.draft = make_article(
            title_en="Shingles vaccine",
            body_en="<p>A draft about shingles.</p>",
            references=0,
            status=Article.Status.DRAFT,
        )

    def test_english_search_finds_the_singular_for_the_plural(self):
        response = self.client.get(EN, {"q": "treatments"})
        self.assertEqual(titles(response), ["Pain after shingles"])

    def test_dutch_search_finds_the_singular_for_the_plural(self):
        response = self.client.get(NL, {"q": "behandelingen"})
        self.assertEqual(titles(response), ["Pijn na gordelroos"])

    def test_result_shows_link_category_dates_and_marked_snippet(self):
        response = self.client.get(NL, {"q": "gordelroos"})
        page = response.content.decode()
        self.assertIn(
            f'href="{self.shingles.url_in("nl")}">Pijn na gordelroos</a>', page
        )
        self.assertIn('<span class="article-item-category">Behandeling</span>', page)
        self.assertIn("Eerste publicatie maart 2011", page)
        self.assertIn("herzien juni 2015", page)
        self.assertEqual(
            SNIPPET.findall(page),
            ["De behandeling van pijn na <mark>gordelroos</mark> is lastig."],
        )

    def test_snippet_never_carries_markup_from_the_body(self):
        published(
            "Hostile body",
            '<p>Mix <em>rosemary</em> &lt;script&gt;alert("x")&lt;/script&gt; with '
            '<a href="https://example.org/">rosemary oil</a> &amp; water.</p>',
        )
        response = self.client.get(EN, {"q": "rosemary"})
        [snippet] = SNIPPET.findall(response.content.decode())
        self.assertEqual(
            snippet,
            "Mix <mark>rosemary</mark> "
            + escape('<script>alert("x")</script>')
            + " with <mark>rosemary</mark> oil &amp; water.",
        )

    def test_title_match_ranks_above_many_body_matches(self):
        found = titles(self.client.get(EN, {"q": "shingles"}))
        self.assertEqual(found[0], "Pain after shingles")
        self.assertEqual(sorted(found[1:]), ["Capsaicin patches", "Lidocaine plasters"])

    def test_newest_first_on_request(self):
        response = self.client.get(EN, {"q": "shingles", "sort": "date"})
        self.assertEqual(
            titles(response),
            ["Lidocaine plasters", "Capsaicin patches", "Pain after shingles"],
        )

    def test_only_articles_readable_in_the_language(self):
        response = self.client.get(NL, {"q": "shingles gordelroos lidocaine"})
        self.assertEqual(titles(response), [])
        self.assertNotIn("Shingles vaccine", self.client.get(EN, {"q": "vaccine"}))
        self.assertEqual(titles(self.client.get(EN, {"q": "vaccine"})), [])
        self.assertEqual(titles(self.client.get(NL, {"q": "lidocaine"})), [])

    def test_every_word_must_occur(self):
        self.assertEqual(titles(self.client.get(EN, {"q": "patches lidocaine"})), [])
        self.assertEqual(
            titles(self.client.get(EN, {"q": "plasters shingles"})),
            ["Lidocaine plasters"],
        )

    def test_hostile_queries_give_a_normal_page(self):
        hostile = [
            '"',
            '"unbalanced',
            "NEAR(pain shingles)",
            "pain AND NOT shingles OR *",
            "shingles*",
            "^shingles",
            "((pain)",
            "title:shingles",
            "{title headings} : shingles",
            "pain & | ! <-> :*",
            "'; DROP TABLE articles_article; --",
            "x" * 10_000,
            "shingles\x00pain",
            "\x00",
            "😀 🩺 shingles",
            "",
            "   ",
            "a" * 3000 + " shingles",
        ]
        for query in hostile:
            with self.subTest(query=query[:40]):
                response = self.client.get(EN, {"q": query})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "<h1>Search</h1>")
        self.assertEqual(
            sorted(titles(self.client.get(EN, {"q": "shingles\x00pain"}))),
            ["Capsaicin patches", "Lidocaine plasters", "Pain after shingles"],
        )
        self.assertEqual(
            titles(self.client.get(EN, {"q": "😀 plasters"})), ["Lidocaine plasters"]
        )
        # Not UTF-8: a lone surrogate's bytes and a stray byte.
        response = self.client.get(EN + "?q=%ED%A0%80%FFplasters")
        self.assertEqual(response.status_code, 200)

    def test_query_as_a_list_and_bad_page_numbers(self):
        response = self.client.get(
            EN, {"q": ["plasters", "shingles"], "page": ["x", "2"]}
        )
        self.assertEqual(response.status_code, 200)
        for page in ["0", "-1", "abc", "99999999999999999999", "1e3"]:
            with self.subTest(page=page):
                response = self.client.get(EN, {"q": "shingles", "page": page})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(titles(response)), 3)

    def test_long_query_is_cut_and_shown_as_searched(self):
        response = self.client.get(EN, {"q": "y" * 10_000})
        self.assertContains(response, f'value="{"y" * MAX_QUERY_CHARS}"')
        self.assertNotContains(response, "y" * (MAX_QUERY_CHARS + 1))

    def test_query_is_shown_escaped(self):
        response = self.client.get(EN, {"q": '<b>"shingles"</b>'})
        self.assertNotContains(response, "<b>")
        self.assertContains(response, "&lt;b&gt;&quot;shingles&quot;&lt;/b&gt;")

    def test_empty_query_asks_for_words_without_a_query(self):
        with self.assertNumQueries(1):  # the header's menu
            response = self.client.get(EN)
        self.assertContains(response, "Type one or more words")
        with self.assertNumQueries(1):
            response = self.client.get(NL, {"q": "de het een"})  # stop words only
        self.assertContains(response, "Geen artikelen gevonden")

    def test_query_budget_stays_the_same_with_more_results(self):
        with self.assertNumQueries(SEARCH_QUERIES):
            before = self.client.get(EN, {"q": "pain"})
        more = [
            make_article(
                title_en=f"Pain study {number}",
                body_en="<p>Another study of pain.</p>",
                references=0,
            )
            for number in range(RESULTS_PER_PAGE + 5)
        ]
        search_index(article_ids=[article.pk for article in more])
        with self.assertNumQueries(SEARCH_QUERIES):
            after = self.client.get(EN, {"q": "pain"})
        self.assertEqual(len(titles(before)), 3)
        self.assertEqual(len(titles(after)), RESULTS_PER_PAGE)
        self.assertContains(after, "28 articles found")
        self.assertContains(after, "Page 1 of 2")
        second = self.client.get(EN, {"q": "pain", "page": "2"})
        self.assertEqual(len(titles(second)), 8)
        self.assertContains(after, "?q=pain&amp;sort=relevance&amp;page=2")

    def test_search_box_in_the_header_of_every_page(self):
        pages = {
            "/en/": ("/en/search/", "Search articles"),
            self.shingles.url_in("en"): ("/en/search/", "Search articles"),
            self.category.url_in("en"): ("/en/search/", "Search articles"),
            "/en/no-such-page/": ("/en/search/", "Search articles"),
            "/nl/": ("/nl/zoeken/", "Artikelen zoeken"),
            self.shingles.url_in("nl"): ("/nl/zoeken/", "Artikelen zoeken"),
            "/nl/bestaat-niet/": ("/nl/zoeken/", "Artikelen zoeken"),
            "/nl/artikelen/lidocaine-plasters/": ("/nl/zoeken/", "Artikelen zoeken"),
        }
        for path, (action, label) in pages.items():
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertIn(response.status_code, (200, 404))
                self.assertContains(
                    response,
                    f'<form class="site-search" role="search" method="get" action="{action}">',
                    status_code=response.status_code,
                )
                self.assertContains(
                    response,
                    f'<label for="site-search-q">{label}</label>',
                    status_code=response.status_code,
                )

    def test_language_switcher_keeps_the_query(self):
        response = self.client.get(NL, {"q": "pijn"})
        self.assertContains(response, 'href="/en/search/?q=pijn" hreflang="en"')


class SearchIndexActionTests(TestCase):
    """Each action that changes what readers can read changes what search finds."""

    def test_publish_unpublish_delete_untrash(self):
        article = published("Burning mouth syndrome", "<p>Clonazepam helps.</p>")
        self.assertEqual(
            titles(self.client.get(EN, {"q": "clonazepam"})), ["Burning mouth syndrome"]
        )
        unpublish_article(article=article, user=None)
        self.assertEqual(titles(self.client.get(EN, {"q": "clonazepam"})), [])
        publish_article(article=article, user=None)
        self.assertEqual(
            titles(self.client.get(EN, {"q": "clonazepam"})), ["Burning mouth syndrome"]
        )
        delete_articles(articles=[article], user=None)
        self.assertEqual(titles(self.client.get(EN, {"q": "clonazepam"})), [])
        article.refresh_from_db()
        untrash_article(article=article, user=None)
        self.assertEqual(
            titles(self.client.get(EN, {"q": "clonazepam"})), ["Burning mouth syndrome"]
        )

    def test_published_edit_and_restore(self):
        article = published("Trigeminal neuralgia", "<p>Carbamazepine first.</p>")
        first = article.latest_revision
        edit(article, body_en="<p>Oxcarbazepine first.</p>")
        publish_article(article=article, user=None)
        self.assertEqual(titles(self.client.get(EN, {"q": "carbamazepine"})), [])
        self.assertEqual(len(titles(self.client.get(EN, {"q": "oxcarbazepine"}))), 1)
        restore_revision(
            article=article,
            revision=first,
            user=None,
            kind=Revision.Kind.MINOR,
            editorial_date=date(2020, 1, 1),
            publish=True,
        )
        self.assertEqual(titles(self.client.get(EN, {"q": "oxcarbazepine"})), [])
        self.assertEqual(
            titles(self.client.get(EN, {"q": "carbamazepine"})),
            ["Trigeminal neuralgia"],
        )

    def test_refused_publish_leaves_the_index_as_it_was(self):
        article = make_article(
            title_en="Phantom limb pain",
            body_en="<p>Mirror therapy.</p>",
            references=0,
            status=Article.Status.DRAFT,
        )
        with self.assertRaises(NotPermitted):
            publish_article(article=article, user=staff("editor", publisher=False))
        self.assertFalse(SearchDocument.objects.exists())

    def test_old_site_import_and_catalog_import(self):
        import_articles(
            parsed=[parse_file(str(DEMO / "tramadol-serotonergic-risks.en.txt"))],
            user=None,
        )
        self.assertEqual(
            titles(self.client.get(EN, {"q": "serotonergic risks"})),
            ["Tramadol: pharmacology and serotonergic risks"],
        )
        self.assertEqual(titles(self.client.get(NL, {"q": "tramadol"})), [])
        catalog = exported("nl")
        dutch = polib.pofile(str(DEMO / "nl.po"))
        translations = {(e.msgctxt, e.msgid): e.msgstr for e in dutch}
        for entry in catalog:
            entry.msgstr = translations.get((entry.msgctxt, entry.msgid), "")
        import_catalog(
            data=str(catalog).encode(), filename="nl.po", language="nl", user=None
        )
        self.assertEqual(
            titles(self.client.get(NL, {"q": "risico"})),
            ["Tramadol: farmacologie en serotonerge risico's"],
        )

    def test_rebuild_search_indexes_what_is_readable(self):
        make_article(title_en="Complex regional pain syndrome", references=0)
        self.assertEqual(titles(self.client.get(EN, {"q": "regional"})), [])
        call_command("rebuild_search", stdout=(out := io.StringIO()))
        self.assertEqual(out.getvalue(), "Rebuilt the search index: 1 in English.\n")
        self.assertEqual(
            titles(self.client.get(EN, {"q": "regional"})),
            ["Complex regional pain syndrome"],
        )
