"""Translation memory that does not mislead: suggestions say where they come from
and how alike they are, never cross a number, citation or link, and are applied
only when asked for by name."""

import shutil
import subprocess
import tempfile
from io import StringIO
from pathlib import Path

import polib
from django.core.management import call_command
from django.test import TestCase

from articles.models import Article
from articles.translations.po.importing import APPLIED, FUZZY, MEMORY
from tests.factories import edit, make_article
from tests.helpers import exported, import_catalog

KNOWN = "The difference was significant at p = 0.05 in both groups."
KNOWN_NL = "Het verschil was significant bij p = 0,05 in beide groepen."
LINKED = 'See <a href="https://example.org/trial">the trial</a> for details.'
LINKED_ID = 'See <a id="a1">the trial</a> for details.'


class MemoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        source = make_article(
            title_en="Capsaicin for nerve pain",
            title_nl="Capsaïcine bij zenuwpijn",
            references=0,
            body_en=f"<p>{KNOWN}</p><p>{LINKED}</p>",
            body_nl=(
                f"<p>{KNOWN_NL}</p>"
                '<p>Zie <a href="https://example.org/trial">de studie</a> voor details.</p>'
            ),
        )
        cls.origin = f"{source.slug_en}/b1"

    def entry_for(self, text: str, msgid: str = "") -> polib.POEntry:
        article = make_article(
            title_en="Lidocaine plasters", references=0, body_en=f"<p>{text}</p>"
        )
        catalog = exported(articles=Article.objects.filter(pk=article.pk))
        return catalog.find(msgid or text)

    def test_an_identical_text_names_its_origin_and_a_full_score(self):
        entry = self.entry_for(KNOWN)
        self.assertEqual(entry.msgstr, KNOWN_NL)
        self.assertEqual(entry.flags, ["fuzzy"])
        self.assertEqual(entry.tcomment, f"memory: {self.origin} 100%")
        self.assertIn(
            f"Suggested by the translation memory: the translation of {self.origin}.",
            entry.comment,
        )
        self.assertIsNone(entry.previous_msgid)

    def test_a_near_text_carries_the_source_it_matched_and_its_score(self):
        near = "The difference was significant at p = 0.05 in both arms."
        entry = self.entry_for(near)
        self.assertEqual(entry.msgstr, KNOWN_NL)
        self.assertEqual(entry.previous_msgid, KNOWN)
        self.assertRegex(entry.tcomment, rf"^memory: {self.origin} 9\d%$")
        self.assertIn("% alike, the translation of", entry.comment)

    def test_a_changed_number_is_never_offered(self):
        entry = self.entry_for(KNOWN.replace("0.05", "0.09"))
        self.assertEqual((entry.msgstr, entry.flags, entry.tcomment), ("", [], ""))

    def test_a_changed_citation_is_never_offered(self):
        article = make_article(
            title_en="Ketamine",
            title_nl="Ketamine",
            references=3,
            body_en="<p>Ketamine relieves pain within hours of a dose. [2]</p>",
            body_nl="<p>Ketamine verlicht pijn binnen enkele uren. [2]</p>",
        )
        self.assertTrue(article.is_readable_in("nl"))
        cited = make_article(
            title_en="Ketamine, again",
            references=3,
            body_en="<p>Ketamine relieves pain within hours of a dose. [3]</p>",
        )
        entry = exported(articles=Article.objects.filter(pk=cited.pk)).find(
            "Ketamine relieves pain within hours of a dose. [3]"
        )
        self.assertEqual(entry.msgstr, "")

    def test_the_same_words_with_another_link_target_are_never_offered(self):
        entry = self.entry_for(LINKED.replace("/trial", "/other-trial"), LINKED_ID)
        self.assertEqual(entry.msgstr, "")
        same = self.entry_for(LINKED, LINKED_ID)
        self.assertEqual(same.msgstr, 'Zie <a id="a1">de studie</a> voor details.')

    def test_the_catalog_with_suggestions_passes_msgfmt(self):
        if not shutil.which("msgfmt"):
            self.skipTest("GNU gettext is not installed")
        entry = self.entry_for(
            "The difference was significant at p = 0.05 in both arms."
        )
        catalog = exported()
        self.assertIsNotNone(catalog.find(entry.msgid))
        with tempfile.NamedTemporaryFile("w", suffix=".po") as handle:
            handle.write(str(catalog))
            handle.flush()
            checked = subprocess.run(
                ["msgfmt", "-c", "-o", "/dev/null", handle.name], capture_output=True
            )
        self.assertEqual(checked.returncode, 0, checked.stderr)


class MemoryImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(
            title_en="Capsaicin for nerve pain",
            title_nl="Capsaïcine bij zenuwpijn",
            references=0,
            body_en=f"<p>{KNOWN}</p><p>Old paragraph.</p>",
            body_nl=f"<p>{KNOWN_NL}</p><p>Oude alinea.</p>",
        )
        cls.article = make_article(
            title_en="Lidocaine plasters",
            title_nl="Lidocaïnepleisters",
            references=0,
            body_en="<p>Old paragraph, rewritten.</p>",
            body_nl="<p>Oude alinea, herschreven.</p>",
        )
        # An outdated paragraph, and a new one that the memory knows.
        edit(
            cls.article, body_en=f"<p>Old paragraph, rewritten again.</p><p>{KNOWN}</p>"
        )

    def catalog(self) -> polib.POFile:
        return exported(articles=Article.objects.filter(pk=self.article.pk))

    def outcomes(self, report) -> dict[str, str]:
        return {e.new: e.outcome for e in report.entries() if e.new}

    def test_apply_fuzzy_leaves_memory_suggestions_alone(self):
        report = import_catalog(self.catalog(), dry_run=True, apply_fuzzy=True)
        self.assertEqual(self.outcomes(report)[KNOWN_NL], MEMORY)
        self.assertEqual(self.outcomes(report)["Oude alinea, herschreven."], APPLIED)
        self.assertEqual(report.summary()[MEMORY], 1)

    def test_apply_memory_applies_them_and_not_the_other_fuzzy_entries(self):
        report = import_catalog(self.catalog(), dry_run=True, apply_memory=True)
        self.assertEqual(self.outcomes(report)[KNOWN_NL], APPLIED)
        self.assertEqual(self.outcomes(report)["Oude alinea, herschreven."], FUZZY)

    def test_a_suggestion_is_recognised_after_tools_rewrite_the_file(self):
        catalog = self.catalog()
        catalog.wrapwidth = 30
        text = str(catalog).replace("# memory: ", "#   memory:  ")
        if shutil.which("msgcat"):
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "nl.po"
                path.write_text(text)
                text = subprocess.run(
                    ["msgcat", "--width=40", "--sort-output", str(path)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
        report = import_catalog(text, dry_run=True, apply_fuzzy=True)
        self.assertEqual(self.outcomes(report)[KNOWN_NL], MEMORY)

    def test_a_fuzzy_entry_without_the_mark_is_an_ordinary_fuzzy_entry(self):
        catalog = self.catalog()
        catalog.find(KNOWN).tcomment = ""
        report = import_catalog(catalog, dry_run=True)
        self.assertEqual(self.outcomes(report)[KNOWN_NL], FUZZY)

    def test_the_command_counts_memory_suggestions_apart(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "nl.po"
            self.catalog().save(str(path))
            out = StringIO()
            call_command(
                "import_po", str(path), "--dry-run", "--apply-fuzzy", stdout=out
            )
        self.assertIn("skipped (fuzzy): 0, skipped (memory): 1", out.getvalue())
        dutch = self.client.get("/nl/artikelen/lidocainepleisters/")
        self.assertNotContains(dutch, KNOWN_NL)
