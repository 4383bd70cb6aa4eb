from unittest import skipUnless

from django.core.cache import cache
from django.test import TestCase, override_settings

from articles.models import Revision
from articles.public.views import ARTICLES_PER_PAGE
from articles.related.lists import related_rebuild
from articles.revisions.publishing import article_unpublish
from articles.revisions.snapshots import pick_entry
from tests.factories import edit, make_article, make_category, staff
from tests.helpers import PAGE, PAGE_QUERIES
from tests.services import redis_is_running

PAGE_OF_LISTED = "/en/articles/nerve-block-00/"


@override_settings(PAGE_CACHE=True)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        category = make_category()
        cls.article = make_article(
            title_nl="Capsaïcine bij zenuwpijn", category=category
        )
        cls.other = make_article(title_en="Lidocaine plasters", category=category)
        edit(cls.other, picks=[pick_entry(cls.article)], kind=Revision.Kind.MINOR)
        related_rebuild()

    def setUp(self):
        cache.clear()

    def test_a_cached_page_costs_no_query(self):
        first = self.client.get(PAGE)
        with self.assertNumQueries(0):
            second = self.client.get(PAGE)
        self.assertEqual(second.content, first.content)
        self.assertEqual(second["Cache-Control"], "public, max-age=60")
        self.assertTrue(second["ETag"])
        self.assertTrue(second["Last-Modified"])

    def test_an_unchanged_page_answers_304_to_its_etag(self):
        etag = self.client.get(PAGE)["ETag"]
        response = self.client.get(PAGE, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 304)

    def test_languages_are_cached_apart(self):
        self.client.get(PAGE)
        dutch = self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/")
        self.assertContains(dutch, "Capsaïcine werkt.")

    def test_publishing_retires_the_article_its_listings_and_pages_that_show_it(self):
        other_page = "/en/articles/lidocaine-plasters/"
        listing = "/en/category/treatment/"
        for path in (PAGE, other_page, listing, "/en/"):
            self.assertContains(self.client.get(path), "Capsaicin for nerve pain")
        with self.captureOnCommitCallbacks(execute=True):
            edit(
                self.article,
                title_en="Capsaicin patches for nerve pain",
                body_en="<p>New. [1]</p>",
            )
        self.assertContains(self.client.get(PAGE), "Capsaicin patches for nerve pain")
        for path in (other_page, listing, "/en/"):
            self.assertContains(
                self.client.get(path),
                "Capsaicin patches for nerve pain",
                msg_prefix=path,
            )

    def test_unpublishing_takes_the_page_down_at_once(self):
        self.client.get(PAGE)
        with self.captureOnCommitCallbacks(execute=True):
            article_unpublish(article=self.article, user=None)
        self.assertEqual(self.client.get(PAGE).status_code, 404)

    def test_a_draft_does_not_touch_the_cached_page(self):
        self.client.get(PAGE)
        with self.captureOnCommitCallbacks(execute=True):
            edit(self.article, body_en="<p>Draft. [1]</p>", publish=False)
        with self.assertNumQueries(0):
            self.assertNotContains(self.client.get(PAGE), "Draft.")

    def test_logged_in_staff_bypass_the_cache(self):
        self.client.get(PAGE)
        self.client.force_login(staff("anna"))
        with self.assertNumQueries(PAGE_QUERIES):
            self.client.get(PAGE)


@skipUnless(redis_is_running(), "no Redis on 127.0.0.1:6379")
@override_settings(
    PAGE_CACHE=True,
    CACHES={
        "default": {
            "BACKEND": "clinic_cms.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "clinic_cms_tests",
        }
    },
)
class RedisPageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def setUp(self):
        cache.clear()
        self.addCleanup(cache.clear)

    def test_every_cache_call_shares_one_redis_client(self):
        self.assertIs(cache._cache.get_client(), cache._cache.get_client(write=True))

    def test_hit_and_invalidation_through_redis(self):
        self.client.get(PAGE)
        with self.assertNumQueries(0):
            self.assertContains(self.client.get(PAGE), "Capsaicin works.")
        with self.captureOnCommitCallbacks(execute=True):
            edit(self.article, body_en="<p>Revised in Redis. [1]</p>")
        self.assertContains(self.client.get(PAGE), "Revised in Redis.")


@override_settings(PAGE_CACHE=True)
class CacheKeyTests(TestCase):
    """Only what changes a page makes a new entry: its host, path and page number."""

    LISTING = "/en/category/treatment/"

    @classmethod
    def setUpTestData(cls):
        category = make_category()
        for n in range(ARTICLES_PER_PAGE + 1):
            make_article(title_en=f"Nerve block {n:02d}", category=category)

    def setUp(self):
        cache.clear()

    def test_query_parameters_no_page_reads_share_the_page_entry(self):
        self.client.get(PAGE_OF_LISTED)
        for junk in ("?utm_source=mail", "?fbclid=1&x=2"):
            with self.subTest(junk=junk), self.assertNumQueries(0):
                self.assertContains(self.client.get(PAGE_OF_LISTED + junk), "Nerve")

    def test_a_page_number_on_a_page_without_pages_is_not_cached(self):
        for _request in range(2):
            with self.assertNumQueries(PAGE_QUERIES):
                self.client.get(PAGE_OF_LISTED + "?page=2")

    def test_each_page_of_a_listing_is_cached_apart(self):
        first = self.client.get(self.LISTING)
        second = self.client.get(self.LISTING + "?page=2&utm_source=mail")
        self.assertNotEqual(first.content, second.content)
        with self.assertNumQueries(0):
            self.assertEqual(
                self.client.get(self.LISTING + "?page=2").content, second.content
            )
            self.assertEqual(self.client.get(self.LISTING).content, first.content)

    def test_page_numbers_that_are_not_the_page_shown_are_not_cached(self):
        for odd in ("?page=3", "?page=99", "?page=02", "?page=two", "?page="):
            with self.subTest(odd=odd):
                self.assertEqual(self.client.get(self.LISTING + odd).status_code, 200)
                with self.assertNumQueries(4):  # rendered afresh again
                    self.client.get(self.LISTING + odd)

    def test_hosts_and_schemes_are_cached_apart(self):
        canonical = '<link rel="canonical" href="%s/en/articles/nerve-block-00/">'
        self.client.get(PAGE_OF_LISTED, HTTP_HOST="localhost")
        with self.assertNumQueries(PAGE_QUERIES):
            other = self.client.get(PAGE_OF_LISTED, HTTP_HOST="127.0.0.1")
        self.assertContains(other, canonical % "http://127.0.0.1")
        with self.assertNumQueries(PAGE_QUERIES):
            secure = self.client.get(PAGE_OF_LISTED, HTTP_HOST="localhost", secure=True)
        self.assertContains(secure, canonical % "https://localhost")
        with self.assertNumQueries(0):
            page = self.client.get(PAGE_OF_LISTED, HTTP_HOST="localhost")
        self.assertContains(page, canonical % "http://localhost")
