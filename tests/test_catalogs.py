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
# The admin's JavaScript, and Dutch for installed packages that ship none.
JS_CATALOG = CATALOG.with_name("djangojs.po")
PACKAGES_CATALOG = (
    Path(settings.BASE_DIR) / "locale" / "packages" / "nl" / "LC_MESSAGES" / "django.po"
)
CATALOGS = [CATALOG, JS_CATALOG, PACKAGES_CATALOG]


class DutchInterfaceCatalogTests(SimpleTestCase):
    def test_every_entry_is_translated_and_none_is_fuzzy(self):
        for path in CATALOGS:
            with self.subTest(path.name):
                catalog = polib.pofile(str(path))
                self.assertEqual([e.msgid for e in catalog.untranslated_entries()], [])
                self.assertEqual([e.msgid for e in catalog.fuzzy_entries()], [])
                self.assertEqual(catalog.metadata["Language"], "nl")

    def test_committed_mo_matches_the_po(self):
        for path in CATALOGS:
            with self.subTest(path.name):
                compiled = {
                    entry.msgid: entry.msgstr
                    for entry in polib.mofile(str(path.with_suffix(".mo")))
                }
                expected = {
                    entry.msgid: entry.msgstr
                    for entry in polib.pofile(str(path)).translated_entries()
                }
                self.assertEqual(
                    compiled, expected, "run: python manage.py compile_catalogs"
                )

    def test_related_articles_heading_is_dutch(self):
        with translation.override("nl"):
            self.assertEqual(
                translation.gettext("Related articles"), "Gerelateerde artikelen"
            )

    def test_msgfmt_accepts_the_catalog(self):
        if not shutil.which("msgfmt"):
            self.skipTest("GNU gettext is not installed")
        for path in CATALOGS:
            result = subprocess.run(
                ["msgfmt", "-c", "-o", "/dev/null", str(path)],
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
                    "node_modules",
                ),
            )
            fresh = {}
            for domain, path in (("django", CATALOG), ("djangojs", JS_CATALOG)):
                result = subprocess.run(
                    [sys.executable, "manage.py", "makemessages", "-l", "nl"]
                    + ["-d", domain],
                    cwd=copy,
                    capture_output=True,
                    text=True,
                )
                self.assertEqual(result.returncode, 0, result.stderr)
                fresh[path] = polib.pofile(
                    str(copy / "locale" / "nl" / "LC_MESSAGES" / path.name)
                )
        for path, catalog in fresh.items():
            ours = {entry.msgid for entry in polib.pofile(str(path))}
            self.assertEqual(sorted({e.msgid for e in catalog} - ours), [], path.name)

    def test_strings_of_packages_without_dutch_are_dutch(self):
        with translation.override("nl"):
            self.assertEqual(translation.gettext("access attempts"), "inlogpogingen")
            self.assertEqual(
                translation.gettext(
                    "Account locked: too many login attempts. Please try again later."
                ),
                "Account geblokkeerd: te veel inlogpogingen. Probeer het later opnieuw.",
            )
