from datetime import date

from django.test import SimpleTestCase

from articles.oldsite.parser import (
    CITATION_WITHOUT_REFERENCE,
    DATE_LINE_UNREADABLE,
    EMPTY_FILE,
    NO_TITLE,
    NOT_A_MONTH,
    REFERENCE_EXPECTED,
    REFERENCE_OUT_OF_ORDER,
    REFERENCE_PARTS,
    REVISED_BEFORE_PUBLISHED,
    UNDECODABLE_BYTE,
    parse_bytes,
    parse_file,
)
from tests.factories import SAMPLE
from tests.helpers import oldsite_refusal

VALID = """Home > Artikelen > Behandeling > Werkt capsaïcine?

Werkt capsaïcine?

Capsaïcine is een middel uit chilipepers dat op de huid wordt aangebracht. [1]

Hoe werkt het?

De pleister ontgevoelig de zenuwuiteinden in de huid. [2]

mrt. 2011, J. Jansen, arts, revisie januari 2015

[1] Derry S, Moore RA. | Topical capsaicin for neuropathic pain. | Cochrane Database Syst Rev. | 2017;1:CD007393. PMID: 28085993

[2] Anand P, Bley K. | Topical capsaicin for pain management. | Br J Anaesth. | 2011 Oct;107(4):490-502. doi:10.1093/bja/aer260

Gerelateerde artikelen

Lidocaïnepleisters bij zenuwpijn
"""


def parse(text: str, **kwargs):
    return parse_bytes(text.encode("utf-8"), filename="article.txt", **kwargs)


class SampleArticleTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parsed = parse_file(str(SAMPLE))

    def test_title_category_and_language(self):
        self.assertEqual(self.parsed.title, "Low dose naltrexone for neuropathic pain")
        self.assertEqual(self.parsed.category_path, ["English articles", "Treatment"])
        self.assertEqual(self.parsed.language, "en")

    def test_three_section_headings_in_order(self):
        headings = [block.text for block in self.parsed.blocks if block.kind == "h2"]
        self.assertEqual(
            headings,
            [
                "Low dose naltrexone, inflammatory response and neuropathic pain",
                "Naltrexone low dose (LDN): a pilot trial",
                "LDN in our clinic",
            ],
        )
        self.assertEqual(len([b for b in self.parsed.blocks if b.kind == "p"]), 9)

    def test_dates_and_author_line(self):
        self.assertEqual(self.parsed.first_published, date(2010, 8, 1))
        self.assertEqual(self.parsed.last_revised, date(2014, 2, 1))
        self.assertEqual(self.parsed.author_line, "Jan M. Keppel Hesselink, MD, PhD")

    def test_thirteen_references_split_in_order(self):
        references = self.parsed.references
        self.assertEqual([ref.number for ref in references], list(range(1, 14)))
        first, twelfth = references[0], references[11]
        self.assertEqual(first.authors, "Suter MR, Wen YR, Decosterd I, Ji RR.")
        self.assertEqual(first.title, "Do glial cells control pain?")
        self.assertEqual(first.journal, "Neuron Glia Biol.")
        self.assertEqual(first.details, "2007 Aug;3(3):255-268.")
        self.assertEqual(twelfth.authors, "Younger J, Mackey S.")
        self.assertEqual(twelfth.journal, "Pain Med.")
        self.assertEqual(
            twelfth.details, "2009 May-Jun;10(4):663-72. Epub 2009 Apr 22."
        )
        self.assertEqual(
            references[12].title,
            "Low-dose naltrexone therapy improves active Crohn's disease.",
        )

    def test_footer_is_not_body_text(self):
        self.assertNotIn("Gerelateerde artikelen", self.parsed.body_html)
        self.assertTrue(self.parsed.body_html.endswith("(PeaPure).</p>"))


class FormatVariantTests(SimpleTestCase):
    def test_dutch_file_with_abbreviated_month_and_question_heading(self):
        parsed = parse(VALID)
        self.assertEqual(parsed.language, "nl")
        self.assertEqual(parsed.first_published, date(2011, 3, 1))
        self.assertEqual(parsed.last_revised, date(2015, 1, 1))
        self.assertEqual(parsed.author_line, "J. Jansen, arts")
        self.assertEqual([b.kind for b in parsed.blocks], ["p", "h2", "p"])
        self.assertEqual(parsed.blocks[1].text, "Hoe werkt het?")
        self.assertNotIn("Lidocaïne", parsed.body_html)

    def test_identifiers_move_out_of_the_citation_details(self):
        first, second = parse(VALID).references
        self.assertEqual((first.pmid, first.details), ("28085993", "2017;1:CD007393."))
        self.assertEqual(
            (second.doi, second.details),
            ("10.1093/bja/aer260", "2011 Oct;107(4):490-502."),
        )

    def test_date_line_without_revision_and_with_full_english_month(self):
        parsed = parse(
            VALID.replace(
                "mrt. 2011, J. Jansen, arts, revisie januari 2015",
                "September 2009, J. Jansen",
            )
        )
        self.assertEqual(
            (parsed.first_published, parsed.last_revised), (date(2009, 9, 1), None)
        )

    def test_date_line_with_a_revision_and_no_author(self):
        parsed = parse(VALID.replace("mrt. 2011, J. Jansen, arts,", "mrt. 2011,"))
        self.assertEqual(parsed.last_revised, date(2015, 1, 1))
        self.assertEqual(parsed.author_line, "")

    def test_given_language_wins_over_detection(self):
        self.assertEqual(parse(VALID, language="en").language, "en")

    def test_body_text_is_escaped(self):
        parsed = parse(VALID.replace("op de huid", "op de <script>huid</script>"))
        self.assertIn("&lt;script&gt;", parsed.body_html)

    def test_windows_newlines_and_byte_order_mark(self):
        parsed = parse_bytes(
            ("\ufeff" + VALID).replace("\n", "\r\n").encode(), filename="a.txt"
        )
        self.assertEqual(parsed.title, "Werkt capsaïcine?")


class RefusalTests(SimpleTestCase):
    def test_not_utf8_names_the_line(self):
        data = (
            VALID.replace("Capsaïcine is", "Capsa#cine is")
            .encode()
            .replace(b"#", b"\xef")
        )
        self.assertEqual(
            oldsite_refusal(data),
            "article.txt:5: " + UNDECODABLE_BYTE % {"byte": 0xEF},
        )

    def test_no_title(self):
        text = VALID.replace("Werkt capsaïcine?\n\nCapsaïcine", "Capsaïcine", 1)
        text = text.replace(
            "Home > Artikelen > Behandeling > Werkt capsaïcine?\n\n",
            "Home > Artikelen > Werkt capsaïcine?\n\n",
        )
        self.assertEqual(
            oldsite_refusal(text),
            f"article.txt:3: {NO_TITLE}",
        )

    def test_empty_file(self):
        self.assertEqual(oldsite_refusal(""), f"article.txt:1: {EMPTY_FILE}")

    def test_reference_line_that_does_not_parse(self):
        text = VALID.replace("| Br J Anaesth. |", "| Br J Anaesth.")
        self.assertEqual(
            oldsite_refusal(text),
            "article.txt:15: " + REFERENCE_PARTS % {"number": 2, "count": 3},
        )

    def test_reference_out_of_order(self):
        self.assertEqual(
            oldsite_refusal(VALID.replace("[2] Anand", "[3] Anand")),
            "article.txt:15: " + REFERENCE_OUT_OF_ORDER % {"number": 3, "expected": 2},
        )

    def test_marker_without_reference(self):
        self.assertEqual(
            oldsite_refusal(
                VALID.replace(
                    "zenuwuiteinden in de huid. [2]", "zenuwuiteinden in de huid. [3]"
                )
            ),
            "article.txt:9: " + CITATION_WITHOUT_REFERENCE % {"number": 3, "count": 2},
        )

    def test_unknown_month(self):
        self.assertEqual(
            oldsite_refusal(VALID.replace("mrt. 2011", "Augst 2011")),
            "article.txt:11: " + NOT_A_MONTH % {"name": "Augst"},
        )

    def test_date_line_missing(self):
        self.assertEqual(
            oldsite_refusal(
                VALID.replace(
                    "mrt. 2011, J. Jansen, arts, revisie januari 2015\n\n", ""
                )
            ),
            "article.txt:9: "
            + DATE_LINE_UNREADABLE
            % {"text": "De pleister ontgevoelig de zenuwuiteinden in de huid. [2]"},
        )

    def test_revision_before_first_publication(self):
        self.assertEqual(
            oldsite_refusal(
                VALID.replace("revisie januari 2015", "revisie januari 2009")
            ),
            f"article.txt:11: {REVISED_BEFORE_PUBLISHED}",
        )

    def test_text_between_references(self):
        self.assertEqual(
            oldsite_refusal(VALID.replace("\n[2] Anand", "\nSee also:\n\n[2] Anand")),
            "article.txt:15: " + REFERENCE_EXPECTED % {"text": "See also:"},
        )
