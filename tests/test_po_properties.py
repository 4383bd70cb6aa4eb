"""Property-based tests of the PO reader and import, on catalogs the product exported.

Any file gives a CatalogError or an import report, nothing else; a refused file
or a dry run leaves the database as it was; what is applied is exactly what the
file said. The number of examples comes from the Hypothesis profile
(tests/conftest.py): bounded and seeded in the suite, ``HYPOTHESIS_PROFILE=long``
for a longer random search.
"""

from io import StringIO

import polib
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.models import Article, Category, Revision
from articles.revisions.snapshots import snapshot_read
from articles.translations.po.catalog import parse_context
from articles.translations.po.export import catalog_export
from articles.translations.po.importing import APPLIED, ImportReport, catalog_import
from articles.translations.po.reading import CatalogError
from tests.factories import make_article, make_category
from tests.helpers import catalog_read

LINE_BREAKS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]
HOSTILE = [*LINE_BREAKS, "\x00", "\r", "\ufeff", "\x07", "\\", '"', "\n", "#", "\t"]
# Translations are kept short: over-long titles are the field-length check's to
# refuse (today a DataError on PostgreSQL), not the reader's.
TEXT = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(HOSTILE)),
    max_size=40,
)
# What a translator may write: any character but the controls a PO file may not
# hold (polib writes tab, newline and quotes escaped).
VALID_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]),
        st.sampled_from(["\u2028", "\u2029", "\x85", "\t", "\n", '"', "\\"]),
    ),
    max_size=40,
)


def database_rows() -> dict[str, list[dict]]:
    """Every row an import may touch: articles, revisions (with their translation
    state) and categories."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Article, Revision, Category)
    }


def applied_units() -> dict[tuple[str, str], str]:
    """(source slug, segment key) → the Dutch text in each article's latest revision."""
    units = {}
    for article in Article.objects.select_related("latest_revision"):
        snapshot = snapshot_read(article.latest_revision.snapshot)
        slug = article.slug_in(article.source_language)
        for key, unit in snapshot.translations.get("nl", {}).items():
            units[slug, key] = unit["text"]
    return units


@st.composite
def translations(draw, catalog: polib.POFile) -> tuple[str, dict]:
    """The exported catalog translated (keeping the markup, or not, or randomly)
    as a file, and what each entry's msgstr is."""
    for entry in catalog:
        choice = draw(st.sampled_from(["keep", "nl", "separator", "text", "empty"]))
        if choice == "nl":
            entry.msgstr = "NL " + entry.msgid
        elif choice == "separator":
            separator = draw(st.sampled_from(["\u2028", "\u2029", "\x85"]))
            entry.msgstr = entry.msgid.replace(" ", separator, 1) + separator
        elif choice == "text":
            entry.msgstr = draw(VALID_TEXT)
        elif choice == "empty":
            entry.msgstr = ""
        if draw(st.booleans()):
            entry.flags = ["fuzzy"] if draw(st.booleans()) else []
    catalog.wrapwidth = draw(st.sampled_from([0, 20, 78, 200]))
    return str(catalog), {(e.msgctxt, e.msgid): e.msgstr for e in catalog}


@st.composite
def mutations(draw, data: bytes) -> bytes:
    """``data`` damaged a few times, as files are damaged in transit and in editors."""
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        line = draw(st.integers(0, len(lines) - 1))
        where = draw(st.integers(0, len(data)))
        kind = draw(
            st.sampled_from(
                [
                    "flip",
                    "truncate",
                    "duplicate",
                    "remove",
                    "swap",
                    "insert",
                    "bom",
                    "nul",
                    "huge",
                ]
            )
        )
        if kind == "flip" and data:
            where = min(where, len(data) - 1)
            data = data[:where] + bytes([draw(st.integers(0, 255))]) + data[where + 1 :]
        elif kind == "truncate":
            data = data[:where]
        elif kind == "duplicate":
            data = b"\n".join(lines[: line + 1] + lines[line:])
        elif kind == "remove":
            data = b"\n".join(lines[:line] + lines[line + 1 :])
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[line], lines[other] = lines[other], lines[line]
            data = b"\n".join(lines)
        elif kind == "insert":
            data = data[:where] + draw(TEXT).encode("utf-8") + data[where:]
        elif kind == "bom":
            data = b"\xef\xbb\xbf" + data
        elif kind == "nul":
            data = data[:where] + b"\x00" + data[where:]
        else:
            huge = draw(st.sampled_from([b"#", b'msgstr "', b'"', b"x"]))
            data = b"\n".join(lines[:line] + [huge + b"y" * 200_000] + lines[line:])
    return data


class CatalogPropertyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        category = make_category(("English articles", "Treatment"))
        make_article(
            title_en="Lidocaine plasters",
            references=2,
            category=category,
            body_en=(
                "<h2>Evidence</h2><p>Plasters <em>help</em> [1].</p>"
                '<ul><li>See <a href="https://example.org/">the trial</a> [2].</li></ul>'
            ),
        )
        # The sample article (citations, headings) and one with a link and
        # emphasis: all the demo would take too long an example.
        cls.exported = str(
            catalog_export(
                language="nl",
                articles=Article.objects.filter(
                    slug_en__in=[
                        "low-dose-naltrexone-for-neuropathic-pain",
                        "lidocaine-plasters",
                    ]
                ),
            )
        )

    def catalog(self) -> polib.POFile:
        return polib.pofile(self.exported)

    def import_or_refuse(self, data: bytes, **kwargs) -> ImportReport | None:
        """The import's report, or None when it refused the file and changed nothing."""
        before = database_rows()
        try:
            report = catalog_import(
                data=data, filename="nl.po", language="nl", user=None, **kwargs
            )
        except CatalogError as error:
            self.assertTrue(str(error))
            self.assertEqual(database_rows(), before)
            return None
        if kwargs.get("dry_run"):
            self.assertEqual(database_rows(), before)
        else:
            units = applied_units()
            for entry in report.entries():
                if entry.outcome == APPLIED and not entry.context.startswith(
                    "category/"
                ):
                    _kind, slug, key = parse_context(entry.context)
                    if not key.startswith("note"):  # notes are no segments
                        self.assertEqual(units[slug, key], entry.new, entry)
        return report

    @given(data=st.data())
    def test_a_translated_catalog_reads_as_written_and_applies_exactly(self, data):
        text, written = data.draw(translations(self.catalog()))
        read = catalog_read(text.encode())
        self.assertEqual({(e.msgctxt, e.msgid): e.msgstr for e in read}, written)
        report = self.import_or_refuse(
            text.encode(), apply_fuzzy=data.draw(st.booleans())
        )
        self.assertIsNotNone(report)
        for entry in report.entries():
            if entry.outcome == APPLIED:
                self.assertIn(entry.new, written.values())

    @given(data=st.data())
    def test_a_damaged_catalog_is_refused_or_imported_never_half(self, data):
        text, _written = data.draw(translations(self.catalog()))
        damaged = data.draw(mutations(text.encode()))
        self.import_or_refuse(damaged, dry_run=data.draw(st.booleans()))

    @given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
    def test_any_text_is_refused_or_read(self, text):
        try:
            catalog_read(text.encode())
        except CatalogError as error:
            self.assertTrue(str(error))
