from datetime import date
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.management import CommandError, call_command
from django.test import TestCase

from articles.models import Article, Category, Reference, Revision
from articles.oldsite.parser import CITATION_WITHOUT_REFERENCE, REFERENCE_PARTS
from tests.factories import SAMPLE, edit


def run_import(*files: str, language: str | None = None) -> str:
    out = StringIO()
    options = {"language": language} if language else {}
    call_command("import_article", *files, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


class ImportSampleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        run_import(str(SAMPLE))
        cls.article = Article.objects.get()

    def test_article_fields_in_english(self):
        article = self.article
        self.assertEqual(article.title_en, "Low dose naltrexone for neuropathic pain")
        self.assertEqual(article.slug_en, "low-dose-naltrexone-for-neuropathic-pain")
        self.assertEqual(article.source_language, "en")
        self.assertEqual(article.status, Article.Status.PUBLISHED)
        self.assertEqual(article.first_published, date(2010, 8, 1))
        self.assertEqual(article.last_revised, date(2014, 2, 1))
        self.assertEqual(article.author_line, "Jan M. Keppel Hesselink, MD, PhD")
        self.assertFalse(article.title_nl)
        self.assertIsNone(article.slug_nl)
        self.assertTrue(article.summary_en.startswith("Low dose naltrexone is popular"))

    def test_body_has_three_headings(self):
        self.assertEqual(self.article.body_en.count("<h2>"), 3)
        self.assertIn("<h2>LDN in our clinic</h2>", self.article.body_en)

    def test_category_path(self):
        category = self.article.category
        self.assertEqual(
            [
                node.name_en
                for node in [*Category.objects.get_ancestors(category), category]
            ],
            ["English articles", "Treatment"],
        )

    def test_thirteen_references_in_order(self):
        references = list(self.article.references.all())
        self.assertEqual([ref.number for ref in references], list(range(1, 14)))
        self.assertEqual(references[3].authors, "Rivers JR, Ashton JC.")
        self.assertEqual(references[3].journal, "Cent Nerv Syst Agents Med Chem.")
        self.assertEqual(references[3].details, "2010 Mar;10(1):47-64.")


class ReimportTests(TestCase):
    def test_unchanged_file_changes_nothing(self):
        run_import(str(SAMPLE))
        before = Article.objects.get().updated_at
        self.assertIn("unchanged:", run_import(str(SAMPLE)))
        self.assertEqual(Article.objects.get().updated_at, before)
        self.assertEqual(Category.objects.count(), 2)

    def test_reimport_updates_the_same_article_and_keeps_the_translation(self):
        run_import(str(SAMPLE))
        edit(
            Article.objects.get(),
            title_nl="Naltrexon in lage dosis bij zenuwpijn",
            slug_nl="naltrexon-in-lage-dosis",
            body_nl="<p>Vertaald.</p>",
        )
        with TemporaryDirectory() as folder:
            changed = Path(folder) / "ldn.txt"
            changed.write_text(
                SAMPLE.read_text()
                .replace("revision feb 2014", "revision mar 2016")
                .replace("LDN in our clinic", "LDN at our clinic")
            )
            self.assertIn("updated:", run_import(str(changed)))
        article = Article.objects.get()
        self.assertEqual(article.last_revised, date(2016, 3, 1))
        self.assertIn("<h2>LDN at our clinic</h2>", article.body_en)
        self.assertEqual(article.title_nl, "Naltrexon in lage dosis bij zenuwpijn")
        self.assertEqual(article.body_nl, "<p>Vertaald.</p>")
        self.assertEqual(Reference.objects.count(), 13)

    def test_dutch_file_with_the_title_of_a_translation_is_refused(self):
        run_import(str(SAMPLE))
        edit(
            Article.objects.get(),
            title_nl="Capsaïcine",
            slug_nl="capsaicine",
            body_nl="<p>x</p>",
        )
        with TemporaryDirectory() as folder:
            dutch = Path(folder) / "nl.txt"
            dutch.write_text(
                "Home > Artikelen > Capsaïcine\n\nCapsaïcine\n\nEen middel.\n\naugustus 2010, J. Jansen\n"
            )
            with self.assertRaisesMessage(
                CommandError, "1 file(s) refused; nothing was imported."
            ):
                run_import(str(dutch))
        self.assertEqual(Article.objects.get().body_nl, "<p>x</p>")


class RefusedImportTests(TestCase):
    def refuse(self, *files: str) -> str:
        err = StringIO()
        with self.assertRaisesMessage(CommandError, "nothing was imported"):
            call_command("import_article", *files, stdout=StringIO(), stderr=err)
        return err.getvalue()

    def test_one_bad_file_writes_nothing_of_any_file(self):
        with TemporaryDirectory() as folder:
            bad = Path(folder) / "bad.txt"
            bad.write_text(
                SAMPLE.read_text().replace("[13] Smith JP", "[13] Smith JP |")
            )
            errors = self.refuse(str(SAMPLE), str(bad))
        self.assertIn(
            "bad.txt:56: " + REFERENCE_PARTS % {"number": 13, "count": 5}, errors
        )
        self.assertEqual(Article.objects.count(), 0)
        self.assertEqual(Category.objects.count(), 0)
        self.assertEqual(Reference.objects.count(), 0)

    def test_marker_without_reference(self):
        with TemporaryDirectory() as folder:
            bad = Path(folder) / "bad.txt"
            bad.write_text(
                SAMPLE.read_text().replace(
                    "Crohn’s disease.[13]", "Crohn’s disease.[14]"
                )
            )
            errors = self.refuse(str(bad))
        self.assertIn(
            "bad.txt:21: " + CITATION_WITHOUT_REFERENCE % {"number": 14, "count": 13},
            errors,
        )
        self.assertEqual(Article.objects.count(), 0)

    def test_latin1_file(self):
        with TemporaryDirectory() as folder:
            bad = Path(folder) / "bad.txt"
            bad.write_bytes(
                SAMPLE.read_text()
                .replace("’", "'")
                .replace("…", "...")
                .encode("utf-8")
                .replace(b"asterocytes", "astérocytes".encode("latin-1"))
            )
            errors = self.refuse(str(bad))
        self.assertIn("bad.txt:9: the file is not UTF-8 text", errors)
        self.assertEqual(Article.objects.count(), 0)

    def test_missing_file(self):
        self.assertIn(
            "missing.txt: No such file or directory", self.refuse("missing.txt")
        )


class ImportRevisionTests(TestCase):
    def test_import_makes_one_public_revision_and_an_unchanged_reimport_none(self):
        run_import(str(SAMPLE))
        article = Article.objects.get()
        revision = article.latest_revision
        self.assertEqual(revision.number, 1)
        self.assertEqual(revision.kind, Revision.Kind.PUBLIC)
        self.assertEqual(revision.editorial_date, date(2014, 2, 1))
        self.assertEqual(revision.note, "Imported from ldn-neuropathic-pain.en.txt.")
        self.assertEqual(article.live_revision, revision)
        run_import(str(SAMPLE))
        self.assertEqual(Revision.objects.count(), 1)

    def test_a_changed_file_makes_exactly_one_more_revision(self):
        run_import(str(SAMPLE))
        with TemporaryDirectory() as folder:
            changed = Path(folder) / "ldn.txt"
            changed.write_text(SAMPLE.read_text().replace("theraoy", "therapy"))
            run_import(str(changed))
        self.assertEqual(Revision.objects.count(), 2)
        self.assertIn("therapy", Article.objects.get().body_en)

    def test_an_article_with_an_unpublished_draft_is_refused(self):
        run_import(str(SAMPLE))
        edit(Article.objects.get(), body_en="<p>Editor's draft.</p>", publish=False)
        err = StringIO()
        with self.assertRaisesMessage(CommandError, "nothing was imported"):
            call_command("import_article", str(SAMPLE), stdout=StringIO(), stderr=err)
        self.assertIn("has unpublished changes in the admin", err.getvalue())
        self.assertEqual(Revision.objects.count(), 2)
