"""The import report says everything: what the file lacks, whether readers see the
new translation, and what a dry run would change."""

import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

import polib
from django.core.management import call_command
from django.test import TestCase

from articles.background.reports import report_dump
from articles.models import Article
from articles.translations.po import importing
from articles.translations.po.importing import (
    APPLIED,
    COMPLETE_IN_DRAFT,
    EARLIER_SHOWN,
    FUZZY,
    INCOMPLETE,
    MISSING,
    NOT_IN_FILE,
    READABLE,
    REJECTED,
    STALE,
    UNTRANSLATED,
    changed_text,
)
from tests.factories import DUTCH, ENGLISH, edit, html, make_article, translated_article
from tests.helpers import exported, import_catalog

SLUG = "capsaicin-for-nerve-pain"


def run_import(catalog: polib.POFile, *args: str) -> str:
    """What ``import_po`` prints for the catalog saved as nl.po."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "nl.po"
        catalog.save(str(path))
        out = StringIO()
        call_command("import_po", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


class MissingSegmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(body_en="<p>First paragraph. [1]</p><p>Second paragraph.</p>")

    def without(self, msgid: str) -> polib.POFile:
        catalog = exported()
        catalog.remove(catalog.find(msgid))
        return catalog

    def test_a_segment_left_out_of_the_file_is_listed(self):
        report = import_catalog(self.without("Second paragraph."), dry_run=True)
        self.assertEqual(
            [(e.context, e.reason) for e in report.entries() if e.outcome == MISSING],
            [(f"{SLUG}/b2", NOT_IN_FILE % {"source": "Second paragraph."})],
        )
        self.assertEqual(report.summary()[MISSING], 1)

    def test_the_command_prints_the_missing_segment(self):
        out = run_import(self.without("Second paragraph."), "--dry-run")
        self.assertIn(
            f"nl.po: missing: {SLUG}/b2: "
            + NOT_IN_FILE % {"source": "Second paragraph."},
            out,
        )
        self.assertIn("missing: 1", out)

    def test_a_complete_file_misses_nothing(self):
        self.assertEqual(import_catalog(exported()).summary()[MISSING], 0)


class StateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = translated_article()

    def revise_two_paragraphs(self) -> list[str]:
        changed = list(ENGLISH)
        changed[0] = "Paragraph 1, rewritten with new evidence. [1]"
        changed[1] = "Paragraph 2, rewritten as well. [1]"
        edit(self.article, body_en=html(changed))
        return changed

    def translate(self, catalog: polib.POFile, *msgids: str) -> polib.POFile:
        for msgid in msgids:
            entry = catalog.find(msgid)
            entry.msgstr = f"Vertaald: {msgid}"
            entry.flags = []
        return catalog

    def test_a_partial_update_is_not_called_readable(self):
        changed = self.revise_two_paragraphs()
        catalog = self.translate(exported(), changed[0])
        out = run_import(catalog)
        self.assertIn(f"Capsaicin for nerve pain: revision 3 ({EARLIER_SHOWN})", out)
        self.assertNotIn(f"({READABLE})", out)
        dutch = self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/")
        self.assertContains(dutch, DUTCH[0].removesuffix(" [1]"))
        self.assertNotContains(dutch, "Vertaald")

    def test_the_update_that_completes_it_is_readable(self):
        changed = self.revise_two_paragraphs()
        report = import_catalog(self.translate(exported(), changed[0], changed[1]))
        self.assertEqual(report.articles[self.article.pk].state, READABLE)
        dutch = self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/")
        self.assertContains(dutch, "Vertaald: Paragraph 1, rewritten")

    def test_a_complete_translation_waiting_for_a_draft_is_not_readable(self):
        changed = self.revise_two_paragraphs()
        edit(self.article, title_en="Capsaicin for nerve pain, revised", publish=False)
        catalog = self.translate(
            exported(), changed[0], changed[1], "Capsaicin for nerve pain, revised"
        )
        report = import_catalog(catalog)
        self.assertEqual(report.articles[self.article.pk].state, COMPLETE_IN_DRAFT)

    def test_a_first_partial_translation_is_incomplete(self):
        article = make_article(title_en="Lidocaine plasters", body_en="<p>One.</p>")
        catalog = exported(articles=Article.objects.filter(pk=article.pk))
        catalog.find("Lidocaine plasters").msgstr = "Lidocaïnepleisters"
        report = import_catalog(catalog)
        self.assertEqual(report.articles[article.pk].state, INCOMPLETE)

    def test_two_articles_of_the_same_title_are_reported_and_found_each(self):
        twins = [
            make_article(title_en="Lidocaine plasters", body_en=f"<p>Twin {n}.</p>")
            for n in (1, 2)
        ]
        catalog = exported(
            articles=Article.objects.filter(pk__in=[t.pk for t in twins])
        )
        dutch = {"Lidocaine plasters": "Lidocaïnepleisters", "First version.": "Eerst."}
        for entry in catalog:
            entry.msgstr = dutch.get(
                entry.msgid, entry.msgid.replace("Twin", "Tweeling")
            )
        out = run_import(catalog)
        self.assertEqual(out.count(f"Lidocaine plasters: revision 2 ({READABLE})"), 2)
        found = self.client.get("/nl/zoeken/?q=tweeling").content.decode()
        self.assertIn("2 artikelen gevonden", found)
        self.assertIn("/nl/artikelen/lidocainepleisters/", found)
        self.assertIn("/nl/artikelen/lidocainepleisters-2/", found)


class DryRunTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        translated_article()

    def test_the_dry_run_prints_old_and_new_text_of_each_changed_entry(self):
        catalog = exported()
        entry = catalog.find(ENGLISH[2])
        entry.msgstr = "Alinea 3, beter gezegd. [1]"
        line = polib.pofile(str(catalog)).find(ENGLISH[2]).linenum
        out = run_import(catalog, "--dry-run")
        self.assertIn(
            f"nl.po:{line}: {SLUG}/b3: “{DUTCH[2]}” → “Alinea 3, beter gezegd. [1]”",
            out,
        )
        self.assertEqual(out.count("→"), 1)


class LongReportTests(TestCase):
    """A report of more entries worth a look than it lists, over several chunks:
    it holds only the worst while importing, and ends as if trimmed at the end."""

    TITLES = ("Capsaicin", "Lidocaine", "Nerve blocks", "Spinal cords", "Acupuncture")

    @classmethod
    def setUpTestData(cls):
        for title in cls.TITLES:
            make_article(title_en=title, body_en="<p>One.</p><p>Two.</p><p>Three.</p>")

    def catalog(self) -> polib.POFile:
        """Every outcome worth a look, a missing segment in three articles (their
        rows all on line 0), and entries of no segment and of no article."""
        catalog = exported()
        for number, entry in enumerate(catalog):
            kind = number % 4
            if kind == 0:
                entry.msgstr = "NL: " + entry.msgid
            elif kind == 1:
                entry.msgid += " Changed since."
            elif kind == 2:
                entry.msgstr, entry.flags = "NL", ["fuzzy"]
        for slug in ("lidocaine", "nerve-blocks", "spinal-cords"):
            catalog.remove(next(e for e in catalog if e.msgctxt == f"{slug}/b3"))
        for context in ("capsaicin/nothing", "nosuch/b1", "nothing"):
            catalog.append(polib.POEntry(msgctxt=context, msgid="One.", msgstr="Een."))
        return catalog

    def rows(self, report) -> list[tuple[str, str, str, int]]:
        return [(t, e.context, e.outcome, e.line) for t, e in report.listed()]

    def test_the_worst_rows_are_listed_and_every_entry_counted(self):
        catalog = self.catalog()
        whole = import_catalog(catalog, dry_run=True)
        summary = whole.summary()
        self.assertEqual(whole.unlisted(), 0)
        for outcome in (REJECTED, STALE, MISSING, FUZZY, UNTRANSLATED, APPLIED):
            self.assertGreater(summary[outcome], 0, outcome)
        # The limit falls among the missing segments, which tie on their line.
        rows = summary[REJECTED] + summary[STALE] + 2
        with (
            mock.patch.object(importing, "REPORT_ROWS", rows),
            mock.patch.object(importing, "CHUNK", 2),
        ):
            expected = whole.trimmed()
            bounded = import_catalog(catalog, dry_run=True)
            self.assertEqual(self.rows(bounded), self.rows(expected))
            self.assertEqual(
                [o for _t, _c, o, _l in self.rows(bounded)][-3:],
                [STALE, MISSING, MISSING],
            )
            self.assertEqual(bounded.summary(), summary)
            self.assertEqual(bounded.unlisted(), expected.unlisted())
            self.assertGreater(bounded.unlisted(), 0)
            self.assertLessEqual(bounded.held(), rows)
            # What a background task keeps, and the admin shows, is the same.
            self.assertEqual(report_dump(bounded), report_dump(whole))

    def test_the_command_prints_every_entry_not_only_the_listed(self):
        catalog = self.catalog()
        whole = import_catalog(catalog, dry_run=True)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "nl.po"
            catalog.save(str(path))
            out, err = StringIO(), StringIO()
            with mock.patch.object(importing, "REPORT_ROWS", 2):
                call_command(
                    "import_po", str(path), "--dry-run", stdout=out, stderr=err
                )
        entries = whole.entries()
        self.assertEqual(
            err.getvalue().splitlines(),
            [
                f"{path}:{e.line}: {e.outcome}: {e.context}: {e.reason}"
                for e in entries
                if e.outcome in {REJECTED, STALE}
            ],
        )
        self.assertEqual(
            [
                line
                for line in out.getvalue().splitlines()
                if line.startswith(str(path))
            ],
            [
                f"{path}: {MISSING}: {e.context}: {e.reason}"
                if e.outcome == MISSING
                else f"{path}:{e.line}: {e.context}: {changed_text(e)}"
                for e in entries
                if e.outcome in {MISSING, APPLIED}
            ],
        )
