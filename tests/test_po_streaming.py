"""A whole-site catalog is imported a chunk of articles at a time, as one
transaction, after the whole file is checked: what a translator gets back does
not depend on the chunks, and a fault anywhere writes nothing."""

from unittest import mock

import polib
from django.db import connection
from django.test import TestCase

from articles.models import Article, Revision
from articles.revisions.snapshots import CorruptSnapshot
from articles.translations.po import importing, reading
from articles.translations.po.reading import (
    DUPLICATE,
    NOT_SYNTAX,
    NOT_UTF8,
    CatalogError,
)
from tests.factories import make_article
from tests.helpers import exported, import_catalog


class ChunkedImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.articles = [
            make_article(
                title_en=f"Lidocaine plasters {n}",
                body_en=f"<p>First paragraph {n}. [1]</p><p>Second one {n}.</p>",
            )
            for n in range(5)
        ]
        catalog = exported()
        for entry in catalog:
            entry.msgstr = "NL: " + entry.msgid
        cls.data = str(catalog).encode()

    def small_pieces(self):
        """One article a chunk and blocks of a few lines: every boundary is crossed."""
        return mock.patch.multiple(importing, CHUNK=1), mock.patch.multiple(
            reading, _BLOCK=64
        )

    def test_the_report_is_the_one_of_a_single_chunk(self):
        whole = import_catalog(self.data, dry_run=True)
        chunks, blocks = self.small_pieces()
        with chunks, blocks:
            self.assertEqual(import_catalog(self.data, dry_run=True), whole)
            report = import_catalog(self.data)
        self.assertEqual(report.summary()["applied"], 5 * 4)
        self.assertEqual(Article.objects.readable_in("nl").count(), 5)

    def test_a_fault_at_the_end_of_the_file_is_refused_before_anything_is_written(self):
        lines = self.data.count(b"\n")
        first = polib.pofile(self.data.decode())[0]
        faults = {
            b'\nmsgctxt "x/b1"\nmsgid "Broken\n': NOT_SYNTAX
            % {"line": lines + 3, "text": 'msgid "Broken'},
            b"\n" + str(first).encode(): DUPLICATE
            % {"line": lines + 2, "first": first.linenum},
            b'\n# Caf\xe9\nmsgid "x"\nmsgstr "y"\n': NOT_UTF8 % {"line": lines + 2},
        }
        revisions = Revision.objects.count()
        chunks, blocks = self.small_pieces()
        for tail, message in faults.items():
            with self.subTest(message=message), chunks, blocks:
                with self.assertRaisesMessage(CatalogError, str(message)):
                    import_catalog(self.data + tail)
                self.assertEqual(Revision.objects.count(), revisions)

    def test_a_failure_in_the_third_chunk_leaves_the_first_two_unwritten(self):
        # The third article's stored snapshot is damaged, under the model's guard.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_revision SET snapshot = %s WHERE id = %s",
                ["[]", self.articles[2].latest_revision_id],
            )
        latest = {a.pk: a.latest_revision_id for a in Article.objects.all()}
        chunks, blocks = self.small_pieces()
        with chunks, blocks, self.assertRaises(CorruptSnapshot):
            import_catalog(self.data)
        self.assertEqual(
            {a.pk: a.latest_revision_id for a in Article.objects.all()}, latest
        )
        self.assertFalse(Article.objects.readable_in("nl").exists())
