"""Search quality on the demo articles: labelled queries and the article that
must come first.

Each label also says what the right answer depends on. The same queries run
again with the index built and searched without stemming (PostgreSQL's
``simple`` configuration; plain lower-cased words on SQLite) and with the
results newest first instead of ranked, and the queries that depend on that
part then miss: the labels can tell stemming and ranking from their absence.
"""

from django.test import TestCase
from django.utils import translation

from articles.demo import demo_load
from articles.search.indexing import search_rebuild
from articles.search.searching import Order, search_articles

DN4 = "the-dn4-questionnaire-for-neuropathic-pain-screening"
LDN = "low-dose-naltrexone-for-neuropathic-pain"
GABAPENTINOIDS = "pregabalin-and-gabapentin-compared"
SMALL_FIBER = "diagnosing-small-fiber-neuropathy"
CREAMS = "topical-creams-for-localized-neuropathic-pain"
TRAMADOL = "tramadol-pharmacology-and-serotonergic-risks"
PEA = "palmitoylethanolamide-for-nerve-pain"

STEMMING, RANKING = "stemming", "ranking"

# (language, query, the article that must come first, what that depends on)
LABELLED = [
    ("en", "questionnaires", DN4, ""),
    ("en", "screening tools", DN4, STEMMING),
    ("en", "diagnosis", DN4, RANKING),
    ("en", "pilot trials", LDN, STEMMING),
    ("en", "inflammatory responses", LDN, ""),
    ("en", "inflammatory", LDN, RANKING),
    ("en", "absorption", GABAPENTINOIDS, ""),
    ("en", "biopsies", SMALL_FIBER, STEMMING),
    ("en", "sensory testing", SMALL_FIBER, ""),
    ("en", "skin", SMALL_FIBER, ""),
    ("en", "creams", CREAMS, RANKING),
    ("en", "ketamine", CREAMS, RANKING),
    ("en", "amitriptyline", CREAMS, ""),
    ("en", "pharmacology", TRAMADOL, RANKING),
    ("en", "nerve pain", PEA, ""),
    ("en", "clinical experiences", PEA, STEMMING),
    ("nl", "vragenlijsten", DN4, STEMMING),
    ("nl", "diagnose", DN4, RANKING),
    ("nl", "ontstekingsreacties", LDN, ""),
    ("nl", "absorptie", GABAPENTINOIDS, ""),
    ("nl", "huidbiopten", SMALL_FIBER, STEMMING),
    ("nl", "sensorisch testen", SMALL_FIBER, ""),
    ("nl", "crèmes", CREAMS, ""),
    ("nl", "ketamine", CREAMS, ""),
    ("nl", "farmacologie", TRAMADOL, ""),
    ("nl", "risico", TRAMADOL, ""),
    ("nl", "klinische ervaringen", PEA, STEMMING),
    ("nl", "zenuwpijnen", PEA, STEMMING),
]


class SearchQualityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_load()  # through the actions, which index what they publish

    def first(self, *, stemming: bool = True, order: str = Order.RELEVANCE) -> dict:
        """Per labelled query, the slug of the article that comes first (or None)."""
        found = {}
        for language, query, _expected, _needs in LABELLED:
            with translation.override(language):
                results = search_articles(
                    query, language=language, stemming=stemming, order=order
                ).results
            found[language, query] = results[0].article.slug_en if results else None
        return found

    def misses(self, found: dict) -> set[tuple[str, str]]:
        return {
            (language, query)
            for language, query, expected, _needs in LABELLED
            if found[language, query] != expected
        }

    def needing(self, part: str) -> set[tuple[str, str]]:
        return {
            (language, query)
            for language, query, _e, needs in LABELLED
            if needs == part
        }

    def test_every_labelled_query_puts_its_article_first(self):
        self.assertEqual(self.misses(self.first()), set())

    def test_without_stemming_the_queries_that_need_it_miss(self):
        search_rebuild(stemming=False)
        self.assertEqual(
            self.misses(self.first(stemming=False)), self.needing(STEMMING)
        )

    def test_without_ranking_the_queries_that_need_it_miss(self):
        self.assertEqual(
            self.misses(self.first(order=Order.DATE)), self.needing(RANKING)
        )
