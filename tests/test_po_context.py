"""What a catalog tells a translator about where a segment stands, and what its
header says to translators' tools."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import skipUnless
from xml.etree import ElementTree

from django.test import TestCase, override_settings

from articles.models import Article
from tests.factories import make_article
from tests.helpers import exported

# translate-toolkit's commands sit beside the interpreter in a virtualenv.
PO2TMX = shutil.which("po2tmx", path=str(Path(sys.executable).parent)) or shutil.which(
    "po2tmx"
)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BODY = (
    "<p>Opening words.</p><h2>Evidence</h2><p>Two trials. [1]</p>"
    "<h3>Side <em>effects</em></h3><ul><li>Burning skin.</li></ul>"
    "<h2>Dosage</h2><p>Once a day.</p>"
)


@override_settings(
    SITE_URL="https://clinic.example", CATALOG_BUGS_TO="nl@clinic.example"
)
class ContextTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(body_en=BODY)

    def comment(self, msgid: str) -> str:
        return exported().find(msgid).comment

    def test_a_paragraph_names_the_heading_it_sits_under(self):
        self.assertIn("Under the heading: Evidence", self.comment("Two trials. [1]"))
        self.assertIn("Under the heading: Dosage", self.comment("Once a day."))

    def test_a_list_item_names_every_heading_above_it(self):
        self.assertIn(
            "Under the heading: Evidence › Side effects", self.comment("Burning skin.")
        )

    def test_text_before_the_first_heading_and_headings_of_their_level_name_none(self):
        self.assertNotIn("Under the heading", self.comment("Opening words."))
        self.assertNotIn("Under the heading", self.comment("Dosage"))

    def test_the_page_address_is_absolute(self):
        self.assertIn(
            "Page: https://clinic.example/en/articles/capsaicin-for-nerve-pain/",
            self.comment("Once a day."),
        )

    def test_the_header_says_where_to_report_a_source_text_and_its_language(self):
        metadata = exported().metadata
        self.assertEqual(metadata["Report-Msgid-Bugs-To"], "nl@clinic.example")
        self.assertEqual(metadata["X-Source-Language"], "en")

    def test_an_article_written_in_dutch_goes_out_with_dutch_as_source(self):
        make_article(
            title_nl="Pijn bij kinderen", source_language="nl", body_nl="<p>Tekst.</p>"
        )
        self.assertEqual(exported("en").metadata["X-Source-Language"], "nl")


@skipUnless(PO2TMX, "translate-toolkit is not installed")
class TranslationMemoryExchangeTests(TestCase):
    """po2tmx labels the languages with what it is told (--source-language,
    default en; --language): the header gives both."""

    def test_po2tmx_labels_the_source_with_the_header_language(self):
        article = make_article(
            title_nl="Pijn bij kinderen", source_language="nl", body_nl="<p>Tekst.</p>"
        )
        catalog = exported("en", articles=Article.objects.filter(pk=article.pk))
        catalog.find("Tekst.").msgstr = "Text."
        with tempfile.TemporaryDirectory() as folder:
            po, tmx = Path(folder) / "en.po", Path(folder) / "en.tmx"
            catalog.save(str(po))
            subprocess.run(
                [
                    str(PO2TMX),
                    "--source-language",
                    catalog.metadata["X-Source-Language"],
                    "--language",
                    catalog.metadata["Language"],
                    str(po),
                    str(tmx),
                ],
                check=True,
                capture_output=True,
            )
            unit = ElementTree.parse(tmx).find("body/tu")
        self.assertEqual(unit.get("srclang"), "nl")
        self.assertEqual(
            [(tuv.get(XML_LANG), tuv.findtext("seg")) for tuv in unit.iter("tuv")],
            [("nl", "Tekst."), ("en", "Text.")],
        )
