"""The page cache fails without the site failing.

Each test runs a redis-server of its own and breaks it for real: killed,
paused with SIGSTOP, restarted, made a read-only replica, or filled up with
no eviction. Readers then get pages rendered afresh, the login page works, an
unpublish through the admin answers as usual and is recorded for a retry, and
once Redis is back the retry takes the withdrawn article out of the cache.
What a page's URL carries besides its path and page number makes no entry.
"""

import io
import time
from unittest import skipUnless

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from articles.models import PageInvalidation
from articles.public import pagecache
from articles.public.pagecache import pages_retry
from tests.factories import edit, make_article, make_category, staff
from tests.helpers import PAGE, PAGE_QUERIES
from tests.services import RedisServer, redis_server_installed

OTHER = "/en/articles/lidocaine-plasters/"


@skipUnless(redis_server_installed(), "redis-server is not installed")
class RedisFaultTestCase(TestCase):
    """A published article, a publisher, and a Redis of the test's own."""

    fault_pause = 0  # seconds: every request tries the broken Redis again

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.redis = RedisServer()
        cls.addClassCleanup(cls.redis.stop)
        cls.enterClassContext(
            override_settings(
                PAGE_CACHE=True,
                PAGE_CACHE_FAULT_PAUSE=cls.fault_pause,
                PAGE_CACHE_RETRY_INTERVAL=3600,  # retried only where a test says
                CACHES={
                    "default": {
                        "BACKEND": "clinic_cms.cache.RedisCache",
                        "LOCATION": cls.redis.url,
                        "OPTIONS": settings.REDIS_TIMEOUTS,
                    }
                },
            )
        )

    @classmethod
    def setUpTestData(cls):
        category = make_category()
        cls.article = make_article(category=category)
        cls.other = make_article(title_en="Lidocaine plasters", category=category)
        cls.publisher = staff("anna")

    def setUp(self):
        self.redis.heal()
        self.redis.empty()
        # As in a process whose cache is up and which has just looked for retries.
        pagecache.health_reset()
        self.reader = Client()
        self.editor = Client()
        self.editor.force_login(self.publisher)

    def unpublish_in_admin(self) -> None:
        url = reverse("admin:articles_article_unpublish", args=[self.article.pk])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.editor.post(url)
        self.assertRedirects(
            response,
            reverse("admin:articles_article_change", args=[self.article.pk]),
            fetch_redirect_response=False,
        )

    def publish_in_admin(self) -> None:
        edit(self.other, body_en="<p>Plasters work for weeks. [1]</p>", publish=False)
        url = reverse("admin:articles_article_publish", args=[self.other.pk])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.editor.post(url)
        self.assertEqual(response.status_code, 302)

    def assert_uncached(self, path: str, text: str) -> None:
        with self.assertNumQueries(PAGE_QUERIES):
            self.assertContains(self.reader.get(path), text)


class FaultTests(RedisFaultTestCase):
    def check_site_through(self, fault, *, stale_after_healing: bool) -> None:
        """Readers, login, publish and unpublish while ``fault`` lasts, and no
        withdrawn page in the cache once the recorded invalidations are retried."""
        self.assertContains(self.reader.get(PAGE), "Capsaicin works.")
        fault()
        with self.assertLogs("articles.public.pagecache", "WARNING"):
            self.assert_uncached(OTHER, "Capsaicin works.")
        self.assert_uncached(OTHER, "Capsaicin works.")  # and not stored either
        self.assertEqual(self.reader.get("/admin/login/").status_code, 200)

        self.publish_in_admin()
        self.unpublish_in_admin()
        recorded = set(PageInvalidation.objects.values_list("path", flat=True))
        self.assertLessEqual({PAGE, OTHER, "/en/"}, recorded)

        self.redis.heal()
        if stale_after_healing:
            # The page cached before the fault is still in Redis and its
            # invalidation was refused: only the retry retires it.
            with self.assertNumQueries(0):
                self.assertContains(self.reader.get(PAGE), "Capsaicin works.")
        self.assertEqual(PageInvalidation.objects.count(), pages_retry())
        self.assertFalse(PageInvalidation.objects.exists())
        self.assertEqual(self.reader.get(PAGE).status_code, 404)
        self.assertContains(self.reader.get(OTHER), "Plasters work for weeks.")

    def test_redis_down(self):
        self.check_site_through(self.redis.kill, stale_after_healing=False)

    def test_redis_restarting(self):
        def restart_during_the_unpublish():
            self.redis.client().save()  # persistence: it comes back with the page
            self.redis.kill()

        self.check_site_through(restart_during_the_unpublish, stale_after_healing=True)

    def test_redis_hung(self):
        started = time.monotonic()
        self.check_site_through(self.redis.pause, stale_after_healing=True)
        # Every wait was bounded by the socket timeouts in the settings; a
        # Redis call without one would never have returned from SIGSTOP.
        self.assertLess(time.monotonic() - started, 30)

    def test_redis_read_only(self):
        self.check_site_through(self.redis.read_only, stale_after_healing=True)

    def test_redis_out_of_memory(self):
        self.check_site_through(self.redis.full, stale_after_healing=True)

    def test_a_hung_redis_times_out_as_the_settings_say(self):
        self.redis.pause()
        with self.assertLogs("articles.public.pagecache", "WARNING") as logs:
            self.assert_uncached(PAGE, "Capsaicin works.")
        self.assertIn("Timeout", logs.output[0])


class FaultPauseTests(RedisFaultTestCase):
    fault_pause = 60

    def test_after_a_fault_the_process_leaves_the_cache_alone_for_a_while(self):
        self.redis.pause()
        with self.assertLogs("articles.public.pagecache", "WARNING"):
            self.assert_uncached(PAGE, "Capsaicin works.")
        # A hung Redis costs one timeout per pause, and one warning.
        with self.assertNoLogs("articles.public.pagecache"):
            self.assert_uncached(PAGE, "Capsaicin works.")
            self.unpublish_in_admin()
        self.assertTrue(PageInvalidation.objects.filter(path=PAGE).exists())


class RetryTests(RedisFaultTestCase):
    def withdraw_while_read_only(self) -> None:
        self.reader.get(PAGE)
        self.redis.read_only()
        self.unpublish_in_admin()
        self.redis.heal()

    @override_settings(PAGE_CACHE_RETRY_INTERVAL=0)
    def test_the_next_reader_retries_what_the_cache_refused(self):
        self.withdraw_while_read_only()
        self.assertEqual(self.reader.get(PAGE).status_code, 404)
        self.assertFalse(PageInvalidation.objects.exists())

    def test_publish_scheduled_retries_what_the_cache_refused(self):
        self.withdraw_while_read_only()
        out = io.StringIO()
        call_command("publish_scheduled", stdout=out)
        self.assertIn("retried", out.getvalue())
        self.assertFalse(PageInvalidation.objects.exists())
        self.assertEqual(self.reader.get(PAGE).status_code, 404)

    def test_a_retry_the_cache_still_refuses_keeps_the_record(self):
        self.withdraw_while_read_only()
        self.redis.read_only()
        self.assertEqual(pages_retry(), 0)
        self.assertTrue(PageInvalidation.objects.filter(path=PAGE).exists())

    def test_a_hit_costs_no_query_between_retry_checks(self):
        self.reader.get(PAGE)
        with self.assertNumQueries(0):
            self.assertContains(self.reader.get(PAGE), "Capsaicin works.")

    @override_settings(PAGE_CACHE_RETRY_INTERVAL=0)
    def test_a_due_retry_check_costs_a_hit_one_query(self):
        self.reader.get(PAGE)
        with self.assertNumQueries(1):
            self.assertContains(self.reader.get(PAGE), "Capsaicin works.")

    @override_settings(PAGE_CACHE_MAX_AGE=1)
    def test_a_withdrawn_page_whose_invalidation_redis_lost_is_not_served_past_the_age_limit(
        self,
    ):
        self.reader.get(PAGE)
        self.redis.client().save()  # a snapshot from before the unpublish
        self.unpublish_in_admin()
        self.assertFalse(PageInvalidation.objects.exists())  # Redis took it...
        self.redis.restart()  # ...and lost it: the snapshot comes back
        page = cache.get(f"page:http://testserver{PAGE}?")
        self.assertEqual(page["generation"], cache.get(f"pagegen:{PAGE}"))
        time.sleep(settings.PAGE_CACHE_MAX_AGE)
        self.assertEqual(self.reader.get(PAGE).status_code, 404)

    @override_settings(PAGE_CACHE_MAX_AGE=1)
    def test_a_withdrawn_page_leaves_a_redis_that_stays_read_only_at_the_age_limit(
        self,
    ):
        self.reader.get(PAGE)
        self.redis.read_only()
        self.unpublish_in_admin()
        page = cache.get(f"page:http://testserver{PAGE}?")
        self.assertEqual(page["generation"], cache.get(f"pagegen:{PAGE}"))
        time.sleep(settings.PAGE_CACHE_MAX_AGE)
        self.assertEqual(self.reader.get(PAGE).status_code, 404)
        self.assertTrue(PageInvalidation.objects.filter(path=PAGE).exists())


class BoundTests(RedisFaultTestCase):
    def test_query_strings_that_change_nothing_make_no_entries(self):
        self.reader.get(PAGE)
        keys = self.redis.client().dbsize()
        for n in range(100):
            self.reader.get(f"{PAGE}?utm_source=mail{n}&page={n}")
            self.reader.get(f"/en/category/treatment/?page={n + 2}&ref={n}")
        self.assertEqual(self.redis.client().dbsize(), keys)

    def test_pages_leave_redis_at_the_age_limit(self):
        self.reader.get(PAGE)
        client = self.redis.client()
        (key,) = client.keys("*page:*")
        self.assertLessEqual(client.ttl(key), settings.PAGE_CACHE_MAX_AGE)
