import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.test import SimpleTestCase
from django.utils import translation

CATALOG = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"


class DutchInterfaceCatalogTests(SimpleTestCase):
    def test_every_entry_is_translated_and_none_is_fuzzy(self):
        catalog = polib.pofile(str(CATALOG))
        self.assertEqual([entry.msgid for entry in catalog.untranslated_entries()], [])
        self.assertEqual([entry.msgid for entry in catalog.fuzzy_entries()], [])
        self.assertEqual(catalog.metadata["Language"], "nl")

    def test_committed_mo_matches_the_po(self):
        compiled = {
            entry.msgid: entry.msgstr
            for entry in polib.mofile(str(CATALOG.with_suffix(".mo")))
        }
        expected = {
            entry.msgid: entry.msgstr
            for entry in polib.pofile(str(CATALOG)).translated_entries()
        }
        self.assertEqual(compiled, expected, "run: python manage.py compile_catalogs")

    def test_related_articles_heading_is_dutch(self):
        with translation.override("nl"):
            self.assertEqual(
                translation.gettext("Related articles"), "Gerelateerde artikelen"
            )

    def test_msgfmt_accepts_the_catalog(self):
        if not shutil.which("msgfmt"):
            self.skipTest("GNU gettext is not installed")
        result = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(CATALOG)],
            capture_output=True,
            text=True,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")

    def test_catalog_holds_every_string_of_the_code_and_templates(self):
        """makemessages on a copy of the sources finds nothing new to translate."""
        if not shutil.which("xgettext"):
            self.skipTest("GNU gettext is not installed")
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "project"
            shutil.copytree(
                settings.BASE_DIR,
                copy,
                ignore=shutil.ignore_patterns(
                    ".*",
                    "tests",
                    "bench",
                    "*.sqlite3",
                    "staticfiles",
                    "__pycache__",
                    "screenshots",
                ),
            )
            result = subprocess.run(
                [sys.executable, "manage.py", "makemessages", "-l", "nl"],
                cwd=copy,
                capture_output=True,
                text=True,
            )
            self.assertEqual(result.returncode, 0, result.stderr)
            fresh = polib.pofile(
                str(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po")
            )
        ours = {entry.msgid for entry in polib.pofile(str(CATALOG))}
        self.assertEqual(sorted({entry.msgid for entry in fresh} - ours), [])
