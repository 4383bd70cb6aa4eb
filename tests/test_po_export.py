import shutil
import subprocess
import tempfile
from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path
from unittest import mock

import polib
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.translations.po import export
from articles.translations.po.export import catalog_export, catalog_write
from tests.factories import (
    DUTCH,
    ENGLISH,
    edit,
    html,
    make_article,
    make_category,
    translated_article,
)
from tests.helpers import exported


def msgfmt_check(catalog: polib.POFile) -> subprocess.CompletedProcess:
    with tempfile.NamedTemporaryFile("w", suffix=".po", encoding="utf-8") as handle:
        handle.write(str(catalog))
        handle.flush()
        return subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", handle.name],
            capture_output=True,
            text=True,
        )


class ExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = translated_article()

    def test_header_is_complete_and_not_fuzzy(self):
        catalog = exported()
        self.assertEqual(catalog.metadata["Language"], "nl")
        self.assertEqual(
            catalog.metadata["Plural-Forms"], "nplurals=2; plural=(n != 1);"
        )
        self.assertEqual(catalog.metadata["Content-Type"], "text/plain; charset=UTF-8")
        for key in ("PO-Revision-Date", "Project-Id-Version", "X-Generator"):
            self.assertTrue(catalog.metadata[key], key)
        self.assertFalse(catalog.metadata_is_fuzzy)

    def test_every_segment_once_with_context_comments_and_translation(self):
        catalog = exported()
        contexts = [entry.msgctxt for entry in catalog]
        self.assertEqual(len(contexts), len(set(contexts)))
        # The title, 15 paragraphs and the note of the first public revision.
        self.assertEqual(len(catalog), 1 + 15 + 1)
        third = catalog.find("capsaicin-for-nerve-pain/b3", by="msgctxt")
        self.assertEqual(third.msgid, "Paragraph 3 about capsaicin and nerve pain. [1]")
        self.assertEqual(third.msgstr, "Alinea 3 over capsaïcine en zenuwpijn. [1]")
        self.assertIn("Article: Capsaicin for nerve pain", third.comment)
        self.assertIn("Where: body, paragraph 3 of 15", third.comment)
        self.assertIn(
            "Page: http://127.0.0.1:8000/en/articles/capsaicin-for-nerve-pain/",
            third.comment,
        )
        self.assertEqual(third.occurrences, [("capsaicin-for-nerve-pain/body", "3")])
        # Every segment is translated; the change note is not yet.
        self.assertEqual(
            [e.msgid for e in catalog.untranslated_entries()], ["First version."]
        )

    def test_msgfmt_accepts_the_catalog(self):
        if not shutil.which("msgfmt"):
            self.skipTest("GNU gettext is not installed")
        result = msgfmt_check(exported())
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")

    def test_one_changed_paragraph_gives_exactly_one_fuzzy_entry(self):
        changed = list(ENGLISH)
        changed[6] = "Paragraph 7 about capsaicin patches and nerve pain. [1]"
        edit(self.article, body_en=html(changed))
        catalog = exported()
        fuzzy = catalog.fuzzy_entries()
        self.assertEqual(len(fuzzy), 1)
        self.assertEqual(fuzzy[0].msgid, changed[6])
        self.assertEqual(fuzzy[0].previous_msgid, ENGLISH[6])
        self.assertEqual(fuzzy[0].msgstr, DUTCH[6])

    def test_a_new_first_paragraph_invalidates_no_other_segment(self):
        edit(
            self.article,
            body_en="<p>A new opening. [1]</p>" + html(ENGLISH),
        )
        catalog = exported()
        self.assertEqual(
            [e.msgid for e in catalog.untranslated_entries()],
            ["A new opening. [1]", "First version."],
        )
        self.assertEqual(catalog.fuzzy_entries(), [])

    def test_a_repeated_paragraph_gives_no_duplicate_entry(self):
        twice = make_article(
            title_en="Twice", body_en="<p>Same words.</p><p>Same words.</p>"
        )
        catalog = exported(articles=Article.objects.filter(pk=twice.pk))
        same = [e for e in catalog if e.msgid == "Same words."]
        self.assertEqual(len(same), 2)
        self.assertNotEqual(same[0].msgctxt, same[1].msgctxt)
        if shutil.which("msgfmt"):
            self.assertEqual(msgfmt_check(catalog).returncode, 0)

    def test_translation_memory_offers_a_known_translation_as_fuzzy(self):
        other = make_article(
            title_en="Lidocaine", body_en=f"<p>{ENGLISH[2]}</p><p>New text.</p>"
        )
        entry = exported(articles=Article.objects.filter(pk=other.pk)).find(ENGLISH[2])
        self.assertEqual(entry.msgstr, DUTCH[2])
        self.assertIn("fuzzy", entry.flags)
        self.assertIn("translation memory", entry.comment)

    def test_translation_memory_offers_the_translation_of_a_near_text(self):
        near = "Paragraph 3 about capsaicin and nerve damage. [1]"
        other = make_article(title_en="Lidocaine", body_en=f"<p>{near}</p>")
        entry = exported(articles=Article.objects.filter(pk=other.pk)).find(near)
        self.assertEqual(entry.msgstr, DUTCH[2])
        self.assertIn("fuzzy", entry.flags)

    def test_an_article_written_in_dutch_exports_an_english_catalog(self):
        make_article(
            title_en="",
            slug_en="",
            body_en="",
            title_nl="Ketamine bij zenuwpijn",
            source_language="nl",
        )
        catalog = exported("en")
        self.assertEqual(catalog.metadata["Language"], "en")
        self.assertEqual(
            catalog.find("ketamine-bij-zenuwpijn/title", by="msgctxt").msgid,
            "Ketamine bij zenuwpijn",
        )
        self.assertIsNone(catalog.find("capsaicin-for-nerve-pain/title", by="msgctxt"))


class ExportCommandTests(TestCase):
    def test_writes_the_repository_catalog_by_default(self):
        translated_article()
        with (
            tempfile.TemporaryDirectory() as folder,
            override_settings(LOCALE_PATHS=[folder]),
        ):
            out = StringIO()
            call_command("export_po", "--language", "nl", stdout=out)
            path = Path(folder) / "nl" / "LC_MESSAGES" / "articles.po"
            self.assertTrue(path.exists())
            self.assertEqual(len(polib.pofile(str(path))), 17)
        self.assertIn("articles.po: 17 entries", out.getvalue())

    def test_selected_articles_only(self):
        translated_article()
        make_article(title_en="Lidocaine")
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "one.po"
            call_command(
                "export_po",
                "--language",
                "nl",
                "--article",
                "lidocaine",
                "--output",
                str(target),
                stdout=StringIO(),
            )
            catalog = polib.pofile(str(target))
        self.assertEqual({e.msgctxt.split("/")[0] for e in catalog}, {"lidocaine"})


class StreamedExportTests(TestCase):
    """A whole-site catalog is written a chunk of articles at a time: the file is
    the one polib writes for the whole catalog, whatever the chunk."""

    @classmethod
    def setUpTestData(cls):
        cls.source = translated_article(
            category=make_category(
                ("English articles", "Treatment"), name_nl="Behandeling"
            ),
            last_revised=date(2014, 2, 1),
        )
        for n in range(4):
            # Paragraphs the memory knows, near ones, and one of each's own.
            make_article(
                title_en=f"Lidocaine {n}",
                body_en=html(
                    [ENGLISH[n], ENGLISH[n + 1][:-4] + "ones. [1]", f"New {n}."]
                ),
                category=make_category(("English articles", f"Topic {n}")),
            )
        make_article(
            title_en="",
            slug_en="",
            body_en="",
            title_nl="Ketamine",
            source_language="nl",
        )

    def written(self, **kwargs) -> str:
        out = StringIO()
        self.assertGreater(catalog_write(out, **kwargs), 0)
        return out.getvalue()

    # One header date for the files compared, whatever the clock does between them.
    @mock.patch(
        "articles.translations.po.catalog.timezone.now",
        return_value=datetime(2026, 12, 1, 15, 30, tzinfo=UTC),
    )
    def test_the_file_is_the_whole_catalog_as_polib_writes_it_whatever_the_chunk(
        self, _now
    ):
        for kwargs in (
            {"language": "nl"},
            {"language": "en"},
            {"language": "nl", "needs_work": True},
            {"language": "nl", "articles": Article.objects.exclude(pk=self.source.pk)},
        ):
            with self.subTest(**kwargs):
                whole = str(catalog_export(**kwargs))
                self.assertEqual(self.written(**kwargs), whole)
                with mock.patch.object(export, "CHUNK", 2):
                    self.assertEqual(self.written(**kwargs), whole)
        self.assertIn("# memory: capsaicin-for-nerve-pain/b", whole)

    def test_snapshots_are_read_a_chunk_of_articles_at_a_time(self):
        with (
            mock.patch.object(export, "CHUNK", 2),
            CaptureQueriesContext(connection) as queries,
        ):
            self.written(language="nl")
        reads = [q["sql"] for q in queries if '"snapshot"' in q["sql"]]
        # Five English articles: three chunks for the memory, three for the entries.
        self.assertEqual(len(reads), 6)
        self.assertTrue(all(sql.endswith("LIMIT 2") for sql in reads), reads)
