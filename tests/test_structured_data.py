"""What the public pages tell search engines and social sites: JSON-LD,
canonical links, Open Graph and Twitter cards, the favicon."""

import json
from datetime import date
from html.parser import HTMLParser

from django.test import TestCase

from articles.models import Reference
from articles.public.structured_data import json_ld
from tests.factories import make_article, make_category


class _Head(HTMLParser):
    """The JSON-LD blocks, links and meta tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.json_ld: list[str] = []
        self.links: list[dict[str, str | None]] = []
        self.meta: dict[str, str | None] = {}
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and values.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")
        elif tag == "link":
            self.links.append(values)
        elif tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta[key] = values.get("content")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def head(response) -> _Head:
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


class JsonLdTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.leaf = make_category(name_nl="Behandeling", slug_nl="behandeling")
        cls.article = make_article(
            title_en="Nerve block",
            title_nl="Zenuwblokkade",
            category=cls.leaf,
            author_line="Dr. A. Author",
            references=2,
            first_published=date(2010, 8, 1),
            last_revised=date(2014, 2, 1),
        )
        Reference.objects.filter(article=cls.article, number=1).update(
            pmid="12345678", doi="10.1000/xyz123"
        )

    def data(self, path: str) -> dict:
        blocks = head(self.client.get(path)).json_ld
        self.assertEqual(len(blocks), 1)
        return json.loads(blocks[0])

    def test_medical_web_page_matches_the_page(self):
        response = self.client.get("/en/articles/nerve-block/")
        data = self.data("/en/articles/nerve-block/")
        self.assertEqual(data["@type"], "MedicalWebPage")
        self.assertEqual(data["headline"], "Nerve block")
        self.assertContains(response, "<h1>Nerve block</h1>")
        self.assertEqual(data["inLanguage"], "en")
        self.assertEqual(data["datePublished"], "2010-08-01")
        self.assertEqual(data["dateModified"], "2014-02-01")
        self.assertContains(response, "First published August 2010")
        self.assertEqual(data["author"], {"@type": "Person", "name": "Dr. A. Author"})
        self.assertEqual(
            [step["name"] for step in data["breadcrumb"]["itemListElement"]],
            ["Home", "English articles", "Treatment", "Nerve block"],
        )
        self.assertEqual(
            data["breadcrumb"]["itemListElement"][2]["item"],
            "http://testserver/en/category/treatment/",
        )
        first, second = data["citation"]
        self.assertEqual(first["@type"], "ScholarlyArticle")
        self.assertEqual(first["name"], "Study number 1.")
        self.assertEqual(
            first["identifier"],
            [
                {"@type": "PropertyValue", "propertyID": "PMID", "value": "12345678"},
                {
                    "@type": "PropertyValue",
                    "propertyID": "DOI",
                    "value": "10.1000/xyz123",
                },
            ],
        )
        self.assertContains(response, "PMID 12345678")
        self.assertNotIn("identifier", second)
        self.assertEqual(
            data["workTranslation"],
            [
                {
                    "@type": "MedicalWebPage",
                    "@id": "http://testserver/nl/artikelen/zenuwblokkade/",
                    "url": "http://testserver/nl/artikelen/zenuwblokkade/",
                    "inLanguage": "nl",
                }
            ],
        )
        self.assertNotIn("translationOfWork", data)

    def test_the_translation_names_its_original(self):
        data = self.data("/nl/artikelen/zenuwblokkade/")
        self.assertEqual(data["inLanguage"], "nl")
        self.assertEqual(data["headline"], "Zenuwblokkade")
        self.assertEqual(
            data["translationOfWork"]["@id"],
            "http://testserver/en/articles/nerve-block/",
        )
        self.assertNotIn("workTranslation", data)
        self.assertEqual(data["breadcrumb"]["itemListElement"][0]["name"], "Home")

    def test_text_cannot_close_the_script_element(self):
        hostile = "</script><script>alert(1)</script> & <!--"
        block = json_ld({"headline": hostile})
        self.assertEqual(block.count("</script>"), 1)
        self.assertNotIn("<!--", block)
        self.assertNotIn("&", block.removeprefix('<script type="application/ld+json">'))
        inner = block.removeprefix('<script type="application/ld+json">').removesuffix(
            "</script>"
        )
        self.assertEqual(json.loads(inner)["headline"], hostile)

    def test_a_hostile_title_stays_data_on_the_page(self):
        make_article(title_en="Pain </script><script>alert(1)</script>", slug_en="pain")
        response = self.client.get("/en/articles/pain/")
        parsed = head(response)
        self.assertEqual(
            json.loads(parsed.json_ld[0])["headline"],
            "Pain </script><script>alert(1)</script>",
        )
        self.assertNotContains(response, "<script>alert(1)")


class HeadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.leaf = make_category(name_nl="Behandeling", slug_nl="behandeling")
        make_article(
            title_en="Nerve block",
            title_nl="Zenuwblokkade",
            category=cls.leaf,
            meta_description_en="What a nerve block does.",
        )

    def canonical(self, path: str) -> str | None:
        links = [
            link["href"]
            for link in head(self.client.get(path)).links
            if link.get("rel") == "canonical"
        ]
        self.assertEqual(len(links), 1, path)
        return links[0]

    def test_every_public_page_names_its_canonical_address(self):
        for path in (
            "/en/",
            "/nl/",
            "/en/articles/nerve-block/",
            "/nl/artikelen/zenuwblokkade/",
            "/en/category/treatment/",
            "/nl/categorie/behandeling/",
            "/en/category/",
            "/nl/categorie/",
            "/en/a-z/",
            "/nl/a-z/",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.canonical(path), "http://testserver" + path)

    def test_an_earlier_version_names_the_current_one(self):
        article = make_article(title_en="Revised", last_revised=date(2014, 2, 1))
        self.assertEqual(
            self.canonical(
                f"/en/articles/revised/versions/{article.live_revision.number - 1}/"
            ),
            "http://testserver/en/articles/revised/",
        )

    def test_open_graph_and_twitter_card(self):
        meta = head(self.client.get("/en/articles/nerve-block/")).meta
        self.assertEqual(meta["og:type"], "article")
        self.assertEqual(meta["og:title"], "Nerve block")
        self.assertEqual(meta["og:url"], "http://testserver/en/articles/nerve-block/")
        self.assertEqual(meta["og:description"], "What a nerve block does.")
        self.assertEqual(meta["og:locale"], "en_US")
        self.assertEqual(meta["og:locale:alternate"], "nl_NL")
        self.assertEqual(meta["og:site_name"], "Pain Clinic")
        self.assertEqual(meta["twitter:card"], "summary")
        self.assertEqual(meta["twitter:title"], "Nerve block")
        dutch = head(self.client.get("/nl/")).meta
        self.assertEqual(dutch["og:type"], "website")
        self.assertEqual(dutch["og:title"], "Pijnkliniek")
        self.assertEqual(dutch["og:locale"], "nl_NL")

    def test_favicon(self):
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 200)
        icon = b"".join(response.streaming_content)
        self.assertEqual(icon[:4], b"\x00\x00\x01\x00")  # an ICO file
        links = head(self.client.get("/en/")).links
        self.assertIn(
            "/favicon.ico",
            [link["href"] for link in links if link.get("rel") == "icon"],
        )
