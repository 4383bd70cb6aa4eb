"""The repository catalog that a translation platform commits to, and its template."""

import re
import shutil
import subprocess
import tempfile
from io import StringIO
from pathlib import Path
from unittest import skipUnless

import polib
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from translate.filters import checks
from translate.storage import pypo

from articles.models.audit import AuditEntry
from articles.translations.checks import CITATION_MISSING
from articles.translations.po.importing import WRONG_LANGUAGE
from articles.translations.po.repository import WEBLATE_PLACEHOLDERS
from tests.factories import DUTCH, ENGLISH, edit, html, make_article
from tests.helpers import exported

GETTEXT = shutil.which("msgfmt") and shutil.which("msgmerge")
LINK = 'See <a href="https://pubmed.ncbi.nlm.nih.gov/2/">the trial</a> [1].'
DUTCH_LINK = 'Zie <a href="https://pubmed.ncbi.nlm.nih.gov/2/">de studie</a> [1].'
README = Path(__file__).resolve().parent.parent / "README.md"


def msgfmt(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )


class RepositoryCatalogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title_nl="Capsaïcine bij zenuwpijn",
            body_en=html(ENGLISH[:4]) + f"<p>{LINK}</p>",
            body_nl=html(DUTCH[:4]) + f"<p>{DUTCH_LINK}</p>",
            meta_description_en="Capsaicin patches for neuropathic pain.",
        )

    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.locale = Path(folder.name)
        settings = override_settings(LOCALE_PATHS=[self.locale])
        settings.enable()
        self.addCleanup(settings.disable)
        self.path = self.locale / "nl" / "LC_MESSAGES" / "articles.po"

    def export(self, *args: str) -> tuple[str, str]:
        out, err = StringIO(), StringIO()
        call_command("export_po", "--language", "nl", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def platform_edit(self, translations: dict[str, str], fuzzy=()) -> None:
        """Change msgstrs as a platform commits them: rewrapped at 77 columns."""
        catalog = polib.pofile(str(self.path), wrapwidth=77)
        for entry in catalog:
            if entry.msgctxt in translations:
                entry.msgstr = translations[entry.msgctxt]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = None
            if entry.msgctxt in fuzzy:
                entry.flags.append("fuzzy")
        catalog.metadata["Last-Translator"] = "Anna de Vries <anna@example.org>"
        catalog.metadata["X-Generator"] = "Weblate 5.8"
        catalog.save(str(self.path))

    def entry(self, context: str) -> polib.POEntry:
        found = polib.pofile(str(self.path)).find(context, by="msgctxt")
        assert found is not None, context
        return found

    def test_the_first_export_writes_the_catalog_and_its_template(self):
        out, _err = self.export()
        template = polib.pofile(str(self.locale / "articles.pot"))
        catalog = polib.pofile(str(self.path))
        self.assertIn(f"{self.path}: 8 entries", out)
        self.assertIn(f"{self.locale / 'articles.pot'}: 8 entries", out)
        self.assertEqual([e.msgctxt for e in template], [e.msgctxt for e in catalog])
        self.assertEqual({e.msgstr for e in template}, {""})
        self.assertNotIn("Language", template.metadata)
        if GETTEXT:
            self.assertEqual(msgfmt(self.path).returncode, 0)

    @skipUnless(GETTEXT, "GNU gettext is not installed")
    def test_a_platforms_translations_are_imported_before_the_file_is_written(self):
        self.export()
        meta = "capsaicin-for-nerve-pain/meta"
        self.platform_edit(
            {
                meta: "Capsaïcinepleisters bij neuropathische pijn.",
                "capsaicin-for-nerve-pain/b1": "Alinea 1, herzien, over capsaïcine. [1]",
                # A translation that loses its citation: rejected, yet kept.
                "capsaicin-for-nerve-pain/b2": "Alinea 2 zonder bron.",
                # A draft the translator marked as needing work: kept as it is.
                "capsaicin-for-nerve-pain/b3": "Alinea 3, concept. [1]",
            },
            fuzzy=["capsaicin-for-nerve-pain/b3"],
        )
        self.assertEqual(msgfmt(self.path).returncode, 0, msgfmt(self.path).stderr)
        out, err = self.export()
        self.assertIn(
            "applied: 2, unchanged: 3, skipped (fuzzy): 1, skipped (memory): 0, "
            "untranslated: 1, stale: 0, rejected: 1, missing: 0",
            out,
        )
        self.assertRegex(
            err,
            rf"articles\.po:\d+: rejected: capsaicin-for-nerve-pain/b2: "
            rf"{re.escape(str(CITATION_MISSING % {'marker': '[1]'}))}",
        )
        self.assertEqual(
            exported().find(meta, by="msgctxt").msgstr,
            "Capsaïcinepleisters bij neuropathische pijn.",
        )
        self.assertFalse(self.entry(meta).fuzzy)
        for context, text in [
            ("capsaicin-for-nerve-pain/b2", "Alinea 2 zonder bron."),
            ("capsaicin-for-nerve-pain/b3", "Alinea 3, concept. [1]"),
        ]:
            self.assertEqual(
                (self.entry(context).msgstr, self.entry(context).fuzzy), (text, True)
            )
            self.assertIn(f"{context}: not imported, kept as fuzzy", out)
        self.assertEqual(
            AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT_CATALOG).count(),
            1,
        )
        self.assertEqual(msgfmt(self.path).returncode, 0)
        # Written again, the file keeps the same texts and imports nothing new.
        before = self.path.read_text()
        out, _err = self.export()
        self.assertNotIn("applied", out)
        self.assertEqual(
            polib.pofile(before)
            .find("capsaicin-for-nerve-pain/b2", by="msgctxt")
            .msgstr,
            self.entry("capsaicin-for-nerve-pain/b2").msgstr,
        )

    def test_translations_of_a_removed_paragraph_stay_as_obsolete_entries(self):
        self.export()
        edit(self.article, body_en=html(ENGLISH[:3]) + f"<p>{LINK}</p>")
        out, _err = self.export()
        obsolete = [e for e in polib.pofile(str(self.path)) if e.obsolete]
        self.assertEqual([e.msgstr for e in obsolete], [DUTCH[3]])
        self.assertIn("1 obsolete", out)

    def test_a_translation_of_an_earlier_source_is_kept_with_that_source(self):
        self.export()
        context = "capsaicin-for-nerve-pain/b1"
        self.platform_edit({context: "Alinea 1, opnieuw vertaald. [1]"})
        changed = "Paragraph 1 about capsaicin, revised. [1]"
        edit(self.article, body_en=html([changed, *ENGLISH[1:4]]) + f"<p>{LINK}</p>")
        out, err = self.export()
        self.assertIn("stale: 1", out)
        entry = self.entry(context)
        self.assertEqual(
            (entry.msgid, entry.msgstr, entry.fuzzy, entry.previous_msgid),
            (changed, "Alinea 1, opnieuw vertaald. [1]", True, ENGLISH[0]),
        )

    def test_a_catalog_for_another_language_is_refused_and_left_alone(self):
        self.export()
        text = self.path.read_text().replace('"Language: nl\\n"', '"Language: de\\n"')
        self.path.write_text(text)
        with self.assertRaisesMessage(
            CommandError, str(WRONG_LANGUAGE % {"declared": "de", "target": "nl"})
        ):
            self.export()
        self.assertEqual(self.path.read_text(), text)

    def test_the_repository_catalog_is_always_whole(self):
        with self.assertRaises(CommandError):
            self.export("--needs-work")
        self.assertFalse(self.path.exists())

    @skipUnless(GETTEXT, "GNU gettext is not installed")
    def test_msgmerge_with_the_template_agrees_with_the_export(self):
        self.export()
        earlier = self.locale / "earlier.po"
        shutil.copy(self.path, earlier)
        changed = "Paragraph 2 about capsaicin and nerve damage. [1]"
        edit(
            self.article,
            body_en=html([ENGLISH[0], changed, *ENGLISH[2:4]]) + f"<p>{LINK}</p>",
        )
        self.export()
        merged = subprocess.run(
            [
                "msgmerge",
                "--previous",
                "--quiet",
                "-o",
                "-",
                str(earlier),
                str(self.locale / "articles.pot"),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        ours = polib.pofile(str(self.path))

        def state(catalog):
            return {
                e.msgctxt: (e.msgid, e.msgstr, e.fuzzy, e.previous_msgid)
                for e in catalog
                if not e.obsolete
            }

        self.assertEqual(state(polib.pofile(merged)), state(ours))
        entry = ours.find("capsaicin-for-nerve-pain/b2", by="msgctxt")
        self.assertEqual((entry.previous_msgid, entry.msgstr), (ENGLISH[1], DUTCH[1]))

    def test_weblate_reads_the_flags_with_translate_toolkit(self):
        """Weblate reads PO files with translate-toolkit and its flags from the
        ``#,`` line; its placeholder check compares the matches of the regex."""
        self.export()
        self.assertTrue(WEBLATE_PLACEHOLDERS in README.read_text(), "README")
        store = pypo.pofile.parsefile(str(self.path))
        units = {unit.getcontext(): unit for unit in store.units if unit.source}

        def flags(unit) -> set[str]:
            return {
                flag.strip()
                for comment in unit.typecomments
                for flag in comment.removeprefix("#,").split(",")
            }

        self.assertIn("max-length:300", flags(units["capsaicin-for-nerve-pain/meta"]))
        self.assertIn("max-length:255", flags(units["capsaicin-for-nerve-pain/title"]))
        self.assertNotIn("max-length:300", flags(units["capsaicin-for-nerve-pain/b1"]))
        pattern = re.compile(
            re.fullmatch(r'placeholders:r"(.*)"', WEBLATE_PLACEHOLDERS).group(1)
        )
        link = units["capsaicin-for-nerve-pain/b5"]
        self.assertEqual(pattern.findall(link.source), ['<a id="a1">', "</a>", "[1]"])
        self.assertEqual(pattern.findall(link.target), pattern.findall(link.source))
        link.target = 'Zie <a id="a2">de studie</a> [1].'
        self.assertNotEqual(pattern.findall(link.target), pattern.findall(link.source))
        # translate-toolkit's own checks, as pofilter runs them, see the same.
        checker = checks.StandardChecker()
        self.assertIn("xmltags", checker.run_filters(link))
        unit = units["capsaicin-for-nerve-pain/b1"]
        unit.target = "Alinea 1 over capsaïcine en zenuwpijn."
        self.assertIn("numbers", checker.run_filters(unit))
        unit.target = DUTCH[0]
        self.assertEqual(checker.run_filters(unit), {})
