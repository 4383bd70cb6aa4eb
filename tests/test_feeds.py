"""The Atom feeds, as a feed reader parses them."""

from datetime import date

import feedparser
from django.test import TestCase

from articles.models import Article
from tests.factories import make_article, make_category


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.leaf = make_category(name_nl="Behandeling", slug_nl="behandeling")
        cls.other = make_category(("English articles", "Diagnosis"))
        cls.old = make_article(
            title_en="Nerve block",
            title_nl="Zenuwblokkade",
            category=cls.leaf,
            summary_en="Blocks explained.",
            first_published=date(2010, 8, 1),
            last_revised=date(2014, 2, 1),
        )
        cls.new = make_article(
            title_en="Skin biopsy",
            category=cls.other,
            first_published=date(2020, 3, 1),
        )
        make_article(title_en="A draft", status=Article.Status.DRAFT)

    def feed(self, path: str):
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/atom+xml"))
        parsed = feedparser.parse(response.content)
        self.assertFalse(parsed.bozo, parsed.get("bozo_exception"))
        self.assertEqual(parsed.version, "atom10")
        return parsed

    def test_latest_articles_per_language_newest_first(self):
        english = self.feed("/en/feed/")
        self.assertEqual(
            [entry.title for entry in english.entries], ["Skin biopsy", "Nerve block"]
        )
        self.assertEqual(
            english.entries[1].link, "http://testserver/en/articles/nerve-block/"
        )
        self.assertEqual(english.entries[1].summary, "Blocks explained.")
        self.assertEqual(english.entries[1].updated_parsed[:3], (2014, 2, 1))
        self.assertEqual(english.entries[1].published_parsed[:3], (2010, 8, 1))
        dutch = self.feed("/nl/feed/")
        self.assertEqual([entry.title for entry in dutch.entries], ["Zenuwblokkade"])
        self.assertEqual(dutch.feed.subtitle, "De nieuwste artikelen")

    def test_a_feed_under_each_category_page(self):
        treatment = self.feed("/en/category/treatment/feed/")
        self.assertEqual([entry.title for entry in treatment.entries], ["Nerve block"])
        self.assertEqual(
            treatment.feed.link, "http://testserver/en/category/treatment/"
        )
        # The root lists what is below it.
        root = self.feed("/en/category/english-articles/feed/")
        self.assertEqual(len(root.entries), 2)
        dutch = self.feed("/nl/categorie/behandeling/feed/")
        self.assertEqual([entry.title for entry in dutch.entries], ["Zenuwblokkade"])
        self.assertEqual(self.client.get("/en/category/none/feed/").status_code, 404)

    def test_pages_name_their_feed(self):
        self.assertContains(
            self.client.get("/en/category/treatment/"),
            'type="application/atom+xml" title="Treatment · Pain Clinic" '
            'href="/en/category/treatment/feed/"',
        )
        self.assertContains(self.client.get("/nl/"), 'href="/nl/feed/"')
