import shutil
import subprocess
import tempfile
from io import BytesIO, StringIO
from pathlib import Path
from unittest import skipUnless

import polib
from babel.messages.pofile import read_po, write_po
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Revision
from articles.related.lists import article_delete
from articles.translations.checks import (
    CITATION_MISSING,
    MARKUP_MISSING,
    MARKUP_NOT_ALLOWED,
)
from articles.translations.po.export import catalog_export
from articles.translations.po.importing import (
    NO_SUCH_ARTICLE,
    NOT_YOUR_LANGUAGE,
    SOURCE_CHANGED,
    WRONG_LANGUAGE,
)
from articles.translations.po.reading import (
    CONTROL,
    DUPLICATE,
    NOT_SYNTAX,
    NOT_UTF8,
    OUT_OF_PLACE,
    CatalogError,
)
from tests.factories import (
    DUTCH,
    ENGLISH,
    edit,
    html,
    make_article,
    staff,
    translated_article,
)
from tests.helpers import catalog_read, exported, import_catalog

SOURCE_LINK = 'See <a href="https://pubmed.ncbi.nlm.nih.gov/2/">the trial</a> [2].'


def outcomes(report) -> dict[str, tuple[str, str]]:
    return {e.context: (e.outcome, e.reason) for e in report.entries()}


class ImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title_en="Capsaicin for nerve pain",
            references=2,
            body_en=f"<p>First paragraph. [1]</p><p>{SOURCE_LINK}</p>",
        )

    def translate(self, catalog: polib.POFile) -> polib.POFile:
        for entry in catalog:
            entry.msgstr = {
                "Capsaicin for nerve pain": "Capsaïcine bij zenuwpijn",
                "First paragraph. [1]": "Eerste alinea. [1]",
                'See <a id="a1">the trial</a> [2].': 'Zie <a id="a1">de studie</a> [2].',
            }.get(entry.msgid, entry.msgstr)
        return catalog

    def test_a_complete_translation_makes_one_revision_and_the_dutch_page(self):
        report = import_catalog(self.translate(exported()))
        self.assertEqual(report.summary()["applied"], 3)
        self.assertEqual(Revision.objects.filter(article=self.article).count(), 2)
        page = self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/")
        self.assertContains(page, "<h1>Capsaïcine bij zenuwpijn</h1>", html=True)
        self.assertContains(
            page,
            'Zie <a href="https://pubmed.ncbi.nlm.nih.gov/2/" rel="noopener noreferrer">de studie</a>',
        )

    def test_export_then_import_without_edits_changes_nothing(self):
        import_catalog(self.translate(exported()))
        revisions = Revision.objects.count()
        report = import_catalog(exported())
        self.assertEqual(report.summary()["applied"], 0)
        self.assertEqual(report.summary()["unchanged"], 3)
        self.assertEqual(Revision.objects.count(), revisions)

    def test_a_partial_translation_is_kept_but_not_shown(self):
        catalog = exported()
        catalog.find("Capsaicin for nerve pain").msgstr = "Capsaïcine bij zenuwpijn"
        report = import_catalog(catalog)
        self.assertEqual(report.summary()["applied"], 1)
        article = Article.objects.get(pk=self.article.pk)
        self.assertEqual(
            article.translation_progress["nl"],
            {"segments": 3, "translated": 1, "fuzzy": 0, "outdated": False},
        )
        self.assertFalse(article.is_readable_in("nl"))
        self.assertEqual(
            exported().find("Capsaicin for nerve pain").msgstr,
            "Capsaïcine bij zenuwpijn",
        )

    def test_fuzzy_entries_are_skipped_unless_asked(self):
        catalog = self.translate(exported())
        catalog.find("First paragraph. [1]").flags.append("fuzzy")
        self.assertEqual(
            import_catalog(catalog, dry_run=True).summary()["skipped (fuzzy)"], 1
        )
        self.assertEqual(
            import_catalog(catalog, apply_fuzzy=True).summary()["applied"], 3
        )

    def test_dry_run_reports_old_and_new_and_changes_nothing(self):
        report = import_catalog(self.translate(exported()), dry_run=True)
        entry = next(e for e in report.entries() if e.new == "Eerste alinea. [1]")
        self.assertEqual((entry.outcome, entry.old), ("applied", ""))
        self.assertEqual(Revision.objects.count(), 1)

    def test_entries_match_in_any_order_with_obsolete_entries(self):
        catalog = self.translate(exported())
        shuffled = polib.POFile()
        shuffled.metadata = catalog.metadata
        for entry in reversed(list(catalog)):
            entry.comment, entry.occurrences = "", []
            shuffled.append(entry)
        shuffled.append(
            polib.POEntry(msgctxt="gone/b9", msgid="Old.", msgstr="Oud.", obsolete=True)
        )
        self.assertEqual(
            outcomes(import_catalog(shuffled, dry_run=True)),
            outcomes(import_catalog(catalog, dry_run=True)),
        )

    def test_stale_entry_is_reported_not_applied(self):
        catalog = self.translate(exported())
        edit(
            self.article,
            body_en=f"<p>First paragraph, revised. [1]</p><p>{SOURCE_LINK}</p>",
        )
        report = import_catalog(catalog)
        stale = [e for e in report.entries() if e.outcome == "stale"]
        self.assertEqual(len(stale), 1)
        self.assertEqual(stale[0].reason, SOURCE_CHANGED)
        self.assertEqual(stale[0].line, catalog.find("First paragraph. [1]").linenum)

    def test_command_reports_rejections_with_line_numbers(self):
        catalog = self.translate(exported())
        catalog.find("First paragraph. [1]").msgstr = "Eerste alinea."
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "nl.po"
            path.write_text(str(catalog))
            line = polib.pofile(str(path)).find("First paragraph. [1]").linenum
            out, err = StringIO(), StringIO()
            call_command(
                "import_po", str(path), "--language", "nl", stdout=out, stderr=err
            )
        self.assertIn(
            f"nl.po:{line}: rejected: capsaicin-for-nerve-pain/b1: "
            + CITATION_MISSING % {"marker": "[1]"},
            err.getvalue(),
        )
        self.assertIn(
            "applied: 2, unchanged: 0, skipped (fuzzy): 0, skipped (memory): 0, "
            "untranslated: 1, stale: 0, rejected: 1, missing: 0",
            out.getvalue(),
        )


class RoundTripTests(TestCase):
    """A catalog re-saved by the usual tools imports to the same result."""

    @classmethod
    def setUpTestData(cls):
        cls.article = translated_article()
        changed = list(DUTCH)
        changed[4] = (
            "Alinea vijf, nu anders vertaald, over capsaïcine en zenuwpijn. [1]"
        )
        catalog = exported()
        for entry, text in zip(
            [e for e in catalog if e.msgctxt.split("/")[1].startswith("b")],
            changed,
            strict=True,
        ):
            entry.msgstr = text
        catalog.find(
            ENGLISH[0]
        ).msgstr = "Een heel lange eerste alinea die bij het opnieuw opslaan zeker over meerdere regels wordt verdeeld, over capsaïcine en zenuwpijn. [1]"
        cls.catalog = str(catalog)

    def expected(self):
        return outcomes(import_catalog(self.catalog, dry_run=True))

    def tool(self, *command: str) -> str:
        if not shutil.which(command[0]):
            self.skipTest("GNU gettext is not installed")
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "in.po"
            source.write_text(self.catalog)
            result = subprocess.run(
                [*command, str(source)]
                + (["-o", "-"] if command[0] == "msgcat" else []),
                capture_output=True,
                text=True,
                check=True,
            )
        return result.stdout

    def test_msgcat(self):
        self.assertEqual(
            outcomes(import_catalog(self.tool("msgcat", "--width=30"), dry_run=True)),
            self.expected(),
        )

    def test_msgmerge_previous(self):
        if not shutil.which("msgmerge"):
            self.skipTest("GNU gettext is not installed")
        with tempfile.TemporaryDirectory() as folder:
            translated, template = Path(folder) / "nl.po", Path(folder) / "articles.pot"
            translated.write_text(self.catalog)
            pot = polib.pofile(self.catalog)
            for entry in pot:
                entry.msgstr = ""
            pot.save(str(template))
            merged = subprocess.run(
                [
                    "msgmerge",
                    "--previous",
                    "--quiet",
                    "-o",
                    "-",
                    str(translated),
                    str(template),
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        self.assertEqual(
            outcomes(import_catalog(merged, dry_run=True)), self.expected()
        )

    def test_polib_wrapped_at_0_and_40(self):
        for width in (0, 40):
            catalog = polib.pofile(self.catalog, wrapwidth=width)
            self.assertEqual(
                outcomes(import_catalog(str(catalog), dry_run=True)),
                self.expected(),
                width,
            )

    def test_babel(self):
        out = BytesIO()
        write_po(out, read_po(StringIO(self.catalog)), width=50)
        self.assertEqual(
            outcomes(import_catalog(out.getvalue(), dry_run=True)), self.expected()
        )

    def test_all_round_trips_apply_the_same_article(self):
        import_catalog(self.catalog)
        article = Article.objects.get(pk=self.article.pk)
        self.assertIn("nu anders vertaald", article.body_nl)
        self.assertTrue(article.is_readable_in("nl"))


class BadInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            title_en="Capsaicin for nerve pain",
            references=2,
            body_en=f"<p>First paragraph. [1]</p><p>{SOURCE_LINK}</p>",
        )
        cls.good = str(exported())

    def refused(self, data, message: str, **kwargs):
        with self.assertRaisesMessage(CatalogError, message):
            import_catalog(data, **kwargs)
        self.assertEqual(Revision.objects.count(), 1)

    def rejected(self, msgid: str, msgstr: str, reason: str, **kwargs):
        catalog = polib.pofile(self.good)
        catalog.find(msgid).msgstr = msgstr
        report = import_catalog(catalog, **kwargs)
        self.assertEqual(
            [(e.outcome, e.reason) for e in report.entries() if e.new == msgstr],
            [("rejected", reason)],
        )
        self.assertEqual(Revision.objects.count(), 1)

    def test_binary_garbage(self):
        data = bytes(range(1, 256)) * 10
        line = data.count(b"\n", 0, data.index(0x80)) + 1
        self.refused(data, str(NOT_UTF8 % {"line": line}))

    def test_unterminated_string(self):
        line = 'msgid "First paragraph. [1]'
        broken = self.good.replace(line + '"', line)
        number = broken.splitlines().index(line) + 1
        self.refused(broken, str(NOT_SYNTAX % {"line": number, "text": line}))

    def test_duplicate_entries(self):
        catalog = polib.pofile(self.good)
        entry = catalog.find("First paragraph. [1]")
        doubled = self.good + "\n" + str(entry) + "\n"
        first, second = (
            e.linenum for e in polib.pofile(doubled) if e.msgid == entry.msgid
        )
        self.refused(doubled, DUPLICATE % {"line": second, "first": first})

    def test_latin1_bytes_under_a_utf8_header(self):
        data = self.good.replace(
            'msgstr ""\n\n#. Article', 'msgstr ""\n\n#. Article'
        ).encode()
        data = data.replace(
            b'msgid "First paragraph. [1]"\nmsgstr ""',
            b'msgid "First paragraph. [1]"\nmsgstr "Eerste alin\xe9a. [1]"',
        )
        line = data.count(b"\n", 0, data.index(b"\xe9")) + 1
        self.refused(data, str(NOT_UTF8 % {"line": line}))

    def test_a_byte_order_mark_is_read_past(self):
        catalog = polib.pofile(self.good)
        catalog.find("First paragraph. [1]").msgstr = "Eerste alinea. [1]"
        data = str(catalog).encode()
        with_bom = import_catalog(b"\xef\xbb\xbf" + data, dry_run=True)
        without = import_catalog(data, dry_run=True)
        self.assertEqual(with_bom.entries(), without.entries())
        self.assertEqual(with_bom.summary()["applied"], 1)

    def test_nul_bytes(self):
        self.refused(self.good.encode() + b"\x00", "NUL bytes")

    def test_a_50_megabyte_file(self):
        self.refused(b"#" * (50 * 1024 * 1024), "larger than 20 MB")

    def test_a_larger_site_raises_the_limit(self):
        two_megabytes = b"#" * (2 * 1024 * 1024)
        with self.settings(CATALOG_MAX_MB=1):
            self.refused(two_megabytes, "larger than 1 MB")
        with self.settings(CATALOG_MAX_MB=4), self.assertRaises(CatalogError) as error:
            import_catalog(two_megabytes)
        self.assertNotIn("larger than", str(error.exception))

    def test_a_catalog_for_german(self):
        self.refused(
            self.good.replace('"Language: nl\\n"', '"Language: de\\n"'),
            WRONG_LANGUAGE % {"declared": "de", "target": "nl"},
        )

    def test_script_in_a_translation(self):
        self.rejected(
            "First paragraph. [1]",
            "Eerste. [1]<script>alert(1)</script>",
            MARKUP_NOT_ALLOWED % {"tag": "<script>"},
        )

    def test_event_handler_attribute(self):
        self.rejected(
            'See <a id="a1">the trial</a> [2].',
            'Zie <a id="a1" onerror="x()">de studie</a> [2].',
            MARKUP_NOT_ALLOWED % {"tag": '<a id="a1" onerror="x()">'},
        )

    def test_javascript_link(self):
        self.rejected(
            'See <a id="a1">the trial</a> [2].',
            'Zie <a href="javascript:alert(1)">de studie</a> [2].',
            MARKUP_NOT_ALLOWED % {"tag": '<a href="javascript:alert(1)">'},
        )

    def test_a_new_link(self):
        self.rejected(
            "First paragraph. [1]",
            'Eerste <a href="https://example.org">alinea</a>. [1]',
            MARKUP_NOT_ALLOWED % {"tag": '<a href="https://example.org">'},
        )

    def test_iframe(self):
        self.rejected(
            "First paragraph. [1]",
            'Eerste. [1]<iframe src="x"></iframe>',
            MARKUP_NOT_ALLOWED % {"tag": '<iframe src="x">'},
        )

    def test_dropped_citation(self):
        self.rejected(
            "First paragraph. [1]",
            "Eerste alinea.",
            CITATION_MISSING % {"marker": "[1]"},
        )

    def test_renumbered_citation(self):
        self.rejected(
            "First paragraph. [1]",
            "Eerste alinea. [3]",
            CITATION_MISSING % {"marker": "[1]"},
        )

    def test_dropped_link(self):
        self.rejected(
            'See <a id="a1">the trial</a> [2].',
            "Zie de studie [2].",
            MARKUP_MISSING % {"tag": '</a> <a id="a1">'},
        )

    def test_unknown_msgctxt(self):
        catalog = polib.pofile(self.good)
        catalog.append(
            polib.POEntry(msgctxt="no-such-article/b1", msgid="x", msgstr="y")
        )
        report = import_catalog(catalog)
        self.assertEqual(
            [
                (e.outcome, e.reason)
                for e in report.entries()
                if e.context == "no-such-article/b1"
            ],
            [("rejected", NO_SUCH_ARTICLE)],
        )

    def test_an_article_the_user_may_not_edit(self):
        reader = staff("guest", publisher=False)
        reader.user_permissions.clear()
        self.rejected(
            "First paragraph. [1]",
            "Eerste alinea. [1]",
            NOT_YOUR_LANGUAGE,
            user=reader,
        )

    def test_command_refuses_a_bad_file_with_its_reason(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "nl.po"
            path.write_bytes(self.good.encode() + b"\x00")
            with self.assertRaisesMessage(CommandError, "NUL bytes"):
                call_command(
                    "import_po", str(path), stdout=StringIO(), stderr=StringIO()
                )


class TranslationPublishingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = translated_article()

    def test_after_the_source_changes_the_old_translation_stays_with_a_notice(self):
        changed = list(ENGLISH)
        changed[0] = "Paragraph 1, rewritten with new evidence. [1]"
        edit(self.article, body_en=html(changed))
        dutch = self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/")
        self.assertContains(dutch, DUTCH[0].removesuffix(" [1]"))
        self.assertNotContains(dutch, "rewritten")
        self.assertContains(
            dutch, "Het origineel (Engels) is herzien sinds deze vertaling is gemaakt"
        )
        english = self.client.get("/en/articles/capsaicin-for-nerve-pain/")
        self.assertNotContains(english, "has been revised since this translation")

    def test_translating_the_changed_segment_publishes_and_removes_the_notice(self):
        changed = list(ENGLISH)
        changed[0] = "Paragraph 1, rewritten with new evidence. [1]"
        edit(self.article, body_en=html(changed))
        catalog = exported()
        entry = catalog.find(changed[0])
        entry.msgstr = "Alinea 1, herschreven met nieuw bewijs. [1]"
        entry.flags.remove("fuzzy")
        import_catalog(catalog)
        dutch = self.client.get("/nl/artikelen/capsaicine-bij-zenuwpijn/")
        self.assertContains(dutch, "herschreven met nieuw bewijs")
        self.assertNotContains(dutch, "is herzien sinds deze vertaling")

    def test_a_direct_edit_in_dutch_comes_out_in_the_next_export(self):
        fixed = list(DUTCH)
        fixed[3] = "Alinea 4, door de redactie verbeterd. [1]"
        result = edit(self.article, body_nl=html(fixed))
        self.assertIsNotNone(result.revision)
        self.assertEqual(
            exported().find(ENGLISH[3]).msgstr,
            "Alinea 4, door de redactie verbeterd. [1]",
        )


IMPORT_QUERIES_PER_ARTICLE = 1


class QueryCountTests(TestCase):
    """Export and import cost a fixed number of queries per article, not per segment."""

    def article_with(self, paragraphs: int, title: str) -> Article:
        return make_article(
            title_en=title,
            body_en="".join(
                f"<p>Paragraph {n} of {title}. [1]</p>" for n in range(paragraphs)
            ),
        )

    def import_queries(self, *articles: Article) -> int:
        catalog = exported(
            articles=Article.objects.filter(pk__in=[a.pk for a in articles])
        )
        for entry in catalog:
            entry.msgstr = "NL: " + entry.msgid
        with CaptureQueriesContext(connection) as counted:
            # Similar paragraphs come with suggestions from memory (fuzzy).
            report = import_catalog(catalog, apply_fuzzy=True, apply_memory=True)
        self.assertEqual(report.summary()["applied"], len(catalog))
        return len(counted)

    def test_import_queries_do_not_grow_with_segments(self):
        short = self.article_with(2, "Short")
        small = self.import_queries(short)
        article_delete(articles=[short])
        large = self.import_queries(self.article_with(40, "Long"))
        self.assertEqual(small, large)

    def test_import_costs_one_query_per_article(self):
        """Beyond a fixed cost, an article costs the update of its row."""
        two = self.import_queries(*(self.article_with(2, f"Two {n}") for n in range(2)))
        four = self.import_queries(
            *(self.article_with(2, f"Four {n}") for n in range(4))
        )
        self.assertEqual(four - two, 2 * IMPORT_QUERIES_PER_ARTICLE)

    def test_export_queries_do_not_grow_with_articles(self):
        self.article_with(3, "One")
        # The articles, the others for the memory, the change notes.
        with self.assertNumQueries(3):
            catalog_export(language="nl")
        for n in range(5):
            self.article_with(20, f"More {n}")
        # The articles, the others for the memory, the change notes.
        with self.assertNumQueries(3):
            catalog_export(language="nl")


class SlugTests(TestCase):
    def test_two_translations_with_the_same_title_get_distinct_slugs(self):
        make_article(title_en="Capsaicin cream", body_en="<p>One.</p>")
        make_article(title_en="Capsaicin ointment", body_en="<p>Two.</p>")
        catalog = exported()
        for entry in catalog:
            entry.msgstr = {"One.": "Een.", "Two.": "Twee."}.get(
                entry.msgid, "Capsaïcinezalf"
            )
        report = import_catalog(catalog)
        self.assertEqual(report.summary()["rejected"], 0)
        self.assertEqual(
            sorted(Article.objects.values_list("slug_nl", flat=True)),
            ["capsaicinezalf", "capsaicinezalf-2"],
        )


HEADER = (
    'msgid ""\nmsgstr ""\n"Language: nl\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)


class ReaderTests(TestCase):
    """What the reader makes of a file, as gettext would read it."""

    def test_line_separators_inside_a_string_are_content(self):
        for character in ("\u2028", "\u2029", "\x85"):
            with self.subTest(character=f"U+{ord(character):04X}"):
                text = (
                    HEADER + f'msgctxt "a/b1"\nmsgid "One{character}two"\n'
                    f'msgstr ""\n"Een{character}"\n"twee"\n\n'
                    'msgctxt "a/b2"\nmsgid "Three"\nmsgstr "Drie"\n'
                )
                catalog = catalog_read(text.encode())
                self.assertEqual(
                    [(e.linenum, e.msgid, e.msgstr) for e in catalog],
                    [
                        (6, f"One{character}two", f"Een{character}twee"),
                        (12, "Three", "Drie"),
                    ],
                )

    @skipUnless(shutil.which("msgfmt"), "GNU gettext is not installed")
    def test_line_separators_are_kept_as_msgfmt_keeps_them(self):
        text = HEADER + 'msgid "a"\nmsgstr "x\u2028y\u2029z\x85"\n'
        with tempfile.TemporaryDirectory() as folder:
            source, compiled = Path(folder, "nl.po"), Path(folder, "nl.mo")
            source.write_text(text, encoding="utf-8")
            subprocess.run(["msgfmt", "-o", str(compiled), str(source)], check=True)
            expected = polib.mofile(str(compiled)).find("a").msgstr
        self.assertEqual(catalog_read(text.encode()).find("a").msgstr, expected)

    def test_control_characters_are_refused_with_their_line(self):
        for character in ("\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1c", "\x1e", "\r"):
            with self.subTest(character=repr(character)):
                text = HEADER + f'msgid "a"\nmsgstr ""\n"b{character}c"\n'
                with self.assertRaisesMessage(
                    CatalogError,
                    str(CONTROL % {"line": 8, "character": f"U+{ord(character):04X}"}),
                ):
                    catalog_read(text.encode())

    def test_tabs_and_crlf_line_ends_are_read(self):
        text = HEADER + 'msgid "a"\nmsgstr\t"b\tc"\n'
        catalog = catalog_read(text.replace("\n", "\r\n").encode())
        self.assertEqual([(e.linenum, e.msgstr) for e in catalog], [(6, "b\tc")])

    def test_a_comment_inside_an_entry_is_refused_as_msgfmt_refuses_it(self):
        for comment in ("# note", "#. note", "#, fuzzy"):
            with self.subTest(comment=comment):
                text = HEADER + f'msgctxt "a/b1"\nmsgid "a"\n{comment}\nmsgstr "b"\n'
                with self.assertRaisesMessage(
                    CatalogError,
                    str(OUT_OF_PLACE % {"line": 8, "text": comment}),
                ):
                    catalog_read(text.encode())

    def test_a_string_after_a_comment_is_refused(self):
        text = (
            HEADER
            + 'msgid "a"\nmsgstr "b"\n#| msgid "old"\n"c"\nmsgid "d"\nmsgstr "e"\n'
        )
        with self.assertRaisesMessage(
            CatalogError, str(OUT_OF_PLACE % {"line": 9, "text": '"c"'})
        ):
            catalog_read(text.encode())

    def test_entries_start_where_polib_says(self):
        """Line numbers in reports are those of the file: comments, wrapping and all."""
        make_article(
            title_en="Capsaicin for nerve pain",
            references=2,
            body_en=f"<p>First paragraph. [1]</p><p>{SOURCE_LINK}</p>",
        )
        catalog = exported()
        for entry in catalog:
            entry.msgstr = f"{entry.msgid} " * 12
            entry.tcomment = "Checked\nby the clinic"
            entry.previous_msgid = entry.msgid
        catalog.append(polib.POEntry(msgid="Gone", msgstr="Weg", obsolete=True))
        catalog.wrapwidth = 30
        text = str(catalog)
        ours = [
            (e.linenum, e.msgctxt, e.msgstr, e.fuzzy)
            for e in catalog_read(text.encode())
        ]
        # The import reads the entries that are not obsolete.
        theirs = [
            (e.linenum, e.msgctxt, e.msgstr, e.fuzzy)
            for e in polib.pofile(text)
            if not e.obsolete
        ]
        self.assertEqual(ours, theirs)
        self.assertEqual(len(ours), len(catalog) - 1)
