"""Pages are sent gzip-compressed to readers who accept it; the page cache
compresses a page once and keeps ETag and 304 working."""

import gzip

from django.core.cache import cache
from django.test import TestCase, override_settings

from tests.factories import make_article
from tests.helpers import PAGE

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


class FreshPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article()

    def test_compressed_when_accepted(self):
        plain = self.client.get(PAGE)
        self.assertNotIn("Content-Encoding", plain)
        compressed = self.client.get(PAGE, **GZIP)
        self.assertEqual(compressed["Content-Encoding"], "gzip")
        self.assertIn("Accept-Encoding", compressed["Vary"])
        self.assertEqual(gzip.decompress(compressed.content), plain.content)
        self.assertLess(len(compressed.content), len(plain.content) / 2)

    def test_the_sitemap_and_feeds_too(self):
        for path in ("/sitemap.xml", "/en/feed/", "/en/a-z/"):
            with self.subTest(path=path):
                self.assertEqual(
                    self.client.get(path, **GZIP)["Content-Encoding"], "gzip"
                )


@override_settings(PAGE_CACHE=True)
class CachedPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article()

    def setUp(self):
        cache.clear()

    def test_compressed_once_and_served_as_stored(self):
        first = self.client.get(PAGE, **GZIP)
        self.assertEqual(first["Content-Encoding"], "gzip")
        with self.assertNumQueries(0):
            second = self.client.get(PAGE, **GZIP)
            third = self.client.get(PAGE, **GZIP)
        # The same bytes, padding and all: compressed when stored, not per reader.
        self.assertEqual(second.content, first.content)
        self.assertEqual(third.content, first.content)
        self.assertEqual(second["Content-Encoding"], "gzip")
        self.assertEqual(second["Content-Length"], str(len(second.content)))
        self.assertIn("Accept-Encoding", second["Vary"])
        self.assertEqual(second["ETag"], first["ETag"])
        self.assertTrue(second["ETag"].startswith('W/"'))

    def test_a_reader_without_gzip_gets_the_plain_page(self):
        fresh = self.client.get(PAGE, **GZIP)
        with self.assertNumQueries(0):
            plain = self.client.get(PAGE)
        self.assertNotIn("Content-Encoding", plain)
        self.assertEqual(plain.content, gzip.decompress(fresh.content))
        self.assertEqual(plain["Content-Length"], str(len(plain.content)))
        self.assertFalse(plain["ETag"].startswith("W/"))

    def test_not_modified_with_either_etag(self):
        compressed = self.client.get(PAGE, **GZIP)
        plain = self.client.get(PAGE)
        for etag, headers in ((compressed["ETag"], GZIP), (plain["ETag"], {})):
            with self.subTest(etag=etag):
                again = self.client.get(PAGE, HTTP_IF_NONE_MATCH=etag, **headers)
                self.assertEqual(again.status_code, 304)
                self.assertEqual(again["ETag"], etag)
                self.assertEqual(again.content, b"")
