"""The sitemap and robots.txt, as a search engine reads them."""

from datetime import date
from pathlib import Path

from django.test import TestCase
from lxml import etree

from articles.models import Article
from tests.factories import edit, make_article, make_category

SCHEMA = Path(__file__).parent / "data" / "sitemap.xsd"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}
HOST = "http://testserver"


def _schema() -> etree.XMLSchema:
    # Only the local files: the parser may not reach the network.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA), parser))


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.leaf = make_category(name_nl="Behandeling", slug_nl="behandeling")
        cls.both = make_article(
            title_en="Nerve block",
            title_nl="Zenuwblokkade",
            category=cls.leaf,
            last_revised=date(2014, 2, 1),
        )
        cls.english = make_article(title_en="English only", category=cls.leaf)
        cls.dutch = make_article(
            title_en="",
            slug_en="",
            body_en="",
            title_nl="Alleen Nederlands",
            source_language="nl",
            first_published=date(2012, 5, 1),
        )
        cls.draft = make_article(title_en="Draft", status=Article.Status.DRAFT)

    def sitemap(self) -> etree._Element:
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response["Content-Type"], "application/xml")
        return etree.fromstring(response.content)

    def entry(self, root, loc: str) -> etree._Element:
        found = root.xpath("s:url[s:loc=$loc]", namespaces=NS, loc=HOST + loc)
        self.assertEqual(len(found), 1, loc)
        return found[0]

    def alternates(self, url) -> dict[str, str]:
        return {
            link.get("hreflang"): link.get("href")
            for link in url.xpath("x:link[@rel='alternate']", namespaces=NS)
        }

    def test_valid_against_the_sitemaps_schema(self):
        schema = _schema()
        root = self.sitemap()
        self.assertTrue(schema.validate(root), schema.error_log)

    def test_schema_refuses_what_the_protocol_forbids(self):
        schema = _schema()
        bad = etree.fromstring(
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<url><loc>http://testserver/en/</loc><lastmod>Feb 2014</lastmod></url>"
            b"</urlset>"
        )
        self.assertFalse(schema.validate(bad))

    def test_every_readable_version_with_its_alternates_and_x_default(self):
        root = self.sitemap()
        english = "/en/articles/nerve-block/"
        dutch = "/nl/artikelen/zenuwblokkade/"
        for loc in (english, dutch):
            self.assertEqual(
                self.alternates(self.entry(root, loc)),
                {"en": HOST + english, "nl": HOST + dutch, "x-default": HOST + english},
            )
        self.assertEqual(
            self.alternates(self.entry(root, "/en/articles/english-only/")),
            {
                "en": HOST + "/en/articles/english-only/",
                "x-default": HOST + "/en/articles/english-only/",
            },
        )
        # A Dutch article: x-default is its Dutch version, the only one there is.
        only = "/nl/artikelen/alleen-nederlands/"
        self.assertEqual(
            self.alternates(self.entry(root, only)),
            {"nl": HOST + only, "x-default": HOST + only},
        )
        locs = root.xpath("s:url/s:loc/text()", namespaces=NS)
        self.assertNotIn(HOST + "/nl/artikelen/english-only/", locs)
        self.assertNotIn(HOST + "/en/articles/draft/", locs)
        self.assertNotIn(HOST + "/en/articles/alleen-nederlands/", locs)

    def test_lastmod_is_the_date_of_the_latest_public_revision(self):
        root = self.sitemap()
        lastmod = self.entry(root, "/en/articles/nerve-block/").findtext(
            "s:lastmod", namespaces=NS
        )
        self.assertEqual(lastmod, "2014-02-01")
        edit(self.both, body_en="<p>A minor fix.</p>", editorial_date=date(2020, 1, 1))
        root = self.sitemap()
        lastmod = self.entry(root, "/en/articles/nerve-block/").findtext(
            "s:lastmod", namespaces=NS
        )
        self.assertEqual(lastmod, "2014-02-01")  # a minor correction is no revision
        self.assertEqual(
            self.entry(root, "/nl/artikelen/alleen-nederlands/").findtext(
                "s:lastmod", namespaces=NS
            ),
            "2012-05-01",
        )

    def test_category_pages_and_indexes_in_each_language(self):
        root = self.sitemap()
        treatment = self.entry(root, "/en/category/treatment/")
        self.assertEqual(
            self.alternates(treatment)["nl"], HOST + "/nl/categorie/behandeling/"
        )
        self.assertEqual(treatment.findtext("s:lastmod", namespaces=NS), "2014-02-01")
        for loc in ("/en/", "/nl/", "/en/category/", "/nl/categorie/", "/nl/a-z/"):
            self.entry(root, loc)

    def test_query_count_does_not_grow_with_the_articles(self):
        with self.assertNumQueries(3):  # latest date, articles, categories
            self.client.get("/sitemap.xml")
        for n in range(5):
            make_article(title_en=f"More {n}", title_nl=f"Meer {n}", category=self.leaf)
        with self.assertNumQueries(3):
            self.client.get("/sitemap.xml")


class RobotsTests(TestCase):
    def test_names_the_sitemap_and_keeps_the_admin_out(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        lines = response.content.decode().splitlines()
        self.assertIn("User-agent: *", lines)
        self.assertIn("Disallow: /admin/", lines)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", lines)
