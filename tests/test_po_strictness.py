"""The import is as strict as ``msgfmt -c`` about line breaks at the ends of a
string, refuses names of spaces only, and reads past a byte order mark."""

import shutil
import subprocess
import tempfile
from pathlib import Path
from unittest import skipUnless

import polib
from django.test import TestCase

from articles.models import Category, Revision
from articles.translations.checks import NAME_EMPTY, NEWLINE_END, NEWLINE_START
from tests.factories import make_article, make_category
from tests.helpers import exported, import_catalog

PARAGRAPH = "First paragraph. [1]"


def outcome_of(report, msgstr: str) -> list[tuple[str, str]]:
    return [(e.outcome, e.reason) for e in report.entries() if e.new == msgstr]


class LineBreakTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(
            title_en="Capsaicin for nerve pain",
            references=1,
            body_en=f"<p>{PARAGRAPH}</p>",
            category=make_category(("English articles", "Treatment")),
        )

    def translated(self, msgid: str, msgstr: str) -> polib.POFile:
        catalog = exported()
        catalog.find(msgid).msgstr = msgstr
        return catalog

    def test_a_translation_ending_in_a_line_break_is_rejected(self):
        report = import_catalog(self.translated(PARAGRAPH, "Eerste alinea. [1]\n"))
        self.assertEqual(
            outcome_of(report, "Eerste alinea. [1]\n"),
            [("rejected", str(NEWLINE_END))],
        )
        self.assertEqual(Revision.objects.count(), 1)

    def test_a_translation_beginning_with_a_line_break_is_rejected(self):
        report = import_catalog(self.translated(PARAGRAPH, "\nEerste alinea. [1]"))
        self.assertEqual(
            outcome_of(report, "\nEerste alinea. [1]"),
            [("rejected", str(NEWLINE_START))],
        )

    @skipUnless(shutil.which("msgfmt"), "GNU gettext is not installed")
    def test_msgfmt_refuses_what_the_import_rejects(self):
        catalog = self.translated(PARAGRAPH, "Eerste alinea. [1]\n")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "nl.po"
            catalog.save(str(path))
            checked = subprocess.run(
                ["msgfmt", "-c", "-o", "/dev/null", str(path)],
                capture_output=True,
                text=True,
            )
        self.assertNotEqual(checked.returncode, 0)
        self.assertIn("end with '\\n'", checked.stderr)

    def test_a_category_name_of_one_space_is_rejected(self):
        report = import_catalog(self.translated("Treatment", " "))
        self.assertEqual(outcome_of(report, " "), [("rejected", str(NAME_EMPTY))])
        self.assertEqual(Category.objects.get(name_en="Treatment").name_nl, None)

    def test_a_category_name_of_invisible_characters_is_rejected(self):
        report = import_catalog(self.translated("Treatment", "\u200b\u00a0"))
        self.assertEqual(
            outcome_of(report, "\u200b\u00a0"), [("rejected", str(NAME_EMPTY))]
        )

    def test_a_category_name_ending_in_a_line_break_is_rejected(self):
        report = import_catalog(self.translated("Treatment", "Behandeling\n"))
        self.assertEqual(
            outcome_of(report, "Behandeling\n"), [("rejected", str(NEWLINE_END))]
        )

    def test_a_file_with_a_byte_order_mark_is_applied_as_without(self):
        catalog = self.translated("Treatment", "Behandeling")
        report = import_catalog(b"\xef\xbb\xbf" + str(catalog).encode())
        self.assertEqual(outcome_of(report, "Behandeling"), [("applied", "")])
        self.assertEqual(
            Category.objects.get(name_en="Treatment").name_nl, "Behandeling"
        )
